package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.dispatch.WebhookTargets.Allowed;
import dk.vagtcentral.server.dispatch.WebhookTargets.Denied;
import dk.vagtcentral.server.dispatch.WebhookTargets.Reason;
import dk.vagtcentral.server.dispatch.WebhookTargets.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The deny list, with a resolver the test controls (no real DNS). */
class WebhookTargetsTest {
    /** Names this test's DNS knows; anything else does not resolve. */
    static final Map<String, List<String>> DNS = Map.of(
            "hooks.omsorg.test", List.of("203.0.113.10"),
            "vpn.omsorg.test", List.of("10.20.30.40", "192.168.1.5"),
            "rebind.test", List.of("203.0.113.10", "169.254.169.254"),
            "mixed.test", List.of("198.51.100.7", "127.0.0.1"),
            "localhost", List.of("127.0.0.1", "::1"));
    final List<String> lookedUp = new ArrayList<>();

    WebhookTargets.Resolver resolver() {
        return host -> {
            lookedUp.add(host);
            List<String> addresses = DNS.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[addresses.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(addresses.get(i));
            }
            return out;
        };
    }

    WebhookTargets strict() {
        return new WebhookTargets(false, resolver());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://169.254.169.254/latest/meta-data/     | METADATA",
            "http://[fd00:ec2::254]/latest/meta-data/     | METADATA",
            "http://metadata.google.internal/computeMetadata/v1/ | METADATA",
            "http://METADATA.google.internal./x           | METADATA",
            "https://169.254.10.20/hook                   | LINK_LOCAL",
            "https://[fe80::1]/hook                       | LINK_LOCAL",
            "https://[febf::abcd]/hook                    | LINK_LOCAL",
            "http://127.0.0.1:8180/api/v1/admin           | LOOPBACK",
            "http://127.1.2.3/hook                        | LOOPBACK",
            "http://[::1]:8080/hook                       | LOOPBACK",
            "http://[::127.0.0.1]/hook                    | LOOPBACK",
            "http://[::ffff:127.0.0.1]/hook               | LOOPBACK",
            "http://localhost:8180/hook                   | LOOPBACK",
            "http://0.0.0.0:8180/hook                     | UNSPECIFIED",
            "http://0.1.2.3/hook                          | UNSPECIFIED",
            "http://[::]/hook                             | UNSPECIFIED",
            "http://255.255.255.255/hook                  | UNSPECIFIED",
            "http://224.0.0.1/hook                        | MULTICAST",
            "http://239.255.255.250:1900/hook             | MULTICAST",
            "http://[ff02::1]/hook                        | MULTICAST",
            "ftp://hooks.omsorg.test/hook                 | SCHEME",
            "file:///etc/passwd                           | SCHEME",
            "gopher://hooks.omsorg.test/                  | SCHEME",
            "//hooks.omsorg.test/hook                     | SCHEME",
            "http:///nohost                               | INVALID_URL",
            "http://exa mple.test/                        | INVALID_URL",
            "https://rebind.test/hook                     | METADATA",
            "https://mixed.test/hook                      | LOOPBACK",
    })
    void refusesEachClassOfTarget(String url, Reason reason) {
        Verdict v = strict().check(url);
        assertThat(v).as(url).isInstanceOf(Denied.class);
        Denied d = (Denied) v;
        assertThat(d.reason()).as(url).isEqualTo(reason);
        assertThat(d.message()).isNotBlank().doesNotContain("meta-data").doesNotContain("computeMetadata");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.omsorg.test/alarms", "http://hooks.omsorg.test:8443/a?token=x",
            "https://203.0.113.10/hook", "https://vpn.omsorg.test/hook", "http://10.0.0.5/hook",
            "http://172.16.8.1/hook", "http://192.168.0.10:8080/hook", "http://[fd12:3456::1]/hook",
            "https://[2001:db8::10]/hook", "HTTPS://hooks.omsorg.test/hook"})
    void allowsPublicAndPrivateNetworkTargets(String url) {
        Verdict v = strict().check(url);
        assertThat(v).as(url).isInstanceOf(Allowed.class);
        assertThat(((Allowed) v).addresses()).isNotEmpty();
    }

    @Test
    void everyAddressANameResolvesToIsChecked() {
        Verdict v = strict().check("https://rebind.test/hook");
        assertThat(((Denied) v).message()).isEqualTo("host rebind.test resolves to 169.254.169.254, a cloud metadata "
                + "address");
        assertThat(((Denied) v).byUrl()).as("DNS may change: not a refusal of the URL itself").isFalse();
        Allowed vpn = (Allowed) strict().check("https://vpn.omsorg.test/hook");
        assertThat(vpn.addresses()).extracting(InetAddress::getHostAddress).containsExactly("10.20.30.40",
                "192.168.1.5");
    }

    @Test
    void loopbackIsAllowedOnlyWithTheKeyAndTheOtherClassesNever() {
        WebhookTargets dev = new WebhookTargets(true, resolver());
        for (String url : List.of("http://127.0.0.1:8180/hook", "http://[::1]/hook", "http://localhost/hook",
                "https://mixed.test/hook")) {
            assertThat(dev.check(url)).as(url).isInstanceOf(Allowed.class);
            Denied refused = (Denied) strict().check(url);
            assertThat(refused.reason()).isEqualTo(Reason.LOOPBACK);
            assertThat(refused.message()).contains("webhooks.allow-loopback");
        }
        for (String url : List.of("http://169.254.169.254/", "http://[fe80::1]/", "http://0.0.0.0/",
                "http://224.0.0.1/", "http://metadata.google.internal/", "ftp://localhost/")) {
            assertThat(dev.check(url)).as(url).isInstanceOf(Denied.class);
        }
    }

    @Test
    void literalsAreJudgedWithoutALookupAndTheirRefusalIsFinal() {
        Denied d = (Denied) strict().check("http://169.254.169.254/latest");
        assertThat(d.byUrl()).isTrue();
        assertThat(d.message()).isEqualTo("points at 169.254.169.254, a cloud metadata address");
        assertThat(strict().check("ftp://x/")).extracting(v -> ((Denied) v).byUrl()).isEqualTo(true);
        strict().check("http://[::1]/");
        strict().check("http://10.0.0.1/");
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void aNameThatDoesNotResolveIsUnresolvedAndMayBeTriedAgain() {
        Denied d = (Denied) strict().check("https://not-yet.omsorg.test/hook");
        assertThat(d.reason()).isEqualTo(Reason.UNRESOLVED);
        assertThat(d.byUrl()).isFalse();
        assertThat(d.message()).isEqualTo("host not-yet.omsorg.test does not resolve");
    }
}
