package dk.vagtcentral.server.auth;

import dk.vagtcentral.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failed logins that {@link LoginThrottle} counts, kept in the database (V015) so that every node on it counts the
 * same: {@code login_failure_pairs} (failures in a row per username and client address) and {@code login_failures}
 * (recent failure times per client address). The throttle decides; this only reads and writes, each decision in one
 * transaction that holds the pair's row ({@code FOR UPDATE}), so attempts made in parallel on several nodes are counted
 * one after the other. Bounded: rows that have left the login window are purged as the server goes (at most every
 * minute, or after 1,000 failures on this node), and beyond a cap the oldest go. Blocking JDBC.
 */
public final class LoginFailureStore {
    private static final Logger LOG = LoggerFactory.getLogger(LoginFailureStore.class);
    /** Failure rows kept at most, over all addresses (each address keeps at most its limit of them). */
    static final int MAX_FAILURE_ROWS = 1_000_000;
    static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private static final int SWEEP_AFTER_FAILURES = 1_000;
    private static final int MAX_USERNAME = 64;
    private static final int MAX_ADDRESS = 128;
    private static final OffsetDateTime LONG_AGO = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    record PairRow(int failures, Instant last) {
    }

    /** The failures of an address within the window: how many, and the time of the oldest (null when none). */
    record AddressFailures(int count, Instant oldest) {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Tx t) throws SQLException;
    }

    private final Database db;
    private final int maxPairs;
    private final int maxFailureRows;
    private final AtomicInteger sinceSweep = new AtomicInteger();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile Instant lastSweep;

    public LoginFailureStore(Database db) {
        this(db, LoginThrottle.MAX_KEYS, MAX_FAILURE_ROWS);
    }

    LoginFailureStore(Database db, int maxPairs, int maxFailureRows) {
        this.db = db;
        this.maxPairs = maxPairs;
        this.maxFailureRows = maxFailureRows;
    }

    /**
     * Runs {@code work} in one transaction (for writing: the rows it reads are locked); once more if another node
     * inserted the same pair's row meanwhile. A database error is an {@link IllegalStateException}.
     */
    <T> T inTransaction(boolean write, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.connection()) {
                try {
                    T result = work.run(new Tx(c, write));
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState()) && attempt == 1) {
                    continue; // the pair's first failure, counted on two nodes at once: read it again
                }
                throw new IllegalStateException("login throttle: " + e.getMessage(), e);
            }
        }
    }

    /** One transaction's reads and writes. */
    final class Tx {
        private final Connection c;
        private final boolean write;

        Tx(Connection c, boolean write) {
            this.c = c;
            this.write = write;
        }

        /**
         * The pair's row; when writing, made first if missing (no failures, a last failure long ago) and locked for
         * the rest of the transaction, so that every decision about the pair is made holding its row. Null when
         * reading and it has none.
         */
        PairRow lockPair(String username, String address) throws SQLException {
            if (write) {
                // two nodes making it at once: one of them gets a unique violation and runs its transaction again
                try (PreparedStatement p = c.prepareStatement("INSERT INTO login_failure_pairs (username, address, "
                        + "failures, last_at) SELECT ?, ?, 0, ? WHERE NOT EXISTS (SELECT 1 FROM login_failure_pairs "
                        + "WHERE username = ? AND address = ?)")) {
                    p.setString(1, user(username));
                    p.setString(2, addr(address));
                    p.setObject(3, LONG_AGO);
                    p.setString(4, user(username));
                    p.setString(5, addr(address));
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT failures, last_at FROM login_failure_pairs "
                    + "WHERE username = ? AND address = ?" + (write ? " FOR UPDATE" : ""))) {
                p.setString(1, user(username));
                p.setString(2, addr(address));
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? new PairRow(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant())
                            : null;
                }
            }
        }

        /** Stores the pair's count; its row was made and locked by {@link #lockPair} in this transaction. */
        void savePair(String username, String address, int failures, Instant last) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE login_failure_pairs SET failures = ?, last_at = ? WHERE username = ? AND address = ?")) {
                p.setInt(1, failures);
                p.setObject(2, ts(last));
                p.setString(3, user(username));
                p.setString(4, addr(address));
                p.executeUpdate();
            }
        }

        void forgetPair(String username, String address) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM login_failure_pairs WHERE username = ? AND address = ?")) {
                p.setString(1, user(username));
                p.setString(2, addr(address));
                p.executeUpdate();
            }
        }

        /** Adds a failure of the address; drops its failures at or before {@code cutoff} and all but the newest max. */
        void addFailure(String address, Instant at, Instant cutoff, int max) throws SQLException {
            String a = addr(address);
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM login_failures WHERE address = ? AND failed_at <= ?")) {
                p.setString(1, a);
                p.setObject(2, ts(cutoff));
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO login_failures (address, failed_at) VALUES (?, ?)")) {
                p.setString(1, a);
                p.setObject(2, ts(at));
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM login_failures WHERE address = ? AND id NOT IN "
                    + "(SELECT id FROM login_failures WHERE address = ? ORDER BY id DESC LIMIT ?)")) {
                p.setString(1, a);
                p.setString(2, a);
                p.setInt(3, max);
                p.executeUpdate();
            }
        }

        /** Takes back the newest failure of the address made at {@code at} (an attempt that succeeded). */
        void forgetFailure(String address, Instant at) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM login_failures WHERE id = (SELECT MAX(id) "
                    + "FROM login_failures WHERE address = ? AND failed_at = ?)")) {
                p.setString(1, addr(address));
                p.setObject(2, ts(at));
                p.executeUpdate();
            }
        }

        AddressFailures addressFailures(String address, Instant cutoff) throws SQLException {
            int count;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT COUNT(*) FROM login_failures WHERE address = ? AND failed_at > ?")) {
                p.setString(1, addr(address));
                p.setObject(2, ts(cutoff));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                }
            }
            if (count == 0) {
                return new AddressFailures(0, null);
            }
            try (PreparedStatement p = c.prepareStatement("SELECT failed_at FROM login_failures WHERE address = ? "
                    + "AND failed_at > ? ORDER BY id LIMIT 1")) {
                p.setString(1, addr(address));
                p.setObject(2, ts(cutoff));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return new AddressFailures(count, rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
        }
    }

    /**
     * Purges what has left the window (a minute after the last purge, or after 1,000 failures on this node), and
     * beyond the caps the oldest pairs and failure rows: a flood of new names and addresses costs bounded space, and a
     * purged entry is only throttled again from its next failures. One purge at a time per node.
     */
    void sweepIfDue(Instant now, Duration window) {
        Instant last = lastSweep;
        if (sinceSweep.incrementAndGet() < SWEEP_AFTER_FAILURES && last != null
                && now.isBefore(last.plus(SWEEP_EVERY))) {
            return;
        }
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            sinceSweep.set(0);
            lastSweep = now;
            int purged = inTransaction(true, t -> {
                Instant cutoff = now.minus(window);
                int n = delete("DELETE FROM login_failure_pairs WHERE last_at <= ?", ts(cutoff));
                n += delete("DELETE FROM login_failures WHERE failed_at <= ?", ts(cutoff));
                n += cap("login_failure_pairs", "last_at", maxPairs);
                n += cap("login_failures", "id", maxFailureRows);
                return n;
            });
            if (purged > 0) {
                LOG.info("event=auth.throttle_purged rows={}", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("event=auth.throttle_purge_failed error=\"{}\"", e.getMessage());
        } finally {
            sweeping.set(false);
        }
    }

    private int delete(String sql, Object value) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, value);
            int n = p.executeUpdate();
            c.commit();
            return n;
        }
    }

    /** Keeps nine tenths of {@code max} rows (the newest by {@code column}) once a table holds more than max. */
    private int cap(String table, String column, int max) throws SQLException {
        try (Connection c = db.connection()) {
            int rows;
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                 ResultSet rs = p.executeQuery()) {
                rs.next();
                rows = rs.getInt(1);
            }
            if (rows <= max) {
                c.commit();
                return 0;
            }
            Object boundary;
            try (PreparedStatement p = c.prepareStatement("SELECT " + column + " FROM " + table + " ORDER BY "
                    + column + " DESC LIMIT 1 OFFSET ?")) {
                p.setInt(1, max * 9 / 10);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    boundary = rs.getObject(1);
                }
            }
            int n;
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " <= ?")) {
                p.setObject(1, boundary);
                n = p.executeUpdate();
            }
            c.commit();
            return n;
        }
    }

    /** Pairs and addresses tracked now. */
    int tracked() {
        return inTransaction(false, t -> {
            try (PreparedStatement p = t.c.prepareStatement("SELECT (SELECT COUNT(*) FROM login_failure_pairs) + "
                    + "(SELECT COUNT(DISTINCT address) FROM login_failures)");
                 ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** As the database keeps instants (microseconds), so that a failure's time can be found again. */
    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static String user(String username) {
        return username.length() > MAX_USERNAME ? username.substring(0, MAX_USERNAME) : username;
    }

    private static String addr(String address) {
        return address.length() > MAX_ADDRESS ? address.substring(0, MAX_ADDRESS) : address;
    }
}
