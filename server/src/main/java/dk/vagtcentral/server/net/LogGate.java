package dk.vagtcentral.server.net;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a log line about one source (an address, an account) through once per interval, and counts what it held
 * back, so a flood from one source is one line per interval rather than one per frame. Bounded: past
 * {@code maxKeys} sources the stale ones are swept, and if all are fresh the map is cleared (a few extra lines,
 * never unbounded memory).
 */
public final class LogGate {
    private final long intervalNanos;
    private final int maxKeys;
    private final Map<String, Entry> last = new ConcurrentHashMap<>();

    private static final class Entry {
        volatile long loggedAt;
        final AtomicLong suppressed = new AtomicLong();

        Entry(long loggedAt) {
            this.loggedAt = loggedAt;
        }
    }

    public LogGate(long intervalNanos, int maxKeys) {
        this.intervalNanos = intervalNanos;
        this.maxKeys = maxKeys;
    }

    /**
     * Whether a line about {@code key} may be logged now: -1 when not, else how many lines about it were held back
     * since the last one (to put in the line).
     */
    public long admit(String key, long nowNanos) {
        Entry e = last.get(key);
        if (e == null) {
            if (last.size() >= maxKeys) {
                sweep(nowNanos);
            }
            Entry fresh = new Entry(nowNanos);
            e = last.putIfAbsent(key, fresh);
            if (e == null) {
                return 0;
            }
        }
        synchronized (e) {
            if (nowNanos - e.loggedAt >= intervalNanos) {
                e.loggedAt = nowNanos;
                return e.suppressed.getAndSet(0);
            }
            e.suppressed.incrementAndGet();
            return -1;
        }
    }

    int tracked() {
        return last.size();
    }

    private void sweep(long nowNanos) {
        Iterator<Entry> it = last.values().iterator();
        while (it.hasNext()) {
            if (nowNanos - it.next().loggedAt >= intervalNanos) {
                it.remove();
            }
        }
        if (last.size() >= maxKeys) {
            last.clear();
        }
    }
}
