package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.config.ConfigLoader;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Migrations;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.WebhookOutbox;
import dk.vagtcentral.server.store.WebhookSecrets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook sender against a real (H2 file) outbox and a Vert.x HTTP receiver on the loopback interface (allowed
 * here as with {@code webhooks.allow-loopback: true}; one test shows it refused without).
 */
class WebhookSenderTest {
    static final String PAYLOAD = "{\"alarmId\":1,\"event\":\"ALARM_NOTIFIED\",\"category\":\"EMERGENCY\"}";
    static final Instant NOW = Instant.now();

    static final WebhookSender.Policy FAST = new WebhookSender.Policy(Duration.ofMillis(50), Duration.ofMillis(50), 3,
            Duration.ofSeconds(2));
    static final WebhookSender.Policy FAST_TWO = new WebhookSender.Policy(Duration.ofMillis(50),
            Duration.ofMillis(50), 2, Duration.ofSeconds(2));

    @TempDir
    Path dir;

    Database db;
    WebhookOutbox outbox;
    WebhookSecrets secrets;
    /** The supplier priv's signing secret. */
    String secret;
    Vertx vertx;
    SimpleMeterRegistry registry;
    WebhookSender sender;
    HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();

    record Received(String method, String path, String query, MultiMap headers, byte[] body, Instant at) {
        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record TimelineRow(String actor, String kind, String fromState, String toState, String detail) {
    }

