package dk.vagtcentral.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.simulator.AlarmApiVerifier;
import dk.vagtcentral.simulator.LoadConfig;
import dk.vagtcentral.simulator.LoadResult;
import dk.vagtcentral.simulator.LoadRunner;
import dk.vagtcentral.simulator.Transport;
import dk.vagtcentral.simulator.VerifyResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability judge: the server runs as a separate JVM, is killed with destroyForcibly() while
 * devices are sending, and restarted on the same data directory. The devices retransmit what was not
 * ACKed; afterwards every alarm a device saw ACKed must be stored exactly once.
 */
class CrashTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern STORED = Pattern.compile("(?m)^vagtcentral_alarms_stored_total\\{[^}]*} ([0-9.E]+)$");

    @TempDir
    Path dir;
    ServerProcess server;
    int dc09Port;
    int httpPort;

    @AfterEach
    void killLeftovers() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyAckedAlarmSurvivesAKilledServerExactlyOnce() throws Exception {
        server = new ServerProcess(dir, "");
        dc09Port = server.dc09Port;
        httpPort = server.httpPort;
        server.start();
        CompletableFuture<LoadResult> load = CompletableFuture.supplyAsync(() -> {
            try {
                return LoadRunner.run(LoadConfig.defaults("127.0.0.1", dc09Port)
                        .withTransport(Transport.TCP)
                        .withDevices(128)
                        .withConnections(16)
                        .withRate(1500)
                        .withDuration(Duration.ofSeconds(8))
                        .withWarmup(Duration.ZERO)
                        .withAckTimeout(Duration.ofSeconds(1))
                        .withDeadline(Duration.ofSeconds(60))
                        .withKeepAcked(true));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // kill only once alarms are being committed, i.e. mid-run
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> storedSoFar() >= 1500);
        server.kill();
        assertThat(load).as("the load run goes on while the server is down").isNotDone();
        server.start();

        LoadResult result = load.get(120, TimeUnit.SECONDS);
        assertThat(result.failed()).as("messages never ACKed: %s", result.failureSamples()).isZero();
        assertThat(result.clientLog().disconnects()).as("the kill dropped the devices' connections").isPositive();
        VerifyResult verify = new AlarmApiVerifier(URI.create("http://127.0.0.1:" + httpPort)).withToken(server.token())
                .verify(result.ackedAlarms(), result.startedAt().minusSeconds(2));
        assertThat(verify.missing()).as(verify.summaryLine()).isZero();
        assertThat(verify.duplicated()).as(verify.summaryLine()).isZero();
        assertThat(verify.found()).isEqualTo(result.ackedAlarms().size());
    }

    private long storedSoFar() throws IOException, InterruptedException {
        Matcher m = STORED.matcher(get("/metrics").body());
        long total = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return server.get(path);
    }
}
