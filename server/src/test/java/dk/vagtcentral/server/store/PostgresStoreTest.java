package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same store code on PostgreSQL (127.0.0.1:5432, database "test", user "postgres"), in a database
 * of its own that is dropped afterwards. Skipped, with a message, where no PostgreSQL is reachable.
 */
class PostgresStoreTest {
    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";
    static String database;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void createDatabase() {
        database = "vagtcentral_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(ADMIN_URL + "?connectTimeout=3", USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL not reachable at 127.0.0.1:5432 (" + e.getMessage()
                    + "); skipping the PostgreSQL store test");
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL + "?connectTimeout=3", USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            // nothing to clean where the database was never created
        }
    }

    Map<String, Object> pg() {
        return Map.of("store.url", "jdbc:postgresql://127.0.0.1:5432/" + database, "store.username", USER);
    }

    @Test
    void ingestDedupeAndReadsWorkOnPostgresqlAcrossARestart() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Dc09Message m = new Dc09Message(Dc09Ids.SIA_DCS, false, 77, "1", "0", "1030", "#1030|NQA001",
                List.of("X1"), now);
        long id;
        try (TestServer server = TestServer.start(dataDir, pg())) {
            try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
                assertThat(client.exchange(Dc09Codec.encode(m)).message().id()).isEqualTo(Dc09Ids.ACK);
                assertThat(client.exchange(Dc09Codec.encode(m)).message().id()).isEqualTo(Dc09Ids.ACK);
            }
            assertThat(server.post("/api/v1/alarms", "{\"account\":\"1030\",\"eventCode\":\"101\"}", "Idempotency-Key", "pg-1")
                    .statusCode()).isEqualTo(201);
            JsonArray items = new JsonObject(server.get("/api/v1/alarms?account=1030").body()).getJsonArray("items");
            assertThat(items).hasSize(2);
            long first = items.getJsonObject(0).getLong("id");
            id = first;
            JsonObject alarm = new JsonObject(server.get("/api/v1/alarms/" + id).body());
            assertThat(alarm.getString("deviceTime")).isEqualTo(now.toString());
            assertThat(alarm.getString("extendedData")).isEqualTo("[X1]");
            assertThat(alarm.getJsonArray("timeline").stream()
                    .filter(t -> ((JsonObject) t).getString("kind").equals("RECEIVED"))).hasSize(1);
            // dispatch runs on PostgreSQL too: with no reference data the alarm has no recipient, and says so
            JsonObject routed = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> new JsonObject(server.get("/api/v1/alarms/" + first).body()),
                            a -> a.getJsonObject("routing") != null);
            assertThat(routed.getJsonObject("routing").getString("target")).isEqualTo("NONE");
            assertThat(routed.getJsonObject("status").getString("state")).isEqualTo("NOTIFIED");
        }
        // after a restart the retransmission is still recognised (keys reloaded from PostgreSQL)
        try (TestServer server = TestServer.start(dataDir, pg())) {
            try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
                assertThat(client.exchange(Dc09Codec.encode(m)).message().id()).isEqualTo(Dc09Ids.ACK);
            }
            assertThat(server.post("/api/v1/alarms", "{\"account\":\"1030\",\"eventCode\":\"101\"}", "Idempotency-Key", "pg-1")
                    .statusCode()).isEqualTo(200);
            assertThat(new JsonObject(server.get("/api/v1/alarms?account=1030").body()).getJsonArray("items")).hasSize(2);
            assertThat(new JsonObject(server.get("/health").body()).getString("database")).isEqualTo("UP");
        }
    }

    /** The silent-device query filters in the database: the interval arithmetic must read the same on PostgreSQL. */
    @Test
    void theOverdueDevicesQueryWorksOnPostgresql() throws Exception {
        try (Database db = new Database(new dk.vagtcentral.server.config.ServerConfig.Store(
                "jdbc:postgresql://127.0.0.1:5432/" + database, USER, "", 2, 100, false), null)) {
            Migrations.apply(db);
            DeviceSupervisionQueryTest.checkOverdue(db);
        }
    }

    /** Two servers starting together on one new database: Flyway's lock lets one migrate, the other finds it done. */
    @Test
    void twoServersMigratingTogetherMigrateOnce() throws Exception {
        String fresh = database + "_m";
        try (Connection c = DriverManager.getConnection(ADMIN_URL + "?connectTimeout=3", USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + fresh);
        }
        try {
            dk.vagtcentral.server.config.ServerConfig.Store store = new dk.vagtcentral.server.config.ServerConfig.Store(
                    "jdbc:postgresql://127.0.0.1:5432/" + fresh, USER, "", 2, 100, false);
            try (Database a = new Database(store, null); Database b = new Database(store, null)) {
                java.util.concurrent.CompletableFuture<Void> first =
                        java.util.concurrent.CompletableFuture.runAsync(() -> Migrations.apply(a));
                java.util.concurrent.CompletableFuture<Void> second =
                        java.util.concurrent.CompletableFuture.runAsync(() -> Migrations.apply(b));
                first.get(60, java.util.concurrent.TimeUnit.SECONDS);
                second.get(60, java.util.concurrent.TimeUnit.SECONDS);
                List<String> history = MigrationsTest.history(a);
                assertThat(history).doesNotHaveDuplicates().allMatch(v -> v.endsWith(":SQL"));
                assertThat(history).contains("001:SQL", "009:SQL", "011:SQL");
            }
        } finally {
            try (Connection c = DriverManager.getConnection(ADMIN_URL + "?connectTimeout=3", USER, "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + fresh + " WITH (FORCE)");
            }
        }
    }

    /** Two nodes on one PostgreSQL database: every singleton job is held by exactly one of them, and moves at a stop. */
    @Test
    void twoNodesShareTheSingletonJobsOneHolderEach(@TempDir Path a, @TempDir Path b) throws Exception {
        List<String> jobs = List.of("coverage-check", "overdue-justifications", "retention-purge", "device-supervision",
                "webhook-delivery");
        java.util.Map<String, Object> nodeA = new java.util.HashMap<>(pg());
        nodeA.put("node.id", "node-a");
        java.util.Map<String, Object> nodeB = new java.util.HashMap<>(pg());
        nodeB.put("node.id", "node-b");
        try (TestServer second = TestServer.start(b, nodeB)) {
            TestServer first = TestServer.start(a, nodeA);
            try {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jobs.stream()
                        .allMatch(j -> first.server.jobs().holds(j) || second.server.jobs().holds(j)));
                // and for a while after: never both, never neither
                org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(1500))
                        .atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
                            for (String job : jobs) {
                                assertThat(first.server.jobs().holds(job) ^ second.server.jobs().holds(job))
                                        .as("%s held by exactly one node", job).isTrue();
                            }
                        });
                String held = first.server.jobs().holds("retention-purge") ? "1.0" : "0.0";
                assertThat(first.get("/metrics").body())
                        .contains("vagtcentral_lease_held{job=\"retention-purge\"} " + held);
            } finally {
                first.close();
            }
            // node-a released what it held when it stopped: node-b takes it over at its next renewal, not a TTL later
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(8)).until(() -> jobs.stream()
                    .allMatch(j -> second.server.jobs().holds(j)));
        }
    }
}
