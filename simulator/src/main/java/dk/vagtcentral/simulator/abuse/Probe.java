package dk.vagtcentral.simulator.abuse;

import dk.vagtcentral.simulator.Dc09Client;
import dk.vagtcentral.simulator.EventKind;
import dk.vagtcentral.simulator.LatencySummary;
import dk.vagtcentral.simulator.SendResult;
import dk.vagtcentral.simulator.SimulatedDevice;
import dk.vagtcentral.simulator.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * The well-behaved device beside an attack: one known account on its own persistent TCP connection (opened before
 * the attack starts) sends a message every {@code interval} and waits for its ACK. A message not ACKed within
 * {@code ackLimit} is not retransmitted but counted as missed, as are NAK and DUH. What the attack must not change:
 * {@code report().missed() == 0}.
 */
public final class Probe implements AbuseRun {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final int MAX_SAMPLES = 5;

    private final String host;
    private final int port;
    private final SimulatedDevice device;
    private Duration interval = Duration.ofSeconds(1);
    private Duration ackLimit = Duration.ofSeconds(1);
    private EventKind event = EventKind.TEST;
    private Dc09Client client;
    private ScheduledExecutorService timer;
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final Histogram latency = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    private volatile Report frozen;

    /**
     * What the well-behaved device saw.
     *
     * @param sent    messages sent (and answered or given up; those still waiting at the stop are not counted)
     * @param acked   ACKed within the limit
     * @param missed  not ACKed within the limit (no reply, NAK, DUH, connection down)
     * @param latency from sending to the ACK, of the ACKed ones (ms)
     * @param samples why a few of the missed ones were missed
     */
    public record Report(String account, Duration ackLimit, long sent, long acked, long missed, LatencySummary latency,
                         List<String> samples) implements AbuseReport {
        @Override
        public String mode() {
            return "probe";
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "account %s: %d of %d ACKed within %d ms, %d missed; p50 %.1f  p99 %.1f  "
                    + "max %.1f ms", account, acked, sent, ackLimit.toMillis(), missed, latency.p50(), latency.p99(),
                    latency.max());
        }

        @Override
        public List<String[]> figures() {
            List<String[]> f = new ArrayList<>();
            for (String s : samples) {
                f.add(new String[] {"missed", s});
            }
            return f;
        }
    }

    /** A probe from {@code account} (3-16 hex digits, registered on the server) to {@code host:port}. */
    public Probe(String host, int port, String account) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        this.port = port;
        this.device = SimulatedDevice.of(account);
    }

    /** Time between its messages (default 1 s). */
    public Probe interval(Duration d) {
        this.interval = positive(d, "interval");
        return this;
    }

    /** How long an ACK may take (default 1 s). */
    public Probe ackLimit(Duration d) {
        this.ackLimit = positive(d, "ackLimit");
        return this;
    }

    /** What it sends (default TEST, stored by the server like an alarm). */
    public Probe event(EventKind kind) {
        this.event = Objects.requireNonNull(kind, "kind");
        return this;
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /**
     * Opens the connection (waits up to 5 s for it; a connection that cannot be opened makes every message a miss)
     * and sends the first message at once.
     */
    @Override
    public synchronized void start() throws InterruptedException {
        if (client != null) {
            throw new IllegalStateException("already started");
        }
        client = Dc09Client.builder(host, port).transport(Transport.TCP).connections(1).ioThreads(1)
                .ackTimeout(ackLimit).maxAttempts(1).deadline(ackLimit).keepAcked(false).build();
        try {
            client.connect().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            sample("could not connect before the start: " + (e instanceof ExecutionException ? e.getCause() : e));
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "abuse-probe");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::send, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void send() {
        open.incrementAndGet();
        client.send(device.message(event)).whenComplete((r, e) -> {
            try {
                if (frozen == null && r != null) {
                    record(r);
                }
            } finally {
                open.decrementAndGet();
            }
        });
    }

    private void record(SendResult r) {
        sent.increment();
        long micros = r.firstSendToReplyMicros();
        if (r.acked() && micros >= 0 && micros <= ackLimit.toNanos() / 1000) {
            acked.increment();
            latency.recordValue(Math.min(HIGHEST_MICROS, micros));
        } else {
            missed.increment();
            sample("seq " + r.message().sequence() + ": " + r.outcome()
                    + (r.detail() == null ? "" : " " + r.detail())
                    + (r.acked() ? " after " + micros / 1000 + " ms" : ""));
        }
    }

    private void sample(String s) {
        if (samples.size() < MAX_SAMPLES) {
            samples.add(s);
        }
    }

    /** Stops sending, waits up to the ACK limit for the message in flight, and closes the connection. */
    @Override
    public void stop() {
        synchronized (this) {
            if (client == null || frozen != null) {
                return;
            }
        }
        timer.shutdownNow();
        long until = System.nanoTime() + ackLimit.toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
        while (open.get() > 0 && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        frozen = snapshot();
        client.close();
    }

    @Override
    public Report report() {
        Report r = frozen;
        return r != null ? r : snapshot();
    }

    private Report snapshot() {
        return new Report(device.account(), ackLimit, sent.sum(), acked.sum(), missed.sum(),
                LatencySummary.of(latency.copy()), List.copyOf(samples));
    }
}
