package dk.vagtcentral.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.protocol.scaip.MrsStyle;
import dk.vagtcentral.protocol.scaip.ScaipStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Load runs of SCAIP devices: against the baseline server, and verified through the alarm API. */
class ScaipLoadTest {

    private static LoadConfig scaip(int port, Transport transport) {
        return LoadConfig.defaults("127.0.0.1", port, Protocol.SCAIP).withTransport(transport).withDevices(16)
                .withConnections(4).withMax(4).withWarmup(Duration.ZERO).withDuration(Duration.ofSeconds(60))
                .withMessageLimit(200).withKeepAcked(true);
    }

    @ParameterizedTest(name = "{0}, <mrs> in {1}")
    @CsvSource({"UDP, BODY", "UDP, MESSAGE", "TCP, BODY", "TCP, MESSAGE"})
    void everyMessageIsAnsweredBySnu0FromTheBaselineServer(Transport transport, MrsStyle style) throws Exception {
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0, 1, KeyResolver.NONE, style)) {
            LoadResult r = LoadRunner.run(scaip(server.port(), transport));

            assertEquals(200, r.sent());
            assertEquals(200, r.acked(), LoadReport.format(r));
            assertTrue(r.allAcked());
            assertEquals(200, r.latency().count(), "answer latency recorded for every <mrs> snu 0");
            assertEquals(200, r.ackedMessages().stream().map(AckedMessage::key).distinct().count(),
                    "every message has its own controller id|ref");
            Set<String> cids = r.ackedMessages().stream().map(AckedMessage::account).collect(Collectors.toSet());
            assertTrue(cids.stream().allMatch(c -> c.compareTo("4510001000") >= 0 && c.compareTo("4510001015") <= 0),
                    cids.toString());
            assertTrue(server.mrsOk() >= 200);
            MessageLog log = r.clientLog();
            assertEquals(style == MrsStyle.BODY ? 200 : 0, log.mrsInBody());
            assertTrue(style == MrsStyle.BODY || log.mrsInMessage() >= 200);
            String report = LoadReport.format(r);
            assertTrue(report.contains("run:         SCAIP over " + transport.cliName()), report);
            assertTrue(report.contains("ACKed 200 (<mrs> snu 0), refused 0"), report);
        }
    }

    @Test
    void everyAckedAlarmIsFoundOnceThroughTheApiAndHeartbeatsAreNotLookedFor() throws Exception {
        try (FakeAlarmApi api = new FakeAlarmApi(); ScaipResponder receiver = new ScaipResponder()) {
            receiver.onStore = api::storeScaip;
            LoadResult r = LoadRunner.run(scaip(receiver.port(), Transport.UDP)
                    .withScaip(ScaipSettings.defaults().withMix(ScaipSettings.parseMix("button=60,fall=20,heartbeat=20"))));

            VerifyResult v = new AlarmApiVerifier(api.uri(), HttpClient.newHttpClient(), 7, 2)
                    .verify(r.ackedMessages(), r.startedAt().minusSeconds(2));

            long alarms = r.ackedMessages().stream().filter(AckedMessage::isAlarm).count();
            assertEquals(200, r.acked(), LoadReport.format(r));
            assertTrue(alarms < 200, "heartbeats are not alarms: " + alarms);
            assertEquals(alarms, v.acked());
            assertEquals(alarms, v.found());
            assertTrue(v.ok(), v.summaryLine());
        }
    }

    @Test
    void refusalsAreReportedBySnu() throws Exception {
        try (ScaipResponder receiver = new ScaipResponder()) {
            receiver.status = m -> m.cid().endsWith("0") ? ScaipStatus.NOT_TREATED : ScaipStatus.OK;
            LoadResult r = LoadRunner.run(scaip(receiver.port(), Transport.TCP).withDevices(10).withConnections(2)
                    .withMax(2).withMessageLimit(50));

            assertEquals(50, r.sent());
            assertTrue(r.refused() > 0, LoadReport.format(r));
            assertEquals(50, r.acked() + r.refused(), LoadReport.format(r));
            assertFalse(r.allAcked());
            assertEquals(Map.of(5, r.refused()), r.clientLog().refusedBySnu());
            String report = LoadReport.format(r);
            assertTrue(report.contains("refused:     snu 5: " + r.refused()), report);
            assertTrue(report.matches("(?s).*failure: +REFUSED account 45100010[01]0 ref [0-9A-Z]{10} \\[.*"), report);
        }
    }

    @Test
    void cliLoadWithVerifyAgainstADeviceThatNeedsAPassword() throws Exception {
        try (FakeAlarmApi api = new FakeAlarmApi(); ScaipResponder receiver = new ScaipResponder()) {
            receiver.onStore = api::storeScaip;
            receiver.password = "pw";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int code = Main.run(new String[] {"load", "--protocol", "scaip", "--transport", "udp", "--port",
                    String.valueOf(receiver.port()), "--api", api.uri().toString(), "--devices", "4",
                    "--connections", "2", "--max", "--warmup", "0s", "--messages", "40", "--password", "pw",
                    "--verify"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
            assertTrue(text.contains("load: SCAIP over udp to 127.0.0.1:" + receiver.port()), text);
            assertTrue(text.matches("(?s).*verify: (\\d+) acked, \\1 found, 0 missing, 0 duplicated.*"), text);
            assertTrue(text.contains("sip:         4 digest challenges answered"), text);
            assertEquals(4, receiver.challenges.get(), "one challenge per device, then answered unasked");
        }
    }
}
