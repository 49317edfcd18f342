package dk.vagtcentral.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.TestDatabases;
import dk.vagtcentral.server.api.SseClient;
import dk.vagtcentral.simulator.AlarmApiVerifier;
import dk.vagtcentral.simulator.LoadConfig;
import dk.vagtcentral.simulator.LoadResult;
import dk.vagtcentral.simulator.LoadRunner;
import dk.vagtcentral.simulator.Transport;
import dk.vagtcentral.simulator.VerifyResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server JVMs on one PostgreSQL database (127.0.0.1:5432, a database of its own, dropped after), as an
 * operator runs them. Simulated devices send to a primary node and fail over to a secondary, as DC-09 transmitters
 * do, while one node is killed ({@code kill -9}) and started again and another is frozen ({@code SIGSTOP}) past the
 * database's lock timeouts and resumed. Then: every ACKed message is stored exactly once; every deadline that fell
 * due has fired, and no escalation step was applied twice; every desk stream on a node that kept running (or was
 * only frozen) received every event of its supplier, reconnecting with {@code Last-Event-ID} as browsers do.
 * Skipped, with a message, where no PostgreSQL is reachable.
 */
class ClusterTest {
    static TestDatabases.Shared database;

    @TempDir
    static Path dir;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.postgres("vagtcentral_cluster");
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    static String config(String node) {
        return "node:\n  id: " + node + "\n"
                + "store:\n  url: " + database.url() + "\n  username: " + TestDatabases.PG_USER
                + "\n  pool-size: 6\n"
                // the response window is 30 s: calls nobody answers climb the ladder while the nodes fail
                + "dispatch:\n  time-scale: 60\n";
    }

