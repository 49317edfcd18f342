package dk.vagtcentral.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.demo.DemoDevices;
import dk.vagtcentral.simulator.AlarmApiVerifier;
import dk.vagtcentral.simulator.LoadConfig;
import dk.vagtcentral.simulator.LoadResult;
import dk.vagtcentral.simulator.LoadRunner;
import dk.vagtcentral.simulator.Transport;
import dk.vagtcentral.simulator.VerifyResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulated alarm devices against a real server: every ACK matches exactly one stored alarm. */
class EndToEndTest {
    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void everyAckedAlarmIsStoredExactlyOnce(Transport transport) throws Exception {
        LoadResult result = LoadRunner.run(LoadConfig.defaults("127.0.0.1", server.server.dc09Port())
                .withTransport(transport)
                .withDevices(32)
                .withFirstAccount(DemoDevices.FIRST_PLAIN + 64L * transport.ordinal())
                .withConnections(8)
                .withRate(400)
                .withDuration(Duration.ofSeconds(2))
                .withWarmup(Duration.ZERO)
                .withMessageLimit(600)
                .withFormats(LoadConfig.Formats.MIXED)
                .withKeepAcked(true));
        assertThat(result.failed()).isZero();
        assertThat(result.duh()).isZero();
        assertThat(result.ackedAlarms()).isNotEmpty();
        VerifyResult verify = new AlarmApiVerifier(URI.create(server.baseUrl())).withToken(server.token())
                .verify(result.ackedAlarms(), result.startedAt().minusSeconds(2));
        assertThat(verify.missing()).as(verify.summaryLine()).isZero();
        assertThat(verify.duplicated()).as(verify.summaryLine()).isZero();
        assertThat(verify.found()).isEqualTo(result.ackedAlarms().size());
    }

    @Test
    void encryptedDevicesOfAllKeyLengthsAreStored() throws Exception {
        LoadResult result = LoadRunner.run(LoadConfig.defaults("127.0.0.1", server.server.dc09Port())
                .withTransport(Transport.TCP)
                .withDevices(3)
                .withFirstAccount(0x2000)
                .withEncryptedAccounts(Map.of(
                        DemoDevices.AES128_ACCOUNT, Dc09Cipher.parseKey(DemoDevices.AES128_KEY),
                        DemoDevices.AES192_ACCOUNT, Dc09Cipher.parseKey(DemoDevices.AES192_KEY),
                        DemoDevices.AES256_ACCOUNT, Dc09Cipher.parseKey(DemoDevices.AES256_KEY)))
                .withConnections(3)
                .withRate(60)
                .withDuration(Duration.ofSeconds(2))
                .withWarmup(Duration.ZERO)
                .withMessageLimit(60)
                .withKeepAcked(true));
        assertThat(result.failed()).isZero();
        VerifyResult verify = new AlarmApiVerifier(URI.create(server.baseUrl())).withToken(server.token())
                .verify(result.ackedAlarms(), result.startedAt().minusSeconds(2));
        assertThat(verify.ok()).as(verify.summaryLine()).isTrue();
        assertThat(result.ackedAlarms().stream().map(a -> a.account()).distinct())
                .containsExactlyInAnyOrder(DemoDevices.AES128_ACCOUNT, DemoDevices.AES192_ACCOUNT, DemoDevices.AES256_ACCOUNT);
    }
}
