package dk.vagtcentral.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "send --port abc --account 1000                         | --port",
        "send --port 70000 --account 1000                       | --port",
        "send --account 1000                                    | --port",
        "send --port 7111                                       | --account",
        "send --port 7111 --account 12                          | --account",
        "send --port 7111 --account 1000 --bogus 1              | --bogus",
        "send --port 7111 --account 1000 --event panic          | --event",
        "send --port 7111 --account 1000 --format xml           | --format",
        "send --port 7111 --account 1000 --key 1234             | --key",
        "send --port 7111 --account 1000 --zone 1               | --zone",
        "send --port 7111 --account 1000 --transport pigeon     | --transport",
        "send --port 7111 --account 1000 --ack-timeout soon     | --ack-timeout",
        "send --port 7111 --account 1000 --attempts 0           | --attempts",
        "send --port 7111 --account                             | --account",
        "load --port 7111 --transport pigeon                    | --transport",
        "load --port 7111 --rate 100 --max                      | --rate",
        "load --port 7111 --rate fast                           | --rate",
        "load --port 7111 --duration soon                       | --duration",
        "load --port 7111 --verify                              | --api",
        "load --port 7111 --api ftp://x --verify                | --api",
        "load --port 7111 --mix emergency=x                     | --mix",
        "load --port 7111 --mix panic=3                         | --mix",
        "load --port 7111 --devices 0                           | --devices",
        "load --port 7111 --first-account xyz                   | --first-account",
        "load --port 7111 --encrypted-accounts 2000:00          | --encrypted-accounts",
        "load --port 7111 --outstanding 3                       | --outstanding",
        "load --port 7111 --max --max                           | --max",
        "load --port 7111 --format json                         | --format",
        "load --port 7111 stray                                 | stray",
        "send --port 7111 --account 1000 --secondary nohost     | --secondary",
        "send --port 7111 --account 1000 --secondary h:99999    | --secondary",
        "load --port 7111 --secondary :7112                     | --secondary",
        "load --port 7111 --failback-after 1m                   | --failback-after",
        "load --port 7111 --secondary h:7112 --failback-after 0s | --failback-after",
        "load --port 7111 --secondary-api http://h:8180         | --secondary-api",
        "load --port 7111 --api http://h --secondary-api x --verify | --secondary-api",
        "baseline-server --port -1                              | --port",
        "baseline-server --color blue                           | --color",
    })
    void badOptionsExitWith2AndNameTheOption(String commandLine, String option) {
        int code = run(commandLine.trim().split("\\s+"));

        assertEquals(2, code, stderr());
        String message = stderr();
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertTrue(message.contains(option), message);
        assertTrue(stdout().isEmpty());
    }

    @Test
    void unknownCommand() {
        assertEquals(2, run("frobnicate"));
        assertTrue(stderr().contains("unknown command 'frobnicate'"), stderr());
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertEquals(2, run());
        assertTrue(stderr().contains("usage:"));
    }

    @Test
    void help() {
        assertEquals(0, run("--help"));
        assertTrue(stdout().contains("baseline-server"));
        assertEquals(0, run("load", "--help"));
        assertTrue(stdout().contains("--encrypted-accounts"));
        assertEquals(0, run("send", "--help"));
        assertEquals(0, run("baseline-server", "--help"));
    }

    @Test
    void sendPrintsTheReplyAndTheLatency() {
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0)) {
            int code = run("send", "--host", "127.0.0.1", "--port", String.valueOf(server.port()), "--account", "1000",
                    "--transport", "udp", "--event", "fire", "--format", "cid", "--zone", "015");

            assertEquals(0, code, stdout() + stderr());
            assertTrue(stdout().contains("reply:   ACK seq 0001 L0 account 1000"), stdout());
            assertTrue(stdout().contains("\"ADM-CID\"0001L0#1000[#1000|1110 01 015]_"), stdout());
            assertTrue(stdout().contains("result:  ACKED after 1 attempt(s)"), stdout());
            assertTrue(stdout().matches("(?s).*latency: [0-9.]+ ms first send -> ACK.*"), stdout());
        }
    }

    @Test
    void sendGoesToTheSecondaryWhenThePrimaryRefuses() {
        try (BaselineServer secondary = BaselineServer.start("127.0.0.1", 0)) {
            int code = run("send", "--port", String.valueOf(TwoReceivers.refusingPort()), "--account", "1000",
                    "--secondary", "127.0.0.1:" + secondary.port());

            assertEquals(0, code, stdout() + stderr());
            assertTrue(stdout().contains("result:  ACKED after 1 attempt(s)"), stdout());
            assertTrue(stdout().contains("failover: to the secondary 127.0.0.1:" + secondary.port() + ", 1 failover(s)"),
                    stdout());
        }
    }

    @Test
    void sendEncryptedToTheBaselineGetsDuhAndExit1() {
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0)) {
            int code = run("send", "--port", String.valueOf(server.port()), "--account", "2000",
                    "--key", "000102030405060708090A0B0C0D0E0F");

            assertEquals(1, code);
            assertTrue(stdout().contains("result:  DUH"), stdout());
        }
    }
}
