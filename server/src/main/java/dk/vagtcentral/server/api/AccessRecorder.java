package dk.vagtcentral.server.api;

import dk.vagtcentral.server.auth.AuthStore;
import dk.vagtcentral.server.auth.Principal;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log for citizen data a desk is shown without asking for it item by item: each card of a queue read and
 * each pushed message that carries a citizen. Recording must not hold up the push, so the records are buffered and
 * written in one transaction every {@link #FLUSH_MS} ms (and at shutdown); a crash can lose the last fraction of a
 * second of them. Reads the caller names (an alarm, an export) are logged by {@link Security} before they answer.
 */
final class AccessRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(AccessRecorder.class);
    static final long FLUSH_MS = 250;
    private static final int MAX_BUFFER = 100_000;

    private final Vertx vertx;
    private final AuthStore store;
    private final Clock clock;
    /** Bounded: a store that does not keep up costs no more memory than this (size() of it is constant-time). */
    private final BlockingQueue<AuthStore.AccessRecord> buffer = new LinkedBlockingQueue<>(MAX_BUFFER);
    private final long timer;
    private final AtomicInteger dropped = new AtomicInteger();

    AccessRecorder(Vertx vertx, AuthStore store, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
        this.timer = vertx.setPeriodic(FLUSH_MS, t -> {
            if (!buffer.isEmpty() || dropped.get() > 0) {
                vertx.executeBlocking(() -> {
                    flush();
                    return null;
                }, true);
            }
        });
    }

    void record(Principal who, String what, String citizenId, Long alarmId, String path) {
        if (!buffer.offer(AuthStore.AccessRecord.of(clock.instant(), who, what, citizenId, alarmId, path))) {
            dropped.incrementAndGet(); // logged once per flush, not once per record
        }
    }

    /** Writes what is buffered; on failure the records go back to be written at the next flush. */
    synchronized void flush() {
        int lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.error("event=access_log.overflow records_lost={} (the store is not keeping up)", lost);
        }
        List<AuthStore.AccessRecord> batch = new ArrayList<>();
        buffer.drainTo(batch);
        try {
            store.logAccess(batch);
        } catch (Exception e) {
            LOG.warn("event=access_log.write_failed records={} error=\"{}\" (retried at the next flush)", batch.size(),
                    e.getMessage());
            for (AuthStore.AccessRecord back : batch) {
                if (!buffer.offer(back)) {
                    dropped.incrementAndGet();
                }
            }
        }
    }

    void close() {
        vertx.cancelTimer(timer);
        flush();
    }
}
