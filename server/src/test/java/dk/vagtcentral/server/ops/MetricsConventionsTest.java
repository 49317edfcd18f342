package dk.vagtcentral.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.AdvancingClock;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics as Prometheus expects it: every metric explained, durations in seconds, the build and the open alarms
 * visible. Scraped from a real server, so a meter added later without a description or in milliseconds fails here.
 */
class MetricsConventionsTest {
    @TempDir
    static Path dataDir;
    static final AdvancingClock CLOCK = new AdvancingClock();
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of(), CLOCK);
        // traffic, so the meters registered on first use are in the scrape too
        TestTown.send(server, 1, "1003", "YT001");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Scrape scrape() throws Exception {
        HttpResponse<String> r = server.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return new Scrape(r.body());
    }

    @Test
    void everyMetricHasHelpText() throws Exception {
        Scrape s = scrape();
        assertThat(s.help).as("HELP lines").isNotEmpty();
        List<String> bare = new ArrayList<>();
        s.help.forEach((name, text) -> {
            if (text.isBlank()) {
                bare.add(name);
            }
        });
        assertThat(bare).as("metrics whose # HELP has no text").isEmpty();
        // and every sample belongs to a metric that has a HELP line (histogram and counter suffixes aside)
        for (String name : s.names()) {
            String family = name.replaceFirst("_(bucket|count|sum|created)$", "");
            assertThat(s.help.containsKey(family) || s.help.containsKey(name)).as("HELP for " + name).isTrue();
        }
    }

    @Test
    void durationsAreInSeconds() throws Exception {
        Pattern otherUnit = Pattern.compile(".*_(ms|millis|milliseconds|us|micros|ns|nanos|nanoseconds|minutes|hours)"
                + "(_total|_bucket|_count|_sum|_max)?$");
        Scrape s = scrape();
        List<String> wrong = s.names().stream().filter(n -> otherUnit.matcher(n).matches()).toList();
        assertThat(wrong).as("metric names in a unit other than seconds").isEmpty();
        assertThat(s.names()).contains("process_cpu_seconds_total");
    }

    @Test
    void buildInfoNamesTheVersionBuilt() throws Exception {
        List<Scrape.Sample> info = scrape().find("vagtcentral_build_info", Map.of());
        assertThat(info).hasSize(1);
        assertThat(info.get(0).value()).isEqualTo(1.0);
        String version = info.get(0).labels().get("version");
        // surefire passes the pom's version (server/pom.xml); outside Maven at least a filled-in one
        String expected = System.getProperty("vagtcentral.version");
        if (expected != null) {
            assertThat(version).isEqualTo(expected);
        } else {
            assertThat(version).isNotBlank().doesNotContain("${").isNotEqualTo("unknown");
        }
        assertThat(info.get(0).labels()).containsKey("commit");
    }

    @Test
    void escalationLabelsHoldOneDimensionEach() throws Exception {
        // the dispatcher used to count "step:ACTED" and "MUNICIPAL_HOME_CARE" under one label
        for (Scrape.Sample sample : scrape().samples) {
            sample.labels().forEach((k, v) -> assertThat(v).as(sample.name() + " label " + k).doesNotContain("step:"));
            assertThat(sample.labels()).as(sample.name()).doesNotContainKey("what");
        }
    }

    @Test
    void openAlarmsAndTheOldestUnacknowledgedCall() throws Exception {
        long sentAt = System.nanoTime();
        long id = TestTown.send(server, 2, "1004", "QA001");
        // routed first: read before the dispatcher's turn it would still be RECEIVED, and the gauge would then
        // count it under NOTIFIED
        await().atMost(Duration.ofSeconds(20)).until(() -> "NOTIFIED".equals(
                TestTown.alarm(server, id).getJsonObject("status").getString("state")));
        Map<String, String> waiting = Map.of("state", "NOTIFIED", "handling", "CALL");
        Map<String, String> taken = Map.of("state", "ACKNOWLEDGED", "handling", "CALL");
        String age = "vagtcentral_oldest_unacknowledged_call_age_seconds";

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Scrape s = scrape();
            assertThat(s.value("vagtcentral_alarms_open", waiting)).isEqualTo(1.0);
            assertThat(s.value("vagtcentral_alarms_open", taken)).isZero();
            // the technical notice sent at the start is open too, under its own handling
            assertThat(s.find("vagtcentral_alarms_open", Map.of("handling", "SERVICE_NOTICE")).stream()
                    .mapToDouble(Scrape.Sample::value).sum()).isEqualTo(1.0);
        });

        // two minutes pass (less than the first ladder step): the call's age follows the clock
        CLOCK.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            double seconds = scrape().value(age, Map.of());
            double wall = (System.nanoTime() - sentAt) / 1e9;
            assertThat(seconds).isBetween(120.0, 120.0 + wall + 1);
        });

        HttpResponse<String> ack = server.post("/api/v1/alarms/" + id + "/acknowledge",
                new JsonObject().put("actor", "admin").encode());
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Scrape s = scrape();
            assertThat(s.value("vagtcentral_alarms_open", waiting)).isZero();
            assertThat(s.value("vagtcentral_alarms_open", taken)).isEqualTo(1.0);
            assertThat(s.value(age, Map.of())).as("no call waits").isZero();
        });
    }
}
