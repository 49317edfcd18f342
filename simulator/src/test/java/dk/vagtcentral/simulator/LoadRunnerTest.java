package dk.vagtcentral.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoadRunnerTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void closedModelAgainstTheBaselineServerGetsEveryMessageAcked(Transport transport) throws Exception {
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0)) {
            LoadConfig cfg = LoadConfig.defaults("127.0.0.1", server.port()).withTransport(transport)
                    .withDevices(32).withConnections(4).withMax(4).withWarmup(Duration.ZERO).withDuration(Duration.ofSeconds(60))
                    .withMessageLimit(300).withFormats(LoadConfig.Formats.MIXED);

            LoadResult r = LoadRunner.run(cfg);

            assertEquals(300, r.scheduled());
            assertEquals(300, r.sent());
            assertEquals(300, r.acked(), LoadReport.format(r));
            assertEquals(0, r.failed() + r.duh() + r.cancelled());
            assertTrue(r.allAcked());
            assertEquals(300, r.ackedMessages().size());
            assertEquals(300, r.ackedMessages().stream().map(AckedMessage::key).distinct().count(),
                    "every message has its own account|sequence|data");
            assertEquals(300, r.latency().count());
            assertTrue(r.throughput() > 0);
            assertTrue(server.acksSent() >= 300);
            Set<String> accounts = r.ackedMessages().stream().map(AckedMessage::account).collect(Collectors.toSet());
            assertTrue(accounts.stream().allMatch(a -> a.compareTo("1000") >= 0 && a.compareTo("101F") <= 0), accounts.toString());
        }
    }

    @Test
    void openModelSendsAtTheRateAndMeasuresFromTheScheduledTime() throws Exception {
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0)) {
            LoadConfig cfg = LoadConfig.defaults("127.0.0.1", server.port()).withDevices(16).withConnections(4)
                    .withRate(1000).withWarmup(Duration.ZERO).withDuration(Duration.ofSeconds(60)).withMessageLimit(200)
                    .withMix(Map.of(EventKind.EMERGENCY, 1));

            LoadResult r = LoadRunner.run(cfg);

            assertEquals(200, r.acked(), LoadReport.format(r));
            assertTrue(r.ackedMessages().stream().allMatch(m -> m.data().endsWith("|NQA001")));
            // each device's sequence numbers run on from a random start without gaps (one message in
            // flight per device, so ACK order is send order), wrapping from 9999 to 1
            Map<String, List<Integer>> byAccount = r.ackedMessages().stream().collect(Collectors.groupingBy(
                    AckedMessage::account, Collectors.mapping(AckedMessage::sequence, Collectors.toList())));
            assertEquals(16, byAccount.size());
            byAccount.values().forEach(seqs -> {
                for (int i = 1; i < seqs.size(); i++) {
                    assertEquals(seqs.get(i - 1) % SimulatedDevice.MAX_SEQUENCE + 1, seqs.get(i), seqs.toString());
                }
            });
            assertTrue(r.latency().max() >= r.serviceLatency().max() - 0.001,
                    "latency from the scheduled time includes the time from first send");
        }
    }

    @Test
    void encryptedAccountsInALoadRun() throws Exception {
        byte[] key = Dc09Cipher.parseKey("00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF");
        KeyResolver keys = account -> account.equals("1001") || account.equals("2000") ? key : null;
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0, 1, keys)) {
            LoadConfig cfg = LoadConfig.defaults("127.0.0.1", server.port()).withTransport(Transport.UDP).withDevices(4)
                    .withConnections(2).withMax(2).withWarmup(Duration.ZERO).withMessageLimit(100)
                    .withEncryptedAccounts(Map.of("1001", key, "2000", key));

            LoadResult r = LoadRunner.run(cfg);

            assertEquals(5, cfg.totalDevices(), "2000 is outside 1000..1003 and becomes an extra device");
            assertEquals(100, r.acked(), LoadReport.format(r));
            assertTrue(r.ackedMessages().stream().anyMatch(m -> m.account().equals("2000")));
            assertEquals(0, server.duhsSent());
        }
    }

    @Test
    void skewedDevicesAreNakedOnceEachAndCorrected() throws Exception {
        FakeReceiver.Policy window = (frame, index) -> {
            Dc09Message m = frame.message();
            Instant now = Instant.now();
            boolean inWindow = Duration.between(now, m.timestamp()).abs().toSeconds() <= 20;
            return List.of(inWindow ? m.ack(now) : Dc09Message.nak(m.receiver(), m.linePrefix(), now));
        };
        try (FakeReceiver receiver = new FakeReceiver(KeyResolver.NONE, window)) {
            LoadConfig cfg = LoadConfig.defaults("127.0.0.1", receiver.port()).withDevices(8).withConnections(2).withMax(4)
                    .withWarmup(Duration.ZERO).withMessageLimit(80).withClockSkew(Duration.ofMinutes(10));

            LoadResult r = LoadRunner.run(cfg);

            assertEquals(80, r.acked(), LoadReport.format(r));
            assertTrue(r.naks() >= 8, "each device got a NAK: " + r.naks());
            assertTrue(r.ackedMessages().stream().filter(m -> m.naks() > 0).count() >= 8);
            assertEquals(0, r.failed());
        }
    }

    @Test
    void cannotConnectIsAnError() throws Exception {
        int port;
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0)) {
            port = server.port();
        }
        LoadConfig cfg = LoadConfig.defaults("127.0.0.1", port).withDevices(2).withConnections(1);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> LoadRunner.run(cfg));
        assertTrue(e.getMessage().contains("cannot connect to 127.0.0.1:" + port), e.getMessage());
    }
}
