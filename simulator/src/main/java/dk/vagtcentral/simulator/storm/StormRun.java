package dk.vagtcentral.simulator.storm;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.simulator.Dc09Client;
import dk.vagtcentral.simulator.DeviceMessage;
import dk.vagtcentral.simulator.EventKind;
import dk.vagtcentral.simulator.LatencySummary;
import dk.vagtcentral.simulator.MessageLog;
import dk.vagtcentral.simulator.SendResult;
import dk.vagtcentral.simulator.SimulatedDevice;
import dk.vagtcentral.simulator.Transport;
import dk.vagtcentral.simulator.abuse.AccountRange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Runs a {@link StormConfig}: opens the connections, issues every message at the time it is due (an open model:
 * latency counts from when a message was due, so a receiver that falls behind shows as latency) and measures the
 * ACK latency of emergencies apart from the rest. A device has one message in flight at a time, its later ones wait
 * behind it, and it retransmits on a missing ACK, as real transmitters do.
 * <pre>{@code
 * StormRun storm = new StormRun(StormConfig.defaults("127.0.0.1", port).withDevices(2000).withDuration(Duration.ofSeconds(20)));
 * storm.start();
 * StormReport r = storm.awaitEnd();      // or stop() early, then report()
 * List<AckedEmergency> acked = storm.ackedEmergencies();
 * }</pre>
 */
public final class StormRun implements AutoCloseable {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final String RESTORE_CODE = "NAR000";

    private final StormConfig cfg;
    private final SimulatedDevice[] devices;
    private final Map<StormKind, Stats> stats = new EnumMap<>(StormKind.class);
    private final Histogram rest = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    private final ConcurrentLinkedQueue<AckedEmergency> ackedEmergencies = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private Dc09Client client;
    private Thread scheduler;
    private Instant startedAt;
    private long t0;
    private long end;
    private volatile long stoppedNanos;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile StormReport finalReport;

    private static final class Stats {
        final LongAdder scheduled = new LongAdder();
        final LongAdder sent = new LongAdder();
        final LongAdder acked = new LongAdder();
        final LongAdder duh = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder cancelled = new LongAdder();
        final LongAdder retransmissions = new LongAdder();
        final Histogram fromDue = new SynchronizedHistogram(HIGHEST_MICROS, 3);
        final Histogram fromFirstSend = new SynchronizedHistogram(HIGHEST_MICROS, 3);

        StormReport.KindFigures figures() {
            return new StormReport.KindFigures(scheduled.sum(), sent.sum(), acked.sum(), duh.sum(), failed.sum(),
                    cancelled.sum(), retransmissions.sum(), LatencySummary.of(fromDue.copy()),
                    LatencySummary.of(fromFirstSend.copy()));
        }
    }

