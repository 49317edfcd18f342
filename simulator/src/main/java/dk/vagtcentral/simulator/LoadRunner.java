package dk.vagtcentral.simulator;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Runs many simulated devices (DC-09 transmitters or SCAIP devices, {@link LoadConfig#protocol()}) against a
 * receiver for a fixed time and measures ACK latency: until the DC-09 ACK, or the SCAIP {@code <mrs>} with snu 0.
 * <ul>
 * <li><b>Open model</b> ({@code rate > 0}): messages are due at fixed intervals regardless of how fast
 *     the receiver answers; latency is measured from the time each message was due, so a slow receiver
 *     shows as latency instead of hiding behind a lower send rate (no coordinated omission). A device
 *     whose previous message is still unacknowledged queues the next one behind it.</li>
 * <li><b>Closed model</b> ({@code rate == 0}): each connection keeps {@code outstanding} messages in
 *     flight, each from a different device, and sends the next one as soon as one is answered.</li>
 * </ul>
 * Device {@code i} always uses connection {@code i % connections}.
 */
public final class LoadRunner {
    /** Latencies above ten minutes are clamped. */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final int FAILURE_SAMPLES = 10;

    private final LoadConfig cfg;
    private final Dc09Client client;
    private final List<SlotGen> gens = new ArrayList<>();
    private final long t0;
    private final long warmupEnd;
    private final long end;
    private final Histogram latency = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    private final Histogram service = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    private final LongAdder scheduled = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder naks = new LongAdder();
    private final LongAdder duh = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder challenges = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder warmupMessages = new LongAdder();
    private final AtomicLong quota = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastCompletion = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failureSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureSampleCount = new AtomicInteger();
    private volatile boolean stopped;
    private volatile boolean limitReached;

    /** A device of the run: makes its next message, of a kind picked by the run's mix. */
    @FunctionalInterface
    private interface Device {
        Message next(RandomGenerator random);
    }

    /** The devices of one connection slot; touched only on that slot's event loop. */
    private static final class SlotGen {
        final int slot;
        final EventLoop loop;
        final List<Device> devices = new ArrayList<>();
        final ArrayDeque<Device> idle = new ArrayDeque<>();
        int next;
        boolean issuing;

        SlotGen(int slot, EventLoop loop) {
            this.slot = slot;
            this.loop = loop;
        }

        Device nextDevice() {
            Device d = devices.get(next);
            next = next + 1 == devices.size() ? 0 : next + 1;
            return d;
        }
    }

    private LoadRunner(LoadConfig cfg, Dc09Client client, List<Device> devices) {
        this.cfg = cfg;
        this.client = client;
        for (int s = 0; s < client.connections(); s++) {
            gens.add(new SlotGen(s, client.loopOf(s)));
        }
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            SlotGen g = gens.get(i % gens.size());
            g.devices.add(d);
            g.idle.add(d);
        }
        this.t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        this.warmupEnd = t0 + cfg.warmup().toNanos();
        this.end = warmupEnd + cfg.duration().toNanos();
    }

    /**
     * Runs the load and returns the result; blocks for warmup + duration plus the time the last
     * messages take to be answered (at most about one message deadline).
     *
     * @throws IOException when the persistent TCP connections cannot be opened at the start
     */
    public static LoadResult run(LoadConfig cfg) throws IOException, InterruptedException {
        List<Device> devices = new ArrayList<>();
        List<DeviceProfile> keys = new ArrayList<>();
        if (cfg.protocol() == Protocol.SCAIP) {
            for (ScaipDevice d : cfg.buildScaipDevices()) {
                devices.add(random -> d.message(cfg.scaip().pickKind(random)));
            }
        } else {
            for (SimulatedDevice d : cfg.buildDevices()) {
                devices.add(random -> d.message(cfg.pickKind(random)));
                keys.add(d.profile());
            }
        }
        int slots = Math.min(cfg.connections(), devices.size());
        Dc09Client.Builder builder = Dc09Client.builder(cfg.host(), cfg.port()).protocol(cfg.protocol())
                .transport(cfg.transport())
                .connections(slots).ackTimeout(cfg.ackTimeout()).maxAttempts(cfg.maxAttempts())
                .deadline(cfg.deadline()).ioThreads(cfg.ioThreads()).keepAcked(cfg.keepAcked())
                .failbackAfter(cfg.failbackAfter());
        if (cfg.hasSecondary()) {
            builder.secondary(cfg.secondaryHost(), cfg.secondaryPort());
        }
        try (Dc09Client client = builder.build()) {
            keys.forEach(client::registerKey);
            if (cfg.transport() == Transport.TCP) {
                try {
                    client.connect().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    String to = cfg.host() + ":" + cfg.port()
                            + (cfg.hasSecondary() ? " nor " + cfg.secondaryHost() + ":" + cfg.secondaryPort() : "");
                    throw new IOException("cannot connect to " + to + ": " + Slot.describe(cause), cause);
                }
            }
            Instant startedAt = Instant.now();
            LoadRunner runner = new LoadRunner(cfg, client, devices);
            return runner.execute(startedAt);
        }
    }

    private LoadResult execute(Instant startedAt) throws InterruptedException {
        if (cfg.openModel()) {
            startOpenModel();
        } else {
            startClosedModel();
        }
        while (true) {
            long now = System.nanoTime();
            if (now - end >= 0 || (limitReached && inFlight.get() == 0)) {
                break;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(Math.min(end - now, TimeUnit.MILLISECONDS.toNanos(5)));
        }
        stopped = true;
        client.cancelUnsent("not sent before the run ended");
        long drainUntil = System.nanoTime() + cfg.deadline().plus(cfg.ackTimeout()).plusSeconds(5).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() - drainUntil < 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        client.close(); // anything still open is recorded as FAILED "client closed"
        long measuredEnd = limitReached ? Math.min(end, Math.max(lastCompletion.get(), warmupEnd + 1_000_000)) : end;
        double seconds = Math.max(0.001, (measuredEnd - warmupEnd) / 1e9);
        Histogram latencyCopy = latency.copy();
        return new LoadResult(cfg, startedAt, seconds, scheduled.sum(), sent.sum(), acked.sum(), naks.sum(),
                duh.sum(), refused.sum(), challenges.sum(), failed.sum(), cancelled.sum(), retransmissions.sum(), warmupMessages.sum(),
                acked.sum() / seconds, LatencySummary.of(latencyCopy), LatencySummary.of(service.copy()),
                latencyCopy, client.log().acked(), List.copyOf(failureSamples), client.log());
    }

    // ------------------------------------------------------------------ open model

    private void startOpenModel() {
        Map<EventLoop, List<SlotGen>> byLoop = new IdentityHashMap<>();
        for (SlotGen g : gens) {
            byLoop.computeIfAbsent(g.loop, l -> new ArrayList<>()).add(g);
        }
        for (Map.Entry<EventLoop, List<SlotGen>> e : byLoop.entrySet()) {
            double share = cfg.rate() * e.getValue().size() / gens.size();
            Ticker ticker = new Ticker(e.getValue(), share / 1e9);
            long delay = Math.max(0, t0 - System.nanoTime());
            ticker.future = e.getKey().scheduleAtFixedRate(ticker::tick, delay, TimeUnit.MILLISECONDS.toNanos(1),
                    TimeUnit.NANOSECONDS);
        }
    }

    /** Issues the messages due on one event loop, spreading them over its slots. */
    private final class Ticker {
        final List<SlotGen> slots;
        final double perNano;
        long issued;
        int nextSlot;
        boolean done;
        volatile ScheduledFuture<?> future;

        Ticker(List<SlotGen> slots, double perNano) {
            this.slots = slots;
            this.perNano = perNano;
        }

        void tick() {
            if (done) {
                stop();
                return;
            }
            long now = System.nanoTime();
            if (now - t0 < 0) {
                return;
            }
            long horizon = Math.min(now - t0, end - t0);
            long due = (long) (horizon * perNano) + 1;
            while (issued < due) {
                long at = t0 + (long) (issued / perNano);
                if (stopped || at - end >= 0 || !takeQuota()) {
                    stop();
                    return;
                }
                SlotGen g = slots.get(nextSlot);
                nextSlot = nextSlot + 1 == slots.size() ? 0 : nextSlot + 1;
                issue(g, g.nextDevice(), at);
                issued++;
            }
            if (stopped || now - end >= 0) {
                stop();
            }
        }

        void stop() {
            done = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    // ------------------------------------------------------------------ closed model

    private void startClosedModel() {
        for (SlotGen g : gens) {
            int n = Math.min(cfg.outstanding(), g.devices.size());
            long delay = Math.max(0, t0 - System.nanoTime());
            g.loop.schedule(() -> {
                for (int i = 0; i < n; i++) {
                    issueNext(g);
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void issueNext(SlotGen g) {
        if (g.issuing) {
            g.loop.execute(() -> issueNext(g)); // a synchronous completion; no recursion
            return;
        }
        long now = System.nanoTime();
        if (stopped || now - end >= 0 || g.idle.isEmpty() || !takeQuota()) {
            return;
        }
        issue(g, g.idle.poll(), now);
    }

    // ------------------------------------------------------------------ both

    private boolean takeQuota() {
        long limit = cfg.messageLimit();
        if (limit == 0) {
            return true;
        }
        long n = quota.incrementAndGet();
        if (n >= limit) {
            limitReached = true;
        }
        return n <= limit;
    }

    private void issue(SlotGen g, Device device, long at) {
        Message message = device.next(ThreadLocalRandom.current());
        boolean measured = at - warmupEnd >= 0;
        if (measured) {
            scheduled.increment();
        } else {
            warmupMessages.increment();
        }
        inFlight.incrementAndGet();
        g.issuing = true;
        try {
            client.send(message, g.slot, at).whenComplete((r, e) -> completed(g, device, r, measured));
        } finally {
            g.issuing = false;
        }
    }

    private void completed(SlotGen g, Device device, SendResult r, boolean measured) {
        if (r != null && measured) {
            record(r);
        }
        lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
        inFlight.decrementAndGet();
        if (!cfg.openModel() && g.loop.inEventLoop()) { // off the loop only when the client is closing
            g.idle.add(device);
            issueNext(g);
        }
    }

    private void record(SendResult r) {
        if (r.attempts() > 0) {
            sent.increment();
            retransmissions.add(r.attempts() - 1);
        }
        naks.add(r.naks());
        challenges.add(r.challenges());
        switch (r.outcome()) {
            case ACKED -> {
                acked.increment();
                latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, r.scheduledToReplyMicros())));
                service.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, r.firstSendToReplyMicros())));
            }
            case DUH -> {
                duh.increment();
                sample(r);
            }
            case REFUSED -> {
                refused.increment();
                sample(r);
            }
            case FAILED -> {
                failed.increment();
                sample(r);
            }
            case CANCELLED -> cancelled.increment();
        }
    }

    private void sample(SendResult r) {
        if (failureSampleCount.incrementAndGet() <= FAILURE_SAMPLES) {
            failureSamples.add(r.outcome() + " account " + r.message().account() + " " + r.message().describe() + ": "
                    + r.detail());
        }
    }

    /** Formats a duration for reports: "10 s", "1.5 s", "250 ms". */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return ms >= 1000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : ms + " ms";
    }
}
