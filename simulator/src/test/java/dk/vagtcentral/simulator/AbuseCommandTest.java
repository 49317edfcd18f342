package dk.vagtcentral.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The abuse and storm commands' command lines. */
class AbuseCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "abuse --port 7111                                               | --mode",
        "abuse --mode silent                                             | --port",
        "abuse --mode flood --port 7111                                  | --mode",
        "abuse --mode silent --port 7111 --byte-interval 1s              | --byte-interval",
        "abuse --mode silent --port 7111 --connections 0                 | --connections",
        "abuse --mode slow --port 7111 --target smtp                     | --target",
        "abuse --mode slow --port 7111 --byte-interval 0s                | --byte-interval",
        "abuse --mode pipeline --port 7111 --accounts 10FF-1000          | --accounts",
        "abuse --mode pipeline --port 7111 --accounts 1000 --devices 4   | --accounts",
        "abuse --mode pipeline --port 7111 --event panic                 | --event",
        "abuse --mode pipeline --port 7111 --transport udp               | --transport",
        "abuse --mode unknown-flood --port 7111 --transport pigeon       | --transport",
        "abuse --mode unknown-flood --port 7111 --account-prefix XY      | --account-prefix",
        "abuse --mode unknown-flood --port 7111 --rate 0                 | --rate",
        "abuse --mode silent --port 7111 --source-addresses 127.0.0.9-1  | --source-addresses",
        "abuse --mode silent --port 7111 --duration soon                 | --duration",
        "abuse --mode silent --port 7111 --probe-port 7111               | --probe",
        "abuse --mode silent --port 7111 --probe xyz                     | --probe",
        "abuse --mode slow --target http --port 8180 --probe 1000        | --probe-port",
        "abuse --mode silent --port 7111 --probe 1000 --probe-limit 0s   | --probe-limit",
        "storm                                                           | --port",
        "storm --port 7111 --register                                    | --api",
        "storm --port 7111 --user admin                                  | --api",
        "storm --port 7111 --api http://127.0.0.1:8180 --password x      | --user",
        "storm --port 7111 --burst-fraction 1.5                          | --burst-fraction",
        "storm --port 7111 --burst-fraction 0.7 --emergency-fraction 0.5 | fractions",
        "storm --port 7111 --devices 0                                   | --devices",
        "storm --port 7111 --first-account xyz                           | --first-account",
        "storm --port 7111 --api http://x --municipality odder           | --register",
    })
    void badCommandLinesExitWith2(String line, String mentioned) {
        assertEquals(2, run(line.trim().split("\\s+")), () -> "stderr: " + err);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains(mentioned), e);
        assertTrue(e.startsWith("vagtcentral-simulator " + line.trim().split("\\s+")[0] + ": "), e);
        assertEquals(1, e.lines().count(), e);
    }

    @Test
    void helpOfBothCommands() {
        assertEquals(0, run("abuse", "--help"));
        assertEquals(0, run("storm", "--help"));
        assertEquals(0, run("--help"));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("abuse --mode MODE --port PORT [options]"), o);
        assertTrue(o.contains("unknown-flood"), o);
        assertTrue(o.contains("storm --port PORT [options]"), o);
        assertTrue(o.contains("--register"), o);
        assertTrue(o.contains("  abuse "), o);
        assertTrue(o.contains("  storm "), o);
    }

    @Test
    void pipelineAgainstTheBaselineServerPrintsItsSummary() {
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0)) {
            int code = run("abuse", "--mode", "pipeline", "--port", String.valueOf(server.port()), "--duration", "500ms",
                    "--connections", "2", "--accounts", "1000-100F");
            String o = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, () -> o + err);
            assertTrue(o.contains("pipeline: sent "), o);
            assertTrue(o.contains("ack latency:"), o);
            assertTrue(server.acksSent() > 0);
        }
    }

    @Test
    void aProbeBesideTheAttackReportsItsAcks() {
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0)) {
            int code = run("abuse", "--mode", "silent", "--port", String.valueOf(server.port()), "--duration", "1s",
                    "--connections", "5", "--probe", "1000", "--probe-interval", "200ms", "--probe-limit", "5s");
            String o = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, () -> o + err);
            assertTrue(o.contains("probe: account 1000: "), o);
            assertTrue(o.contains(", 0 missed"), o);
        }
    }

    @Test
    void nothingToConnectToExitsWith1() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(1, run("abuse", "--mode", "silent", "--port", String.valueOf(port), "--connections", "2",
                "--duration", "100ms"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not one connection"), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("silent: 0 of 0 connections"));
    }
}
