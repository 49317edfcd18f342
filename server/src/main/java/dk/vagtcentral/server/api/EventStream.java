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

/**
 * A live stream of event-bus messages to a browser as Server-Sent Events: each JSON message on one of the addresses
 * as {@code event: <event>} + {@code data: <json>}, a comment heartbeat every 15 s, and the consumers registered
 * before the first bytes, so a client that has read the opening comment misses nothing published after it. Used by
 * the desks' and the supervisors' streams.
 */
final class EventStream {
    static final long HEARTBEAT_MS = 15_000;

    private EventStream() {
    }

    /**
     * Answers {@code ctx} with the stream of {@code addresses}; {@code sent} sees each message after it was written
     * (e.g. to log the citizens it showed); {@code closed} runs once when the client goes.
     */
    static void open(RoutingContext ctx, Vertx vertx, Clock clock, List<String> addresses, Consumer<JsonObject> sent,
                     Runnable opened, Runnable closed) {
        HttpServerResponse res = ctx.response();
        res.setChunked(true).setStatusCode(200)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        List<MessageConsumer<Object>> consumers = new ArrayList<>();
        for (String address : addresses) {
            consumers.add(vertx.eventBus().consumer(address, msg -> {
                if (res.ended() || res.closed()) {
                    return;
                }
                JsonObject json = json(msg.body());
                if (json == null) {
                    return;
                }
                String event = json.getString("event", "message").replaceAll("[\\r\\n]", "");
                res.write("event: " + event + "\ndata: " + json.encode() + "\n\n");
                sent.accept(json);
            }));
        }
        long timer = vertx.setPeriodic(HEARTBEAT_MS, t -> {
            if (!res.ended() && !res.closed()) {
                res.write(": heartbeat " + clock.instant() + "\n\n");
            }
        });
        boolean[] done = {false};
        Runnable cleanup = () -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            vertx.cancelTimer(timer);
            consumers.forEach(MessageConsumer::unregister);
            consumers.clear();
            closed.run();
        };
        res.closeHandler(v -> cleanup.run());
        res.exceptionHandler(e -> cleanup.run());
        Future.all(consumers.stream().map(MessageConsumer::completion).toList()).onComplete(ar -> {
            opened.run();
            res.write(": connected " + String.join(" ", addresses) + "\nretry: 3000\n\n");
        });
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
