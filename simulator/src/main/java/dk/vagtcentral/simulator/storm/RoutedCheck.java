package dk.vagtcentral.simulator.storm;

import dk.vagtcentral.simulator.AlarmApiVerifier;
import dk.vagtcentral.simulator.LatencySummary;
import dk.vagtcentral.simulator.StoredAlarm;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * How long after its ACK each emergency showed as routed: finds the stored alarm through
 * {@code GET /api/v1/alarms?account=} (as {@code load --verify} does), then reads {@code GET /api/v1/alarms/{id}}
 * until it has a {@code routing} and takes its {@code routedAt}. The server stamps routedAt with its own clock; on
 * one machine that is the clock the ACK time was read from.
 */
public final class RoutedCheck {
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private final ServerApi api;
    private final AlarmApiVerifier alarms;
    private int parallelism = 8;

    /**
     * @param emergencies  ACKed emergencies looked for
     * @param routed       found with a routing
     * @param notRouted    found, but still without a routing when the wait was over
     * @param notFound     not stored (or not visible) when the wait was over
     * @param ackToRouted  from the ACK to routedAt (ms; 0 when routed before the ACK arrived)
     * @param handlings    how the routed ones were handled (routing.handling), with counts
     */
    public record Result(long emergencies, long routed, long notRouted, long notFound, LatencySummary ackToRouted,
                         Map<String, Long> handlings, String firstError) {
        public String format() {
            StringBuilder sb = new StringBuilder();
            StormReport.line(sb, "ack->routed", StormReport.latency(ackToRouted) + "  (ms, emergencies)");
            StringBuilder h = new StringBuilder();
            handlings.forEach((k, v) -> h.append(h.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
            StormReport.line(sb, "", String.format(Locale.ROOT, "%d of %d routed, %d not routed yet, %d not found%s",
                    routed, emergencies, notRouted, notFound, h.length() == 0 ? "" : "; handling: " + h));
            if (firstError != null) {
                StormReport.line(sb, "", "first error: " + firstError);
            }
            return sb.toString();
        }
    }

    public RoutedCheck(ServerApi api) {
        this.api = api;
        this.alarms = new AlarmApiVerifier(api.uri()).withToken(api.token());
    }

    public RoutedCheck parallelism(int n) {
        this.parallelism = Math.max(1, n);
        return this;
    }

    /**
     * Looks every emergency up, waiting up to {@code wait} in all for alarms not stored or not routed yet.
     *
     * @param notBefore stored alarms received before this are from earlier runs and ignored
     */
    public Result check(Collection<AckedEmergency> emergencies, Instant notBefore, Duration wait)
            throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        Histogram latency = new SynchronizedHistogram(HIGHEST_MICROS, 3);
        LongAdder routed = new LongAdder();
        LongAdder notRouted = new LongAdder();
        LongAdder notFound = new LongAdder();
        Map<String, LongAdder> handlings = new ConcurrentHashMap<>();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "storm-routed");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (AckedEmergency e : emergencies) {
                futures.add(pool.submit(() -> {
                    try {
                        Long id = null;
                        JsonObject routing = null;
                        while (true) {
                            if (id == null) {
                                id = find(e, notBefore);
                            }
                            if (id != null) {
                                routing = api.get("/api/v1/alarms/" + id).getJsonObject("routing");
                                if (routing != null) {
                                    break;
                                }
                            }
                            if (System.nanoTime() - until >= 0) {
                                break;
                            }
                            Thread.sleep(250);
                        }
                        if (id == null) {
                            notFound.increment();
                        } else if (routing == null) {
                            notRouted.increment();
                        } else {
                            routed.increment();
                            handlings.computeIfAbsent(String.valueOf(routing.getString("handling")),
                                    k -> new LongAdder()).increment();
                            Instant at = parse(routing.getString("routedAt"));
                            if (at != null) {
                                long micros = Duration.between(e.ackedAt(), at).toNanos() / 1000;
                                latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
                            }
                        }
                    } catch (IOException ex) {
                        notFound.increment();
                        firstError.compareAndSet(null, ex.getMessage());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    firstError.compareAndSet(null, String.valueOf(ex.getCause()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> h = new TreeMap<>();
        handlings.forEach((k, v) -> h.put(k, v.sum()));
        return new Result(emergencies.size(), routed.sum(), notRouted.sum(), notFound.sum(),
                LatencySummary.of(latency.copy()), h, firstError.get());
    }

    private Long find(AckedEmergency e, Instant notBefore) throws IOException, InterruptedException {
        for (StoredAlarm a : alarms.fetchAlarms(e.account())) {
            if (a.key().equals(e.key()) && (notBefore == null || a.receivedAt() == null || !a.receivedAt().isBefore(notBefore))) {
                return a.id();
            }
        }
        return null;
    }

    private static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
