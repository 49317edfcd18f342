package dk.vagtcentral.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyTest {

    /** A receiver that stores every alarm in the fake API before ACKing it, as the real server does. */
    private static FakeReceiver storingReceiver(FakeAlarmApi api) {
        return new FakeReceiver(KeyResolver.NONE, (frame, index) -> {
            Dc09Message m = frame.message();
            if (!m.isNull()) {
                api.store(m);
            }
            return List.of(m.ack(Instant.now()));
        });
    }

    @Test
    void everyAckedAlarmIsFoundOnceAcrossPages() throws Exception {
        try (FakeAlarmApi api = new FakeAlarmApi(); FakeReceiver receiver = storingReceiver(api)) {
            LoadResult r = LoadRunner.run(LoadConfig.defaults("127.0.0.1", receiver.port()).withDevices(4).withConnections(2)
                    .withMax(2).withWarmup(Duration.ZERO).withMessageLimit(120));
            AlarmApiVerifier verifier = new AlarmApiVerifier(api.uri(), HttpClient.newHttpClient(), 7, 2);

            VerifyResult v = verifier.verify(r.ackedMessages(), r.startedAt().minusSeconds(2));

            long alarms = r.ackedMessages().stream().filter(AckedMessage::isAlarm).count();
            assertEquals(120, r.acked());
            assertEquals(alarms, v.acked(), "NULL messages are not alarms");
            assertEquals(alarms, v.found());
            assertTrue(v.ok(), v.summaryLine());
            assertEquals("verify: " + alarms + " acked, " + alarms + " found, 0 missing, 0 duplicated", v.summaryLine());
        }
    }

    @Test
    void missingAndDuplicatedAlarmsAreCounted() throws Exception {
        try (FakeAlarmApi api = new FakeAlarmApi()) {
            Instant now = Instant.now();
            api.storeRaw("1000", 1, "#1000|NQA001", now);
            api.storeRaw("1000", 1, "#1000|NQA001", now);       // duplicated
            api.storeRaw("1000", 3, "#1000|NQA001", now);       // stored but never ACKed: not counted
            api.storeRaw("1001", 5, "#1001|NRP000", now.minusSeconds(3600)); // an earlier run: ignored
            api.storeRaw("1001", 5, "#1001|NRP000", now);
            List<AckedMessage> acked = List.of(
                    acked("1000", 1, "#1000|NQA001"),
                    acked("1000", 2, "#1000|NQA001"),                // missing
                    acked("1001", 5, "#1001|NRP000"),
                    new AckedMessage("1001", 6, "NULL", "", now, 1, 1, 1, 0)); // not an alarm

            VerifyResult v = new AlarmApiVerifier(api.uri()).verify(acked, now.minusSeconds(60));

            assertEquals(3, v.acked());
            assertEquals(2, v.found());
            assertEquals(1, v.missing());
            assertEquals(1, v.duplicated());
            assertFalse(v.ok());
            assertTrue(v.missingSamples().get(0).startsWith("1000|2|#1000|NQA001"));
        }
    }

    @Test
    void aKeyRepeatedAfterTheSequenceWrapsCountsTwice() throws Exception {
        try (FakeAlarmApi api = new FakeAlarmApi()) {
            Instant now = Instant.now();
            api.storeRaw("1000", 1, "#1000|NQA001", now);
            api.storeRaw("1000", 1, "#1000|NQA001", now);
            VerifyResult v = new AlarmApiVerifier(api.uri()).verify(
                    List.of(acked("1000", 1, "#1000|NQA001"), acked("1000", 1, "#1000|NQA001")), null);
            assertTrue(v.ok(), v.summaryLine());
            assertEquals(2, v.found());
        }
    }

    @Test
    void cliLoadWithVerify() throws Exception {
        try (FakeAlarmApi api = new FakeAlarmApi(); FakeReceiver receiver = storingReceiver(api)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int code = Main.run(new String[] {"load", "--host", "127.0.0.1", "--port", String.valueOf(receiver.port()),
                    "--api", api.uri().toString(), "--devices", "8", "--connections", "2", "--max", "--warmup", "0s",
                    "--messages", "100", "--mix", "emergency=90,null=10", "--verify"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
            assertTrue(text.matches("(?s).*verify: (\\d+) acked, \\1 found, 0 missing, 0 duplicated.*"), text);
            assertTrue(text.contains("throughput:"), text);
        }
    }

    @Test
    void aNodeThatDoesNotAnswerIsLeftForTheOther() throws Exception {
        try (FakeAlarmApi api = new FakeAlarmApi()) {
            Instant now = Instant.now();
            api.storeRaw("1000", 1, "#1000|NQA001", now);
            URI down = URI.create("http://127.0.0.1:" + TwoReceivers.refusingPort());
            AlarmApiVerifier verifier = new AlarmApiVerifier(List.of(down, api.uri()));

            VerifyResult v = verifier.verify(List.of(acked("1000", 1, "#1000|NQA001")), now.minusSeconds(60));

            assertTrue(v.ok(), v.summaryLine());
            assertEquals(1, v.found());
            assertTrue(api.uri().toString().startsWith(verifier.currentApi()), verifier.currentApi());
        }
    }

    @Test
    void scaipAlarmsAreMatchedByControllerIdAndRefAndHeartbeatsAreNotLookedFor() throws Exception {
        try (FakeAlarmApi api = new FakeAlarmApi()) {
            Instant now = Instant.now();
            ScaipDevice device = ScaipDevice.of("4510001000");
            ScaipMessage button = device.message(ScaipKind.BUTTON, "A1");
            ScaipMessage fall = device.message(ScaipKind.FALL, "B2");
            ScaipMessage smoke = device.message(ScaipKind.SMOKE, "C3");
            ScaipMessage heartbeat = device.message(ScaipKind.HEARTBEAT, "D4");
            // stored as received: the elements in the order the device sent them, here another than ours
            api.storeScaipRaw("4510001000", "<mrq><cid>4510001000</cid><mty>ME</mty><ref>A1</ref><dty>3</dty>"
                    + "<stc>10</stc></mrq>", now);
            api.storeScaip(fall.mrq());
            api.storeScaip(fall.mrq());                                                  // duplicated
            api.storeScaipRaw("4510001000", smoke.data(), now.minusSeconds(3600));      // an earlier run: ignored
            api.storeScaipRaw("4510001000", device.message(ScaipKind.TEST, "E5").data(), now); // never ACKed
            List<AckedMessage> acked = java.util.stream.Stream.of(button, fall, smoke, heartbeat)
                    .map(m -> new AckedMessage(m.account(), m.sequence(), m.id(), m.data(), now, 1, 1, 1, 0)).toList();

            VerifyResult v = new AlarmApiVerifier(api.uri()).verify(acked, now.minusSeconds(60));

            assertEquals(3, v.acked(), "the heartbeat is not an alarm");
            assertEquals(2, v.found());
            assertEquals(1, v.missing());
            assertEquals(1, v.duplicated());
            assertTrue(v.missingSamples().get(0).startsWith("4510001000|C3 (acked 1, stored 0)"), v.missingSamples().toString());
            assertTrue(v.duplicatedSamples().get(0).startsWith("4510001000|B2 (acked 1, stored 2)"),
                    v.duplicatedSamples().toString());
        }
    }

    private static AckedMessage acked(String account, int sequence, String data) {
        return new AckedMessage(account, sequence, "SIA-DCS", data, Instant.now(), 1000, 1000, 1, 0);
    }
}
