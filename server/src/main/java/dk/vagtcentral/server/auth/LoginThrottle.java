package dk.vagtcentral.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Throttles password guessing without handing a stranger the power to lock a user out.
 *
 * <ul>
 *   <li>Per (username, client address): after {@code maxFailures} failures the pair waits {@link #BACKOFF_BASE}
 *       before its next attempt, then twice as long after each further failure, up to {@code backoffMax}. A guesser
 *       elsewhere slows only itself: the same user from another address is not affected. A successful login
 *       clears the pair. A pair is forgotten {@code window} after its last failure.</li>
 *   <li>Per client address, whatever the usernames: more than {@code maxFailuresPerAddress} failures within
 *       {@code window} refuse that address until the oldest leaves the window (password spraying). Kept generous,
 *       since an office may share one NAT address; a success does not clear it, so one known account cannot
 *       launder guesses at others.</li>
 * </ul>
 * The server keeps the counts in the database ({@link #shared}, {@link LoginFailureStore}), so that every node on
 * one database throttles the same pair and address: a guesser gains nothing by spreading its attempts over the nodes.
 * {@link #LoginThrottle(int, int, Duration, Duration) The other constructor} keeps them in this process's memory (a
 * restart forgets, which is acceptable for a throttle). Either way at most {@link #MAX_KEYS} pairs and addresses each
 * are tracked. The database form blocks: call it from a worker thread.
 */
public final class LoginThrottle {
    /** The first wait once a pair has used its free failures. */
    static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    /** Pairs, and addresses, tracked at most (each address keeps at most its limit of failure times). */
    static final int MAX_KEYS = 100_000;

    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final Duration window;
    private final Duration backoffMax;
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> addresses = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    /** Where the counts are kept when shared through the database; null = in the maps above. */
    private final LoginFailureStore shared;

    /** One (username, address): failures in a row and the last of them. */
    private static final class Pair {
        int failures;
        Instant last;
    }

    /** A throttle that keeps its counts in this process's memory. */
    public LoginThrottle(int maxFailures, int maxFailuresPerAddress, Duration window, Duration backoffMax) {
        this(maxFailures, maxFailuresPerAddress, window, backoffMax, null);
    }

    /** A throttle that keeps its counts in {@code store}'s database, shared by every node on it. */
    public static LoginThrottle shared(LoginFailureStore store, int maxFailures, int maxFailuresPerAddress,
                                       Duration window, Duration backoffMax) {
        return new LoginThrottle(maxFailures, maxFailuresPerAddress, window, backoffMax,
                java.util.Objects.requireNonNull(store, "store"));
    }

    private LoginThrottle(int maxFailures, int maxFailuresPerAddress, Duration window, Duration backoffMax,
                          LoginFailureStore shared) {
        this.shared = shared;
        if (maxFailures < 1 || maxFailuresPerAddress < 1 || window.isNegative() || window.isZero()
                || backoffMax.compareTo(BACKOFF_BASE) < 0) {
            throw new IllegalArgumentException("bad throttle limits");
        }
        this.maxFailures = maxFailures;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.window = window;
        this.backoffMax = backoffMax;
    }

    /** How long the caller must wait, or {@link Duration#ZERO} when it may try now. */
    public Duration retryAfter(String username, String address, Instant now) {
        if (shared != null) {
            return shared.inTransaction(false, t -> wait(t, username, address, now));
        }
        Duration a = pairWait(key(username, address), now);
        Duration b = addressWait(address, now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * An attempt begins: {@link Duration#ZERO} and the attempt counted as a failure until it {@link #succeeded}, or
     * how long the caller must wait (nothing counted). Counting before the password is checked means that attempts
     * sent in parallel cannot all slip through before the first of them has failed.
     */
    public Duration begin(String username, String address, Instant now) {
        if (shared != null) {
            // one transaction holding the pair's row: parallel attempts on several nodes are counted one by one
            Duration wait = shared.inTransaction(true, t -> {
                Duration w = wait(t, username, address, now);
                if (w.isZero()) {
                    count(t, username, address, now);
                }
                return w;
            });
            shared.sweepIfDue(now, window);
            return wait;
        }
        Duration wait = retryAfter(username, address, now);
        if (wait.isZero()) {
            failed(username, address, now);
        }
        return wait;
    }

    /** A failed attempt that was not {@link #begin begun} here. */
    public void failed(String username, String address, Instant now) {
        if (shared != null) {
            shared.inTransaction(true, t -> {
                t.lockPair(username, address);
                count(t, username, address, now);
                return null;
            });
            shared.sweepIfDue(now, window);
            return;
        }
        Pair p = pairs.computeIfAbsent(key(username, address), k -> new Pair());
        synchronized (p) {
            if (p.last != null && !p.last.plus(window).isAfter(now)) {
                p.failures = 0; // the earlier run was forgotten
            }
            p.failures = p.failures == Integer.MAX_VALUE ? p.failures : p.failures + 1;
            p.last = now;
        }
        Deque<Instant> d = addresses.computeIfAbsent(address, k -> new ArrayDeque<>());
        synchronized (d) {
            prune(d, now);
            d.addLast(now);
            while (d.size() > maxFailuresPerAddress) {
                d.removeFirst();
            }
        }
        if (pairs.size() > MAX_KEYS || addresses.size() > MAX_KEYS) {
            sweep(now);
        }
    }

    /**
     * The attempt begun at {@code begunAt} succeeded: the pair starts afresh, and the address loses the failure the
     * attempt was counted as (its earlier failures stay, so one known account cannot launder guesses at others).
     */
    public void succeeded(String username, String address, Instant begunAt) {
        if (shared != null) {
            shared.inTransaction(true, t -> {
                t.forgetPair(username, address);
                t.forgetFailure(address, begunAt);
                return null;
            });
            return;
        }
        pairs.remove(key(username, address));
        Deque<Instant> d = addresses.get(address);
        if (d != null) {
            synchronized (d) {
                Iterator<Instant> it = d.descendingIterator();
                while (it.hasNext()) {
                    if (it.next().equals(begunAt)) {
                        it.remove();
                        break;
                    }
                }
            }
        }
    }

    /** How many pairs and addresses are tracked now. */
    int tracked() {
        return shared != null ? shared.tracked() : pairs.size() + addresses.size();
    }

    /** The wait of the pair and the address, as stored; locks the pair's row when {@code t} is for writing. */
    private Duration wait(LoginFailureStore.Tx t, String username, String address, Instant now)
            throws java.sql.SQLException {
        LoginFailureStore.PairRow p = t.lockPair(username, address);
        Duration a = Duration.ZERO;
        if (p != null && p.last().plus(window).isAfter(now)) {
            Duration left = Duration.between(now, p.last().plus(backoff(p.failures())));
            a = left.isNegative() || left.isZero() ? Duration.ZERO : left;
        }
        Duration b = Duration.ZERO;
        LoginFailureStore.AddressFailures f = t.addressFailures(address, now.minus(window));
        if (f.count() >= maxFailuresPerAddress) {
            Duration left = Duration.between(now, f.oldest().plus(window));
            b = left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
        }
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Counts a failure of the pair (a run older than the window starts afresh) and of the address. */
    private void count(LoginFailureStore.Tx t, String username, String address, Instant now)
            throws java.sql.SQLException {
        LoginFailureStore.PairRow p = t.lockPair(username, address);
        int failures = p == null || !p.last().plus(window).isAfter(now) ? 0 : p.failures();
        t.savePair(username, address, failures == Integer.MAX_VALUE ? failures : failures + 1, now);
        t.addFailure(address, now, now.minus(window), maxFailuresPerAddress);
    }

    /**
     * The wait after {@code failures} in a row: none below maxFailures; at maxFailures 1 s, then 2 s, 4 s ... up to
     * backoffMax.
     */
    Duration backoff(int failures) {
        int over = failures - maxFailures;
        if (over < 0) {
            return Duration.ZERO;
        }
        if (over > 40) {
            return backoffMax;
        }
        Duration d = BACKOFF_BASE.multipliedBy(1L << over);
        return d.compareTo(backoffMax) > 0 ? backoffMax : d;
    }

    private Duration pairWait(String key, Instant now) {
        Pair p = pairs.get(key);
        if (p == null) {
            return Duration.ZERO;
        }
        synchronized (p) {
            if (p.last == null || !p.last.plus(window).isAfter(now)) {
                return Duration.ZERO;
            }
            Duration left = Duration.between(now, p.last.plus(backoff(p.failures)));
            return left.isNegative() || left.isZero() ? Duration.ZERO : left;
        }
    }

    private Duration addressWait(String address, Instant now) {
        Deque<Instant> d = addresses.get(address);
        if (d == null) {
            return Duration.ZERO;
        }
        synchronized (d) {
            prune(d, now);
            if (d.size() < maxFailuresPerAddress) {
                return Duration.ZERO;
            }
            Duration left = Duration.between(now, d.peekFirst().plus(window));
            return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
        }
    }

    private static String key(String username, String address) {
        return username + '\n' + address;
    }

    /**
     * Drops the pairs and addresses whose failures have left the window, and if a flood keeps more than
     * {@link #MAX_KEYS} of either within it, forgets entries down to nine tenths of that: memory stays bounded, a
     * forgotten entry is only throttled again from its next failures, and the walk over a map comes once per tenth
     * of it added, not on every failed login. One sweep at a time; a caller that finds one running goes on.
     */
    private void sweep(Instant now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            Iterator<Pair> p = pairs.values().iterator();
            while (p.hasNext()) {
                Pair pair = p.next();
                boolean expired;
                synchronized (pair) {
                    expired = pair.last == null || !pair.last.plus(window).isAfter(now);
                }
                if (expired || pairs.size() > MAX_KEYS * 9 / 10) {
                    p.remove();
                }
            }
            Iterator<Deque<Instant>> a = addresses.values().iterator();
            while (a.hasNext()) {
                Deque<Instant> q = a.next();
                boolean expired;
                synchronized (q) {
                    prune(q, now);
                    expired = q.isEmpty();
                }
                if (expired || addresses.size() > MAX_KEYS * 9 / 10) {
                    a.remove();
                }
            }
        } finally {
            sweeping.set(false);
        }
    }

    private void prune(Deque<Instant> d, Instant now) {
        Instant cutoff = now.minus(window);
        while (!d.isEmpty() && !d.peekFirst().isAfter(cutoff)) {
            d.removeFirst();
        }
    }
}
