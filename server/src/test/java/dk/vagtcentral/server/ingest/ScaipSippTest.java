package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCAIP receiver driven by an independent SIP implementation: SIPp (Debian package {@code sip-tester}), run as a
 * process against the receiver on 127.0.0.1, with the scenarios in {@code src/test/resources/sipp/}. SIPp checks the
 * SIP side (responses, the {@code <mrs>} MESSAGE, digest); this test checks what was stored. Skipped with a message
 * where SIPp is not installed.
 */
class ScaipSippTest {
    static final Path SIPP = Path.of("/usr/bin/sipp");
    @TempDir
    static Path dataDir;
    static TestServer server;
    static final String GUARDED = "4530000001";
    static final String BODY_STYLE = "4530000002";
    static final String PASSWORD = "sipp-device-secret";

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SIPP), "SIPp is not installed at " + SIPP
                + " (Debian package sip-tester); skipping the SIPp scenarios");
        server = TestServer.start(dataDir, Map.of("scaip.port", 0));
        assertThat(server.put("/api/v1/admin/devices/" + GUARDED, new JsonObject().put("protocol", "SCAIP")
                .put("password", PASSWORD).encode()).statusCode()).isEqualTo(201);
        assertThat(server.put("/api/v1/admin/devices/" + BODY_STYLE, new JsonObject().put("protocol", "SCAIP")
                .put("mrsStyle", "BODY").encode()).statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonArray alarmsOf(String account) throws Exception {
        return new JsonObject(server.get("/api/v1/alarms?account=" + account + "&limit=1000").body())
                .getJsonArray("items");
    }

    /** Runs one SIPp call of {@code scenario}; returns SIPp's exit code (0: every call succeeded). */
    static int sipp(String scenario, String transport, String... extra) throws Exception {
        Path file = resource("sipp/" + scenario);
        int localPort = freePort(transport);
        Path log = dataDir.resolve(scenario + "-" + transport + "-" + localPort + ".log");
        List<String> command = new ArrayList<>(List.of(SIPP.toString(), "127.0.0.1:" + server.server.scaipPort(),
                "-sf", file.toString(), "-m", "1", "-t", transport.equals("tcp") ? "t1" : "u1", "-i", "127.0.0.1",
                "-p", Integer.toString(localPort), "-nostdin", "-timeout", "30s", "-timeout_error",
                "-recv_timeout", "10000", "-trace_msg", "-message_file", log.toString()));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(scenario + "-" + transport + ".out").toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("SIPp did not finish " + scenario + " within 60 s");
            }
        } finally {
            p.destroy(); // this test's own process, by its handle
        }
        if (p.exitValue() != 0) {
            System.err.println("SIPp " + scenario + " over " + transport + " exited " + p.exitValue() + "; messages:\n"
                    + (Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no log)"));
        }
        return p.exitValue();
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ScaipSippTest.class.getClassLoader().getResource(name).toURI());
    }

    static int freePort(String transport) throws IOException {
        if (transport.equals("tcp")) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                return s.getLocalPort();
            }
        }
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void anAlarmIsAnsweredByMessageAfterItIsStoredOnce(String transport) throws Exception {
        String cid = transport.equals("udp") ? "4510001020" : "4510001021";
        assertThat(sipp("scaip-alarm-message-style.xml", transport, "-key", "cid", cid, "-key", "ref", "SIPP1"))
                .isZero();
        JsonArray stored = alarmsOf(cid);
        assertThat(stored).hasSize(1);
        JsonObject alarm = stored.getJsonObject(0);
        assertThat(alarm.getString("category")).isEqualTo("EMERGENCY");
        assertThat(alarm.getString("source")).isEqualTo(transport.equals("udp") ? "SCAIP_UDP" : "SCAIP_TCP");
        assertThat(alarm.getString("callbackAddress")).isEqualTo("gsm:+4520000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void aControllerWithAPasswordPassesTheDigestChallenge(String transport) throws Exception {
        String ref = "SIPPD" + transport.toUpperCase();
        assertThat(sipp("scaip-alarm-digest.xml", transport, "-key", "cid", GUARDED, "-key", "ref", ref,
                "-au", GUARDED, "-ap", PASSWORD)).isZero();
        assertThat(alarmsOf(GUARDED).stream().map(o -> ((JsonObject) o).getString("data"))
                .filter(d -> d.contains("<ref>" + ref + "</ref>"))).hasSize(1);
        // the wrong password is challenged again, and SIPp's call fails at the second 401
        assertThat(sipp("scaip-alarm-digest.xml", transport, "-key", "cid", GUARDED, "-key", "ref", ref + "X",
                "-au", GUARDED, "-ap", "not-the-password")).isNotZero();
        assertThat(alarmsOf(GUARDED).stream().map(o -> ((JsonObject) o).getString("data"))
                .filter(d -> d.contains("<ref>" + ref + "X</ref>"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void theBodyStyleCarriesTheMrsInThe200(String transport) throws Exception {
        String ref = "SIPPB" + transport.toUpperCase();
        assertThat(sipp("scaip-alarm-body-style.xml", transport, "-key", "cid", BODY_STYLE, "-key", "ref", ref))
                .isZero();
        assertThat(alarmsOf(BODY_STYLE).stream().map(o -> ((JsonObject) o).getString("data"))
                .filter(d -> d.contains("<ref>" + ref + "</ref>"))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void optionsIsAnswered(String transport) throws Exception {
        assertThat(sipp("scaip-options.xml", transport, "-key", "cid", "4510001022")).isZero();
    }
}
