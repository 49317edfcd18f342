package dk.vagtcentral.server.auth;

import java.time.Duration;
import java.time.Instant;

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
 * The counts are kept in the database ({@link LoginFailureStore}), so that every node on one database throttles the
 * same pair and address: a guesser gains nothing by spreading its attempts over the nodes. At most {@link #MAX_KEYS}
 * pairs and addresses each are tracked. It blocks: call it from a worker thread.
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
    /** Where the counts are kept, shared by every node on its database. */
    private final LoginFailureStore shared;

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
        return shared.inTransaction(false, t -> wait(t, username, address, now));
    }

    /**
     * An attempt begins: {@link Duration#ZERO} and the attempt counted as a failure until it {@link #succeeded}, or
     * how long the caller must wait (nothing counted). Counting before the password is checked means that attempts
     * sent in parallel cannot all slip through before the first of them has failed.
     */
    public Duration begin(String username, String address, Instant now) {
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

    /** A failed attempt that was not {@link #begin begun} here. */
    public void failed(String username, String address, Instant now) {
        shared.inTransaction(true, t -> {
            t.lockPair(username, address);
            count(t, username, address, now);
            return null;
        });
        shared.sweepIfDue(now, window);
    }

    /**
     * The attempt begun at {@code begunAt} succeeded: the pair starts afresh, and the address loses the failure the
     * attempt was counted as (its earlier failures stay, so one known account cannot launder guesses at others).
     */
    public void succeeded(String username, String address, Instant begunAt) {
        shared.inTransaction(true, t -> {
            t.forgetPair(username, address);
            t.forgetFailure(address, begunAt);
            return null;
        });
    }

    /** How many pairs and addresses are tracked now. */
    int tracked() {
        return shared.tracked();
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
}
