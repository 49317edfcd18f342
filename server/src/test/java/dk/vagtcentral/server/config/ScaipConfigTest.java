package dk.vagtcentral.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.protocol.scaip.MrsStyle;
import dk.vagtcentral.server.MainAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaipConfigTest {
    static ServerConfig load(Map<String, Object> overrides) {
        return ConfigLoader.load(null, new HashMap<>(overrides), Map.of());
    }

    @Test
    void theReceiverIsOffUntilAPortIsGiven() {
        ServerConfig.Scaip off = load(Map.of()).scaip();
        assertThat(off.enabled()).isFalse();
        assertThat(off.mrsStyle()).isEqualTo(MrsStyle.MESSAGE);
        assertThat(off.realm()).isEqualTo("vagtcentral");
        ServerConfig.Scaip on = load(Map.of("scaip.port", "5060", "scaip.mrs-style", "body")).scaip();
        assertThat(on.enabled()).isTrue();
        assertThat(on.port()).isEqualTo(5060);
        assertThat(on.udp()).isTrue();
        assertThat(on.mrsStyle()).isEqualTo(MrsStyle.BODY);
        assertThat(load(Map.of("scaip.port", 0)).scaip().port()).isZero();
    }

    @Test
    void badValuesStopTheStartNamingTheirKey() {
        assertThatThrownBy(() -> load(Map.of("scaip.port", "70000"))).hasMessageContaining("scaip.port");
        assertThatThrownBy(() -> load(Map.of("scaip.port", "5060", "scaip.tls", true)))
                .hasMessageContaining("scaip.tls").hasMessageContaining("tls.cert-file");
        assertThatThrownBy(() -> load(Map.of("scaip.mrs-style", "pigeon"))).hasMessageContaining("scaip.mrs-style");
        assertThatThrownBy(() -> load(Map.of("scaip.realm", "has space"))).hasMessageContaining("scaip.realm");
        assertThatThrownBy(() -> load(Map.of("scaip.port", "7111", "dc09.port", "7111")))
                .hasMessageContaining("scaip.port").hasMessageContaining("own");
    }

    @Test
    void theEnvironmentNamesTheKeysToo() {
        ServerConfig c = ConfigLoader.load(null, new HashMap<>(), Map.of("VAGTCENTRAL_SCAIP_PORT", "5070"));
        assertThat(c.scaip().port()).isEqualTo(5070);
    }

    @Test
    void theFlagIsKnownAndABadOneExitsWith2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(MainAccess.run(new String[]{"--help"}, new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--scaip-port N");
        assertThat(MainAccess.run(new String[]{"--scaip-port", "x"}, new PrintStream(out), new PrintStream(err)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("scaip.port");
    }
}
