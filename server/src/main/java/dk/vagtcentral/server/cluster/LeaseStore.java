package dk.vagtcentral.server.cluster;

import dk.vagtcentral.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job leases ({@code leases}, V014): which node runs each singleton job, at which epoch, until when. Every decision
 * is one conditional statement in the database, and expiry is by the database's clock ({@code CURRENT_TIMESTAMP}), so
 * the nodes' own clocks never decide who holds a lease. Blocking JDBC: call from a worker thread.
 *
 * <ul>
 *   <li>{@link #acquire}: takes the lease when it has expired (or was released), or when it is already this node's;
 *       every acquisition raises the epoch, so whatever an earlier holder (or an earlier run of this node) still
 *       tries to write with the old epoch is refused.</li>
 *   <li>{@link #renew}: pushes the expiry on while the lease is still this node's at the same epoch and unexpired.</li>
 *   <li>{@link #fence}: the check each of the job's transactions makes before writing ({@link Fence#check}).</li>
 * </ul>
 *
 * <p>The methods that take an {@code Instant now} are for tests: they use that instant instead of the database's
 * clock, so a test can let a lease expire without waiting for it (a null {@code now} is the database's clock). The
 * server only calls the forms without it.
 */
public final class LeaseStore {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseStore.class);
    /** "now" in every statement: the bound instant when a test gives one, else the database's clock. */
    private static final String NOW = "COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), CURRENT_TIMESTAMP)";
    private static final String PLUS_TTL = " + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";
    private static final OffsetDateTime LONG_AGO = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** A lease row as stored, for tests and diagnostics. */
    public record Row(String job, String holder, long epoch, Instant expiresAt) {
    }

    private final Database db;
    private final String lockClause;

    public LeaseStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        // a fenced transaction must keep takeovers out, not other fenced transactions of the same holder: PostgreSQL
        // has a shared row lock for that; H2 (one node, embedded) only the exclusive one
        this.lockClause = db.dialect() == Database.Dialect.POSTGRESQL ? " FOR SHARE" : " FOR UPDATE";
    }

    /** Makes the job's row if it has none yet (unheld, expired), so that {@link #acquire} has something to update. */
    public void ensure(String job) throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO leases (job, holder, epoch, acquired_at, "
                    + "expires_at) SELECT ?, NULL, 0, NULL, ? WHERE NOT EXISTS (SELECT 1 FROM leases WHERE job = ?)")) {
                p.setString(1, job);
                p.setObject(2, LONG_AGO);
                p.setString(3, job);
                p.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                // another node made it at the same moment: it is there
            }
        }
    }

    /** Takes the lease for {@code holder} for {@code ttl} when it is expired or already its own; empty otherwise. */
    public Optional<Lease> acquire(String job, String holder, Duration ttl) throws SQLException {
        return acquire(job, holder, ttl, null);
    }

    Optional<Lease> acquire(String job, String holder, Duration ttl, Instant now) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                int updated;
                try (PreparedStatement p = c.prepareStatement("UPDATE leases SET holder = ?, epoch = epoch + 1, "
                        + "acquired_at = " + NOW + ", expires_at = " + NOW + PLUS_TTL
                        + " WHERE job = ? AND (expires_at <= " + NOW + " OR holder = ?)")) {
                    p.setString(1, holder);
                    bindNow(p, 2, now);
                    bindNow(p, 3, now);
                    p.setLong(4, ttl.toMillis());
                    p.setString(5, job);
                    bindNow(p, 6, now);
                    p.setString(7, holder);
                    updated = p.executeUpdate();
                }
                if (updated == 0) {
                    c.rollback();
                    return Optional.empty();
                }
                Row row = read(c, job).orElseThrow();
                c.commit();
                return Optional.of(new Lease(job, holder, row.epoch(), row.expiresAt()));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Extends the lease by {@code ttl} from now; false when it is no longer this holder's at this epoch, or expired. */
    public boolean renew(Lease lease, Duration ttl) throws SQLException {
        return renew(lease, ttl, null);
    }

    boolean renew(Lease lease, Duration ttl, Instant now) throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement("UPDATE leases SET expires_at = " + NOW + PLUS_TTL
                    + " WHERE job = ? AND holder = ? AND epoch = ? AND expires_at > " + NOW)) {
                bindNow(p, 1, now);
                p.setLong(2, ttl.toMillis());
                p.setString(3, lease.job());
                p.setString(4, lease.holder());
                p.setLong(5, lease.epoch());
                bindNow(p, 6, now);
                boolean renewed = p.executeUpdate() == 1;
                c.commit();
                return renewed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Gives the lease up (at shutdown), so another node takes it over at once instead of after its expiry. */
    public boolean release(Lease lease) throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement("UPDATE leases SET holder = NULL, expires_at = "
                    + "CURRENT_TIMESTAMP WHERE job = ? AND holder = ? AND epoch = ?")) {
                p.setString(1, lease.job());
                p.setString(2, lease.holder());
                p.setLong(3, lease.epoch());
                boolean released = p.executeUpdate() == 1;
                c.commit();
                return released;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The job's row as stored now. */
    public Optional<Row> read(String job) throws SQLException {
        try (Connection c = db.connection()) {
            Optional<Row> row = read(c, job);
            c.commit();
            return row;
        }
    }

    /**
     * The fence of {@code lease}: its {@link Fence#check} passes only while the row still names this holder at this
     * epoch and has not expired by the database's clock, and locks the row against takeover for the rest of the
     * transaction. {@code onLost} runs (once) when a check finds the lease gone.
     */
    public LeaseFence fence(Lease lease, Runnable onLost) {
        return new LeaseFence(lease, onLost, () -> null);
    }

    /** As {@link #fence(Lease, Runnable)}, with "now" given by the test instead of the database's clock. */
    LeaseFence fence(Lease lease, Runnable onLost, Supplier<Instant> now) {
        return new LeaseFence(lease, onLost, now);
    }

    /** A lease's fence; {@link #lose} is how the runner tells it that a renewal failed. */
    public final class LeaseFence implements Fence {
        private final Lease lease;
        private final Runnable onLost;
        private final Supplier<Instant> now;
        private volatile boolean lost;
        /** Set by the runner: past this ({@link System#nanoTime}) this node no longer counts on holding the lease. */
        private volatile boolean bounded;
        private volatile long heldUntilNanos;

        private LeaseFence(Lease lease, Runnable onLost, Supplier<Instant> now) {
            this.lease = lease;
            this.onLost = onLost;
            this.now = now;
        }

        public Lease lease() {
            return lease;
        }

        @Override
        public void check(Connection c) throws SQLException {
            if (lost) {
                throw new LeaseLostException(lease.job(), lease.epoch());
            }
            boolean holds;
            try (PreparedStatement p = c.prepareStatement("SELECT epoch FROM leases WHERE job = ? AND holder = ? "
                    + "AND epoch = ? AND expires_at > " + NOW + lockClause)) {
                p.setString(1, lease.job());
                p.setString(2, lease.holder());
                p.setLong(3, lease.epoch());
                bindNow(p, 4, now.get());
                try (ResultSet rs = p.executeQuery()) {
                    holds = rs.next();
                }
            }
            if (!holds) {
                LOG.warn("event=lease.fenced job={} holder={} epoch={} note=\"a write of this job was refused: the "
                        + "lease was taken over or expired\"", lease.job(), lease.holder(), lease.epoch());
                lose();
                throw new LeaseLostException(lease.job(), lease.epoch());
            }
        }

        /**
         * {@code false} once the lease is known lost, and also once this node's own estimate of its expiry has passed
         * (a node resuming from a freeze stops sending before its next renewal attempt finds out).
         */
        @Override
        public boolean held() {
            return !lost && (!bounded || System.nanoTime() - heldUntilNanos < 0);
        }

        /**
         * The lease was acquired or renewed by a statement sent at {@code sentNanos}: it holds until {@code ttl} after
         * that by this node's monotonic clock, which is no later than the database's expiry.
         */
        void heldUntil(long sentNanos, java.time.Duration ttl) {
            heldUntilNanos = sentNanos + ttl.toNanos();
            bounded = true;
        }

        @Override
        public String job() {
            return lease.job();
        }

        /** Marks the lease lost on this node; the first call runs {@code onLost}. */
        public void lose() {
            boolean first;
            synchronized (this) {
                first = !lost;
                lost = true;
            }
            if (first) {
                onLost.run();
            }
        }
    }

    private static Optional<Row> read(Connection c, String job) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT holder, epoch, expires_at FROM leases WHERE job = ?")) {
            p.setString(1, job);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
                return Optional.of(new Row(job, rs.getString("holder"), rs.getLong("epoch"), expires.toInstant()));
            }
        }
    }

    private static void bindNow(PreparedStatement p, int index, Instant now) throws SQLException {
        if (now == null) {
            p.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            p.setObject(index, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        }
    }
}
