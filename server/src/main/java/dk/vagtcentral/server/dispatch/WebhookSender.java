package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.cluster.Fence;
import dk.vagtcentral.server.cluster.LeaseLostException;
import dk.vagtcentral.server.cluster.SingletonJobs;
import dk.vagtcentral.server.dispatch.WebhookTargets.Allowed;
import dk.vagtcentral.server.dispatch.WebhookTargets.Denied;
import dk.vagtcentral.server.store.WebhookOutbox;
import dk.vagtcentral.server.store.WebhookOutbox.Delivery;
import dk.vagtcentral.server.store.WebhookSecrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook outbox ({@link WebhookOutbox}): each due delivery is POSTed as JSON to its supplier's
 * URL with the Vert.x {@link WebClient} (on the event loop; no threads of its own), with headers
 * {@code X-Vagtcentral-Event}, {@code X-Vagtcentral-Delivery} (the outbox id; delivery is at least once, so receivers
 * deduplicate on it) and the signature headers of {@link WebhookSignature}, made with every secret the supplier has in
 * force ({@link WebhookSecrets}; a supplier with none gets one, which an administrator then rotates to see). A 2xx
 * answer is delivered; any other answer, a timeout or a connection failure is a failed attempt, retried after
 * {@code firstDelay * 2^(attempt-1)} (at most {@code maxDelay}, a little jitter below), until {@code maxAttempts} have
 * failed and it gives up. Every attempt goes on the alarm's timeline. Redirects are not followed (a redirect could
 * lead past the checks below), and the answer's body is not read.
 *
 * <p>Before every attempt the target is checked again ({@link WebhookTargets}: DNS may have changed since the URL was
 * set), and the request goes to an address that passed, not to a second lookup. A refused target is a failed attempt
 * with the reason on the timeline, and no request is sent; a URL that is refused in itself (scheme, literal address)
 * is given up at once, since retrying cannot help.
 *
 * <p>The outbox is polled every second, at once on {@link #wake()} and when a retry falls due. At most one poll
 * runs at a time, a delivery is never in flight twice, and all database and DNS work runs on worker threads.
 *
 * <p>With several nodes on one database only the node holding the delivery lease sends ({@link SingletonJobs}
 * calls {@link #acquired} and {@link #lost}); elsewhere {@link #wake()} does nothing, and the holder's next poll
 * (within a second) finds what another node's dispatcher enqueued. Every attempt is recorded through the lease's
 * fence: a send that finishes after the lease was lost is not recorded, so the new holder sends it again (receivers
 * deduplicate on {@code X-Vagtcentral-Delivery}). {@link #start()} delivers without a lease, for a sender alone.
 */
public final class WebhookSender implements AutoCloseable, SingletonJobs.Holder {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Deliveries sent at once; more wait for the next poll. */
    static final int MAX_IN_FLIGHT = 32;
    private static final String USER_AGENT = "Vagtcentral-Webhook/1";
    /** Extra time past the request timeout after which a send is cancelled, whatever the HTTP client does. */
    private static final Duration HARD_TIMEOUT_SLACK = Duration.ofSeconds(2);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** The elapsed time of an attempt that sent no request (refused target, no secret): not a latency. */
    private static final long NOT_SENT = -1;

    /**
     * Retry policy: the first retry after {@code firstDelay}, doubling up to {@code maxDelay}; {@code maxAttempts}
     * attempts in all; each request may take {@code requestTimeout}.
     */
    public record Policy(Duration firstDelay, Duration maxDelay, int maxAttempts, Duration requestTimeout) {
        public static final Policy DEFAULT = new Policy(Duration.ofSeconds(2), Duration.ofMinutes(5), 12,
                Duration.ofSeconds(5));

        public Policy {
            Objects.requireNonNull(firstDelay, "firstDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive");
            }
        }

        /** The delay after failed attempt number {@code attempt} (1-based), before jitter. */
        public Duration delayAfter(int attempt) {
            int doublings = Math.max(0, attempt - 1);
            if (doublings >= 62) {
                return maxDelay;
            }
            long factor = 1L << doublings;
            long firstNanos = firstDelay.toNanos();
            if (firstNanos > Long.MAX_VALUE / factor) {
                return maxDelay;
            }
            Duration d = Duration.ofNanos(firstNanos * factor);
            return d.compareTo(maxDelay) > 0 ? maxDelay : d;
        }

        /** {@link #delayAfter} less up to 10 % at random, so that retries of many deliveries spread out. */
        Duration jitteredDelayAfter(int attempt) {
            Duration d = delayAfter(attempt);
            long jitter = (long) (d.toNanos() * 0.1 * ThreadLocalRandom.current().nextDouble());
            return d.minusNanos(jitter);
        }
    }

    private record Result(boolean delivered, Integer status, String outcome) {
    }

    /** What an attempt needs, found on a worker thread: the target's verdict and the secrets to sign with. */
    private record Prepared(WebhookTargets.Verdict target, List<String> secrets) {
    }

    private final Vertx vertx;
    private final WebhookOutbox outbox;
    private final Clock clock;
    private final Policy policy;
    private final Duration pollInterval;
    private final WebhookSecrets secrets;
    private final WebhookTargets targets;
    private final WebClient client;
    private final Counter delivered;
    private final Counter failed;
    private final Counter gaveUp;
    private final Timer latency;
    private final MeterRegistry registry;

    /** Ids of deliveries being sent or recorded; an id is removed only once its attempt is committed. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Ids of deliveries whose request is on the wire. */
    private final Set<Long> sends = ConcurrentHashMap.newKeySet();
    /**
     * Ids freed while a poll was reading: that poll's rows may predate their attempt, so it must not send them.
     */
    private final Set<Long> freedDuringPoll = ConcurrentHashMap.newKeySet();
    private final Set<Long> retryTimers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean pollRequested;
    private volatile boolean backlog;
    private volatile boolean started;
    /** Whether this sender may deliver: it was started alone, or holds the delivery lease. */
    private volatile boolean active;
    private volatile Fence fence = Fence.NONE;
    private volatile boolean closed;
    private volatile long periodicTimer = -1;
    private final Object blockingLock = new Object();
    private int blockingRunning;

    public WebhookSender(Vertx vertx, WebhookOutbox outbox, WebhookSecrets secrets, WebhookTargets targets,
                         Clock clock, MeterRegistry registry, Policy policy) {
        this(vertx, outbox, secrets, targets, clock, registry, policy, DEFAULT_POLL_INTERVAL);
    }

    public WebhookSender(Vertx vertx, WebhookOutbox outbox, WebhookSecrets secrets, WebhookTargets targets,
                         Clock clock, MeterRegistry registry, Policy policy, Duration pollInterval) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.secrets = secrets;
        this.targets = targets;
        this.clock = clock;
        this.policy = policy;
        this.pollInterval = pollInterval;
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, policy.requestTimeout().toMillis());
        this.client = WebClient.create(vertx, new WebClientOptions()
                        .setUserAgent(USER_AGENT)
                        .setFollowRedirects(false)
                        .setConnectTimeout(timeoutMs)
                        .setIdleTimeout(timeoutMs)
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                        .setKeepAlive(true),
                // one connection per delivery in flight, even when they all go to one supplier
                new PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT).setHttp2MaxSize(MAX_IN_FLIGHT));
        this.registry = registry;
        this.delivered = counter(registry, "delivered", "Webhook attempts answered with 2xx");
        this.failed = counter(registry, "failed", "Webhook attempts that failed and will be retried");
        this.gaveUp = counter(registry, "gave_up", "Webhook deliveries given up after their last failed attempt");
        this.latency = Timer.builder("vagtcentral.webhook.latency")
                .description("Time from sending a webhook to its answer or failure")
                .publishPercentileHistogram().register(registry);
    }

    /** Attempts not sent because the target was refused, by reason (metadata, loopback ...). */
    private Counter deniedCounter(WebhookTargets.Reason reason) {
        return Counter.builder("vagtcentral.webhook.denied")
                .description("Webhook attempts not sent because the target address or URL is refused")
                .tag("reason", reason.code()).register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome, String description) {
        return Counter.builder("vagtcentral.webhook.deliveries").description(description).tag("outcome", outcome)
                .register(registry);
    }

    /** Starts polling the outbox, at once and then every poll interval, with no lease: for a sender alone. */
    public void start() {
        activate(Fence.NONE);
    }

    /** This node holds the delivery lease: polls and delivers, recording every attempt through {@code fence}. */
    @Override
    public void acquired(Fence fence) {
        activate(fence);
    }

    /**
     * This node lost the delivery lease: no more polls; sends under way finish, and their attempts are not recorded
     * (the fence refuses them), so the holder sends them again.
     */
    @Override
    public void lost() {
        synchronized (this) {
            if (!active) {
                return;
            }
            active = false;
            if (periodicTimer >= 0) {
                vertx.cancelTimer(periodicTimer);
                periodicTimer = -1;
            }
        }
        LOG.info("event=webhook.paused reason=lease_lost in_flight={}", inFlight.size());
    }

    private void activate(Fence fence) {
        synchronized (this) {
            if (closed || active) {
                return;
            }
            this.fence = fence;
            active = true;
            started = true;
            periodicTimer = vertx.setPeriodic(pollInterval.toMillis(), id -> wake());
        }
        wake();
        LOG.info("event=webhook.started poll_interval={} first_delay={} max_delay={} max_attempts={} "
                        + "request_timeout={} allow_loopback={} lease={}", pollInterval, policy.firstDelay(),
                policy.maxDelay(), policy.maxAttempts(), policy.requestTimeout(), targets.allowsLoopback(),
                fence.job());
    }

    /**
     * Polls the outbox now (or right after the poll under way); for after a commit that enqueued deliveries. Does
     * nothing on a node that does not hold the delivery lease: the holder's periodic poll finds them.
     */
    public void wake() {
        if (closed || !started || !active) {
            return;
        }
        pollRequested = true;
        tryPoll();
    }

    private void tryPoll() {
        if (closed || !active || !fence.held() || !polling.compareAndSet(false, true)) {
            return; // not the holder, or no longer sure to be (e.g. resumed after a freeze): the lease decides
        }
        pollRequested = false;
        freedDuringPoll.clear(); // a read started from here on sees their attempts committed
        int capacity = MAX_IN_FLIGHT - inFlight.size();
        if (capacity <= 0) {
            backlog = true; // a finishing delivery wakes us
            finishPoll();
            return;
        }
        Instant now = clock.instant();
        // rows being sent are still due in the database: fetch past them
        int limit = capacity + inFlight.size();
        Future<List<Delivery>> due = blocking(() -> outbox.due(now, limit));
        if (due == null) {
            finishPoll();
            return;
        }
        due.onComplete(ar -> {
            try {
                if (ar.failed()) {
                    LOG.warn("event=webhook.poll_failed error=\"{}\"", ar.cause().getMessage());
                    return;
                }
                List<Delivery> rows = ar.result();
                int sent = 0;
                boolean skipped = false;
                for (Delivery d : rows) {
                    if (closed) {
                        return;
                    }
                    if (sent >= capacity) {
                        skipped = true;
                        break;
                    }
                    if (!freedDuringPoll.contains(d.id()) && inFlight.add(d.id())) {
                        sent++;
                        send(d);
                    }
                }
                backlog = skipped || rows.size() >= limit;
            } finally {
                finishPoll();
            }
        });
    }

    private void finishPoll() {
        polling.set(false);
        if (pollRequested && !closed) {
            tryPoll();
        }
    }

    /** Checks the target and finds the secrets on a worker thread, then sends from the event loop. */
    private void send(Delivery d) {
        Future<Prepared> prepared = blocking(() -> prepare(d));
        if (prepared == null) {
            free(d.id());
            return;
        }
        prepared.onComplete(ar -> {
            if (ar.failed()) {
                finish(d, new Result(false, null, "not sent: " + describe(ar.cause())), NOT_SENT, false);
                return;
            }
            Prepared p = ar.result();
            if (p.target() instanceof Denied denied) {
                LOG.warn("event=webhook.denied delivery_id={} alarm_id={} supplier={} attempt={} reason={} "
                                + "target={} detail=\"{}\"", d.id(), d.alarmId(), d.supplierId(), d.attempts() + 1,
                        denied.reason().code(), WebhookOutbox.target(d.url()), denied.message());
                deniedCounter(denied.reason()).increment();
                finish(d, new Result(false, null, "refused, not sent: " + denied.message()), NOT_SENT,
                        denied.byUrl());
            } else if (p.secrets().isEmpty()) {
                finish(d, new Result(false, null, "not sent: the supplier has no signing secret"), NOT_SENT, false);
            } else {
                request(d, (Allowed) p.target(), p.secrets());
            }
        });
    }

    /** On a worker thread: the target's verdict (DNS) and the supplier's signing secrets, made if it has none. */
    private Prepared prepare(Delivery d) throws Exception {
        WebhookTargets.Verdict target = targets.check(d.url());
        if (target instanceof Denied) {
            return new Prepared(target, List.of());
        }
        Instant now = clock.instant();
        List<String> keys = secrets.signing(List.of(d.supplierId()), now).getOrDefault(d.supplierId(), List.of());
        if (keys.isEmpty()) {
            // a URL set before secrets existed, or reference data loaded around the admin API
            Optional<WebhookSecrets.Issued> made = secrets.ensure(d.supplierId(), WebhookOutbox.ACTOR, now);
            if (made.isPresent()) {
                LOG.warn("event=webhook.secret_generated supplier={} reason=no_secret_on_record note=\"rotate it "
                        + "through the admin API to give it to the receiver\"", d.supplierId());
            }
            keys = secrets.signing(List.of(d.supplierId()), now).getOrDefault(d.supplierId(), List.of());
        }
        return new Prepared(target, keys);
    }

    private void request(Delivery d, Allowed target, List<String> keys) {
        if (closed || !active || !fence.held()) {
            free(d.id()); // not sent, not recorded: the holder sends it
            return;
        }
        URI uri = target.uri();
        InetAddress address = target.addresses().get(0);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        long timeoutMs = policy.requestTimeout().toMillis();
        long startNanos = System.nanoTime();
        HttpRequest<Void> request;
        try {
            // connect to the address that was checked; the URL still gives Host, TLS name, path and query
            request = client.requestAbs(HttpMethod.POST, SocketAddress.inetSocketAddress(port,
                            address.getHostAddress()), uri.toString())
                    .followRedirects(false)
                    .connectTimeout(timeoutMs)
                    .idleTimeout(timeoutMs)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Vagtcentral-Event", d.event())
                    .putHeader("X-Vagtcentral-Delivery", Long.toString(d.id()))
                    .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.header(keys, timestamp, body))
                    .as(BodyCodec.none());
        } catch (RuntimeException e) {
            // the URL is stored with the row: retrying cannot help
            finish(d, new Result(false, null, "invalid URL"), NOT_SENT, true);
            return;
        }
        AtomicBoolean settled = new AtomicBoolean();
        long hardTimeout = policy.requestTimeout().plus(HARD_TIMEOUT_SLACK).toMillis();
        // the client's timeouts are per connect and per silence; this bounds the whole attempt, however a receiver
        // trickles its answer (the connection itself ends with its idle timeout or at close)
        long guard = vertx.setTimer(hardTimeout, id -> {
            if (settled.compareAndSet(false, true)) {
                sends.remove(d.id());
                finish(d, new Result(false, null, "timeout after " + hardTimeout + " ms"),
                        System.nanoTime() - startNanos, false);
            }
        });
        sends.add(d.id());
        request.sendBuffer(Buffer.buffer(body)).onComplete(ar -> {
            vertx.cancelTimer(guard);
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            sends.remove(d.id());
            long elapsed = System.nanoTime() - startNanos;
            Result result;
            if (ar.succeeded()) {
                int status = ar.result().statusCode();
                result = new Result(status >= 200 && status < 300, status, "HTTP " + status);
            } else {
                result = new Result(false, null, describe(ar.cause()));
            }
            finish(d, result, elapsed, false);
        });
    }

    /** Records the attempt (unless closing interrupted it), then frees the delivery and schedules its retry. */
    private void finish(Delivery d, Result result, long elapsedNanos, boolean giveUpNow) {
        if (closed) {
            // not recorded: the row stays due and is sent again after the restart
            free(d.id());
            LOG.info("event=webhook.unrecorded delivery_id={} alarm_id={} supplier={} attempt={} outcome=\"{}\" "
                    + "reason=closing", d.id(), d.alarmId(), d.supplierId(), d.attempts() + 1, result.outcome());
            return;
        }
        if (elapsedNanos != NOT_SENT) {
            latency.record(elapsedNanos, TimeUnit.NANOSECONDS);
        }
        int attempt = d.attempts() + 1;
        Instant at = clock.instant();
        boolean last = giveUpNow || attempt >= policy.maxAttempts();
        Instant next = result.delivered() || last ? null : at.plus(policy.jitteredDelayAfter(attempt));
        Fence recordedUnder = fence;
        Future<Boolean> recorded = blocking(() -> outbox.recordAttempt(d, at, result.delivered(), result.outcome(),
                next, recordedUnder));
        if (recorded == null) {
            free(d.id());
            return;
        }
        recorded.onComplete(ar -> {
            free(d.id());
            if (ar.failed() && ar.cause() instanceof LeaseLostException) {
                LOG.warn("event=webhook.unrecorded delivery_id={} alarm_id={} supplier={} attempt={} outcome=\"{}\" "
                        + "reason=lease_lost", d.id(), d.alarmId(), d.supplierId(), attempt, result.outcome());
                return;
            }
            if (ar.failed()) {
                // not recorded: the row is still due and will be sent again (receivers deduplicate)
                LOG.error("event=webhook.record_failed delivery_id={} alarm_id={} attempt={} error=\"{}\"", d.id(),
                        d.alarmId(), attempt, ar.cause().getMessage());
                return;
            }
            String status = result.status() == null ? "-" : result.status().toString();
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
            if (result.delivered()) {
                delivered.increment();
                LOG.info("event=webhook.delivered delivery_id={} alarm_id={} supplier={} webhook_event={} attempt={} "
                        + "status={} latency_ms={}", d.id(), d.alarmId(), d.supplierId(), d.event(), attempt, status,
                        latencyMs);
            } else if (next == null) {
                gaveUp.increment();
                LOG.warn("event=webhook.gave_up delivery_id={} alarm_id={} supplier={} webhook_event={} attempt={} "
                        + "status={} error=\"{}\" latency_ms={}", d.id(), d.alarmId(), d.supplierId(), d.event(),
                        attempt, status, result.outcome(), latencyMs);
            } else {
                failed.increment();
                LOG.info("event=webhook.failed delivery_id={} alarm_id={} supplier={} webhook_event={} attempt={} "
                        + "status={} error=\"{}\" latency_ms={} next_attempt_at={}", d.id(), d.alarmId(),
                        d.supplierId(), d.event(), attempt, status, result.outcome(), latencyMs, next);
                scheduleWake(next);
            }
            if (backlog) {
                wake();
            }
        });
    }

    /** Ends a delivery's turn, after its attempt was committed (or abandoned). */
    private void free(long id) {
        if (polling.get()) {
            freedDuringPoll.add(id);
        }
        inFlight.remove(id);
    }

    /** Wakes at {@code at}, so a retry does not wait for the next periodic poll. */
    private void scheduleWake(Instant at) {
        if (closed) {
            return;
        }
        long delayMs = Math.max(1, Duration.between(clock.instant(), at).toMillis() + 1);
        if (delayMs > pollInterval.toMillis()) {
            return; // the periodic poll is soon enough
        }
        synchronized (retryTimers) {
            if (closed) {
                return;
            }
            retryTimers.add(vertx.setTimer(delayMs, t -> {
                retryTimers.remove(t);
                wake();
            }));
        }
    }

    /** Runs database work on a worker thread; null once closed. Counted so that {@link #close()} can wait. */
    private <T> Future<T> blocking(Callable<T> work) {
        synchronized (blockingLock) {
            if (closed) {
                return null;
            }
            blockingRunning++;
        }
        Future<T> f;
        try {
            f = vertx.executeBlocking(work, false);
        } catch (RuntimeException e) {
            blockingDone();
            return Future.failedFuture(e);
        }
        return f.andThen(ar -> blockingDone());
    }

    private void blockingDone() {
        synchronized (blockingLock) {
            blockingRunning--;
            blockingLock.notifyAll();
        }
    }

    /** A short description of a failure, without the URL's query. */
    private String describe(Throwable t) {
        String name = t.getClass().getSimpleName();
        if (name.contains("ConnectTimeout")) {
            return "connect timeout after " + policy.requestTimeout().toMillis() + " ms";
        }
        if (t instanceof java.util.concurrent.TimeoutException || name.contains("Timeout")) {
            return "timeout after " + policy.requestTimeout().toMillis() + " ms";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return name;
        }
        int query = message.indexOf('?');
        if (query >= 0) {
            message = message.substring(0, query);
        }
        return name + ": " + (message.length() > 200 ? message.substring(0, 200) : message);
    }

    /**
     * Stops polling and retries, cancels the sends under way (they are not recorded, so they are sent again after
     * a restart) and waits a few seconds for database work already started to end.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            synchronized (blockingLock) {
                closed = true;
            }
        }
        if (periodicTimer >= 0) {
            vertx.cancelTimer(periodicTimer);
        }
        synchronized (retryTimers) {
            for (Long id : retryTimers) {
                vertx.cancelTimer(id);
            }
            retryTimers.clear();
        }
        int cancelled = sends.size();
        // ends the connections: the sends under way fail, and finish() leaves them unrecorded
        client.close();
        if (!Context.isOnEventLoopThread()) {
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            synchronized (blockingLock) {
                while (blockingRunning > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        LOG.warn("event=webhook.close_timeout pending_db_operations={}", blockingRunning);
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(blockingLock, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        LOG.info("event=webhook.stopped cancelled_sends={}", cancelled);
    }
}
