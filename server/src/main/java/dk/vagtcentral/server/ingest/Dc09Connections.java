package dk.vagtcentral.server.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which DC-09 connections the TCP receiver holds and which must go, so that no client can lock devices out:
 * <ul>
 *   <li>A connection has <em>spoken</em> once it sent a valid frame from a registered account. Until then it is
 *       closed after {@code preAuthTimeout}, and one address may hold only {@code maxUnspokenPerSource} of them.
 *       Once spoken it stays until {@code idleTimeout} passes without a frame (or its device's supervision
 *       interval, doubled, if that is longer), whatever its address — devices behind one NAT address all connect.</li>
 *   <li>At most {@code maxConnections} in all; at the cap the oldest connection that has not spoken gives way to
 *       a new one, and with none to give way the new one is refused.</li>
 *   <li>One account holds at most {@code maxPerAccount}; a further one makes its oldest give way.</li>
 * </ul>
 * Not thread-safe: used on the receiver's event loop only. Time is passed in (nanoTime).
 *
 * @param <C> the connection handle the receiver closes
 */
public final class Dc09Connections<C> {
    /** Why a connection is (to be) closed, for metrics and logs. */
    public enum Reason { CAP, SOURCE_CAP, EVICTED, PRE_AUTH_TIMEOUT, IDLE_TIMEOUT, ACCOUNT_CAP, FAILING }

    public record Limits(int maxConnections, int maxUnspokenPerSource, int maxPerAccount, Duration preAuthTimeout,
                         Duration idleTimeout) {
    }

    /** What to do with a new connection: {@code refused} non-null = close it at once; {@code evict} = close those. */
    public record Admission<C>(Reason refused, List<C> evict) {
    }

    private static final class Entry<C> {
        final C handle;
        final String source;
        final long openedAt;
        long lastFrameAt;
        String account;
        long idleNanos;

        Entry(C handle, String source, long openedAt) {
            this.handle = handle;
            this.source = source;
            this.openedAt = openedAt;
            this.lastFrameAt = openedAt;
        }
    }

    private final Limits limits;
    private final Map<C, Entry<C>> all = new HashMap<>();
    /** Not yet spoken, oldest first. */
    private final LinkedHashMap<C, Entry<C>> unspoken = new LinkedHashMap<>();
    private final Map<String, Integer> unspokenBySource = new HashMap<>();
    private final Map<String, ArrayDeque<Entry<C>>> byAccount = new HashMap<>();

    public Dc09Connections(Limits limits) {
        this.limits = limits;
    }

    public Admission<C> opened(C handle, String source, long now) {
        if (unspokenBySource.getOrDefault(source, 0) >= limits.maxUnspokenPerSource()) {
            return new Admission<>(Reason.SOURCE_CAP, List.of());
        }
        List<C> evict = List.of();
        if (all.size() >= limits.maxConnections()) {
            Iterator<Entry<C>> oldest = unspoken.values().iterator();
            if (!oldest.hasNext()) {
                return new Admission<>(Reason.CAP, List.of());
            }
            Entry<C> victim = oldest.next();
            forget(victim.handle);
            evict = List.of(victim.handle);
        }
        Entry<C> e = new Entry<>(handle, source, now);
        all.put(handle, e);
        unspoken.put(handle, e);
        unspokenBySource.merge(source, 1, Integer::sum);
        return new Admission<>(null, evict);
    }

    /**
     * A frame arrived; {@code account} is the registered account it proved (null when it proved none).
     * {@code supervision} is that device's supervision interval (null if none). Returns connections to close: the
     * account's oldest beyond its cap.
     */
    public List<C> frame(C handle, String account, Duration supervision, long now) {
        Entry<C> e = all.get(handle);
        if (e == null) {
            return List.of();
        }
        e.lastFrameAt = now;
        if (account == null || account.equals(e.account)) {
            return List.of();
        }
        if (e.account == null) {
            unspoken.remove(handle);
            decrementSource(e.source);
        } else {
            removeFromAccount(e);
        }
        e.account = account;
        long idle = limits.idleTimeout().toNanos();
        if (supervision != null && supervision.multipliedBy(2).toNanos() > idle) {
            idle = supervision.multipliedBy(2).toNanos();
        }
        e.idleNanos = idle;
        // at most maxPerAccount a queue (the oldest is evicted below); as many queues as accounts connected, which
        // maxConnections bounds
        ArrayDeque<Entry<C>> same = byAccount.computeIfAbsent(account, a -> new ArrayDeque<>());
        same.addLast(e);
        List<C> evict = new ArrayList<>();
        while (same.size() > limits.maxPerAccount()) {
            Entry<C> oldest = same.pollFirst();
            evict.add(oldest.handle);
            forget(oldest.handle);
        }
        return evict;
    }

    /** Forgets a closed connection (idempotent). */
    public void closed(C handle) {
        forget(handle);
    }

    /** Connections past their timeout, each with its reason; they are forgotten here, the caller closes them. */
    public Map<C, Reason> expired(long now) {
        Map<C, Reason> out = new LinkedHashMap<>();
        long preAuth = limits.preAuthTimeout().toNanos();
        for (Entry<C> e : unspoken.values()) {
            if (now - e.openedAt < preAuth) {
                break; // oldest first: the rest are younger
            }
            out.put(e.handle, Reason.PRE_AUTH_TIMEOUT);
        }
        for (Entry<C> e : all.values()) {
            if (e.account != null && now - e.lastFrameAt >= e.idleNanos) {
                out.put(e.handle, Reason.IDLE_TIMEOUT);
            }
        }
        out.keySet().forEach(this::forget);
        return out;
    }

    public boolean hasSpoken(C handle) {
        Entry<C> e = all.get(handle);
        return e != null && e.account != null;
    }

    public int size() {
        return all.size();
    }

    public int unspoken() {
        return unspoken.size();
    }

    public int sources() {
        return unspokenBySource.size();
    }

    private void forget(C handle) {
        Entry<C> e = all.remove(handle);
        if (e == null) {
            return;
        }
        if (e.account == null) {
            unspoken.remove(handle);
            decrementSource(e.source);
        } else {
            removeFromAccount(e);
        }
    }

    private void removeFromAccount(Entry<C> e) {
        ArrayDeque<Entry<C>> same = byAccount.get(e.account);
        if (same != null) {
            same.remove(e);
            if (same.isEmpty()) {
                byAccount.remove(e.account);
            }
        }
    }

    private void decrementSource(String source) {
        unspokenBySource.computeIfPresent(source, (s, n) -> n <= 1 ? null : n - 1);
    }
}