    @BeforeEach
    void open() throws Exception {
        db = new Database(new ServerConfig.Store(ConfigLoader.defaultH2Url(dir), null, null, 4, 10, false), null);
        Migrations.apply(db);
        outbox = new WebhookOutbox(db);
        secrets = new WebhookSecrets(db);
        ReferenceStore references = new ReferenceStore(db);
        references.create(ReferenceStore.MUNICIPALITIES, new Municipality("727", "Odder Kommune", "odder"), "t", NOW);
        references.create(ReferenceStore.SUPPLIERS, new Supplier("priv", "727", "Privat Omsorg ApS",
                SupplierKind.PRIVATE_CARE, "http://127.0.0.1/hook", "70203040", null, null, null), "t", NOW);
        secret = secrets.ensure("priv", "t", NOW).orElseThrow().secret();
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void close() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
            assertThat(r.header("User-Agent")).isEqualTo("Vagtcentral-Webhook/1");
            assertThat(r.text()).isEqualTo(PAYLOAD);
            // signed with the supplier's secret, over the bytes received, a moment ago
            assertThat(WebhookSignature.check(secret, r.header(WebhookSignature.TIMESTAMP_HEADER), r.body(),
                    r.header(WebhookSignature.SIGNATURE_HEADER), r.at(), WebhookSignature.DEFAULT_TOLERANCE))
                    .isEqualTo(WebhookSignature.Verdict.VALID);
            assertThat(r.header(WebhookSignature.SIGNATURE_HEADER)).matches("v1=[0-9a-f]{64}");
            assertThat(Long.parseLong(r.header(WebhookSignature.TIMESTAMP_HEADER)))
                    .isBetween(r.at().getEpochSecond() - 5, r.at().getEpochSecond());
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
        int port = startReceiver(() -> release, n -> 200);
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

    @Test
    void afterARotationEachDeliveryCarriesASignatureWithTheNewAndTheOldSecret() throws Exception {
        WebhookSecrets.Issued rotated = secrets.rotate("priv", "t", Instant.now(), Duration.ofHours(1));
        assertThat(rotated.secret()).isNotEqualTo(secret).startsWith("whsec_").hasSize(6 + 43);
        assertThat(rotated.previousRetiresAt()).isAfter(Instant.now());
        int port = startReceiver(n -> 204);
        long alarmId = insertAlarm();
        enqueue(alarmId, "http://127.0.0.1:" + port + "/hook");
        startSender(FAST);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.forAlarm(alarmId).get(0).status() == WebhookOutbox.Status.DELIVERED);

        Received r = received.get(0);
        String header = r.header(WebhookSignature.SIGNATURE_HEADER);
        assertThat(header).matches("v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
        String timestamp = r.header(WebhookSignature.TIMESTAMP_HEADER);
        // a receiver still on the old secret and one already on the new both accept it
        for (String key : List.of(secret, rotated.secret())) {
            assertThat(WebhookSignature.verify(key, timestamp, r.body(), header, r.at(),
                    WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
        }
        assertThat(WebhookSignature.check("whsec_someone-else", timestamp, r.body(), header, r.at(),
                WebhookSignature.DEFAULT_TOLERANCE)).isEqualTo(WebhookSignature.Verdict.MISMATCH);
        // once the old secret retires only the new one signs
        assertThat(secrets.signing(List.of("priv"), rotated.previousRetiresAt())).containsEntry("priv",
                List.of(rotated.secret()));
    }

    @Test
    void aLoopbackTargetIsRefusedWithoutTheKeyAndNoRequestIsSent() throws Exception {
        int port = startReceiver(n -> 200);
        long alarmId = insertAlarm();
        enqueue(alarmId, "http://127.0.0.1:" + port + "/hook");
        startSender(FAST, new WebhookTargets(false, WebhookTargets.SYSTEM_RESOLVER));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.forAlarm(alarmId).get(0).status() == WebhookOutbox.Status.GAVE_UP);

        assertThat(received).as("nothing reaches the loopback receiver").isEmpty();
        List<TimelineRow> timeline = webhookTimeline(alarmId);
        // the address is in the URL itself: retrying cannot help, so it gives up at the first attempt
        assertThat(timeline).extracting(TimelineRow::kind).containsExactly("WEBHOOK_GAVE_UP");
        assertThat(timeline.get(0).detail()).contains("refused, not sent: points at 127.0.0.1, a loopback address")
                .contains("webhooks.allow-loopback").contains("gave up after 1 attempt");
        assertThat(outbox.forAlarm(alarmId).get(0).lastError()).startsWith("refused, not sent");
        // counted once the attempt is committed
        await().atMost(Duration.ofSeconds(5)).until(() -> count("gave_up") == 1.0);
        assertThat(registry.get("vagtcentral.webhook.denied").tag("reason", "loopback").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("vagtcentral.webhook.latency").timer().count()).as("nothing was sent").isZero();
    }

    @Test
    void aNameThatNowResolvesToTheMetadataServiceIsAFailedAttemptAndNoRequestIsSent() throws Exception {
        int port = startReceiver(n -> 200);
        WebhookTargets.Resolver dns = host -> host.equals("hooks.priv.test")
                ? new InetAddress[]{InetAddress.getByName("10.1.2.3"), InetAddress.getByName("169.254.169.254")}
                : WebhookTargets.SYSTEM_RESOLVER.resolve(host);
        long alarmId = insertAlarm();
        enqueue(alarmId, "http://hooks.priv.test:" + port + "/hook");
        startSender(FAST_TWO, new WebhookTargets(true, dns));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.forAlarm(alarmId).get(0).status() == WebhookOutbox.Status.GAVE_UP);

        assertThat(received).isEmpty();
        List<TimelineRow> timeline = webhookTimeline(alarmId);
        // what DNS answers may change again, so it is retried like any failure
        assertThat(timeline).extracting(TimelineRow::kind).containsExactly("WEBHOOK_FAILED", "WEBHOOK_GAVE_UP");
        assertThat(timeline.get(0).detail()).contains("refused, not sent: host hooks.priv.test resolves to "
                + "169.254.169.254, a cloud metadata address").contains("next attempt at");
        await().atMost(Duration.ofSeconds(5)).until(() -> count("failed") == 1.0 && count("gave_up") == 1.0);
    }

    @Test
    void theRequestGoesToTheAddressThatWasCheckedNotToASecondLookup() throws Exception {
        int port = startReceiver(n -> 200);
        // a name only this resolver knows: the system's DNS would not find it, so the connection uses the checked
        // address, while Host still names the URL's host
        WebhookTargets.Resolver dns = host -> {
            if (host.equals("hooks.priv.test")) {
                return new InetAddress[]{InetAddress.getByName("127.0.0.1")};
            }
            throw new UnknownHostException(host);
        };
        long alarmId = insertAlarm();
        enqueue(alarmId, "http://hooks.priv.test:" + port + "/hook?token=s3cret");
        startSender(FAST, new WebhookTargets(true, dns));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.forAlarm(alarmId).get(0).status() == WebhookOutbox.Status.DELIVERED);

        Received r = received.get(0);
        assertThat(r.header("Host")).isEqualTo("hooks.priv.test:" + port);
        assertThat(r.path()).isEqualTo("/hook");
        assertThat(r.query()).isEqualTo("token=s3cret");
        assertThat(WebhookSignature.verify(secret, r.header(WebhookSignature.TIMESTAMP_HEADER), r.body(),
                r.header(WebhookSignature.SIGNATURE_HEADER), r.at(), WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
    }

    @Test
    void aSupplierWithoutASecretGetsOneAndItsDeliveriesAreSignedWithIt() throws Exception {
        new ReferenceStore(db).create(ReferenceStore.SUPPLIERS, new Supplier("older", "727", "Ældre Omsorg ApS",
                SupplierKind.PRIVATE_CARE, "http://127.0.0.1/hook", "70203041", null, null, null), "t", NOW);
        assertThat(secrets.signing(List.of("older"), Instant.now())).isEmpty();
        int port = startReceiver(n -> 200);
        long alarmId = insertAlarm();
        enqueue(alarmId, "older", "http://127.0.0.1:" + port + "/hook");
        startSender(FAST);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.forAlarm(alarmId).get(0).status() == WebhookOutbox.Status.DELIVERED);

        List<String> made = secrets.signing(List.of("older"), Instant.now()).get("older");
        assertThat(made).hasSize(1);
        Received r = received.get(0);
        assertThat(WebhookSignature.verify(made.get(0), r.header(WebhookSignature.TIMESTAMP_HEADER), r.body(),
                r.header(WebhookSignature.SIGNATURE_HEADER), r.at(), WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(secret, r.header(WebhookSignature.TIMESTAMP_HEADER), r.body(),
                r.header(WebhookSignature.SIGNATURE_HEADER), r.at(), WebhookSignature.DEFAULT_TOLERANCE))
                .as("not another supplier's secret").isFalse();
    }

    @Test
    void onlyTheLeaseHolderDeliversAndAnAttemptTheFenceRefusesIsNotRecorded() throws Exception {
        int port = startReceiver(n -> 200);
        long alarmId = insertAlarm();
        enqueue(alarmId, "http://127.0.0.1:" + port + "/hook");
        sender = new WebhookSender(vertx, outbox, secrets, new WebhookTargets(true, WebhookTargets.SYSTEM_RESOLVER),
                Clock.systemUTC(), registry, FAST);
        sender.wake(); // a node without the lease: the dispatcher's wake does nothing
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(received::isEmpty);

        // the holder, whose lease is taken over while the request is on the wire: sent, but not recorded
        AtomicBoolean holds = new AtomicBoolean(true);
        dk.vagtcentral.server.cluster.Fence fence = new dk.vagtcentral.server.cluster.Fence() {
            @Override
            public void check(Connection c) {
                if (!holds.get()) {
                    throw new dk.vagtcentral.server.cluster.LeaseLostException("webhook-delivery", 1);
                }
            }

            @Override
            public boolean held() {
                return true;
            }

            @Override
            public String job() {
                return "webhook-delivery";
            }
        };
        holds.set(false);
        sender.acquired(fence);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        sender.lost();
        // for half a second (the attempt's answer comes back meanwhile): nothing recorded, nothing sent again
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(outbox.forAlarm(alarmId).get(0).status()).as("still due, for the holder to send")
                    .isEqualTo(WebhookOutbox.Status.PENDING);
            assertThat(outbox.forAlarm(alarmId).get(0).attempts()).isZero();
            assertThat(received).as("no more polls once lost").hasSize(1);
        });

        // the lease comes back with a fence that holds: delivered and recorded
        holds.set(true);
        sender.acquired(fence);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.forAlarm(alarmId).get(0).status() == WebhookOutbox.Status.DELIVERED);
    }

