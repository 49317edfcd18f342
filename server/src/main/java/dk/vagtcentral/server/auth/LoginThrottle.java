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
 * Throttles password guessing: after {@code maxFailures} failed logins for one username, or
 * {@code maxFailuresPerAddress} from one remote address (an office behind one NAT address shares it), within
 * {@code window}, further attempts are refused until the oldest failure leaves the window. A successful login
 * clears the username's failures (not the address's, so one known account cannot launder guesses at others).
 * In memory: a restart forgets, which is acceptable for a throttle.
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final Duration window;
    /** Usernames and addresses tracked at most (each keeps at most its limit of failure times). */
    static final int MAX_KEYS = 100_000;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public LoginThrottle(int maxFailures, int maxFailuresPerAddress, Duration window) {
        this.maxFailures = maxFailures;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.window = window;
    }

    /** How long the caller must wait, or {@link Duration#ZERO} when it may try now. */
    public Duration retryAfter(String username, String address, Instant now) {
        Duration a = wait("u:" + username, maxFailures, now);
        Duration b = wait("a:" + address, maxFailuresPerAddress, now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    public void failed(String username, String address, Instant now) {
        add("u:" + username, maxFailures, now);
        add("a:" + address, maxFailuresPerAddress, now);
    }

    /** How many usernames and addresses are tracked now. */
    int tracked() {
        return failures.size();
    }

    public void succeeded(String username) {
        failures.remove("u:" + username);
    }

    private Duration wait(String key, int max, Instant now) {
        Deque<Instant> d = failures.get(key);
        if (d == null) {
            return Duration.ZERO;
        }
        synchronized (d) {
            prune(d, now);
            if (d.size() < max) {
                return Duration.ZERO;
            }
            Duration left = Duration.between(now, d.peekFirst().plus(window));
            return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
        }
    }

    private void add(String key, int max, Instant now) {
        Deque<Instant> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            prune(d, now);
            d.addLast(now);
            while (d.size() > max) {
                d.removeFirst();
            }
        }
        if (failures.size() > MAX_KEYS) {
            sweep(now);
        }
    }

    /**
     * Drops the usernames and addresses whose failures have left the window, and if a flood keeps more than
     * {@link #MAX_KEYS} within it, forgets keys down to nine tenths of that: memory stays bounded, a forgotten key is
     * only throttled again from its next failures, and the walk over the map comes once per tenth of it added, not
     * on every failed login. One sweep at a time; a caller that finds one running goes on.
     */
    private void sweep(Instant now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            Iterator<Map.Entry<String, Deque<Instant>>> it = failures.entrySet().iterator();
            while (it.hasNext()) {
                Deque<Instant> q = it.next().getValue();
                boolean expired;
                synchronized (q) {
                    prune(q, now);
                    expired = q.isEmpty();
                }
                if (expired || failures.size() > MAX_KEYS * 9 / 10) {
                    it.remove();
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
