package dk.vagtcentral.server.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs that must run on one node at a time when several nodes share a database, each under a lease of its
 * own ({@link LeaseStore}). Every {@code renewEvery} this node renews the leases it holds and tries to acquire the
 * others; a job runs only on the node that holds its lease, and hands its {@link Fence} to whatever it writes with, so
 * that a write made after the lease was lost (taken over, or expired while this node was frozen) is refused in the
 * database, not merely skipped here.
 *
 * <p>Two kinds of job: {@link #every} runs work periodically while the lease is held (a takeover starts the
 * cadence afresh on the new holder: the jobs are idempotent, a run more is harmless); {@link #whileHeld} tells a
 * long-running component when it gains and loses the lease (the webhook sender delivers only while it holds).
 *
 * <p>This node gives a lease up on its own when it has not managed to renew it for a whole TTL (the database was
 * unreachable, or the process was stopped): by then another node may hold it. At {@link #close} the leases are
 * released, so another node takes over at once.
 */
public final class SingletonJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingletonJobs.class);

    /** The lease names of the server's singleton jobs. */
    public static final String COVERAGE = "coverage-check";
    public static final String OVERDUE_JUSTIFICATIONS = "overdue-justifications";
    public static final String RETENTION = "retention-purge";
    public static final String SUPERVISION = "device-supervision";
    public static final String DEMO_ROSTERS = "demo-rosters";
    public static final String WEBHOOKS = "webhook-delivery";
    public static final String PUSH_PURGE = "push-purge";
    public static final String KEY_PRUNE = "retransmission-key-prune";

    /** Periodic work of a singleton job; blocking, on a worker thread. */
    @FunctionalInterface
    public interface Job {
        void run(Fence fence) throws Exception;
    }

    /** A component that works while this node holds its lease. Both calls may come from any thread. */
    public interface Holder {
        void acquired(Fence fence);

        void lost();
    }

    /**
     * @param ttl        how long a lease lasts from its last renewal, by the database's clock
     * @param renewEvery how often the holder renews (and the others try to acquire); at most half the ttl
     */
    public record Settings(Duration ttl, Duration renewEvery) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(15), Duration.ofSeconds(5));

        public Settings {
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(renewEvery, "renewEvery");
            if (renewEvery.isNegative() || renewEvery.isZero() || renewEvery.multipliedBy(2).compareTo(ttl) > 0) {
                throw new IllegalArgumentException("need 0 < renewEvery <= ttl / 2, got renewEvery " + renewEvery
                        + " and ttl " + ttl);
            }
        }
    }

    private final Vertx vertx;
    private final LeaseStore store;
    private final String nodeId;
    private final Settings settings;
    private final MeterRegistry registry;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long tickTimer = -1;

    private final class Slot {
        final String job;
        final Duration firstDelay;
        final Duration every;
        final Job work;
        final Holder holder;
        final AtomicInteger heldGauge = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean();
        volatile LeaseStore.LeaseFence fence;
        volatile long renewedAtNanos;
        long timer = -1;
        boolean ensured;

        Slot(String job, Duration firstDelay, Duration every, Job work, Holder holder) {
            this.job = job;
            this.firstDelay = firstDelay;
            this.every = every;
            this.work = work;
            this.holder = holder;
        }
    }

    public SingletonJobs(Vertx vertx, LeaseStore store, String nodeId, Settings settings, MeterRegistry registry) {
        this.vertx = vertx;
        this.store = store;
        this.nodeId = nodeId;
        this.settings = settings;
        this.registry = registry;
    }

    /** Runs {@code work} {@code firstDelay} after this node acquires the job's lease, then every {@code every}. */
    public synchronized SingletonJobs every(String job, Duration firstDelay, Duration every, Job work) {
        return add(new Slot(job, firstDelay, every, Objects.requireNonNull(work, "work"), null));
    }

    /** Tells {@code holder} when this node gains and loses the job's lease. */
    public synchronized SingletonJobs whileHeld(String job, Holder holder) {
        return add(new Slot(job, null, null, null, Objects.requireNonNull(holder, "holder")));
    }

    private SingletonJobs add(Slot slot) {
        if (tickTimer >= 0 || slots.containsKey(slot.job)) {
            throw new IllegalStateException("job " + slot.job + " added twice or after start");
        }
        slots.put(slot.job, slot);
        Gauge.builder("vagtcentral.lease.held", slot.heldGauge, AtomicInteger::get)
                .description("1 while this node holds the job's lease (and runs the job), else 0")
                .tag("job", slot.job).strongReference(true).register(registry);
        return this;
    }

    /** Starts renewing and acquiring: at once, then every renewEvery. */
    public synchronized void start() {
        if (tickTimer >= 0 || closed) {
            return;
        }
        tickTimer = vertx.setPeriodic(settings.renewEvery().toMillis(), id -> tick());
        LOG.info("event=lease.started node={} jobs={} ttl={} renew_every={}", nodeId, slots.keySet(),
                settings.ttl(), settings.renewEvery());
        tick();
    }

    /** Whether this node holds the job's lease now (its own view). */
    public boolean holds(String job) {
        Slot slot = slots.get(job);
        return slot != null && slot.fence != null;
    }

    private void tick() {
        if (closed || !ticking.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> {
            for (Slot slot : List.copyOf(slots.values())) {
                if (!closed) {
                    keep(slot);
                }
            }
            return null;
        }, false).onComplete(ar -> {
            ticking.set(false);
            if (ar.failed()) {
                LOG.error("event=lease.tick_failed error=\"{}\"", ar.cause().toString());
            }
        });
    }

    /** Renews the slot's lease, or gives it up, or tries to acquire it. On a worker thread. */
    private void keep(Slot slot) {
        try {
            if (!slot.ensured) {
                store.ensure(slot.job);
                slot.ensured = true;
            }
            LeaseStore.LeaseFence fence = slot.fence;
            if (fence != null) {
                long started = System.nanoTime();
                if (started - slot.renewedAtNanos >= settings.ttl().toNanos()) {
                    // not renewed for a whole TTL (stopped, or no database): another node may hold it by now
                    drop(slot, fence, "renewal_overdue");
                } else if (store.renew(fence.lease(), settings.ttl())) {
                    slot.renewedAtNanos = started;
                    fence.heldUntil(started, settings.ttl());
                } else {
                    drop(slot, fence, "renewal_refused");
                }
            }
            if (slot.fence == null && !closed) {
                long started = System.nanoTime();
                store.acquire(slot.job, nodeId, settings.ttl()).ifPresent(lease -> acquired(slot, lease, started));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("event=lease.renew_failed job={} node={} error=\"{}\"", slot.job, nodeId, e.getMessage());
        }
    }

    private void acquired(Slot slot, Lease lease, long startedNanos) {
        LeaseStore.LeaseFence[] self = new LeaseStore.LeaseFence[1];
        LeaseStore.LeaseFence fence = store.fence(lease, () -> drop(slot, self[0], "fence_refused"));
        self[0] = fence;
        synchronized (slot) {
            if (closed) {
                releaseQuietly(lease);
                return;
            }
            slot.renewedAtNanos = startedNanos;
            fence.heldUntil(startedNanos, settings.ttl());
            slot.fence = fence;
            slot.heldGauge.set(1);
            if (slot.work != null) {
                slot.timer = vertx.setPeriodic(Math.max(1, slot.firstDelay.toMillis()), slot.every.toMillis(),
                        id -> run(slot, fence));
            }
        }
        LOG.info("event=lease.acquired job={} node={} epoch={} expires_at={}", lease.job(), nodeId, lease.epoch(),
                lease.expiresAt());
        if (slot.holder != null) {
            slot.holder.acquired(fence);
        }
    }

    /** This node no longer holds the slot's lease (as of {@code fence}): stop its work here. */
    private void drop(Slot slot, LeaseStore.LeaseFence fence, String reason) {
        synchronized (slot) {
            if (fence == null || slot.fence != fence) {
                return;
            }
            slot.fence = null;
            slot.heldGauge.set(0);
            if (slot.timer >= 0) {
                vertx.cancelTimer(slot.timer);
                slot.timer = -1;
            }
        }
        LOG.warn("event=lease.lost job={} node={} epoch={} reason={}", slot.job, nodeId, fence.lease().epoch(),
                reason);
        fence.lose();
        if (slot.holder != null) {
            slot.holder.lost();
        }
    }

    private void run(Slot slot, LeaseStore.LeaseFence fence) {
        if (closed || !fence.held() || !slot.running.compareAndSet(false, true)) {
            return; // lost, or the previous run is still going
        }
        vertx.executeBlocking(() -> {
            slot.work.run(fence);
            return null;
        }, false).onComplete(ar -> {
            slot.running.set(false);
            if (ar.failed()) {
                if (ar.cause() instanceof LeaseLostException) {
                    drop(slot, fence, "fence_refused");
                } else {
                    LOG.error("event=job.failed job={} node={} error=\"{}\"", slot.job, nodeId,
                            ar.cause().getMessage() == null ? ar.cause().toString() : ar.cause().getMessage());
                }
            }
        });
    }

    private void releaseQuietly(Lease lease) {
        try {
            store.release(lease);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("event=lease.release_failed job={} node={} error=\"{}\"", lease.job(), nodeId, e.getMessage());
        }
    }

    /** Stops renewing and running, and releases the leases held, so another node takes them over at once. */
    @Override
    public void close() {
        List<Lease> held = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (tickTimer >= 0) {
                vertx.cancelTimer(tickTimer);
            }
        }
        for (Slot slot : slots.values()) {
            LeaseStore.LeaseFence fence = slot.fence;
            if (fence != null) {
                drop(slot, fence, "shutdown");
                held.add(fence.lease());
            }
        }
        // a run under way ends its transaction first (the release waits for the row), and its next check fails
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Slot slot : slots.values()) {
            while (slot.running.get() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        held.forEach(this::releaseQuietly);
        LOG.info("event=lease.stopped node={} released={}", nodeId, held.size());
    }
}
