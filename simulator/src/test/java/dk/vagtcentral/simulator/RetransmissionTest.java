package dk.vagtcentral.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetransmissionTest {
    private static final byte[] KEY = Dc09Cipher.parseKey("000102030405060708090A0B0C0D0E0F");
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

    private static Dc09Client client(int port, Transport transport) {
        return Dc09Client.builder("127.0.0.1", port).transport(transport).ackTimeout(SHORT_TIMEOUT)
                .maxAttempts(5).deadline(Duration.ofSeconds(20)).build();
    }

    private static SendResult result(CompletableFuture<SendResult> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void encryptedDeviceGetsEncryptedAck(Transport transport) throws Exception {
        KeyResolver keys = account -> "2000".equals(account) ? KEY : null;
        try (FakeReceiver receiver = new FakeReceiver(keys, FakeReceiver.ACK_ALL);
             Dc09Client client = client(receiver.port(), transport)) {
            SimulatedDevice device = new SimulatedDevice(DeviceProfile.of("2000").withKey(KEY));

            SendResult r = result(client.send(device, EventKind.EMERGENCY));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(1, r.attempts());
            assertTrue(r.reply().encrypted(), "the reply to an encrypted message is an encrypted ACK");
            assertEquals(Dc09Ids.ACK, r.reply().id());
            assertNotNull(r.reply().timestamp());
            Dc09Message received = receiver.messages().get(0);
            assertTrue(received.encrypted());
            assertEquals("#2000|NQA001", received.data());
            assertNotNull(received.timestamp(), "encrypted messages carry a timestamp");
            assertTrue(r.lastFrame().substring(8).startsWith("\"*SIA-DCS\"0001L0#2000["), r.lastFrame());
            assertFalse(r.lastFrame().contains("NQA001"), "the data travels encrypted");
            assertEquals(List.of(r.toAcked()), client.log().acked());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void nakCorrectsTheClockAndTheRetransmissionIsAcked(Transport transport) throws Exception {
        FakeReceiver.Policy nakFirst = (frame, index) -> {
            Dc09Message m = frame.message();
            return List.of(index == 0 ? Dc09Message.nak(m.receiver(), m.linePrefix(), Instant.now()) : m.ack(Instant.now()));
        };
        try (FakeReceiver receiver = new FakeReceiver(KeyResolver.NONE, nakFirst);
             Dc09Client client = client(receiver.port(), transport)) {
            SimulatedDevice device = new SimulatedDevice(DeviceProfile.of("1000").withClockSkew(Duration.ofMinutes(10)));

            SendResult r = result(client.send(device, EventKind.EMERGENCY));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(2, r.attempts());
            assertEquals(1, r.naks());
            List<Dc09Message> frames = receiver.messages();
            assertEquals(2, frames.size());
            Dc09Message first = frames.get(0);
            Dc09Message second = frames.get(1);
            assertEquals(first.sequence(), second.sequence(), "a retransmission keeps its sequence");
            assertEquals(first.data(), second.data(), "a retransmission keeps its data");
            assertEquals(first.account(), second.account());
            Instant now = Instant.now();
            assertTrue(Duration.between(now, first.timestamp()).toMinutes() >= 9, "first attempt on the skewed clock");
            assertTrue(Duration.between(second.timestamp(), now).abs().toSeconds() <= 5,
                    "retransmission on the corrected clock: " + second.timestamp() + " vs " + now);
            assertTrue(device.clockOffset().abs().toSeconds() <= 2, "device clock corrected: " + device.clockOffset());
            assertEquals(1, client.log().naks());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void droppedFrameIsRetransmittedAfterTheTimeout(Transport transport) throws Exception {
        FakeReceiver.Policy dropFirst = (frame, index) -> index == 0 ? List.of() : List.of(frame.message().ack(Instant.now()));
        try (FakeReceiver receiver = new FakeReceiver(KeyResolver.NONE, dropFirst);
             Dc09Client client = client(receiver.port(), transport)) {
            SimulatedDevice device = new SimulatedDevice(DeviceProfile.of("1001"));

            SendResult r = result(client.send(device, EventKind.TEST));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(2, r.attempts());
            assertEquals(0, r.naks());
            List<Dc09Message> frames = receiver.messages();
            assertEquals(2, frames.size());
            assertEquals(frames.get(0).sequence(), frames.get(1).sequence());
            assertEquals("#1001|NRP000", frames.get(0).data());
            assertEquals(frames.get(0).data(), frames.get(1).data());
            assertTrue(r.lastAttemptToReplyMicros() < r.firstSendToReplyMicros(),
                    "latency from the last attempt is shorter than from the first");
            assertEquals(1, client.log().timeouts());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void duhIsRecordedAndNotRetried(Transport transport) throws Exception {
        FakeReceiver.Policy duh = (frame, index) -> List.of(frame.message().duh());
        try (FakeReceiver receiver = new FakeReceiver(KeyResolver.NONE, duh);
             Dc09Client client = client(receiver.port(), transport)) {
            SimulatedDevice device = new SimulatedDevice(DeviceProfile.of("1002"));

            SendResult r = result(client.send(device, EventKind.EMERGENCY));

            assertEquals(SendOutcome.DUH, r.outcome());
            assertEquals(1, r.attempts());
            assertEquals(Dc09Ids.DUH, r.reply().id());
            assertEquals(1, client.log().duh());
            assertTrue(client.log().acked().isEmpty());
            // The next message of the device goes out next: the DUHed one is not sent again in between.
            SendResult next = result(client.send(device, EventKind.TEST));
            assertEquals(SendOutcome.DUH, next.outcome());
            List<Dc09Message> frames = receiver.messages();
            assertEquals(2, frames.size());
            assertEquals(1, frames.get(0).sequence());
            assertEquals(2, frames.get(1).sequence());
            assertEquals(0, client.pending());
        }
    }

    @Test
    void givesUpWhenTheAttemptsAreUsed() throws Exception {
        try (FakeReceiver receiver = new FakeReceiver(KeyResolver.NONE, (frame, index) -> List.of());
             Dc09Client client = Dc09Client.builder("127.0.0.1", receiver.port()).ackTimeout(Duration.ofMillis(100))
                     .maxAttempts(3).build()) {
            SendResult r = result(client.send(SimulatedDevice.of("1003"), EventKind.EMERGENCY));

            assertEquals(SendOutcome.FAILED, r.outcome());
            assertEquals(3, r.attempts());
            assertTrue(r.detail().contains("no ACK after 3 attempt(s)"), r.detail());
            assertEquals(3, receiver.messages().size());
            assertTrue(receiver.messages().stream().allMatch(m -> m.sequence() == 1));
        }
    }

    @Test
    void nakOnASharedConnectionGoesToTheSkewedDevice() throws Exception {
        FakeReceiver.Policy window = (frame, index) -> {
            Dc09Message m = frame.message();
            Instant now = Instant.now();
            boolean inWindow = Duration.between(now, m.timestamp()).abs().toSeconds() <= 20;
            return List.of(inWindow ? m.ack(now) : Dc09Message.nak(m.receiver(), m.linePrefix(), now));
        };
        try (FakeReceiver receiver = new FakeReceiver(KeyResolver.NONE, window);
             Dc09Client client = client(receiver.port(), Transport.TCP)) {
            SimulatedDevice healthy = SimulatedDevice.of("1010");
            SimulatedDevice skewed = new SimulatedDevice(DeviceProfile.of("1011").withClockSkew(Duration.ofMinutes(-10)));

            CompletableFuture<SendResult> a = client.send(healthy.message(EventKind.EMERGENCY), 0, System.nanoTime());
            CompletableFuture<SendResult> b = client.send(skewed.message(EventKind.EMERGENCY), 0, System.nanoTime());

            SendResult ra = result(a);
            SendResult rb = result(b);
            assertEquals(SendOutcome.ACKED, ra.outcome());
            assertEquals(SendOutcome.ACKED, rb.outcome());
            assertEquals(0, ra.naks());
            assertEquals(1, ra.attempts(), "the healthy device is not disturbed by the other device's NAK");
            assertEquals(1, rb.naks());
            assertEquals(2, rb.attempts());
        }
    }

    @Test
    void messagesInFlightAreResentWhenTheServerDropsTheConnection() throws Exception {
        FakeReceiver.Policy closeOnFirst = (frame, index) -> index == 0 ? null : List.of(frame.message().ack(Instant.now()));
        try (FakeReceiver receiver = new FakeReceiver(KeyResolver.NONE, closeOnFirst);
             Dc09Client client = Dc09Client.builder("127.0.0.1", receiver.port()).build()) {
            SendResult r = result(client.send(SimulatedDevice.of("1020"), EventKind.FIRE));

            assertEquals(SendOutcome.ACKED, r.outcome());
            assertEquals(2, r.attempts());
            assertEquals(1, client.log().disconnects());
            assertEquals(0, client.log().timeouts(), "resent on reconnect, not after the ACK timeout");
            List<Dc09Message> frames = receiver.messages();
            assertEquals(frames.get(0).sequence(), frames.get(1).sequence());
            assertEquals("#1020|NFA001", frames.get(1).data());
        }
    }

    @Test
    void reconnectsWhenTheServerIsRestarted() throws Exception {
        BaselineServer first = BaselineServer.start("127.0.0.1", 0);
        int port = first.port();
        try (Dc09Client client = Dc09Client.builder("127.0.0.1", port).ackTimeout(SHORT_TIMEOUT)
                .maxAttempts(50).deadline(Duration.ofSeconds(30)).build()) {
            SimulatedDevice device = SimulatedDevice.of("1030");
            assertEquals(SendOutcome.ACKED, result(client.send(device, EventKind.EMERGENCY)).outcome());

            first.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.log().disconnects() >= 1);
            CompletableFuture<SendResult> during = client.send(device, EventKind.EMERGENCY);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.log().connectFailures() >= 1);
            assertFalse(during.isDone(), "waits for the server instead of failing");

            try (BaselineServer second = BaselineServer.start("127.0.0.1", port)) {
                SendResult r = result(during);
                assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
                assertEquals(2, r.message().sequence());
                assertEquals(1, second.acksSent());
            }
        }
    }

    @Test
    void nullSupervisionMessageHasEmptyDataAndIsAcked() throws Exception {
        try (FakeReceiver receiver = new FakeReceiver(KeyResolver.NONE, FakeReceiver.ACK_ALL);
             Dc09Client client = client(receiver.port(), Transport.UDP)) {
            SendResult r = result(client.send(SimulatedDevice.of("1040"), EventKind.NULL));

            assertEquals(SendOutcome.ACKED, r.outcome());
            Dc09Message m = receiver.messages().get(0);
            assertEquals(Dc09Ids.NULL, m.id());
            assertEquals("", m.data());
            assertNotNull(m.timestamp());
            assertFalse(r.toAcked().isAlarm());
        }
    }

    @Test
    void contactIdAndReceiverFields() throws Exception {
        try (FakeReceiver receiver = new FakeReceiver(KeyResolver.NONE, FakeReceiver.ACK_ALL);
             Dc09Client client = client(receiver.port(), Transport.TCP_ONESHOT)) {
            SimulatedDevice device = new SimulatedDevice(DeviceProfile.of("10ab")
                    .withFormat(dk.vagtcentral.protocol.event.EventFormat.CONTACT_ID).withReceiver("12").withLinePrefix("3"));

            SendResult r = result(client.send(device.message(EventKind.EMERGENCY, "015")));

            assertEquals(SendOutcome.ACKED, r.outcome());
            Dc09Message m = receiver.messages().get(0);
            assertEquals(Dc09Ids.ADM_CID, m.id());
            assertEquals("10AB", m.account());
            assertEquals("#10AB|1101 01 015", m.data());
            assertEquals("12", m.receiver());
            assertEquals("3", m.linePrefix());
            assertEquals("10AB|1|#10AB|1101 01 015", r.toAcked().key());
        }
    }
}
