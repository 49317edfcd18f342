package dk.vagtcentral.server.api;

import dk.vagtcentral.server.auth.AuthStore;
import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.push.PushLog;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live streams (desk and supervision SSE) open now, by the session that opened them, so that a session's end
 * ends its streams too: a stream carries citizens' names and addresses, and must not outlive the right to read them.
 *
 * <ul>
 *   <li>logout ends the streams of that token ({@link #endSession});</li>
 *   <li>a user disabled, its password set or its role changed ends every stream of that user ({@link #endUser});</li>
 *   <li>expiry ends a stream at its session's {@code expiresAt} (a timer per stream);</li>
 *   <li>and every {@link #REVALIDATE} each session with a stream is read again, so a change made where this node
 *       cannot see it (another node, the database directly) ends its streams too.</li>
 * </ul>
 * A stream ends with an {@code event: session.ended} naming the reason, then the end of the response; the client
 * reconnects, gets 401, and logs in again.
 */
final class LiveStreams {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStreams.class);
    /** How often sessions with a stream are read again from the store. */
    static final Duration REVALIDATE = Duration.ofSeconds(5);
    /** The longest heartbeat interval: an idle proxy or browser keeps a stream that speaks this often. */
    static final Duration MAX_HEARTBEAT = Duration.ofMillis(EventStream.HEARTBEAT_MS);

    /** The session a request was authorised by (put by {@link Security}). */
    record Session(String tokenHash, Principal principal, Instant expiresAt) {
        static final String KEY = "vagtcentral.session";
    }

    private static final class Stream {
        final Session session;
        final Context context;
        final Consumer<String> end;

        Stream(Session session, Context context, Consumer<String> end) {
            this.session = session;
            this.context = context;
            this.end = end;
        }
    }

    private final Vertx vertx;
    private final AuthStore store;
    /** Where a reconnecting stream's catch-up is read. */
    private final PushLog pushLog;
    private final Clock clock;
    private final Duration heartbeat;
    private final Map<String, Set<Stream>> byToken = new ConcurrentHashMap<>();
    private long revalidateTimer = -1;

    /**
     * @param idleTimeout the HTTP server's idle timeout: the heartbeat comes at a third of it at most, so a quiet
     *                    stream is never taken for an idle connection
     */
    LiveStreams(Vertx vertx, AuthStore store, PushLog pushLog, Clock clock, Duration idleTimeout) {
        this.vertx = Objects.requireNonNull(vertx);
        this.store = Objects.requireNonNull(store);
        this.pushLog = Objects.requireNonNull(pushLog);
        this.clock = Objects.requireNonNull(clock);
        Duration third = idleTimeout.dividedBy(3);
        this.heartbeat = third.compareTo(MAX_HEARTBEAT) < 0 ? third : MAX_HEARTBEAT;
    }

    Duration heartbeat() {
        return heartbeat;
    }

    void start() {
        revalidateTimer = vertx.setPeriodic(REVALIDATE.toMillis(), t -> revalidate());
    }

    void stop() {
        if (revalidateTimer >= 0) {
            vertx.cancelTimer(revalidateTimer);
        }
        endAll("server_stopping");
    }

    /** Streams open now. */
    int live() {
        return byToken.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * Answers {@code ctx} with a live stream of {@code addresses} (see {@link EventStream#open}) that ends when the
     * request's session does.
     */
    void open(RoutingContext ctx, List<String> addresses, Consumer<JsonObject> sent, Runnable opened,
              Runnable closed) {
        Session session = ctx.get(Session.KEY);
        if (session == null) {
            // every stream route is behind Security, which puts the session; no session, no stream
            Responses.error(ctx, new ApiException(401, "unauthorized", "a live stream needs a logged-in session"));
            return;
        }
        Context context = vertx.getOrCreateContext();
        Stream[] self = {null};
        long[] expiry = {-1};
        EventStream.Handle handle = EventStream.open(ctx, vertx, clock, heartbeat.toMillis(), addresses, pushLog, sent,
                opened, () -> {
                    if (self[0] != null) {
                        unregister(self[0]);
                    }
                    if (expiry[0] >= 0) {
                        vertx.cancelTimer(expiry[0]);
                    }
                    closed.run();
                });
        if (handle.ended()) {
            return;
        }
        Stream stream = new Stream(session, context, handle::end);
        self[0] = stream;
        byToken.computeIfAbsent(session.tokenHash(), k -> ConcurrentHashMap.newKeySet()).add(stream);
        long untilExpiry = Duration.between(clock.instant(), session.expiresAt()).toMillis();
        if (untilExpiry <= 0) {
            end(stream, "session_expired");
        } else {
            expiry[0] = vertx.setTimer(untilExpiry, t -> end(stream, "session_expired"));
        }
    }

    /** Ends the streams of one session (logout). */
    void endSession(String tokenHash, String reason) {
        Set<Stream> streams = byToken.remove(tokenHash);
        if (streams != null) {
            streams.forEach(s -> end(s, reason));
        }
    }

    /** Ends every stream of a user (disabled, password set, role or scope changed). */
    void endUser(String username, String reason) {
        for (Set<Stream> streams : byToken.values()) {
            for (Stream s : List.copyOf(streams)) {
                if (s.session.principal().username().equals(username)) {
                    end(s, reason);
                }
            }
        }
    }

    private void endAll(String reason) {
        for (Set<Stream> streams : byToken.values()) {
            List.copyOf(streams).forEach(s -> end(s, reason));
        }
    }

    private void end(Stream s, String reason) {
        unregister(s);
        s.context.runOnContext(v -> s.end.accept(reason));
    }

    private void unregister(Stream s) {
        byToken.computeIfPresent(s.session.tokenHash(), (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Reads each session with a stream again (on a worker thread); a session that is no longer live, or whose user
     * now has another role or scope, ends its streams.
     */
    private void revalidate() {
        if (byToken.isEmpty()) {
            return;
        }
        List<String> tokens = new ArrayList<>(byToken.keySet());
        vertx.executeBlocking(() -> {
            Instant now = clock.instant();
            List<String[]> ended = new ArrayList<>();
            for (String token : tokens) {
                Set<Stream> streams = byToken.get(token);
                if (streams == null || streams.isEmpty()) {
                    continue;
                }
                Principal had = streams.iterator().next().session.principal();
                Optional<AuthStore.LiveSession> live = store.liveSession(token, now);
                if (live.isEmpty()) {
                    ended.add(new String[] {token, "session_ended"});
                } else if (!live.get().user().principal().equals(had)) {
                    ended.add(new String[] {token, "role_changed"});
                }
            }
            return ended;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("event=sse.revalidate_failed error=\"{}\"", ar.cause().getMessage());
                return;
            }
            for (String[] e : ar.result()) {
                endSession(e[0], e[1]);
            }
        });
    }
}
