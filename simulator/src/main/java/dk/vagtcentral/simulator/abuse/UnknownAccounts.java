package dk.vagtcentral.simulator.abuse;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts nobody registered: a fixed hex prefix (default "F") and seven hex digits that look random but never
 * repeat within 2^28 accounts (the i-th account is {@code start + i * step} modulo 2^28 with an odd step, a
 * bijection). Thread-safe.
 */
public final class UnknownAccounts {
    private static final long MASK = (1L << 28) - 1;
    private static final long STEP = 0x9E3779B1L & MASK | 1; // odd: every value once per 2^28
    private final String prefix;
    private final long start;
    private final AtomicLong counter = new AtomicLong();

    /** Accounts "F" + 7 hex digits from a random starting point. */
    public UnknownAccounts() {
        this("F", ThreadLocalRandom.current().nextLong());
    }

    /** @param prefix 1-9 hex digits the accounts start with (the accounts then have 8-16 digits) */
    public UnknownAccounts(String prefix, long seed) {
        String p = prefix.toUpperCase(Locale.ROOT);
        if (!p.matches("[0-9A-F]{1,9}")) {
            throw new IllegalArgumentException("account prefix must be 1-9 hex digits, got '" + prefix + "'");
        }
        this.prefix = p;
        this.start = seed & MASK;
    }

    public String prefix() {
        return prefix;
    }

    /** The next account; distinct from every earlier one for the first 2^28 calls. */
    public String next() {
        long i = counter.getAndIncrement();
        long v = (start + i * STEP) & MASK;
        String hex = Long.toHexString(v).toUpperCase(Locale.ROOT);
        return prefix + "0".repeat(7 - hex.length()) + hex;
    }

    /** Accounts handed out so far. */
    public long issued() {
        return counter.get();
    }
}
