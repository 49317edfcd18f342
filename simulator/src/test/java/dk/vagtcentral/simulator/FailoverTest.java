package dk.vagtcentral.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.simulator.TwoReceivers.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Devices with a primary and a secondary receiver switch between two in-JVM receivers as transmitters do. */
class FailoverTest {
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(300);

    private static Dc09Client client(int primaryPort, int secondaryPort, Transport transport, Duration failbackAfter) {
        return Dc09Client.builder("127.0.0.1", primaryPort).secondary("127.0.0.1", secondaryPort)
                .failbackAfter(failbackAfter).transport(transport).ackTimeout(ACK_TIMEOUT).maxAttempts(6)
                .deadline(Duration.ofSeconds(20)).build();
    }

    private static SendResult send(Dc09Client client, SimulatedDevice device) throws Exception {
        return client.send(device, EventKind.EMERGENCY).get(20, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "TCP_ONESHOT"})
    void aRefusedConnectToThePrimarySendsTheMessageToTheSecondary(Transport transport) throws Exception {
        try (TwoReceivers receivers = new TwoReceivers();
             Dc09Client client = client(TwoReceivers.refusingPort(), receivers.secondary.port(), transport,
                     Duration.ofSeconds(60))) {
            SendResult r = send(client, SimulatedDevice.of("1000"));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(1, r.attempts(), "nothing was transmitted to the refusing primary");
            assertEquals(1, receivers.secondary.messages().size());
            assertTrue(client.log().connectFailures() >= 1);
            assertEquals(1, client.log().failover().failovers());
            assertEquals(1, client.log().failover().device("1000").failovers());
            assertEquals(0, receivers.primary.messages().size());
        }
    }

    @Test
    void thePersistentConnectionsOpenOnTheSecondaryWhenThePrimaryRefuses() throws Exception {
        try (TwoReceivers receivers = new TwoReceivers();
             Dc09Client client = client(TwoReceivers.refusingPort(), receivers.secondary.port(), Transport.TCP,
                     Duration.ofSeconds(60))) {
            client.connect().get(10, TimeUnit.SECONDS); // fails without the secondary
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMissingAckRetransmitsTheSameMessageToTheSecondary(Transport transport) throws Exception {
        try (TwoReceivers receivers = new TwoReceivers();
             Dc09Client client = client(receivers.primary.port(), receivers.secondary.port(), transport,
                     Duration.ofSeconds(60))) {
            receivers.primaryBehaviour.set(Behaviour.SILENT);

            SendResult r = send(client, SimulatedDevice.of("1001"));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(2, r.attempts());
            List<Dc09Message> toPrimary = receivers.primary.messages();
            List<Dc09Message> toSecondary = receivers.secondary.messages();
            assertEquals(1, toPrimary.size());
            assertEquals(1, toSecondary.size());
            Dc09Message first = toPrimary.get(0);
            Dc09Message again = toSecondary.get(0);
            assertEquals(first.id(), again.id());
            assertEquals(first.account(), again.account());
            assertEquals(first.sequence(), again.sequence(), "a retransmission keeps its sequence number");
            assertEquals(first.data(), again.data(), "a retransmission keeps its content");
            assertEquals(1, client.log().failover().failovers());
            assertEquals(1, client.log().timeouts());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theDeviceGoesBackToThePrimaryAfterFailbackAfter(Transport transport) throws Exception {
        Duration failbackAfter = Duration.ofMillis(800);
        try (TwoReceivers receivers = new TwoReceivers();
             Dc09Client client = client(receivers.primary.port(), receivers.secondary.port(), transport, failbackAfter)) {
            SimulatedDevice device = SimulatedDevice.of("1002");
            receivers.primaryBehaviour.set(Behaviour.SILENT);
            long beforeFailover = System.nanoTime(); // the switch comes an ACK timeout later
            send(client, device);
            receivers.primaryBehaviour.set(Behaviour.ACK); // the primary is back, the device does not know yet

            SendResult stillOnSecondary = send(client, device);
            assertEquals(2, receivers.secondary.messages().size(), "within failback-after the device stays on the secondary");
            assertEquals(1, stillOnSecondary.attempts());

            await().atMost(10, TimeUnit.SECONDS).pollInterval(50, TimeUnit.MILLISECONDS).until(() -> {
                int before = receivers.primary.messages().size();
                send(client, device);
                return receivers.primary.messages().size() > before;
            });
            long backAfter = System.nanoTime() - beforeFailover;
            assertTrue(backAfter >= ACK_TIMEOUT.plus(failbackAfter).toNanos(), "back on the primary only "
                    + failbackAfter + " after the failover, was " + Duration.ofNanos(backAfter) + " after the first send");
            assertEquals(1, client.log().failover().failbacks());
            assertEquals(1, client.log().failover().failovers());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "UDP"})
    void aFailingSecondarySendsTheDeviceBackToThePrimary(Transport transport) throws Exception {
        try (TwoReceivers receivers = new TwoReceivers();
             Dc09Client client = client(receivers.primary.port(), receivers.secondary.port(), transport,
                     Duration.ofSeconds(60))) {
            receivers.primaryBehaviour.set(Behaviour.SILENT);
            receivers.secondaryBehaviour.set(Behaviour.SILENT);
            SimulatedDevice device = SimulatedDevice.of("1003");
            var pending = client.send(device, EventKind.EMERGENCY);
            await().atMost(5, TimeUnit.SECONDS).until(() -> receivers.secondary.messages().size() == 1);
            receivers.primaryBehaviour.set(Behaviour.ACK);

            SendResult r = pending.get(20, TimeUnit.SECONDS);

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(3, r.attempts(), "primary, secondary, primary again");
            assertEquals(2, receivers.primary.messages().size());
            assertEquals(1, client.log().failover().failovers());
            assertEquals(1, client.log().failover().failbacks());
        }
    }

    @Test
    void theFailoverGapRunsFromTheLastPrimaryAckToTheFirstSecondaryAck() throws Exception {
        try (TwoReceivers receivers = new TwoReceivers();
             Dc09Client client = client(receivers.primary.port(), receivers.secondary.port(), Transport.TCP,
                     Duration.ofSeconds(60))) {
            SimulatedDevice device = SimulatedDevice.of("1004");
            long beforeLastPrimaryAck = System.nanoTime();
            send(client, device);
            receivers.primaryBehaviour.set(Behaviour.SILENT);

            SendResult r = send(client, device);
            long firstSecondaryAck = System.nanoTime();

            assertEquals(SendOutcome.ACKED, r.outcome());
            FailoverLog.GapSummary gaps = client.log().failover().gapSummary();
            assertNotNull(gaps, "a gap was measured");
            assertEquals(1, gaps.count());
            assertTrue(gaps.min().compareTo(ACK_TIMEOUT) >= 0, "the gap includes the ACK timeout: " + gaps.min());
            assertTrue(gaps.max().toNanos() <= firstSecondaryAck - beforeLastPrimaryAck,
                    "the gap is within what the test saw: " + gaps.max());
            assertEquals(1, client.log().failover().device("1004").gaps());
        }
    }
}
