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
        LoadResult result = LoadRunner.run(LoadConfig.builder("127.0.0.1", server.server.dc09Port())
                .transport(transport)
                .devices(32)
                .firstAccount(DemoDevices.FIRST_PLAIN + 64L * transport.ordinal())
                .connections(8)
                .rate(400)
                .duration(Duration.ofSeconds(2))
                .warmup(Duration.ZERO)
                .messageLimit(600)
                .formats(LoadConfig.Formats.MIXED)
                .keepAcked(true)
                .build());
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
        LoadResult result = LoadRunner.run(LoadConfig.builder("127.0.0.1", server.server.dc09Port())
                .transport(Transport.TCP)
                .devices(3)
                .firstAccount(0x2000)
                .encryptedAccounts(Map.of(
                        DemoDevices.AES128_ACCOUNT, Dc09Cipher.parseKey(DemoDevices.AES128_KEY),
                        DemoDevices.AES192_ACCOUNT, Dc09Cipher.parseKey(DemoDevices.AES192_KEY),
                        DemoDevices.AES256_ACCOUNT, Dc09Cipher.parseKey(DemoDevices.AES256_KEY)))
                .connections(3)
                .rate(60)
                .duration(Duration.ofSeconds(2))
                .warmup(Duration.ZERO)
                .messageLimit(60)
                .keepAcked(true)
                .build());
        assertThat(result.failed()).isZero();
        VerifyResult verify = new AlarmApiVerifier(URI.create(server.baseUrl())).withToken(server.token())
                .verify(result.ackedAlarms(), result.startedAt().minusSeconds(2));
        assertThat(verify.ok()).as(verify.summaryLine()).isTrue();
        assertThat(result.ackedAlarms().stream().map(a -> a.account()).distinct())
                .containsExactlyInAnyOrder(DemoDevices.AES128_ACCOUNT, DemoDevices.AES192_ACCOUNT, DemoDevices.AES256_ACCOUNT);
    }
}
