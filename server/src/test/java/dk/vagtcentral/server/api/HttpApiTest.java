package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class HttpApiTest {
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

    @Test
    void jsonAlarmIsCreatedAndReadBackWithItsTimeline() throws Exception {
        HttpResponse<String> created = server.post("/api/v1/alarms",
                "{\"account\":\"1020\",\"eventCode\":\"101\",\"zone\":\"3\",\"text\":\"pull cord\",\"time\":\"2026-01-01T10:00:00Z\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        long id = new JsonObject(created.body()).getLong("id");
        assertThat(created.headers().firstValue("location")).contains("/api/v1/alarms/" + id);

        JsonObject alarm = new JsonObject(server.get("/api/v1/alarms/" + id).body());
        assertThat(alarm.getString("category")).isEqualTo("EMERGENCY");
        assertThat(alarm.getString("eventCode")).isEqualTo("101");
        assertThat(alarm.getString("eventQualifier")).isEqualTo("1");
        assertThat(alarm.getString("text")).isEqualTo("pull cord");
        assertThat(alarm.getString("deviceTime")).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(alarm.getString("source")).isEqualTo("API");
        assertThat(alarm.getJsonArray("timeline").getJsonObject(0).getString("kind")).isEqualTo("RECEIVED");
    }

    @Test
    void idempotencyKeyMakesARetrySafe() throws Exception {
        String body = "{\"account\":\"1021\",\"eventCode\":\"QA\"}";
        HttpResponse<String> first = server.post("/api/v1/alarms", body, "Idempotency-Key", "k-42");
        HttpResponse<String> again = server.post("/api/v1/alarms", body, "Idempotency-Key", "k-42");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(again.body()).getLong("id")).isEqualTo(new JsonObject(first.body()).getLong("id"));
        assertThat(new JsonObject(again.body()).getBoolean("duplicate")).isTrue();
        assertThat(server.post("/api/v1/alarms", body).statusCode()).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "not json                                              | 400 | body must be a JSON object",
            "[1,2]                                                 | 400 | body must be a JSON object",
            "{}                                                    | 400 | account is required",
            "{\"account\":\"12\",\"eventCode\":\"QA\"}             | 400 | account must be 3-16 hex digits",
            "{\"account\":1020,\"eventCode\":\"QA\"}               | 400 | account: must be a string",
            "{\"account\":\"1020\"}                                | 400 | eventCode is required",
            "{\"account\":\"1020\",\"eventCode\":\"Q1\"}           | 400 | eventCode must be",
            "{\"account\":\"1020\",\"eventCode\":\"101\",\"qualifier\":\"9\"} | 400 | qualifier must be",
            "{\"account\":\"1020\",\"eventCode\":\"QA\",\"zone\":\"a b\"}     | 400 | zone must be",
            "{\"account\":\"1020\",\"eventCode\":\"QA\",\"time\":\"yesterday\"} | 400 | time must be an ISO-8601 instant",
            "{\"account\":\"1020\",\"eventCode\":\"QA\",\"time\":\"2999-01-01T00:00:00Z\"} | 400 | time lies in the future",
            "{\"account\":\"1020\",\"eventCode\":\"QA\",\"zoen\":\"1\"}       | 400 | unknown field 'zoen'",
            "{\"account\":\"FFFF\",\"eventCode\":\"QA\"}           | 422 | no device is registered with account FFFF",
    })
    void badAlarmRequestsAreRefusedWithAMessageAndStoreNothing(String body, int status, String message) throws Exception {
        long before = total();
        HttpResponse<String> response = server.post("/api/v1/alarms", body);
        assertThat(response.statusCode()).isEqualTo(status);
        JsonObject error = new JsonObject(response.body());
        assertThat(error.getString("message")).contains(message);
        assertThat(error.getString("error")).isNotBlank();
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void readsReportBadParametersAndMissingAlarms() throws Exception {
        assertThat(server.get("/api/v1/alarms/abc").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = server.get("/api/v1/alarms/999999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(missing.body()).getString("error")).isEqualTo("not_found");
        assertThat(server.get("/api/v1/alarms?limit=0").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/v1/alarms?limit=5000").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/v1/alarms?account=xyz!").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/v1/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void listPagesThroughAlarmsInIdOrder() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(server.post("/api/v1/alarms", "{\"account\":\"1022\",\"eventCode\":\"RP\"}").statusCode()).isEqualTo(201);
        }
        JsonObject page1 = new JsonObject(server.get("/api/v1/alarms?account=1022&limit=3").body());
        assertThat(page1.getJsonArray("items")).hasSize(3);
        long next = page1.getLong("nextAfterId");
        JsonObject page2 = new JsonObject(server.get("/api/v1/alarms?account=1022&limit=3&afterId=" + next).body());
        assertThat(page2.getJsonArray("items")).hasSize(2);
        assertThat(page2.getValue("nextAfterId")).isNull();
        assertThat(page2.getJsonArray("items").getJsonObject(0).getLong("id")).isGreaterThan(next);
    }

    @Test
    void healthAndMetrics() throws Exception {
        HttpResponse<String> health = server.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(health.body()).getString("database")).isEqualTo("UP");
        assertThat(new JsonObject(health.body()).getJsonObject("dispatcher").getBoolean("alive")).isTrue();
        server.post("/api/v1/alarms", "{\"account\":\"1023\",\"eventCode\":\"FA\"}");
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("vagtcentral_alarms_stored_total{category=\"FIRE\",source=\"API\"}");
        assertThat(metrics).contains("vagtcentral_store_commit_seconds_bucket");
        assertThat(metrics).contains("vagtcentral_dc09_ack_latency_seconds");
        assertThat(metrics).contains("vagtcentral_dc09_connections_open");
        assertThat(metrics).containsPattern("vagtcentral_node_info\\{node=\"[A-Za-z0-9._-]+\"\\} 1(\\.0)?");
    }

    @Test
    void livenessAndReadinessForAnOrchestrator(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = server.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("READY");
        try (TestServer other = TestServer.start(dir, java.util.Map.of())) {
            other.server.dispatcher().close();
            HttpResponse<String> notReady = other.get("/health/ready");
            assertThat(notReady.statusCode()).as("a node whose dispatcher stopped takes no traffic").isEqualTo(503);
            assertThat(new JsonObject(notReady.body()).getBoolean("dispatcher")).isFalse();
            assertThat(other.get("/health/live").statusCode()).as("but it is alive").isEqualTo(200);
        }
    }

    private long total() throws Exception {
        long count = 0;
        long after = 0;
        while (true) {
            JsonObject page = new JsonObject(server.get("/api/v1/alarms?limit=1000&afterId=" + after).body());
            count += page.getJsonArray("items").size();
            Long next = page.getLong("nextAfterId");
            if (next == null) {
                return count;
            }
            after = next;
        }
    }
}
