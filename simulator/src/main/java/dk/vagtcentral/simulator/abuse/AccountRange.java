package dk.vagtcentral.simulator.abuse;

import java.util.Locale;

/**
 * An inclusive range of device accounts in hex, "1000-10FF" (or one account, "1000"). Accounts are printed
 * with at least as many digits as the range's first account was written with.
 */
public record AccountRange(long first, long last, int digits) {
    private static final int MAX_DIGITS = 16;

    public AccountRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("range runs backwards: " + Long.toHexString(first) + "-" + Long.toHexString(last));
        }
        if (digits < 3 || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("accounts have 3-16 hex digits");
        }
    }

    /** Parses "1000-10FF" or "1000". */
    public static AccountRange parse(String spec) {
        String s = spec.strip();
        int dash = s.indexOf('-');
        String a = dash < 0 ? s : s.substring(0, dash).strip();
        String b = dash < 0 ? s : s.substring(dash + 1).strip();
        if (!a.matches("[0-9A-Fa-f]{3,15}") || !b.matches("[0-9A-Fa-f]{3,15}")) {
            throw new IllegalArgumentException("expected a hex account range such as 1000-10FF, got '" + spec + "'");
        }
        return new AccountRange(Long.parseLong(a, 16), Long.parseLong(b, 16), a.length());
    }

    /** {@code count} accounts from {@code first}. */
    public static AccountRange of(long first, long count) {
        return new AccountRange(first, first + count - 1, Math.max(4, Long.toHexString(first).length()));
    }

    public long size() {
        return last - first + 1;
    }

    /** The i-th account (0-based) as upper-case hex. */
    public String account(long i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(i);
        }
        String hex = Long.toHexString(first + i).toUpperCase(Locale.ROOT);
        return hex.length() >= digits ? hex : "0".repeat(digits - hex.length()) + hex;
    }

    @Override
    public String toString() {
        return first == last ? account(0) : account(0) + "-" + account(size() - 1);
    }
}