    public StormRun(StormConfig cfg) {
        this.cfg = cfg;
        AccountRange accounts = cfg.accounts();
        this.devices = new SimulatedDevice[Math.toIntExact(cfg.devices())];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = SimulatedDevice.of(accounts.account(i));
        }
        for (StormKind k : StormKind.values()) {
            stats.put(k, new Stats());
        }
    }

    public StormConfig config() {
        return cfg;
    }

    /**
     * Opens the connections and starts issuing messages; returns at once.
     *
     * @throws IOException when the connections cannot be opened within 10 s
     */
    public synchronized void start() throws IOException, InterruptedException {
        if (client != null) {
            throw new IllegalStateException("already started");
        }
        int slots = (int) Math.min(cfg.connections(), devices.length);
        client = Dc09Client.builder(cfg.host(), cfg.port()).transport(Transport.TCP).connections(slots)
                .ackTimeout(cfg.ackTimeout()).maxAttempts(cfg.maxAttempts()).deadline(cfg.deadline())
                .ioThreads(cfg.ioThreads()).keepAcked(false).build();
        try {
            client.connect().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            client.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("cannot connect to " + cfg.host() + ":" + cfg.port() + ": " + cause.getMessage(), cause);
        }
        startedAt = Instant.now();
        t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        end = t0 + cfg.duration().toNanos();
        scheduler = new Thread(this::schedule, "storm-scheduler");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    /** Issues the messages as they fall due until the end of the run; on its own thread. */
    private void schedule() {
        int n = devices.length;
        SplittableRandom random = new SplittableRandom(cfg.seed());
        int burst = (int) cfg.burstDevices();
        int emergencies = (int) cfg.emergencyDevices();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < Math.min(n - 1, burst + emergencies); i++) { // partial shuffle: two random groups apart
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double nullSpacing = (double) cfg.nullInterval().toNanos() / n;
        long burstStart = t0 + cfg.burstAt().toNanos();
        long window = cfg.burstWindow().toNanos();
        long nulls = 0;
        int restores = 0;
        int presses = 0;
        while (!stopping) {
            long now = System.nanoTime();
            long due;
            while ((due = t0 + (long) (nulls * nullSpacing)) - now <= 0 && due - end < 0 && !stopping) {
                int d = (int) (nulls % n);
                issue(d, StormKind.SUPERVISION, devices[d].message(EventKind.NULL), due);
                nulls++;
            }
            while (restores < burst && (due = burstStart + window * restores / burst) - now <= 0 && due - end < 0
                    && !stopping) {
                int d = order[restores];
                SimulatedDevice device = devices[d];
                issue(d, StormKind.POWER_RESTORE,
                        device.message(Dc09Ids.SIA_DCS, "#" + device.account() + "|" + RESTORE_CODE), due);
                restores++;
            }
            while (presses < emergencies && (due = burstStart + window * presses / emergencies) - now <= 0
                    && due - end < 0 && !stopping) {
                int d = order[burst + presses];
                issue(d, StormKind.EMERGENCY, devices[d].message(EventKind.EMERGENCY), due);
                presses++;
            }
            if (now - end >= 0) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void issue(int device, StormKind kind, DeviceMessage message, long due) {
        Stats s = stats.get(kind);
        s.scheduled.increment();
        inFlight.incrementAndGet();
        client.send(message, device % client.connections(), due).whenComplete((r, e) -> {
            try {
                if (r != null) {
                    record(kind, s, r);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private void record(StormKind kind, Stats s, SendResult r) {
        if (r.attempts() > 0) {
            s.sent.increment();
            s.retransmissions.add(r.attempts() - 1);
        }
        switch (r.outcome()) {
            case ACKED -> {
                s.acked.increment();
                long fromDue = Math.min(HIGHEST_MICROS, Math.max(0, r.scheduledToReplyMicros()));
                s.fromDue.recordValue(fromDue);
                s.fromFirstSend.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, r.firstSendToReplyMicros())));
                if (kind == StormKind.EMERGENCY) {
                    Instant ackedAt = r.firstSentAt() == null ? Instant.now()
                            : r.firstSentAt().plusNanos(r.completedNanos() - r.firstSendNanos());
                    ackedEmergencies.add(new AckedEmergency(r.message().account(), r.message().sequence(),
                            r.message().data(), ackedAt, fromDue));
                } else {
                    rest.recordValue(fromDue);
                }
            }
            case DUH -> s.duh.increment();
            case FAILED -> s.failed.increment();
            case CANCELLED -> s.cancelled.increment();
        }
    }

    /**
     * Waits for the end of the run and for the answers to what was sent (at most a message deadline more), closes
     * the connections and returns the report.
     */
    public StormReport awaitEnd() throws InterruptedException {
        if (client == null) {
            throw new IllegalStateException("not started");
        }
        scheduler.join();
        finish();
        return report();
    }

    /** Stops issuing at once, gives up what was not sent and closes the connections. */
    public void stop() {
        stopping = true;
        if (client == null) {
            return;
        }
        try {
            scheduler.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stoppedNanos == 0) {
            stoppedNanos = System.nanoTime();
        }
        client.cancelUnsent("storm stopped");
        close();
    }

    private void finish() throws InterruptedException {
        if (stoppedNanos == 0) {
            stoppedNanos = Math.min(System.nanoTime(), end);
        }
        client.cancelUnsent("not sent before the run ended");
        long drainUntil = System.nanoTime() + cfg.deadline().plus(cfg.ackTimeout()).plusSeconds(5).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() - drainUntil < 0) {
            Thread.sleep(5);
        }
        close();
    }

    @Override
    public synchronized void close() {
        stopping = true;
        if (closed || client == null) {
            return;
        }
        closed = true;
        client.close();
        finalReport = snapshot();
    }

    /** The emergencies ACKed so far, with the time of their ACK. */
    public List<AckedEmergency> ackedEmergencies() {
        return new ArrayList<>(ackedEmergencies);
    }

    /** The figures so far; final once the run has ended or was stopped. */
    public StormReport report() {
        StormReport r = finalReport;
        return r != null ? r : snapshot();
    }

    private StormReport snapshot() {
        Map<StormKind, StormReport.KindFigures> kinds = new EnumMap<>(StormKind.class);
        stats.forEach((k, s) -> kinds.put(k, s.figures()));
        double seconds = 0;
        if (t0 != 0) {
            long stop = stoppedNanos != 0 ? stoppedNanos : Math.min(System.nanoTime(), end);
            seconds = Math.max(0, (stop - t0) / 1e9);
        }
        String links = "not connected";
        if (client != null) {
            MessageLog log = client.log();
            links = String.format(Locale.ROOT,
                    "%d disconnects, %d connect failures, %d timeouts, %d bad replies, %d unmatched replies",
                    log.disconnects(), log.connectFailures(), log.timeouts(), log.badReplies(), log.unmatchedReplies());
        }
        return new StormReport(cfg, startedAt, seconds, kinds, LatencySummary.of(rest.copy()), links);
    }

    /** Runs a storm to its end. */
    public static StormReport run(StormConfig cfg) throws IOException, InterruptedException {
        StormRun storm = new StormRun(cfg);
        storm.start();
        return storm.awaitEnd();
    }
}