    @Test
    void nodesDieAndFreezeAndNoAlarmDeadlineOrDeskIsLost() throws Exception {
        ServerProcess a = new ServerProcess(dir.resolve("a"), config("node-a"));
        ServerProcess b = new ServerProcess(dir.resolve("b"), config("node-b"));
        ServerProcess c = new ServerProcess(dir.resolve("c"), config("node-c"));
        List<Desk> desks = new ArrayList<>();
        try (a; b; c) {
            a.start(); // migrates and loads the demo data; the others find both done
            b.start();
            c.start();
            for (String supplier : suppliers(a)) {
                desks.add(new Desk(a, supplier));
                desks.add(new Desk(b, supplier));
            }
            long startedAt = System.currentTimeMillis();

            // three groups of devices, as installers spread them: each with a primary and a secondary node
            List<CompletableFuture<LoadResult>> loads = List.of(
                    devices(0x1000, a, b), devices(0x1010, b, a), devices(0x1020, c, a));
            Random random = new Random();
            sleepUntil(startedAt, 6_000 + random.nextInt(4_000));
            c.kill();
            sleepUntil(startedAt, 12_000 + random.nextInt(3_000));
            b.pause();
            // frozen for longer than idle_in_transaction_session_timeout (10 s): its locks go, its commits fail
            sleepUntil(startedAt, 29_000);
            b.resume();
            sleepUntil(startedAt, 32_000);
            c.start();

            int acked = 0;
            long failedOver = 0;
            for (CompletableFuture<LoadResult> load : loads) {
                LoadResult result = load.get(150, TimeUnit.SECONDS);
                assertThat(result.failed()).as("messages never ACKed: %s", result.failureSamples()).isZero();
                VerifyResult verify = new AlarmApiVerifier(URI.create(a.baseUrl())).withToken(a.token())
                        .verify(result.ackedAlarms(), result.startedAt().minusSeconds(2));
                assertThat(verify.missing()).as(verify.summaryLine()).isZero();
                assertThat(verify.duplicated()).as(verify.summaryLine()).isZero();
                acked += result.ackedAlarms().size();
                failedOver += result.clientLog().failover().failovers();
            }
            assertThat(acked).as("messages ACKed").isGreaterThan(1000);
            assertThat(failedOver).as("devices that failed over to their secondary").isPositive();
            try (Connection db = DriverManager.getConnection(database.url(), TestDatabases.PG_USER, "")) {
                assertThat(rows(db, "SELECT account, seq_no, data_block FROM alarms WHERE source = 'DC09_TCP' "
                        + "GROUP BY account, seq_no, data_block HAVING COUNT(*) > 1"))
                        .as("messages stored twice").isEmpty();

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> rows(db,
                        "SELECT id FROM alarm_deadlines WHERE fired_at IS NULL "
                                + "AND due_at < CURRENT_TIMESTAMP - INTERVAL '5 seconds'").isEmpty());
                assertThat(count(db, "SELECT COUNT(*) FROM alarm_deadlines WHERE outcome = 'ACTED'"))
                        .as("escalation steps acted during the run").isPositive();
                // a dead node's deadlines are fired by the others within a poll; a frozen node's once the database
                // has ended its idle transaction (10 s): never left waiting for the node to come back (26 s later)
                long lateMillis = count(db, "SELECT COALESCE(MAX(EXTRACT(EPOCH FROM (fired_at - due_at)) * 1000), 0)"
                        + "::BIGINT FROM alarm_deadlines WHERE fired_at IS NOT NULL AND outcome <> 'DISARMED'");
                System.out.printf("cluster: %d messages ACKed, %d failovers, %d deadlines fired, latest %d ms after "
                        + "its due time%n", acked, failedOver, count(db,
                        "SELECT COUNT(*) FROM alarm_deadlines WHERE fired_at IS NOT NULL"), lateMillis);
                assertThat(lateMillis).as("the latest deadline, ms after its due time").isLessThan(20_000);
                assertThat(rows(db, "SELECT alarm_id, kind, detail FROM alarm_timeline "
                        + "WHERE actor = 'system:escalation' GROUP BY alarm_id, kind, to_state, detail "
                        + "HAVING COUNT(*) > 1")).as("escalation steps applied twice").isEmpty();
                assertThat(rows(db, "SELECT alarm_id FROM alarm_dispatch a WHERE NOT EXISTS (SELECT 1 FROM alarms x "
                        + "WHERE x.id = a.alarm_id)")).isEmpty();
                assertThat(count(db, "SELECT COUNT(*) FROM alarms a WHERE NOT EXISTS "
                        + "(SELECT 1 FROM alarm_dispatch d WHERE d.alarm_id = a.id)")).as("alarms left unrouted")
                        .isZero();

                Map<String, Set<Long>> pushed = deskEvents(db);
                assertThat(pushed.values().stream().mapToInt(Set::size).sum()).as("desk events").isPositive();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (Desk desk : desks) {
                        Set<Long> expected = pushed.getOrDefault(desk.supplier, Set.of());
                        Set<Long> missing = new TreeSet<>(expected);
                        missing.removeAll(desk.received);
                        assertThat(missing).as("events of %s's desk not received on %s", desk.supplier,
                                desk.node.baseUrl()).isEmpty();
                    }
                });
            }
        } finally {
            desks.forEach(Desk::close);
        }
    }

    /** Sixteen devices from {@code firstAccount} sending to {@code primary}, failing over to {@code secondary}. */
    static CompletableFuture<LoadResult> devices(long firstAccount, ServerProcess primary, ServerProcess secondary) {
        LoadConfig config = LoadConfig.defaults("127.0.0.1", primary.dc09Port)
                .withSecondary("127.0.0.1", secondary.dc09Port)
                .withFailbackAfter(Duration.ofSeconds(10))
                .withTransport(Transport.TCP)
                .withFirstAccount(firstAccount)
                .withDevices(16)
                .withConnections(16)
                .withRate(20)
                .withDuration(Duration.ofSeconds(40))
                .withWarmup(Duration.ZERO)
                .withAckTimeout(Duration.ofSeconds(2))
                .withDeadline(Duration.ofSeconds(90))
                .withKeepAcked(true);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return LoadRunner.run(config);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static List<String> suppliers(ServerProcess node) throws Exception {
        JsonObject body = new JsonObject(node.get("/api/v1/admin/suppliers").body());
        JsonArray items = body.getJsonArray("items");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ids.add(items.getJsonObject(i).getString("id"));
        }
        assertThat(ids).isNotEmpty();
        return ids;
    }

    /** The ids of the events each supplier's desk was sent, as the database recorded them. */
    static Map<String, Set<Long>> deskEvents(Connection db) throws SQLException {
        Map<String, Set<Long>> out = new HashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, address FROM push_events WHERE address LIKE '"
                     + Addresses.desk("") + "%'")) {
            while (rs.next()) {
                String supplier = rs.getString(2).substring(Addresses.desk("").length());
                out.computeIfAbsent(supplier, k -> new TreeSet<>()).add(rs.getLong(1));
            }
        }
        return out;
    }

    static List<String> rows(Connection db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    static long count(Connection db, String sql) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void sleepUntil(long startedAt, long offsetMillis) throws InterruptedException {
        long wait = startedAt + offsetMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /**
     * A supplier's desk stream on one node, read as a browser reads it: when the stream ends it reconnects with the
     * last event id it saw, and collects the ids of every event.
     */
    static final class Desk implements AutoCloseable {
        final ServerProcess node;
        final String supplier;
        final Set<Long> received = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;
        private final Thread reader;

        Desk(ServerProcess node, String supplier) {
            this.node = node;
            this.supplier = supplier;
            this.reader = new Thread(this::read, "desk-" + supplier);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            String lastId = null;
            String url = node.baseUrl() + "/api/v1/desk/events?supplierId=" + supplier;
            while (!closed) {
                try (SseClient stream = SseClient.open(url, lastId, node.token())) {
                    while (!closed) {
                        SseClient.Block block = stream.next(Duration.ofMillis(500));
                        if (block == null) {
                            if (stream.ended()) {
                                break;
                            }
                            continue;
                        }
                        if (block.id() != null) {
                            lastId = block.id();
                            if (block.event() != null && !"resync".equals(block.event())) {
                                received.add(Long.parseLong(block.id()));
                            }
                        }
                    }
                } catch (Exception e) {
                    // the node is down or frozen: try again, as the browser's retry does
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            reader.interrupt();
        }
    }
}
