package dk.vagtcentral.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsComeFromTheShippedConfigFile() {
        ServerConfig c = ConfigLoader.load(null, Map.of());
        assertThat(c.dc09().port()).isEqualTo(7111);
        assertThat(c.http().port()).isEqualTo(8180);
        assertThat(c.dc09().maxAhead()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.dc09().maxBehind()).isEqualTo(Duration.ofSeconds(40));
        assertThat(c.store().url()).startsWith("jdbc:h2:file:").endsWith("vagtcentral");
        assertThat(c.dispatch().timeScale()).isEqualTo(1);
        assertThat(c.dispatch().municipalities()).as("built-in profiles").isNull();
        assertThat(c.dispatch().fallbackMunicipality()).isNull();
        assertThat(c.demo()).isFalse();
        assertThat(c.webhooks().allowLoopback()).as("webhooks to this machine only when asked for").isFalse();
        assertThat(c.webhooks().secretOverlap()).isEqualTo(Duration.ofHours(24));
        assertThat(c.webhooks().publicUrl()).isNull();
    }

    @Test
    void theWebhooksSectionIsReadAndChecked() throws Exception {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, "webhooks:\n  allow-loopback: true\n  secret-overlap: PT1H\n"
                + "  public-url: https://vagtcentral.example.dk/\n");
        ServerConfig c = ConfigLoader.load(file, Map.of());
        assertThat(c.webhooks().allowLoopback()).isTrue();
        assertThat(c.webhooks().secretOverlap()).isEqualTo(Duration.ofHours(1));
        assertThat(c.webhooks().publicUrl()).isEqualTo("https://vagtcentral.example.dk");
        assertKey("webhooks:\n  allow-loopback: yes please\n", "webhooks.allow-loopback");
        assertKey("webhooks:\n  secret-overlap: a day\n", "webhooks.secret-overlap");
        assertKey("webhooks:\n  public-url: ftp://vagtcentral.example.dk\n", "webhooks.public-url");
        assertKey("webhooks:\n  public-url: https://vagtcentral.example.dk/?x=1\n", "webhooks.public-url");
        assertKey("webhooks:\n  deny-private: true\n", "webhooks.deny-private");
    }

    @Test
    void fileOverridesDefaultsAndFlagsOverrideTheFile() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "dc09:\n  port: 9000\n  max-clock-drift: PT2H\nhttp:\n  port: 9001\n");
        ServerConfig c = ConfigLoader.load(file, Map.of("http.port", "9002"));
        assertThat(c.dc09().port()).isEqualTo(9000);
        assertThat(c.dc09().maxClockDrift()).isEqualTo(Duration.ofHours(2));
        assertThat(c.http().port()).isEqualTo(9002);
    }

    @Test
    void durationsTakeTheSimulatorsShorthandAsWellAsIso8601() throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, "dc09:\n  max-clock-drift: 2h\n  max-ahead: 20s\nwebhooks:\n  secret-overlap: 1.5d\n");
        ServerConfig c = ConfigLoader.load(file, Map.of("dc09.max-behind", "PT40S"));
        assertThat(c.dc09().maxClockDrift()).isEqualTo(Duration.ofHours(2));
        assertThat(c.dc09().maxAhead()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.dc09().maxBehind()).isEqualTo(Duration.ofSeconds(40));
        assertThat(c.webhooks().secretOverlap()).isEqualTo(Duration.ofHours(36));
        assertKey("dc09:\n  max-ahead: -20s\n", "dc09.max-ahead");
    }

    @Test
    void badValuesNameTheirKey() throws Exception {
        assertKey("dc09:\n  port: 70000\n", "dc09.port");
        assertKey("dc09:\n  max-ahead: 20 seconds\n", "dc09.max-ahead");
        assertKey("dc09:\n  udp: maybe\n", "dc09.udp");
        assertKey("dc09:\n  prot: 1\n", "dc09.prot");
        assertKey("store:\n  url: jdbc:mysql://x/y\n", "store.url");
        assertKey("store:\n  pool-size: 0\n", "store.pool-size");
        assertKey("dc09:\n  max-clock-drift: PT10S\n", "dc09.max-clock-drift");
        assertKey("dc09: [1, 2\n", "--config");
        assertKey("dispatch:\n  time-scale: 0\n", "dispatch.time-scale");
        assertKey("dispatch:\n  supervision-check: often\n", "dispatch.supervision-check");
    }

    @Test
    void theHttpEdgeKeysHaveSafeDefaultsAndAcceptAListOrACommaSeparatedOverride() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of());
        assertThat(c.http().tls()).isFalse();
        assertThat(c.http().trustedProxies()).isEmpty();
        assertThat(c.tls().configured()).isFalse();
        assertThat(c.auth().loginBackoffMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.http().headerTimeout()).isEqualTo(Duration.ofSeconds(10));

        Path file = dir.resolve("proxies.yaml");
        Files.writeString(file, "http:\n  trusted-proxies: [10.0.0.5, \"192.168.1.0/24\", \"::1\"]\n");
        assertThat(ConfigLoader.load(file, Map.of()).http().trustedProxies())
                .containsExactly("10.0.0.5", "192.168.1.0/24", "::1");
        assertThat(ConfigLoader.load(null, Map.of("http.trusted-proxies", "10.0.0.5, fd00::/8")).http()
                .trustedProxies()).containsExactly("10.0.0.5", "fd00::/8");

        assertKey("http:\n  trusted-proxies: [proxy.example.dk]\n", "http.trusted-proxies");
        assertKey("http:\n  trusted-proxies: [[10.0.0.1]]\n", "http.trusted-proxies");
        assertKey("http:\n  idle-timeout: PT1S\n", "http.idle-timeout");
        assertKey("http:\n  tls: yes please\n", "http.tls");
        assertKey("auth:\n  login-backoff-max: soon\n", "auth.login-backoff-max");
    }

    @Test
    void mainExitsWithCode2AndOneLineNamingTheKey() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(dk.vagtcentral.server.MainAccess.run(new String[]{"--http-port", "x"}, out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("vagtcentral: http.port: must be a whole number, got 'x'");
        err.reset();
        assertThat(dk.vagtcentral.server.MainAccess.run(new String[]{"--frobnicate"}, out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--frobnicate: unknown option");
        err.reset();
        assertThat(dk.vagtcentral.server.MainAccess.run(new String[]{"--config", dir.resolve("missing.yaml").toString()},
                out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config: no such file");
        err.reset();
        assertThat(dk.vagtcentral.server.MainAccess.run(new String[]{"--data-dir"}, out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--data-dir: needs a value");
        err.reset();
        assertThat(dk.vagtcentral.server.MainAccess.run(new String[]{"--municipalities", dir.resolve("none").toString(),
                "--data-dir", dir.resolve("data").toString()}, out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dispatch.municipalities: no such directory");
        err.reset();
        assertThat(dk.vagtcentral.server.MainAccess.run(new String[]{"--time-scale", "0"}, out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dispatch.time-scale: must be between 1");
    }

    private void assertKey(String yaml, String key) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
                .hasMessageStartingWith(key + ": ");
    }

    @Test
    void everyKeyCanComeFromTheEnvironmentBetweenTheFileAndTheFlags() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("env.yaml"), "http:\n  port: 9001\n");
        Map<String, String> env = Map.of("VAGTCENTRAL_HTTP_PORT", "9002", "VAGTCENTRAL_STORE_PASSWORD", "s3cret",
                "VAGTCENTRAL_DC09_MAX_IN_FLIGHT", "64", "VAGTCENTRAL_API_TOKEN", "the simulator's", "PATH", "/bin");
        ServerConfig c = ConfigLoader.load(file, Map.of(), env);
        assertThat(c.http().port()).as("the environment over the file").isEqualTo(9002);
        assertThat(c.store().password()).isEqualTo("s3cret");
        assertThat(c.dc09().limits().maxInFlight()).isEqualTo(64);
        assertThat(ConfigLoader.load(file, Map.of("http.port", "9003"), env).http().port())
                .as("a flag over the environment").isEqualTo(9003);
        assertThat(ConfigLoader.variable("dc09.max-unauthenticated-per-source"))
                .isEqualTo("VAGTCENTRAL_DC09_MAX_UNAUTHENTICATED_PER_SOURCE");
    }

    @Test
    void anEnvironmentVariableThatNamesNoKeyStopsTheStartNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(),
                        Map.of("VAGTCENTRAL_HTTP_PROT", "9002")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VAGTCENTRAL_HTTP_PROT");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(),
                        Map.of("VAGTCENTRAL_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
    }

    @Test
    void theNodeIdIsTheHostNameUnlessGivenAndMustBeFitForALogLine() {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).nodeId()).matches("[A-Za-z0-9._-]{1,64}");
        assertThat(ConfigLoader.load(null, Map.of("node.id", "node-b"), Map.of()).nodeId()).isEqualTo("node-b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(null,
                        Map.of("node.id", "b node=a"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("node.id");
    }
}
