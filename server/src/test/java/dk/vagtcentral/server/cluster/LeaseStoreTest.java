package dk.vagtcentral.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.TestDatabases;
import dk.vagtcentral.server.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lease store on H2 and on PostgreSQL, two nodes each with a pool of its own on one database. Time is passed in
 * ({@code now}) instead of the database's clock, so a lease expires in a test without waiting for it; the SQL is the
 * same either way (the database's clock is used where no instant is given).
 */
class LeaseStoreTest {
    static final String JOB = "test-job";
    static final Duration TTL = Duration.ofSeconds(15);
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    interface Body {
        void run(LeaseStore a, LeaseStore b, Database db) throws Exception;
    }

    void onTwoNodes(Database.Dialect dialect, Body body) throws Exception {
        try (TestDatabases.Shared shared = TestDatabases.of(dialect, dir, "vagtcentral_lease")) {
            Database nodeA = shared.open();
            Database nodeB = shared.open();
            try (Connection c = nodeA.connection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE lease_probe (n INT NOT NULL)");
                c.commit();
            }
            LeaseStore a = new LeaseStore(nodeA);
            LeaseStore b = new LeaseStore(nodeB);
            a.ensure(JOB);
            b.ensure(JOB);
            body.run(a, b, nodeA);
        }
    }

    /** A write of the job: the probe row, after the fence's check, in one transaction. */
    static void fencedWrite(Database db, Fence fence, int n) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                fence.check(c);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO lease_probe (n) VALUES (" + n + ")");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static int probes(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM lease_probe")) {
            rs.next();
            int n = rs.getInt(1);
            c.commit();
            return n;
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void twoNodesCompeteAndOneWins(Database.Dialect dialect) throws Exception {
        onTwoNodes(dialect, (a, b, db) -> {
            Optional<Lease> first = a.acquire(JOB, "node-a", TTL, T0);
            Optional<Lease> second = b.acquire(JOB, "node-b", TTL, T0.plusSeconds(1));
            assertThat(first).isPresent();
            assertThat(second).as("held by node-a until it expires").isEmpty();
            assertThat(a.read(JOB).orElseThrow().holder()).isEqualTo("node-a");
            assertThat(a.read(JOB).orElseThrow().expiresAt()).isEqualTo(T0.plus(TTL));
        });
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void anExpiredLeaseIsTakenOverWithTheNextEpochAndTheOldHoldersWritesAreRefused(Database.Dialect dialect)
            throws Exception {
        onTwoNodes(dialect, (a, b, db) -> {
            AtomicReference<Instant> clock = new AtomicReference<>(T0);
            AtomicInteger aLost = new AtomicInteger();
            Lease leaseA = a.acquire(JOB, "node-a", TTL, clock.get()).orElseThrow();
            Fence fenceA = a.fence(leaseA, aLost::incrementAndGet, clock::get);
            fencedWrite(db, fenceA, 1);

            // node-a is frozen past its lease; node-b takes over
            clock.set(T0.plus(TTL));
            Lease leaseB = b.acquire(JOB, "node-b", TTL, clock.get()).orElseThrow();
            assertThat(leaseB.epoch()).isEqualTo(leaseA.epoch() + 1);
            Fence fenceB = b.fence(leaseB, () -> { }, clock::get);

            // node-a resumes: its write is refused and changes nothing; node-b's goes through
            assertThatThrownBy(() -> fencedWrite(db, fenceA, 2)).isInstanceOf(LeaseLostException.class);
            assertThat(aLost).as("told once").hasValue(1);
            assertThat(fenceA.held()).isFalse();
            assertThat(a.renew(leaseA, TTL, clock.get())).as("nor can it renew").isFalse();
            fencedWrite(db, fenceB, 3);
            assertThat(probes(db)).isEqualTo(2);
        });
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aFrozenHoldersWritesAreRefusedOnceItsLeaseExpiredEvenBeforeAnyoneTookOver(Database.Dialect dialect)
            throws Exception {
        onTwoNodes(dialect, (a, b, db) -> {
            AtomicReference<Instant> clock = new AtomicReference<>(T0);
            Lease lease = a.acquire(JOB, "node-a", TTL, clock.get()).orElseThrow();
            Fence fence = a.fence(lease, () -> { }, clock::get);
            clock.set(T0.plus(TTL).minusMillis(1));
            fencedWrite(db, fence, 1);
            clock.set(T0.plus(TTL));
            assertThatThrownBy(() -> fencedWrite(db, fence, 2)).isInstanceOf(LeaseLostException.class);
            assertThat(probes(db)).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void renewalKeepsTheLeaseAtItsEpoch(Database.Dialect dialect) throws Exception {
        onTwoNodes(dialect, (a, b, db) -> {
            AtomicReference<Instant> clock = new AtomicReference<>(T0);
            Lease lease = a.acquire(JOB, "node-a", TTL, clock.get()).orElseThrow();
            Fence fence = a.fence(lease, () -> { }, clock::get);
            for (int i = 1; i <= 6; i++) {
                clock.set(T0.plusSeconds(5L * i));
                assertThat(a.renew(lease, TTL, clock.get())).as("renewal %d", i).isTrue();
                assertThat(b.acquire(JOB, "node-b", TTL, clock.get())).as("not taken at +%d s", 5 * i).isEmpty();
            }
            // 30 s after the acquisition, twice the TTL: still held, at the same epoch, and still writing
            assertThat(a.read(JOB).orElseThrow().epoch()).isEqualTo(lease.epoch());
            fencedWrite(db, fence, 1);
            assertThat(probes(db)).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aTakeoverWaitsForAFencedTransactionThatPassedItsCheck(Database.Dialect dialect) throws Exception {
        onTwoNodes(dialect, (a, b, db) -> {
            AtomicReference<Instant> clock = new AtomicReference<>(T0);
            Lease lease = a.acquire(JOB, "node-a", TTL, clock.get()).orElseThrow();
            Fence fence = a.fence(lease, () -> { }, clock::get);
            try (Connection c = db.connection()) {
                fence.check(c);
                clock.set(T0.plus(TTL));
                CompletableFuture<Optional<Lease>> takeover = CompletableFuture.supplyAsync(() -> {
                    try {
                        return b.acquire(JOB, "node-b", TTL, clock.get());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(300);
                assertThat(takeover).as("blocked by the fenced transaction").isNotDone();
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO lease_probe (n) VALUES (1)");
                }
                c.commit();
                assertThat(takeover.get(10, TimeUnit.SECONDS)).as("then it goes through").isPresent();
            }
            assertThat(probes(db)).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aReleasedLeaseIsTakenAtOnceAndTheDatabaseClockRunsTheRealThing(Database.Dialect dialect) throws Exception {
        onTwoNodes(dialect, (a, b, db) -> {
            Lease lease = a.acquire(JOB, "node-a", TTL).orElseThrow();
            assertThat(b.acquire(JOB, "node-b", TTL)).isEmpty();
            Fence fence = a.fence(lease, () -> { });
            fencedWrite(db, fence, 1);
            assertThat(a.release(lease)).isTrue();
            assertThatThrownBy(() -> fencedWrite(db, fence, 2)).isInstanceOf(LeaseLostException.class);
            Lease taken = b.acquire(JOB, "node-b", TTL).orElseThrow();
            assertThat(taken.epoch()).isEqualTo(lease.epoch() + 1);
            assertThat(probes(db)).isEqualTo(1);
        });
    }
}
