package dk.vagtcentral.server.api;

import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.net.LogGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the HTTP server's connections to what the process can afford, so that a flood of idle or slow connections
 * cannot take the descriptors {@code /health}, a desk or an alarm needs:
 *
 * <ul>
 *   <li>at most {@code maxConnections} open at once (from {@link dk.vagtcentral.server.net.ConnectionBudget}). At
 *       the cap the connection that has waited longest for its next request's headers gives way to the new one, so
 *       a flood of idle connections cannot keep {@code /health} or a desk out; when none waits (all are busy with a
 *       request or a live stream) the new connection is closed at once and the busy ones are not disturbed;</li>
 *   <li>a connection's request headers must be complete within {@code http.header-timeout} of its opening, and,
 *       on a kept-alive connection, of the end of the previous answer; a silent or slowloris client is closed
 *       (Vert.x has no such timer of its own);</li>
 *   <li>a request body must be complete within {@code http.body-timeout} of its headers: else 408 and closed;</li>
 *   <li>Vert.x's own idle timeout ({@code http.idle-timeout}) closes a connection without any traffic; live
 *       streams send a heartbeat more often (see {@link LiveStreams#heartbeat}).</li>
 * </ul>
 * Each refusal, eviction and timeout is counted ({@code vagtcentral_http_connections_refused_total{reason="cap"}},
 * {@code vagtcentral_http_connections_evicted_total}, {@code vagtcentral_http_connections_timed_out_total{phase}})
 * and logged once per reason, address and minute.
 *
 * <p>Everything here runs on the HTTP verticle's event loop.
 */
final class ConnectionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final Vertx vertx;
    private final int maxConnections;
    private final long headerTimeoutMs;
    private final long bodyTimeoutMs;
    private final Duration idleTimeout;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<HttpConnection, State> states = new HashMap<>();
    /** The connections waiting for their next request's headers, longest waiting first. */
    private final Set<State> waiting = new LinkedHashSet<>();
    private final Counter refusedAtCap;
    private final Counter evicted;
    private final Counter headerTimeouts;
    private final Counter bodyTimeouts;
    private final LogGate logGate = new LogGate(Duration.ofMinutes(1).toNanos(), 10_000);

    /** One open connection: its requests in flight and the header timer while it waits for one. */
    private final class State {
        final HttpConnection connection;
        final String remote;
        int inFlight;
        long headerTimer = -1;

        State(HttpConnection connection, String remote) {
            this.connection = connection;
            this.remote = remote;
        }

        void armHeaderTimer() {
            cancelHeaderTimer();
            waiting.add(this);
            headerTimer = vertx.setTimer(headerTimeoutMs, t -> {
                headerTimer = -1;
                if (inFlight == 0) {
                    headerTimeouts.increment();
                    log("http.connection_timed_out", "header_timeout", remote, "no complete request headers within "
                            + headerTimeoutMs + " ms");
                    connection.close();
                }
            });
        }

        void cancelHeaderTimer() {
            waiting.remove(this);
            if (headerTimer >= 0) {
                vertx.cancelTimer(headerTimer);
                headerTimer = -1;
            }
        }
    }

    /** The most connections it holds open at once. */
    int cap() {
        return maxConnections;
    }

    ConnectionGuard(Vertx vertx, ServerConfig.Http http, int maxConnections, MeterRegistry registry) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
        this.vertx = vertx;
        this.maxConnections = maxConnections;
        this.headerTimeoutMs = http.headerTimeout().toMillis();
        this.bodyTimeoutMs = http.bodyTimeout().toMillis();
        this.idleTimeout = http.idleTimeout();
        this.refusedAtCap = Counter.builder("vagtcentral.http.connections.refused").tag("reason", "cap")
                .description("HTTP connections closed on arrival because the server held its cap")
                .register(registry);
        this.evicted = Counter.builder("vagtcentral.http.connections.evicted")
                .description("HTTP connections waiting for a request closed at the cap to make room for a new one")
                .register(registry);
        this.headerTimeouts = Counter.builder("vagtcentral.http.connections.timed_out").tag("phase", "header")
                .description("HTTP connections closed because request headers did not arrive in time")
                .register(registry);
        this.bodyTimeouts = Counter.builder("vagtcentral.http.connections.timed_out").tag("phase", "body")
                .description("HTTP requests answered 408 and closed because the body did not arrive in time")
                .register(registry);
        Gauge.builder("vagtcentral.http.connections.open", open, AtomicInteger::get)
                .description("HTTP connections open now").register(registry);
        Gauge.builder("vagtcentral.http.connections.max", () -> maxConnections)
                .description("HTTP connections held at most").register(registry);
    }

    /** The server options this guard relies on: Vert.x's idle timeout, HTTP/1.1 only (no h2c upgrade). */
    HttpServerOptions options() {
        return new HttpServerOptions()
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false);
    }

    int maxConnections() {
        return maxConnections;
    }

    /** How many connections are open now. */
    int open() {
        return open.get();
    }

    /**
     * The server's connection handler: at the cap the longest-waiting idle connection gives way, or, with none, the
     * new one is refused; then the connection is watched.
     */
    void connected(HttpConnection connection) {
        String remote = connection.remoteAddress() == null ? "-" : connection.remoteAddress().hostAddress();
        if (open.get() >= maxConnections) {
            Iterator<State> oldest = waiting.iterator();
            if (!oldest.hasNext()) {
                refusedAtCap.increment();
                log("http.connection_refused", "cap", remote, "at the cap of " + maxConnections
                        + " connections, all busy");
                connection.close();
                return;
            }
            State idle = oldest.next();
            evicted.increment();
            log("http.connection_evicted", "cap", idle.remote, "waited longest for a request when a new connection "
                    + "came at the cap");
            forget(idle);
            idle.connection.close();
        }
        open.incrementAndGet();
        State state = new State(connection, remote);
        states.put(connection, state);
        connection.closeHandler(v -> {
            State s = states.get(connection);
            if (s != null) {
                forget(s);
            }
        });
        state.armHeaderTimer();
    }

    /** No longer counted or watched (closed, or closing to make room). */
    private void forget(State s) {
        if (states.remove(s.connection) == s) {
            s.cancelHeaderTimer();
            open.decrementAndGet();
        }
    }

    /**
     * The router's first handler: the request's headers are complete, so the header timer stops; a declared body
     * must follow within the body timeout; the end of the answer re-arms the header timer for the next request.
     */
    void requestStarted(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        State state = states.get(request.connection());
        if (state != null) {
            state.cancelHeaderTimer();
            state.inFlight++;
            boolean[] done = {false};
            ctx.addEndHandler(ar -> {
                if (done[0]) {
                    return;
                }
                done[0] = true;
                state.inFlight--;
                if (state.inFlight == 0 && states.get(state.connection) == state) {
                    state.armHeaderTimer();
                }
            });
        }
        if (declaresBody(request)) {
            long timer = vertx.setTimer(bodyTimeoutMs, t -> bodyTimedOut(ctx, state));
            ctx.put(BODY_TIMER, timer);
            ctx.addEndHandler(ar -> vertx.cancelTimer(timer));
        }
        ctx.next();
    }

    /** After the body handler: the body is in, its timer stops. */
    void bodyReceived(RoutingContext ctx) {
        Long timer = ctx.get(BODY_TIMER);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        ctx.next();
    }

    private static final String BODY_TIMER = "vagtcentral.bodyTimer";

    private void bodyTimedOut(RoutingContext ctx, State state) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        bodyTimeouts.increment();
        String remote = state != null ? state.remote
                : request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
        log("http.connection_timed_out", "body_timeout", remote, "request body incomplete after " + bodyTimeoutMs
                + " ms");
        if (!ctx.response().headWritten()) {
            ctx.response().setStatusCode(408).putHeader("content-type", "application/json")
                    .putHeader("connection", "close")
                    .end(new JsonObject().put("error", "request_timeout").put("message",
                            "the request body did not arrive within " + bodyTimeoutMs + " ms").encode())
                    .onComplete(ar -> request.connection().close());
        } else {
            request.connection().close();
        }
    }

    static boolean declaresBody(HttpServerRequest request) {
        String length = request.getHeader("content-length");
        if (length != null) {
            try {
                return Long.parseLong(length.strip()) > 0;
            } catch (NumberFormatException e) {
                return true; // Vert.x refuses such a request before it gets here
            }
        }
        return request.getHeader("transfer-encoding") != null;
    }

    private void log(String event, String reason, String remote, String detail) {
        long held = logGate.admit(event + "|" + reason + "|" + remote, System.nanoTime());
        if (held < 0) {
            return;
        }
        LOG.warn("event={} reason={} remote={} open={} max={} suppressed={} detail=\"{}\"", event, reason,
                Security.loggable(remote), open.get(), maxConnections, held, detail);
    }
}
