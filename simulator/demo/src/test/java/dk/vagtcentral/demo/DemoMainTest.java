package dk.vagtcentral.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.VagtcentralServer;
import dk.vagtcentral.server.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo launcher: a server with its demo data, live DC-09 traffic from simulated devices, simulated desks. */
class DemoMainTest {

    @TempDir
    Path dir;

    @Test
    void theDemoDevicesSendRealDc09AndScaipAlarmsAndTheSimulatedDesksAnswerSome() throws Exception {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("data-dir", dir.toString());
        overrides.put("demo", true);
        overrides.put("dc09.host", "127.0.0.1");
        overrides.put("dc09.port", 0);
        overrides.put("http.host", "127.0.0.1");
        overrides.put("http.port", 0);
        overrides.put("scaip.port", 0);
        overrides.put("auth.admin-password", "demo-test-admin-password");
        // a desk acknowledges 20-170 s of rule time after the alarm: well under two seconds here
        overrides.put("dispatch.time-scale", 120);
        try (VagtcentralServer server = VagtcentralServer.start(ConfigLoader.load(null, overrides), Clock.systemUTC());
             AutoCloseable demo = DemoMain.startCompanions(server)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(count(server, "SELECT COUNT(*) FROM alarms WHERE source LIKE 'DC09%'")).isPositive();
                assertThat(count(server, "SELECT COUNT(*) FROM alarms WHERE source LIKE 'SCAIP%'")).isPositive();
                assertThat(count(server, "SELECT COUNT(*) FROM alarm_timeline WHERE actor LIKE 'desk:demo-%'"))
                        .as("actions of the simulated dispatchers").isPositive();
            });
        }
    }

    @Test
    void helpNamesTheServerOptionsAndABadOptionIsOneLineWithExitCodeTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(DemoMain.run(new String[] {"--help"}, print(out), print(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("vagtcentral-demo.jar", "--time-scale", "--data-dir");

        assertThat(DemoMain.run(new String[] {"--bogus"}, print(out), print(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("vagtcentral: --bogus: unknown option (see --help)");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static long count(VagtcentralServer server, String sql) throws SQLException {
        try (Connection c = server.database().connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
