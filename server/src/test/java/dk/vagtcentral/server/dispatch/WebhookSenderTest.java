package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dk.vagtcentral.server.config.ConfigLoader;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Migrations;
import dk.vagtcentral.server.store.WebhookOutbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook sender against a real (H2 file) outbox and a loopback HTTP receiver. */
class WebhookSenderTest {
    static final String PAYLOAD = "{\"alarmId\":1,\"event\":\"ALARM_NOTIFIED\",\"category\":\"EMERGENCY\"}";

    @TempDir
    Path dir;

    Database db;
    WebhookOutbox outbox;
    Vertx vertx;
    SimpleMeterRegistry registry;
    WebhookSender sender;
    HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();

    record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    record TimelineRow(String actor, String kind, String fromState, String toState, String detail) {
    }

    @BeforeEach
    void open() {
        db = new Database(new ServerConfig.Store(ConfigLoader.defaultH2Url(dir), null, null, 4, 10, false), null);
        Migrations.apply(db);
        outbox = new WebhookOutbox(db);
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void close() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (server != null) {
            server.stop(0);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        db.close();
    }

    @Test
    void retriesUntilTheReceiverAnswers2xxAndPutsEveryAttemptOnTheTimeline() throws Exception {
        int port = startReceiver(n -> n <= 2 ? 503 : 200);
        long alarmId = insertAlarm();
        long deliveryId = enqueue(alarmId, "http://127.0.0.1:" + port + "/hooks/alarm?token=s3cret");
        startSender(new WebhookSender.Policy(Duration.ofMillis(50), Duration.ofMillis(200), 5, Duration.ofSeconds(2)));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.forAlarm(alarmId).get(0).status() == WebhookOutbox.Status.DELIVERED);

        assertThat(received).hasSize(3);
        for (Received r : received) {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/hooks/alarm");
            assertThat(r.query()).isEqualTo("token=s3cret");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("X-Vagtcentral-Event")).isEqualTo("ALARM_NOTIFIED");
            assertThat(r.header("X-Vagtcentral-Delivery")).isEqualTo(Long.toString(deliveryId));
            assertThat(r.body()).isEqualTo(PAYLOAD);
        }

        List<TimelineRow> timeline = webhookTimeline(alarmId);
        assertThat(timeline).extracting(TimelineRow::kind)
                .containsExactly("WEBHOOK_FAILED", "WEBHOOK_FAILED", "WEBHOOK_DELIVERED");
        assertThat(timeline).allSatisfy(row -> {
            assertThat(row.actor()).isEqualTo("system:webhook");
            assertThat(row.fromState()).isNull();
            assertThat(row.toState()).isNull();
            assertThat(row.detail()).doesNotContain("s3cret").doesNotContain("token");
        });
        assertThat(timeline.get(0).detail())
                .startsWith("attempt 1 to priv (ALARM_NOTIFIED) at http://127.0.0.1:" + port + "/hooks/alarm: HTTP 503")
                .contains("next attempt at ");
        assertThat(timeline.get(1).detail()).startsWith("attempt 2 to priv (ALARM_NOTIFIED)").contains("HTTP 503");
        assertThat(timeline.get(2).detail()).startsWith("attempt 3 to priv (ALARM_NOTIFIED)").contains("HTTP 200");

        WebhookOutbox.StoredDelivery stored = outbox.forAlarm(alarmId).get(0);
        assertThat(stored.id()).isEqualTo(deliveryId);
        assertThat(stored.attempts()).isEqualTo(3);
        assertThat(stored.deliveredAt()).isNotNull();
        assertThat(stored.gaveUpAt()).isNull();
        assertThat(stored.target()).isEqualTo("http://127.0.0.1:" + port + "/hooks/alarm");
        assertThat(outbox.nextAttemptAt()).isEmpty();
        assertThat(outbox.due(Instant.now().plusSeconds(3600), 10)).isEmpty();

