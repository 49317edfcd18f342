package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.dispatch.Notifier;
import dk.vagtcentral.server.push.PushEvent;
import dk.vagtcentral.server.push.PushLog;
import dk.vagtcentral.server.push.PushRelay;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.StoreRows;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live stream delivers what is published, a client that reconnects with the last event id it had gets what it
 * missed (or is told to reload), and a client that stops reading cannot grow the server's memory.
 */
class EventStreamTest {
    static final String ADDRESS = "test.stream";

    Vertx vertx;
    HttpServer server;
    final AtomicInteger sent = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicBoolean opened = new AtomicBoolean();

    @TempDir
    Path dir;
    Database db;
    PushLog log;
    PushRelay relay;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        db = StoreRows.open(dir);
        log = new PushLog(db);
        relay = new PushRelay(vertx, log);
        Router router = Router.router(vertx);
        router.get("/events").handler(ctx -> EventStream.open(ctx, vertx, Clock.systemUTC(), List.of(ADDRESS), log,
                json -> sent.incrementAndGet(), () -> opened.set(true), () -> closed.set(true)));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void tearDown() {
        vertx.close();
        db.close();
    }

    @Test
    void aReadingClientGetsEachMessage() throws Exception {
        try (Socket socket = connect()) {
            await().atMost(Duration.ofSeconds(5)).untilTrue(opened);
            vertx.eventBus().publish(ADDRESS, new JsonObject().put("event", "alarm.new").put("id", 7));
            InputStream in = socket.getInputStream();
            StringBuilder got = new StringBuilder();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                while (in.available() > 0) {
                    got.append((char) in.read());
                }
                return got.toString().contains("event: alarm.new\ndata: {\"event\":\"alarm.new\",\"id\":7}");
            });
            assertThat(closed).isFalse();
        }
    }

    @Test
    void aClientThatDoesNotReadIsCutOffOnceTheLimitWaitsForIt() throws Exception {
        try (Socket socket = connect()) {
            await().atMost(Duration.ofSeconds(5)).untilTrue(opened);
            String filler = "x".repeat(8 * 1024);
            int messages = 4 * EventStream.MAX_BUFFERED / filler.length(); // four times the limit, unread
            for (int i = 0; i < messages && !closed.get(); i++) {
                vertx.eventBus().publish(ADDRESS, new JsonObject().put("event", "alarm.new").put("pad", filler));
            }
            await().atMost(Duration.ofSeconds(20)).untilTrue(closed);
            assertThat(sent.get()).as("the consumer stopped writing").isLessThan(messages);
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyWhatItMissedInOrderThenLiveOnes() throws Exception {
        List<PushEvent> seen;
        try (SseClient first = SseClient.open(url(), null)) {
            SseClient.Block hello = first.next(Duration.ofSeconds(5));
            assertThat(hello.event()).as("told the newest id first").isNull();
            assertThat(hello.id()).isEqualTo("0");
            seen = commit(ADDRESS, "alarm.new", 3, true);
            for (PushEvent e : seen) {
                SseClient.Block b = first.next(Duration.ofSeconds(5));
                assertThat(b.id()).isEqualTo(Long.toString(e.id()));
                assertThat(b.event()).isEqualTo("alarm.new");
                assertThat(new JsonObject(b.data()).getInteger("n")).isEqualTo(e.body().getInteger("n"));
            }
        }
        await().atMost(Duration.ofSeconds(5)).untilTrue(closed);
        // while disconnected: two for this stream (one committed but not yet published here, as when another
        // node's row has not been relayed yet) and one for another address
        List<PushEvent> missed = new ArrayList<>(commit(ADDRESS, "alarm.changed", 1, true));
        commit("test.other", "alarm.new", 1, true);
        List<PushEvent> late = commit(ADDRESS, "alarm.changed", 1, false);
        missed.addAll(late);

        opened.set(false);
        try (SseClient again = SseClient.open(url(), Long.toString(seen.get(2).id()))) {
            await().atMost(Duration.ofSeconds(5)).untilTrue(opened);
            relay.published(late); // relayed now, while or after the catch-up is written: sent once
            List<PushEvent> live = commit(ADDRESS, "alarm.closed", 1, true);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(again.next(Duration.ofSeconds(5)).id());
            }
            assertThat(ids).containsExactly(Long.toString(missed.get(0).id()), Long.toString(missed.get(1).id()),
                    Long.toString(live.get(0).id()));
            assertThat(again.next(Duration.ofMillis(500))).as("nothing twice, nothing else").isNull();
        }
    }

    @Test
    void aCatchUpLargerThanTheClientsBufferWaitsForItInsteadOfCuttingItOff() throws Exception {
        List<PushEvent> before = commit(ADDRESS, "alarm.new", 1, false);
        String pad = "x".repeat(32 * 1024);
        List<Notifier.Notification> burst = new ArrayList<>();
        for (int i = 0; i < 2 * EventStream.MAX_BUFFERED / pad.length(); i++) { // twice the limit
            burst.add(new Notifier.Notification(ADDRESS, new JsonObject().put("event", "alarm.new").put("pad", pad)));
        }
        List<PushEvent> missed;
        try (Connection c = db.connection()) {
            missed = log.append(c, burst, Instant.now());
            c.commit();
        }
        try (SseClient s = SseClient.open(url(), Long.toString(before.get(0).id()))) {
            for (PushEvent e : missed) {
                SseClient.Block b = s.next(Duration.ofSeconds(10));
                assertThat(b).as("event %s", e.id()).isNotNull();
                assertThat(b.id()).isEqualTo(Long.toString(e.id()));
            }
            assertThat(closed).as("not cut off").isFalse();
        }
    }

    @Test
    void theQueryParameterWorksLikeTheHeader() throws Exception {
        List<PushEvent> before = commit(ADDRESS, "alarm.new", 2, true);
        try (SseClient s = SseClient.open(url() + "?lastEventId=" + before.get(0).id(), null)) {
            SseClient.Block b = s.next(Duration.ofSeconds(5));
            assertThat(b.id()).isEqualTo(Long.toString(before.get(1).id()));
            assertThat(s.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void anIdOlderThanWhatIsKeptOrNotAnIdAsksTheClientToReload() throws Exception {
        Instant now = Instant.now();
        List<PushEvent> old;
        try (Connection c = db.connection()) {
            old = log.append(c, List.of(new Notifier.Notification(ADDRESS, new JsonObject().put("event", "alarm.new"))),
                    now.minus(PushLog.RETENTION).minusSeconds(60));
            c.commit();
        }
        List<PushEvent> kept = commit(ADDRESS, "alarm.new", 2, true);
        // within what is kept: no resync
        try (SseClient s = SseClient.open(url(), Long.toString(old.get(0).id()))) {
            assertThat(s.next(Duration.ofSeconds(5)).id()).isEqualTo(Long.toString(kept.get(0).id()));
        }
        assertThat(log.purge(now, dk.vagtcentral.server.cluster.Fence.NONE)).isEqualTo(1);
        assertThat(log.purge(now, dk.vagtcentral.server.cluster.Fence.NONE)).as("idempotent").isZero();
        for (String stale : List.of(Long.toString(old.get(0).id() - 1), "banana",
                Long.toString(kept.get(1).id() + 100))) {
            try (SseClient s = SseClient.open(url(), stale)) {
                SseClient.Block b = s.next(Duration.ofSeconds(5));
                assertThat(b.event()).as("Last-Event-ID %s", stale).isEqualTo("resync");
                assertThat(b.id()).as("the newest id, to continue from").isEqualTo(Long.toString(kept.get(1).id()));
                assertThat(s.next(Duration.ofMillis(300))).as("nothing replayed after a resync").isNull();
            }
        }
        // the one at the edge of what is kept is not too old
        try (SseClient s = SseClient.open(url(), Long.toString(old.get(0).id()))) {
            assertThat(s.next(Duration.ofSeconds(5)).id()).isEqualTo(Long.toString(kept.get(0).id()));
        }
    }

    /** Writes {@code n} events for {@code address} and commits; publishes them here when {@code publish}. */
    private List<PushEvent> commit(String address, String event, int n, boolean publish) throws Exception {
        List<Notifier.Notification> ns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ns.add(new Notifier.Notification(address, new JsonObject().put("event", event).put("n", i)));
        }
        List<PushEvent> events;
        try (Connection c = db.connection()) {
            events = log.append(c, ns, Instant.now());
            c.commit();
        }
        if (publish) {
            relay.published(events);
        }
        return events;
    }

    private String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/events";
    }

    private Socket connect() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.actualPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
