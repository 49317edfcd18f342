package dk.vagtcentral.simulator.abuse;

import dk.vagtcentral.simulator.LatencySummary;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/** Counts connection attempts, connects, failures and closes by the server, with the time each connection lived. */
final class ConnectionLedger {
    private static final AttributeKey<Long> OPENED_AT = AttributeKey.valueOf("vagtcentral.abuse.openedAt");
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(2);
    private static final int MAX_ERRORS = 5;

    private final long startNanos;
    private final LongAdder attempted = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder closedByServer = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final AtomicLong firstClose = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastClose = new AtomicLong(Long.MIN_VALUE);
    private final Histogram lifetimes = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    private final Set<String> errors = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile ConnectionStats frozen;

    ConnectionLedger(long startNanos) {
        this.startNanos = startNanos;
    }

    void attempt() {
        attempted.increment();
    }

    void failed(Throwable cause) {
        failed.increment();
        if (errors.size() < MAX_ERRORS) {
            errors.add(describe(cause));
        }
    }

    /** A connection is up; its close is recorded as the server's unless the run is stopping by then. */
    void opened(Channel ch) {
        opened.increment();
        long at = System.nanoTime();
        ch.attr(OPENED_AT).set(at);
        ch.closeFuture().addListener((ChannelFutureListener) f -> {
            closed.increment();
            if (stopping) {
                return;
            }
            long now = System.nanoTime();
            closedByServer.increment();
            lifetimes.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - at) / 1000)));
            firstClose.accumulateAndGet(now - startNanos, Math::min);
            lastClose.accumulateAndGet(now - startNanos, Math::max);
        });
    }

    /** From now on closes are ours. Freezes the figures. */
    void stopping() {
        if (frozen == null) {
            frozen = snapshot();
        }
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    long openNow() {
        return opened.sum() - closed.sum();
    }

    ConnectionStats stats() {
        ConnectionStats f = frozen;
        return f != null ? f : snapshot();
    }

    private ConnectionStats snapshot() {
        long first = firstClose.get();
        long last = lastClose.get();
        List<String> errs = new ArrayList<>(errors);
        errs.sort(null);
        return new ConnectionStats(attempted.sum(), opened.sum(), failed.sum(), closedByServer.sum(), openNow(),
                LatencySummary.of(lifetimes.copy()), first == Long.MAX_VALUE ? -1 : first / 1e9,
                last == Long.MIN_VALUE ? -1 : last / 1e9, List.copyOf(errs));
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    }
}
