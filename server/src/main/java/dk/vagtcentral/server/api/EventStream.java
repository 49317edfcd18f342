package dk.vagtcentral.server.api;

import dk.vagtcentral.server.push.PushEvent;
import dk.vagtcentral.server.push.PushLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * <p>Each message carries its event id ({@code id: <push_events id>}); a client that reconnects with
 * {@code Last-Event-ID} (or {@code ?lastEventId=}, for the desk's fetch-based reader) first gets its addresses'
 * messages after that id, oldest first, then the live ones without duplicates (the consumers are registered before
 * the catch-up is read, and what comes live meanwhile waits behind it); when what it missed cannot be told (deleted
 * already, more than {@link #REPLAY_LIMIT}) an {@code event: resync} tells it to reload its state. A stream opened
 * without an id is told the newest id ({@code id:} alone), so that its next reconnect can catch up.
 *
 * <p>A client that does not read is cut off once {@link #MAX_BUFFERED} bytes wait for it, so it cannot grow the
 * server's memory; a browser reconnects after {@code retry} and catches up (or reloads its queue), so it misses
 * nothing.
 */
final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final long HEARTBEAT_MS = 15_000;
    /** Bytes that may wait for one client: a burst of hundreds of cards, not an endless backlog. */
    static final int MAX_BUFFERED = 4 * 1024 * 1024;
    /** Most missed messages a reconnecting stream is sent; a client that missed more reloads ({@code resync}). */
    static final int REPLAY_LIMIT = 5_000;
    /** Most live messages held while a catch-up is written; a client that cannot take them is cut off. */
    static final int MAX_BACKLOG = 2_000;
    /**
     * Catch-ups in progress at most, over every stream: each holds up to {@link #REPLAY_LIMIT} rows in memory, so
     * clients reconnecting in a storm (or one reconnecting in a loop) cannot fill the heap; beyond it a stream is
     * told to {@code resync} (reload its state, paged) and goes on live.
     */
    static final int MAX_CATCHUPS = 16;
    private static final java.util.concurrent.atomic.AtomicInteger CATCHING_UP =
            new java.util.concurrent.atomic.AtomicInteger();

    private EventStream() {
    }

    /** An open stream, to end from the server's side. */
    interface Handle {
        /** Ends the stream: an {@code event: session.ended} with the reason, then the end of the response. */
        void end(String reason);

        /** Whether the stream has ended already (the client went, or it was ended). */
        boolean ended();
    }

    /** {@link #open(RoutingContext, Vertx, Clock, long, List, PushLog, Consumer, Runnable, Runnable)}, 15 s heartbeat. */
    static Handle open(RoutingContext ctx, Vertx vertx, Clock clock, List<String> addresses, PushLog log,
                       Consumer<JsonObject> sent, Runnable opened, Runnable closed) {
        return open(ctx, vertx, clock, HEARTBEAT_MS, addresses, log, sent, opened, closed);
    }

    /**
     * Answers {@code ctx} with the stream of {@code addresses}, a heartbeat comment every {@code heartbeatMs};
     * {@code sent} sees each message after it was written (e.g. to log the citizens it showed); {@code closed} runs
     * once when the stream ends, whichever side ends it. With {@code log} (null: live only, no catch-up) a request
     * with {@code Last-Event-ID} (or {@code ?lastEventId=}) first gets what its addresses missed after that id.
     */
    static Handle open(RoutingContext ctx, Vertx vertx, Clock clock, long heartbeatMs, List<String> addresses,
                       PushLog log, Consumer<JsonObject> sent, Runnable opened, Runnable closed) {
        HttpServerResponse res = ctx.response();
        res.setWriteQueueMaxSize(MAX_BUFFERED);
        res.setChunked(true).setStatusCode(200)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        Stream s = new Stream(ctx, vertx, addresses, sent, closed, log != null);
        for (String address : addresses) {
            s.consumers.add(vertx.eventBus().consumer(address, s::live));
        }
        s.timer = vertx.setPeriodic(heartbeatMs, t -> {
            if (s.done) {
                vertx.cancelTimer(t);
            } else if (!res.ended() && !res.closed()) {
                res.write(": heartbeat " + clock.instant() + "\n\n");
            }
        });
        res.closeHandler(v -> s.cleanup());
        res.exceptionHandler(e -> s.cleanup());
        Future.all(s.consumers.stream().map(MessageConsumer::completion).toList()).onComplete(ar -> {
            if (s.done) {
                return;
            }
            opened.run();
            res.write(": connected " + String.join(" ", addresses) + "\nretry: 3000\n\n");
            if (log != null) {
                s.catchUp(log, lastEventId(ctx));
            }
        });
        return new Handle() {
            @Override
            public void end(String reason) {
                if (s.done) {
                    return;
                }
                // nothing more is delivered from here on, whatever the client does
                s.cleanup();
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
                return s.done;
            }
        };
    }

    /** The id the client had last: the {@code Last-Event-ID} header, else {@code ?lastEventId=}; null for none. */
    private static String lastEventId(RoutingContext ctx) {
        String header = ctx.request().getHeader("Last-Event-ID");
        String id = header != null && !header.isBlank() ? header : ctx.queryParams().get("lastEventId");
        return id == null || id.isBlank() ? null : id.strip();
    }

    /** One message to write: its event id (null when it has none) and body. */
    private record Out(Long id, JsonObject json) {
    }

    /** One open stream's state; touched on its request's context only. */
    private static final class Stream {
        final RoutingContext ctx;
        final HttpServerResponse res;
        final Vertx vertx;
        final List<String> addresses;
        final Consumer<JsonObject> sent;
        final Runnable closed;
        final List<MessageConsumer<Object>> consumers = new ArrayList<>();
        /** The missed rows to send, then the live messages that came meanwhile. */
        /** Bounded by the query: at most {@link #REPLAY_LIMIT} rows, else the client is told to resync. */
        final ArrayDeque<Out> replay = new ArrayDeque<>();
        /** Live messages held while the replay is sent: at most {@link #MAX_BACKLOG}, then a resync instead. */
        final ArrayDeque<Out> backlog = new ArrayDeque<>();
        /** Ids sent by the catch-up, so the same event arriving live is not sent again. */
        final Set<Long> replayed = new HashSet<>();
        boolean catchingUp;
        /** Whether this stream holds one of the {@link #MAX_CATCHUPS}. */
        boolean holdsCatchUp;
        boolean done;
        long timer = -1;

        Stream(RoutingContext ctx, Vertx vertx, List<String> addresses, Consumer<JsonObject> sent, Runnable closed,
               boolean catchingUp) {
            this.ctx = ctx;
            this.res = ctx.response();
            this.vertx = vertx;
            this.addresses = addresses;
            this.sent = sent;
            this.closed = closed;
            this.catchingUp = catchingUp;
        }

        void cleanup() {
            if (done) {
                return;
            }
            done = true;
            consumers.forEach(MessageConsumer::unregister);
            consumers.clear();
            replay.clear();
            backlog.clear();
            releaseCatchUp();
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            closed.run();
        }

        boolean gone() {
            return done || res.ended() || res.closed();
        }

        void live(Message<Object> msg) {
            if (gone()) {
                return;
            }
            JsonObject json = json(msg.body());
            if (json == null) {
                return;
            }
            Long id = id(msg.headers().get(PushEvent.ID_HEADER));
            if (catchingUp) {
                if (backlog.size() >= MAX_BACKLOG) {
                    cutOff("catch-up backlog full");
                } else {
                    backlog.add(new Out(id, json));
                }
                return;
            }
            if (id != null && replayed.contains(id)) {
                return;
            }
            write(new Out(id, json));
            if (res.writeQueueFull()) {
                cutOff("not reading");
            }
        }

        /**
         * Reads what the client missed after {@code lastEventId} (a worker thread) and sends it before the live
         * messages that came meanwhile; without an id, tells the client the newest id so that its next reconnect
         * can catch up. A {@code resync} when the missed messages cannot be told (too old, too many, unreadable).
         */
        void catchUp(PushLog log, String lastEventId) {
            if (lastEventId != null && CATCHING_UP.incrementAndGet() > MAX_CATCHUPS) {
                CATCHING_UP.decrementAndGet();
                LOG.warn("event=sse.resync reason=busy path={} catchups={}", Security.loggable(ctx.request().path()),
                        MAX_CATCHUPS);
                res.write(resync("busy", null));
                pump();
                return;
            }
            holdsCatchUp = lastEventId != null;
            long after = lastEventId == null ? 0 : parse(lastEventId);
            vertx.executeBlocking(() -> lastEventId == null
                    ? new PushLog.Replay(false, List.of(), log.maxId())
                    : log.replay(addresses, after, REPLAY_LIMIT), false).onComplete(ar -> {
                        if (gone()) {
                            return;
                        }
                        if (ar.failed()) {
                            LOG.warn("event=sse.catchup_failed path={} error=\"{}\"",
                                    Security.loggable(ctx.request().path()), ar.cause().getMessage());
                            if (lastEventId != null) {
                                res.write(resync("catchup_failed", null));
                            }
                        } else if (ar.result().resync()) {
                            res.write(resync("too_old", ar.result().maxId()));
                            LOG.info("event=sse.resync path={} last_event_id={} newest={}",
                                    Security.loggable(ctx.request().path()), after, ar.result().maxId());
                        } else if (lastEventId == null) {
                            res.write("id: " + ar.result().maxId() + "\n\n");
                        } else {
                            for (PushEvent e : ar.result().events()) {
                                replayed.add(e.id());
                                replay.add(new Out(e.id(), e.body()));
                            }
                            LOG.info("event=sse.catchup path={} last_event_id={} replayed={}",
                                    Security.loggable(ctx.request().path()), after, replay.size());
                        }
                        pump();
                    });
        }

        /** Writes the replay, then the backlog, pausing while the client's buffer is full; then live. */
        void pump() {
            while (!gone()) {
                Out next = replay.poll();
                if (next == null) {
                    next = backlog.poll();
                    if (next != null && next.id() != null && replayed.contains(next.id())) {
                        continue;
                    }
                }
                if (next == null) {
                    catchingUp = false;
                    releaseCatchUp();
                    return;
                }
                write(next);
                if (res.writeQueueFull()) {
                    res.drainHandler(v -> {
                        res.drainHandler(null);
                        pump();
                    });
                    return;
                }
            }
        }

        void releaseCatchUp() {
            if (holdsCatchUp) {
                holdsCatchUp = false;
                CATCHING_UP.decrementAndGet();
            }
        }

        void write(Out o) {
            String event = o.json().getString("event", "message").replaceAll("[\\r\\n]", "");
            res.write((o.id() == null ? "" : "id: " + o.id() + "\n") + "event: " + event + "\ndata: "
                    + o.json().encode() + "\n\n");
            sent.accept(o.json());
        }

        void cutOff(String why) {
            LOG.warn("event=sse.slow_client path={} addresses={} reason=\"{}\" (disconnected)",
                    Security.loggable(ctx.request().path()), addresses.size(), why);
            cleanup();
            ctx.request().connection().close();
        }

        private static String resync(String reason, Long newest) {
            return (newest == null ? "" : "id: " + newest + "\n") + "event: resync\ndata: "
                    + new JsonObject().put("event", "resync").put("reason", reason).encode() + "\n\n";
        }

        /** An id the client sent; -1 (never valid, so a resync) for one that is not a number. */
        private static long parse(String id) {
            try {
                return Long.parseLong(id);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static Long id(String header) {
            if (header == null) {
                return null;
            }
            try {
                return Long.valueOf(header);
            } catch (NumberFormatException e) {
                return null;
            }
        }
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
