package dk.vagtcentral.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    static final TrustedProxies PROXIES = TrustedProxies.parse(List.of("10.0.0.5", "192.168.1.0/24", "fd00::/8"));

    @Test
    void addressesAndBlocksOfBothFamiliesAreTrusted() {
        assertThat(PROXIES.trusts("10.0.0.5")).isTrue();
        assertThat(PROXIES.trusts("10.0.0.6")).isFalse();
        assertThat(PROXIES.trusts("192.168.1.200")).isTrue();
        assertThat(PROXIES.trusts("192.168.2.1")).isFalse();
        assertThat(PROXIES.trusts("fd12:3456::1")).isTrue();
        assertThat(PROXIES.trusts("fe80::1")).isFalse();
        assertThat(PROXIES.trusts("::ffff:10.0.0.5")).as("IPv4-mapped").isTrue();
        assertThat(PROXIES.trusts("localhost")).as("never a name").isFalse();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts("203.0.113.9")).isTrue();
        assertThat(TrustedProxies.parse(List.of("10.1.2.3/31")).trusts("10.1.2.2")).isTrue();
        assertThat(TrustedProxies.parse(List.of("10.1.2.3/31")).trusts("10.1.2.4")).isFalse();
    }

    @Test
    void theClientIsTheRightmostUntrustedEntryAndOnlyWhenThePeerIsTrusted() {
        assertThat(PROXIES.client("10.0.0.5", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        // whatever the client wrote itself stands further left
        assertThat(PROXIES.client("10.0.0.5", List.of("1.1.1.1, 203.0.113.7"))).isEqualTo("203.0.113.7");
        // a chain of trusted proxies is walked through
        assertThat(PROXIES.client("10.0.0.5", List.of("1.1.1.1, 203.0.113.7, 192.168.1.9"))).isEqualTo("203.0.113.7");
        assertThat(PROXIES.client("10.0.0.5", List.of("1.1.1.1", "203.0.113.7:4711"))).isEqualTo("203.0.113.7");
        assertThat(PROXIES.client("10.0.0.5", List.of("[2001:db8::7]:443"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        // a peer that is not a proxy is the client, whatever it claims
        assertThat(PROXIES.client("203.0.113.66", List.of("10.9.9.9"))).isEqualTo("203.0.113.66");
        assertThat(TrustedProxies.NONE.client("10.0.0.5", List.of("203.0.113.7"))).isEqualTo("10.0.0.5");
        // nothing forwarded, or garbage: the last trusted hop is all anyone knows
        assertThat(PROXIES.client("10.0.0.5", List.of())).isEqualTo("10.0.0.5");
        assertThat(PROXIES.client("10.0.0.5", List.of("evil.example, 192.168.1.9"))).isEqualTo("192.168.1.9");
        assertThat(PROXIES.client("10.0.0.5", List.of("unknown"))).isEqualTo("10.0.0.5");
    }

    @Test
    void aMalformedEntryIsAConfigurationErrorNamingTheKey() {
        for (String bad : List.of("10.0.0.300", "10.0.0.0/33", "fd00::/129", "proxy.example", "10.0.0.0/x", "")) {
            assertThatThrownBy(() -> TrustedProxies.parse(List.of(bad))).as(bad)
                    .isInstanceOfSatisfying(ConfigException.class,
                            e -> assertThat(e.key()).isEqualTo("http.trusted-proxies"));
        }
    }
}
