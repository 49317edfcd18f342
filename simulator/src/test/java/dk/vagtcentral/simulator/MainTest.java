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
        "send --port 7111 --account 1000 --protocol sip         | --protocol",
        "send --port 7111 --account 12AB --protocol scaip       | --account",
        "send --port 7111 --account 4510001000 --protocol scaip --transport tcp-oneshot | --transport",
        "send --port 7111 --account 4510001000 --protocol scaip --key 000102030405060708090A0B0C0D0E0F | --key",
        "send --port 7111 --account 4510001000 --protocol scaip --zone 002 | --zone",
        "send --port 7111 --account 4510001000 --protocol scaip --event panic | --event",
        "send --port 7111 --account 4510001000 --protocol scaip --device-type 10000 | --device-type",
        "send --port 7111 --account 4510001000 --protocol scaip --ref a-b | --ref",
        "send --port 7111 --account 1000 --event fall           | --event",
        "send --port 7111 --account 1000 --password pw          | --password",
        "load --port 7111 --protocol scaip --first-account 10AB | --first-account",
        "load --port 7111 --protocol scaip --mix button=x       | --mix",
        "load --port 7111 --protocol scaip --mix fall=0         | --mix",
        "load --port 7111 --protocol scaip --encrypted-accounts 2000:000102030405060708090A0B0C0D0E0F | --encrypted-accounts",
        "load --port 7111 --protocol scaip --format cid         | --format",
        "load --port 7111 --protocol scaip --transport tcp-oneshot | --transport",
        "load --port 7111 --protocol scaip --passwords 45x:pw   | --passwords",
        "load --port 7111 --protocol scaip --device-type -1     | --device-type",
        "load --port 7111 --passwords 4510001000:pw             | --passwords",
        "load --port 7111 --mix fall=3                          | --mix",
        "baseline-server --mrs-style header                     | --mrs-style",
        "baseline-server --color blue                           | --color",
    })
    void badOptionsExitWith2AndNameTheOption(String commandLine, String option) {
        int code = run(commandLine.trim().split("\\s+"));

        assertEquals(2, code, stderr());
        String message = stderr();
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertTrue(message.startsWith("vagtcentral-simulator " + commandLine.trim().split("\\s+")[0] + ": "), message);
        assertTrue(message.contains(option), message);
        assertTrue(stdout().isEmpty());
    }

    /** The checks of the options commands share (mixins and SimulatorCommand helpers) word an error alike in each. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "load --port 7111 --attempts 0                      | load: Invalid value for option '--attempts': expected a whole number 1..1000, got '0'",
        "storm --port 7111 --attempts 1001                  | storm: Invalid value for option '--attempts': expected a whole number 1..1000, got '1001'",
        "load --port 7111 --io-threads 257                  | load: Invalid value for option '--io-threads': expected a whole number 1..256, got '257'",
        "storm --port 7111 --io-threads 0                   | storm: Invalid value for option '--io-threads': expected a whole number 1..256, got '0'",
        "baseline-server --threads 0                        | baseline-server: Invalid value for option '--threads': expected a whole number 1..256, got '0'",
        "send --port 7111 --account 1000 --crd gsm:1        | send: --crd does not apply with --protocol dc09",
        "load --port 7111 --protocol scaip --prefix 1       | load: --prefix does not apply with --protocol scaip",
        "storm --port 7111 --routed-wait 5s                 | storm: --routed-wait needs --api",
        "abuse --mode silent --port 7111 --probe-limit 2s   | abuse: --probe-limit needs --probe",
        "abuse --mode silent --port 7111 --rate 5           | abuse: --rate does not apply to --mode silent",
    })
    void sharedChecksWordTheirErrorsAlikeInEveryCommand(String commandLine, String message) {
        assertEquals(2, run(commandLine.trim().split("\\s+")), stderr());
        assertEquals("vagtcentral-simulator " + message + " (see --help)", stderr().strip());
    }

    @Test
    void anUnknownOptionIsNamedWithASuggestion() {
        assertEquals(2, run("load", "--port", "7111", "--duratoin", "5s"));
        assertEquals("vagtcentral-simulator load: Unknown options: '--duratoin', '5s' (did you mean --duration?) (see --help)",
                stderr().strip());
    }

    @Test
    void aBadDurationSaysWhatADurationLooksLike() {
        assertEquals(2, run("send", "--port", "7111", "--account", "1000", "--ack-timeout", "2 secs"));
        assertEquals("vagtcentral-simulator send: Invalid value for option '--ack-timeout': expected a duration such as "
                + "30s, 500ms, 5m, 1h or PT30S, got '2 secs' (see --help)", stderr().strip());
    }

    @Test
    void aDurationThatMustBePositiveRefusesZeroAndANegativeOne() {
        assertEquals(2, run("load", "--port", "7111", "--duration", "0s"));
        assertTrue(stderr().contains("'--duration': must be more than zero, got '0s'"), stderr());
        assertEquals(2, run("load", "--port", "7111", "--warmup", "-1s"));
        assertTrue(stderr().contains("'--warmup': must not be negative, got '-1s'"), stderr());
    }

    @Test
    void aBadHostPortSaysWhatItShouldLookLike() {
        assertEquals(2, run("load", "--port", "7111", "--secondary", "127.0.0.2"));
        assertEquals("vagtcentral-simulator load: Invalid value for option '--secondary': expected host:port with a port "
                + "1..65535, such as 127.0.0.2:7112, got '127.0.0.2' (see --help)", stderr().strip());
    }

    @Test
    void aMissingValueAndAMissingOption() {
        assertEquals(2, run("send", "--port", "7111", "--account"));
        assertEquals("vagtcentral-simulator send: Missing required parameter for option '--account' (ACCT) (see --help)",
                stderr().strip());
        err.reset();
        assertEquals(2, run("storm", "--devices", "10"));
        assertEquals("vagtcentral-simulator storm: Missing required option: '--port=PORT' (see --help)", stderr().strip());
    }

    @Test
    void anOptionGivenTwiceIsRefused() {
        assertEquals(2, run("send", "--port", "7111", "--port", "7112", "--account", "1000"));
        assertTrue(stderr().contains("'--port'") && stderr().contains("only once"), stderr());
    }

    @Test
    void anArgumentStartingWithAtIsAValueNotAFileToExpand() {
        assertEquals(2, run("send", "--port", "7111", "--account", "@accounts.txt"));
        assertTrue(stderr().contains("got '@accounts.txt'"), stderr());
    }

    @Test
    void unknownCommand() {
        assertEquals(2, run("frobnicate"));
        assertEquals("vagtcentral-simulator: unknown command 'frobnicate' (expected send, load, baseline-server, abuse, "
                + "storm, help) (see --help)", stderr().strip());
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertEquals(2, run());
        assertTrue(stderr().contains("Usage: java -jar vagtcentral-simulator.jar <command>"), stderr());
    }

    @Test
    void help() {
        assertEquals(0, run("--help"));
        assertTrue(stdout().contains("baseline-server"));
        assertTrue(stdout().contains("2   bad command line"), stdout());
        assertEquals(0, run("-h"));
        assertTrue(stderr().isEmpty(), stderr());
    }

    @ParameterizedTest(name = "{0} --help")
    @CsvSource(delimiter = '|', value = {
        "send            | --account=ACCT    | device account, 3-16 hex digits (required)",
        "send            | --ack-timeout=D   | (default 2s)",
        "load            | --encrypted-accounts=L | ACCT:HEXKEY",
        "load            | --mix=SPEC        | (default emergency=80,test=15,null=5",
        "baseline-server | --port=PORT       | (default 7112; 0 picks a free one)",
        "abuse           | --probe-limit=D   | (default 1s)",
        "storm           | --supervision-interval=D | raises \"no contact\"",
        "send            | --protocol=P      | dc09 | scaip (default dc09)",
        "load            | --passwords=L     | CID:PASSWORD",
        "load            | --first-account=ACCT | (default 1000, so 1000..10FF)",
        "baseline-server | --mrs-style=S     | (default body)",
        "send            | --host=HOST       | receiver host (default 127.0.0.1)",
        "load            | --port=PORT       | receiver port (required)",
        "load            | --io-threads=N    | client event-loop threads, 1-256 (default: CPUs)",
        "storm           | --attempts=N      | transmissions per message at most, 1-1000 (default 10)",
        "storm           | --deadline=D      | per-message deadline (default 60s)",
    })
    void helpOfACommandListsItsOptionsWithTheirDefaults(String command, String option, String text) {
        assertEquals(0, run(command, "--help"));
        assertTrue(stdout().startsWith("Usage: java -jar vagtcentral-simulator.jar " + command + " "), stdout());
        assertTrue(stdout().contains(option), stdout());
        assertTrue(stdout().contains(text), stdout());
        assertTrue(stderr().isEmpty(), stderr());

        out.reset();
        assertEquals(0, run("help", command));
        assertTrue(stdout().contains(option), stdout());
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
    void durationsAreWrittenAsInTheServersConfiguration() {
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0)) {
            int code = run("send", "--port", String.valueOf(server.port()), "--account", "1000", "--transport", "udp",
                    "--ack-timeout", "PT1S", "--deadline", "0.5m", "--clock-skew", "-90s");

            assertEquals(0, code, stdout() + stderr());
            assertTrue(stdout().contains("result:  ACKED"), stdout());
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
    void sendAScaipFallAlarmOverUdpPrintsTheMrsAndTheLatency() {
        try (BaselineServer server = BaselineServer.start("127.0.0.1", 0)) {
            int code = run("send", "--protocol", "scaip", "--transport", "udp", "--port", String.valueOf(server.port()),
                    "--account", "4510001000", "--event", "fall", "--ref", "ABC123", "--crd", "gsm:+4512345678");

            assertEquals(0, code, stdout() + stderr());
            assertTrue(stdout().contains("sending SCAIP MESSAGE ref ABC123 [mty=ME dty=5 stc=9 crd=gsm:+4512345678] cid"
                    + " 4510001000 via udp to 127.0.0.1:" + server.port()), stdout());
            assertTrue(stdout().contains("sent:    MESSAGE sip:alarm@127.0.0.1:" + server.port() + " SIP/2.0 <mrq><ref>"
                    + "ABC123</ref><cid>4510001000</cid>"), stdout());
            assertTrue(stdout().contains("reply:   <mrs> ref ABC123 snu 0 (OK)"), stdout());
            assertTrue(stdout().contains("result:  ACKED after 1 attempt(s), 0 digest challenge(s)"), stdout());
            assertTrue(stdout().matches("(?s).*latency: [0-9.]+ ms first send -> <mrs> snu 0.*"), stdout());
            assertEquals(1, server.mrsOk());
        }
    }

    @Test
    void sendScaipWithAPasswordAnswersTheChallenge() {
        try (ScaipResponder receiver = new ScaipResponder()) {
            receiver.password = "pw";
            int code = run("send", "--protocol", "scaip", "--port", String.valueOf(receiver.port()), "--account",
                    "4510001007", "--password", "pw", "--event", "emergency");

            assertEquals(0, code, stdout() + stderr());
            assertTrue(stdout().contains("result:  ACKED after 2 attempt(s), 1 digest challenge(s)"), stdout());
            assertTrue(stdout().contains("(with a password)"), stdout());
            assertTrue(!stdout().contains("pw "), "the password is not printed: " + stdout());
        }
    }

    @Test
    void sendScaipAnsweredWithAnotherSnuExitsWith1() {
        try (ScaipResponder receiver = new ScaipResponder()) {
            receiver.status = m -> dk.vagtcentral.protocol.scaip.ScaipStatus.NOT_TREATED;
            int code = run("send", "--protocol", "scaip", "--port", String.valueOf(receiver.port()), "--account",
                    "4510001000");

            assertEquals(1, code, stdout() + stderr());
            assertTrue(stdout().contains("reply:   <mrs> ref "), stdout());
            assertTrue(stdout().contains("snu 5 (not treated) ste=not treated"), stdout());
            assertTrue(stdout().contains("result:  REFUSED after 1 attempt(s)"), stdout());
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