        assertThat(count("delivered")).isEqualTo(1.0);
        assertThat(count("failed")).isEqualTo(2.0);
        assertThat(count("gave_up")).isZero();
        assertThat(registry.get("vagtcentral.webhook.latency").timer().count()).isEqualTo(3);
    }

    @Test
    void givesUpAfterMaxAttemptsAndNeverRetriesAfterwards() throws Exception {
        int port = startReceiver(n -> 500);
        long alarmId = insertAlarm();
        enqueue(alarmId, "http://127.0.0.1:" + port + "/hook");
        startSender(new WebhookSender.Policy(Duration.ofMillis(50), Duration.ofMillis(50), 3, Duration.ofSeconds(2)));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.forAlarm(alarmId).get(0).status() == WebhookOutbox.Status.GAVE_UP);
        sender.wake();
        // stays at three requests while the sender keeps polling
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);

        assertThat(webhookTimeline(alarmId)).extracting(TimelineRow::kind)
                .containsExactly("WEBHOOK_FAILED", "WEBHOOK_FAILED", "WEBHOOK_GAVE_UP");
        assertThat(webhookTimeline(alarmId).get(2).detail()).contains("HTTP 500").contains("gave up after 3 attempts");
        WebhookOutbox.StoredDelivery stored = outbox.forAlarm(alarmId).get(0);
        assertThat(stored.attempts()).isEqualTo(3);
        assertThat(stored.lastError()).isEqualTo("HTTP 500");
        assertThat(stored.deliveredAt()).isNull();
        assertThat(outbox.nextAttemptAt()).isEmpty();
        assertThat(count("failed")).isEqualTo(2.0);
        assertThat(count("gave_up")).isEqualTo(1.0);
        assertThat(count("delivered")).isZero();
    }

    @Test
    void aRefusedConnectionIsAFailedAttempt() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        long alarmId = insertAlarm();
        enqueue(alarmId, "http://127.0.0.1:" + closedPort + "/hook");
        startSender(new WebhookSender.Policy(Duration.ofMillis(50), Duration.ofMillis(50), 2, Duration.ofSeconds(2)));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.forAlarm(alarmId).get(0).status() == WebhookOutbox.Status.GAVE_UP);

        List<TimelineRow> timeline = webhookTimeline(alarmId);
        assertThat(timeline).extracting(TimelineRow::kind).containsExactly("WEBHOOK_FAILED", "WEBHOOK_GAVE_UP");
        assertThat(timeline.get(0).detail()).contains("connection refused").contains("next attempt at ");
        assertThat(outbox.forAlarm(alarmId).get(0).lastError()).isEqualTo("connection refused");
        assertThat(count("failed")).isEqualTo(1.0);
        assertThat(count("gave_up")).isEqualTo(1.0);
    }

    @Test
    void closeCancelsASendUnderWayWithoutRecordingIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int port = startReceiver(n -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        try {
            long alarmId = insertAlarm();
            enqueue(alarmId, "http://127.0.0.1:" + port + "/hook");
            startSender(new WebhookSender.Policy(Duration.ofMillis(50), Duration.ofMillis(50), 3, Duration.ofSeconds(5)));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

            sender.close();

            WebhookOutbox.StoredDelivery stored = outbox.forAlarm(alarmId).get(0);
            assertThat(stored.status()).isEqualTo(WebhookOutbox.Status.PENDING);
            assertThat(stored.attempts()).isZero();
            assertThat(outbox.nextAttemptAt()).isPresent();
            assertThat(webhookTimeline(alarmId)).isEmpty();
            assertThat(count("delivered") + count("failed") + count("gave_up")).isZero();
        } finally {
            release.countDown();
        }
    }

    @Test
    void backoffDoublesFromTheFirstDelayUpToTheMaximum() {
        WebhookSender.Policy p = WebhookSender.Policy.DEFAULT;
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.delayAfter(8)).isEqualTo(Duration.ofSeconds(256));
        assertThat(p.delayAfter(9)).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.delayAfter(200)).isEqualTo(Duration.ofMinutes(5));
        for (int i = 0; i < 100; i++) {
            assertThat(p.jitteredDelayAfter(3)).isBetween(Duration.ofMillis(7200), Duration.ofSeconds(8));
        }
    }

    private void startSender(WebhookSender.Policy policy) {
        sender = new WebhookSender(vertx, outbox, Clock.systemUTC(), registry, policy);
        sender.start();
        sender.wake();
    }

    /** A receiver on the loopback interface answering request number n (1-based) with status(n). */
    private int startReceiver(IntUnaryOperator status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (received) {
                    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                            exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
                    exchange.sendResponseHeaders(status.applyAsInt(received.size()), -1);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    private long insertAlarm() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("INSERT INTO alarms (account, source, message_id, data_block, "
                     + "category, event_code, events, received_at, clock_suspect, state) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[]{"id"})) {
            p.setString(1, "E500");
            p.setString(2, "API");
            p.setString(3, "ADM-CID");
            p.setString(4, "[#E500|1100 01 001]");
            p.setString(5, "EMERGENCY");
            p.setString(6, "1100");
            p.setString(7, "1100");
            p.setObject(8, OffsetDateTime.now(ZoneOffset.UTC));
            p.setBoolean(9, false);
            p.setString(10, "RECEIVED");
            p.executeUpdate();
            long id;
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            db.commitDurably(c);
            return id;
        }
    }

    private long enqueue(long alarmId, String url) throws SQLException {
        try (Connection c = db.connection()) {
            WebhookOutbox.enqueue(c, alarmId, "priv", url, "ALARM_NOTIFIED", PAYLOAD, Instant.now());
            db.commitDurably(c);
        }
        return outbox.forAlarm(alarmId).get(0).id();
    }

    private List<TimelineRow> webhookTimeline(long alarmId) throws SQLException {
        List<TimelineRow> rows = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT actor, kind, from_state, to_state, detail "
                     + "FROM alarm_timeline WHERE alarm_id = ? AND kind LIKE 'WEBHOOK%' ORDER BY id")) {
            p.setLong(1, alarmId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.add(new TimelineRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            c.commit();
        }
        return rows;
    }

    private double count(String outcome) {
        return registry.get("vagtcentral.webhook.deliveries").tag("outcome", outcome).counter().count();
    }
}
