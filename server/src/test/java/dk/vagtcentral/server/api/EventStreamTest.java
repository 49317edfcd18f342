package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A live stream delivers what is published, and a client that stops reading cannot grow the server's memory. */
class EventStreamTest {
    static final String ADDRESS = "test.stream";

    Vertx vertx;
    HttpServer server;
    final AtomicInteger sent = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicBoolean opened = new AtomicBoolean();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/events").handler(ctx -> EventStream.open(ctx, vertx, Clock.systemUTC(), List.of(ADDRESS),
                json -> sent.incrementAndGet(), () -> opened.set(true), () -> closed.set(true)));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void tearDown() {
        vertx.close();
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
