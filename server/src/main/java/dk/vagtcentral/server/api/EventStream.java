package dk.vagtcentral.server.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live stream of event-bus messages to a browser as Server-Sent Events: each JSON message on one of the addresses
 * as {@code event: <event>} + {@code data: <json>}, a comment heartbeat (every 15 s, or more often when the HTTP
 * idle timeout is shorter: see {@link LiveStreams}), and the consumers registered
 * before the first bytes, so a client that has read the opening comment misses nothing published after it. Used by
 * the desks' and the supervisors' streams.
 *
 * <p>A client that does not read is cut off once {@link #MAX_BUFFERED} bytes wait for it, so it cannot grow the
 * server's memory; a browser reconnects after {@code retry} and reads its queue again, so it misses nothing.
 */
final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final long HEARTBEAT_MS = 15_000;
    /** Bytes that may wait for one client: a burst of hundreds of cards, not an endless backlog. */
    static final int MAX_BUFFERED = 4 * 1024 * 1024;

    private EventStream() {
    }

    /** An open stream, to end from the server's side. */
    interface Handle {
        /** Ends the stream: an {@code event: session.ended} with the reason, then the end of the response. */
        void end(String reason);

        /** Whether the stream has ended already (the client went, or it was ended). */
        boolean ended();
    }

    /** {@link #open(RoutingContext, Vertx, Clock, long, List, Consumer, Runnable, Runnable)} with the 15 s heartbeat. */
    static Handle open(RoutingContext ctx, Vertx vertx, Clock clock, List<String> addresses, Consumer<JsonObject> sent,
                       Runnable opened, Runnable closed) {
        return open(ctx, vertx, clock, HEARTBEAT_MS, addresses, sent, opened, closed);
    }

    /**
     * Answers {@code ctx} with the stream of {@code addresses}, a heartbeat comment every {@code heartbeatMs};
     * {@code sent} sees each message after it was written (e.g. to log the citizens it showed); {@code closed} runs
     * once when the stream ends, whichever side ends it.
     */
    static Handle open(RoutingContext ctx, Vertx vertx, Clock clock, long heartbeatMs, List<String> addresses,
                       Consumer<JsonObject> sent, Runnable opened, Runnable closed) {
        HttpServerResponse res = ctx.response();
        res.setWriteQueueMaxSize(MAX_BUFFERED);
        res.setChunked(true).setStatusCode(200)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        List<MessageConsumer<Object>> consumers = new ArrayList<>();
        boolean[] done = {false};
        long[] timer = {-1};
        Runnable cleanup = () -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            consumers.forEach(MessageConsumer::unregister);
            consumers.clear();
            if (timer[0] >= 0) {
                vertx.cancelTimer(timer[0]);
            }
            closed.run();
        };
        for (String address : addresses) {
            consumers.add(vertx.eventBus().consumer(address, msg -> {
                if (done[0] || res.ended() || res.closed()) {
                    return;
                }
                JsonObject json = json(msg.body());
                if (json == null) {
                    return;
                }
                String event = json.getString("event", "message").replaceAll("[\\r\\n]", "");
                res.write("event: " + event + "\ndata: " + json.encode() + "\n\n");
                sent.accept(json);
                if (res.writeQueueFull()) {
                    LOG.warn("event=sse.slow_client path={} addresses={} (not reading: disconnected)",
                            Security.loggable(ctx.request().path()), addresses.size());
                    cleanup.run();
                    ctx.request().connection().close();
                }
            }));
        }
        timer[0] = vertx.setPeriodic(heartbeatMs, t -> {
            if (done[0]) {
                vertx.cancelTimer(t);
            } else if (!res.ended() && !res.closed()) {
                res.write(": heartbeat " + clock.instant() + "\n\n");
            }
        });
        res.closeHandler(v -> cleanup.run());
        res.exceptionHandler(e -> cleanup.run());
        Future.all(consumers.stream().map(MessageConsumer::completion).toList()).onComplete(ar -> {
            if (done[0]) {
                return;
            }
            opened.run();
            res.write(": connected " + String.join(" ", addresses) + "\nretry: 3000\n\n");
        });
        return new Handle() {
            @Override
            public void end(String reason) {
                if (done[0]) {
                    return;
                }
                // nothing more is delivered from here on, whatever the client does
                cleanup.run();
                if (!res.ended() && !res.closed()) {
                    String why = reason.replaceAll("[^a-z_]", "");
                    res.end("event: session.ended\ndata: " + new JsonObject().put("event", "session.ended")
                            .put("reason", why).encode() + "\n\n");
                }
                LOG.info("event=sse.ended reason={} path={}", reason.replaceAll("[^a-z_]", ""),
                        Security.loggable(ctx.request().path()));
            }

            @Override
            public boolean ended() {
                return done[0];
            }
        };
    }

    private static JsonObject json(Object body) {
        if (body instanceof JsonObject o) {
            return o;
        }
        if (body instanceof String s) {
            try {
                return new JsonObject(s);
            } catch (DecodeException e) {
                return null;
            }
        }
        return null;
    }
}
