package dk.vagtcentral.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code load --secondary ... --verify} against two receivers that store into one shared alarm API, as
 * two server nodes on one database do: the primary stops answering halfway, the devices fail over, and
 * the verification checks exactly-once over both.
 */
class FailoverLoadTest {

    /** A node that stores into the shared database once per message, as a correct cluster does, and ACKs its first {@code answered} frames. */
    private static FakeReceiver node(FakeAlarmApi db, int answered) {
        return new FakeReceiver(KeyResolver.NONE, (frame, index) -> {
            Dc09Message m = frame.message();
            if (index >= answered) {
                return List.of(); // silent, stores nothing
            }
            if (!m.isNull()) {
                db.storeOnce(m);
            }
            return List.of(m.ack(Instant.now()));
        });
    }

    /** A node that does not look at what other nodes stored; after {@code answered} frames its ACKs are lost. */
    private static FakeReceiver nodeWithoutClusterDedup(FakeAlarmApi db, int answered) {
        return new FakeReceiver(KeyResolver.NONE, (frame, index) -> {
            Dc09Message m = frame.message();
            if (!m.isNull()) {
                db.store(m);
            }
            return index < answered ? List.of(m.ack(Instant.now())) : List.of();
        });
    }

    private static String[] args(FakeReceiver primary, FakeReceiver secondary, URI api, URI secondaryApi) {
        return new String[] {"load", "--port", String.valueOf(primary.port()),
                "--secondary", "127.0.0.1:" + secondary.port(), "--failback-after", "1m",
                "--api", api.toString(), "--secondary-api", secondaryApi.toString(), "--verify", "--verify-wait", "1s",
                "--devices", "20", "--connections", "4", "--rate", "200", "--warmup", "0s", "--duration", "2s",
                "--ack-timeout", "500ms", "--mix", "emergency=100"};
    }

    private static int run(String[] args, StringBuilder text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        text.append(out.toString(StandardCharsets.UTF_8)).append(err.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void devicesFailOverWhenThePrimaryGoesSilentAndEveryAckedAlarmIsStoredOnce() throws Exception {
        try (FakeAlarmApi db = new FakeAlarmApi();
             FakeReceiver primary = node(db, 100);
             FakeReceiver secondary = node(db, Integer.MAX_VALUE)) {
            URI deadApi = URI.create("http://127.0.0.1:" + TwoReceivers.refusingPort());
            StringBuilder text = new StringBuilder();

            int code = run(args(primary, secondary, deadApi, db.uri()), text);

            assertEquals(0, code, text.toString());
            Matcher failovers = Pattern.compile("failover: +(\\d+) failovers, (\\d+) failbacks, (\\d+) devices switched")
                    .matcher(text);
            assertTrue(failovers.find(), text.toString());
            assertEquals("20", failovers.group(3), "every device lost the primary: " + text);
            assertTrue(Integer.parseInt(failovers.group(1)) >= 20, text.toString());
            Matcher gap = Pattern.compile("gap: +min ([\\d.]+) +median ([\\d.]+) +max ([\\d.]+) +\\(n=(\\d+)\\)").matcher(text);
            assertTrue(gap.find(), text.toString());
            assertTrue(Double.parseDouble(gap.group(1)) >= 500, "a gap includes the ACK timeout: " + text);
            assertTrue(Double.parseDouble(gap.group(1)) <= Double.parseDouble(gap.group(2))
                    && Double.parseDouble(gap.group(2)) <= Double.parseDouble(gap.group(3)), text.toString());
            assertTrue(Integer.parseInt(gap.group(4)) >= 1, text.toString());
            assertTrue(text.toString().matches("(?s).*verify: (\\d+) acked, \\1 found, 0 missing, 0 duplicated.*"), text.toString());
            assertTrue(text.toString().contains("verify: asked " + db.uri().toString().replaceAll("/+$", "")), text.toString());
        }
    }

    @Test
    void aPrimaryThatStoresButDoesNotAckShowsAsDuplicatesAcrossTheNodes() throws Exception {
        try (FakeAlarmApi db = new FakeAlarmApi();
             FakeReceiver primary = nodeWithoutClusterDedup(db, 100);
             FakeReceiver secondary = nodeWithoutClusterDedup(db, Integer.MAX_VALUE)) {
            StringBuilder text = new StringBuilder();

            int code = run(args(primary, secondary, db.uri(), db.uri()), text);

            assertEquals(1, code, "the node stored alarms whose ACK never came, the other stored them again: " + text);
            Matcher verify = Pattern.compile("verify: (\\d+) acked, (\\d+) found, 0 missing, (\\d+) duplicated").matcher(text);
            assertTrue(verify.find(), text.toString());
            assertTrue(Long.parseLong(verify.group(3)) >= 20, "one duplicate per device at least: " + text);
        }
    }
}