    private void startSender(WebhookSender.Policy policy) {
        startSender(policy, new WebhookTargets(true, WebhookTargets.SYSTEM_RESOLVER));
    }

    private void startSender(WebhookSender.Policy policy, WebhookTargets targets) {
        sender = new WebhookSender(vertx, outbox, secrets, targets, Clock.systemUTC(), registry, policy);
        sender.start();
        sender.wake();
    }

    /** A Vert.x receiver on the loopback interface answering request number n (1-based) with status(n). */
    private int startReceiver(IntUnaryOperator status) throws Exception {
        return startReceiver(() -> null, status);
    }

    /**
     * As {@link #startReceiver(IntUnaryOperator)}; {@code hold} (may return null) is a latch the answer waits for,
     * on a worker thread so the receiver's event loop stays free.
     */
    private int startReceiver(java.util.function.Supplier<CountDownLatch> hold, IntUnaryOperator status) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            int n;
            synchronized (received) {
                received.add(new Received(req.method().name(), req.path(), req.query(),
                        MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.getBytes(), Instant.now()));
                n = received.size();
            }
            CountDownLatch latch = hold.get();
            if (latch == null) {
                req.response().setStatusCode(status.applyAsInt(n)).end();
                return;
            }
            vertx.executeBlocking(() -> latch.await(10, TimeUnit.SECONDS), false)
                    .onComplete(x -> req.response().setStatusCode(status.applyAsInt(n)).end());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
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
        return enqueue(alarmId, "priv", url);
    }

    private long enqueue(long alarmId, String supplierId, String url) throws SQLException {
        try (Connection c = db.connection()) {
            WebhookOutbox.enqueue(c, alarmId, supplierId, url, "ALARM_NOTIFIED", PAYLOAD, Instant.now());
            db.commitDurably(c);
        }
        List<WebhookOutbox.StoredDelivery> all = outbox.forAlarm(alarmId);
        return all.get(all.size() - 1).id();
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
