package dk.vagtcentral.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestDatabases;
import dk.vagtcentral.server.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The throttle's rules, the same whether it keeps its counts in memory or in the database (H2, PostgreSQL). */
class LoginThrottleTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    enum Kept { H2, POSTGRESQL }

    @TempDir
    Path dir;
    final List<TestDatabases.Shared> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        databases.forEach(TestDatabases.Shared::close);
    }

    /** A migrated database of that kind, for as many throttles ("nodes") as the test opens on it. */
    TestDatabases.Shared database(Database.Dialect dialect) {
        TestDatabases.Shared shared = TestDatabases.of(dialect, dir.resolve("db" + databases.size()),
                "vagtcentral_lease_throttle");
        databases.add(shared);
        return shared;
    }

    LoginThrottle throttle(Kept kept, int maxFailures, int maxFailuresPerAddress, Duration window,
                           Duration backoffMax) {
        Database db = database(kept == Kept.H2 ? Database.Dialect.H2 : Database.Dialect.POSTGRESQL).open();
        return LoginThrottle.shared(new LoginFailureStore(db), maxFailures, maxFailuresPerAddress, window, backoffMax);
    }

    @ParameterizedTest
    @EnumSource(Kept.class)
    void aPairWaitsOnceItsFreeFailuresAreUsedAndTheWaitDoublesUpToTheCap(Kept kept) {
        LoginThrottle throttle = throttle(kept, 3, 1000, Duration.ofMinutes(15), Duration.ofSeconds(10));
        Instant t = T0;
        for (int i = 0; i < 2; i++) {
            throttle.failed("anna", "10.0.0.1", t);
            assertThat(throttle.retryAfter("anna", "10.0.0.1", t)).as("free failure %d", i + 1).isZero();
        }
        Duration[] expected = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(10)};
        for (Duration wait : expected) {
            throttle.failed("anna", "10.0.0.1", t);
            assertThat(throttle.retryAfter("anna", "10.0.0.1", t)).isEqualTo(wait);
            assertThat(throttle.retryAfter("anna", "10.0.0.1", t.plus(wait).minusMillis(1))).isPositive();
            t = t.plus(wait);
            assertThat(throttle.retryAfter("anna", "10.0.0.1", t)).as("may try again after %s", wait).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Kept.class)
    void aGuesserElsewhereDoesNotLockTheUserOutAndASuccessClearsOnlyItsOwnPair(Kept kept) {
        LoginThrottle throttle = throttle(kept, 3, 1000, Duration.ofMinutes(15), Duration.ofMinutes(5));
        for (int i = 0; i < 20; i++) {
            throttle.failed("anna", "203.0.113.66", T0.plusSeconds(i));
        }
        Instant now = T0.plusSeconds(20);
        assertThat(throttle.retryAfter("anna", "203.0.113.66", now)).isEqualTo(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(throttle.retryAfter("anna", "10.0.0.1", now)).as("anna at her desk").isZero();
        throttle.succeeded("anna", "10.0.0.1", T0);
        assertThat(throttle.retryAfter("anna", "203.0.113.66", now)).as("still waits").isPositive();
        throttle.failed("anna", "10.0.0.1", now);
        throttle.failed("anna", "10.0.0.1", now);
        throttle.succeeded("anna", "10.0.0.1", T0);
        throttle.failed("anna", "10.0.0.1", now);
        throttle.failed("anna", "10.0.0.1", now);
        assertThat(throttle.retryAfter("anna", "10.0.0.1", now)).as("a success starts the pair afresh").isZero();
    }

    @ParameterizedTest
    @EnumSource(Kept.class)
    void aPairIsForgottenAWindowAfterItsLastFailure(Kept kept) {
        LoginThrottle throttle = throttle(kept, 2, 1000, Duration.ofMinutes(15), Duration.ofHours(1));
        for (int i = 0; i < 12; i++) {
            throttle.failed("anna", "10.0.0.1", T0);
        }
        assertThat(throttle.retryAfter("anna", "10.0.0.1", T0.plus(Duration.ofMinutes(14)))).isPositive();
        Instant later = T0.plus(Duration.ofMinutes(15));
        assertThat(throttle.retryAfter("anna", "10.0.0.1", later)).isZero();
        throttle.failed("anna", "10.0.0.1", later);
        assertThat(throttle.retryAfter("anna", "10.0.0.1", later)).as("counts from one again").isZero();
    }

    @ParameterizedTest
    @EnumSource(Kept.class)
    void anAddressSprayingManyUsernamesIsRefusedUntilItsOldestFailureLeavesTheWindow(Kept kept) {
        LoginThrottle throttle = throttle(kept, 5, 4, Duration.ofMinutes(15), Duration.ofMinutes(5));
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.retryAfter("user" + i, "10.0.0.1", T0.plusSeconds(i))).isZero();
            throttle.failed("user" + i, "10.0.0.1", T0.plusSeconds(i));
        }
        assertThat(throttle.retryAfter("bo", "10.0.0.1", T0.plusSeconds(60))).isEqualTo(Duration.ofMinutes(14));
        assertThat(throttle.retryAfter("bo", "10.0.0.2", T0.plusSeconds(60))).isZero();
        throttle.succeeded("user0", "10.0.0.1", T0.plusSeconds(30));
        assertThat(throttle.retryAfter("bo", "10.0.0.1", T0.plusSeconds(60))).as("a success does not launder")
                .isPositive();
        assertThat(throttle.retryAfter("bo", "10.0.0.1", T0.plus(Duration.ofMinutes(15)))).isZero();
    }

    @ParameterizedTest
    @EnumSource(Kept.class)
    void attemptsSentInParallelAreCountedWhenTheyBeginSoTheyCannotAllSlipThrough(Kept kept) {
        LoginThrottle throttle = throttle(kept, 3, 1000, Duration.ofMinutes(15), Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.begin("anna", "203.0.113.7", T0)).as("attempt %d", i + 1).isZero();
        }
        assertThat(throttle.begin("anna", "203.0.113.7", T0)).as("the fourth, before any has failed").isPositive();
        assertThat(throttle.begin("anna", "10.0.0.1", T0)).as("another address").isZero();
    }

    @ParameterizedTest
    @EnumSource(Kept.class)
    void successfulLoginsDoNotCountAgainstTheirAddress(Kept kept) {
        LoginThrottle throttle = throttle(kept, 3, 2, Duration.ofMinutes(15), Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) {
            Instant at = T0.plusSeconds(i);
            assertThat(throttle.begin("user" + i, "10.0.0.1", at)).as("login %d from the office", i).isZero();
            throttle.succeeded("user" + i, "10.0.0.1", at);
        }
        assertThat(throttle.begin("x", "10.0.0.1", T0.plusSeconds(20))).isZero();
        assertThat(throttle.begin("y", "10.0.0.1", T0.plusSeconds(21))).isZero();
        assertThat(throttle.begin("z", "10.0.0.1", T0.plusSeconds(22))).as("two failures: the address waits")
                .isPositive();
    }

    /** Two nodes, each with its own pool and throttle, on one database. */
    LoginThrottle[] twoNodes(Database.Dialect dialect, int maxFailures, int maxFailuresPerAddress) {
        TestDatabases.Shared shared = database(dialect);
        LoginThrottle[] nodes = new LoginThrottle[2];
        for (int i = 0; i < 2; i++) {
            nodes[i] = LoginThrottle.shared(new LoginFailureStore(shared.open()), maxFailures, maxFailuresPerAddress,
                    Duration.ofMinutes(15), Duration.ofMinutes(5));
        }
        return nodes;
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aGuesserSpreadingItsAttemptsOverTheNodesIsThrottledOnAllOfThem(Database.Dialect dialect) {
        LoginThrottle[] node = twoNodes(dialect, 3, 5);
        node[0].failed("anna", "203.0.113.66", T0);
        node[1].failed("anna", "203.0.113.66", T0);
        node[0].failed("anna", "203.0.113.66", T0);
        assertThat(node[1].retryAfter("anna", "203.0.113.66", T0)).as("three failures on two nodes")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(node[1].begin("anna", "203.0.113.66", T0)).isEqualTo(Duration.ofSeconds(1));

        // a success on one node clears the pair on the other
        node[1].succeeded("anna", "203.0.113.66", T0.plusSeconds(1));
        assertThat(node[0].retryAfter("anna", "203.0.113.66", T0.plusSeconds(1))).isZero();

        // the address's failures count on every node too: two more make five, and the address waits
        node[1].failed("bo", "203.0.113.66", T0.plusSeconds(2));
        node[0].failed("carl", "203.0.113.66", T0.plusSeconds(3));
        assertThat(node[1].retryAfter("dora", "203.0.113.66", T0.plusSeconds(4))).as("spraying")
                .isEqualTo(Duration.ofMinutes(15).minusSeconds(4));
        assertThat(node[0].retryAfter("dora", "198.51.100.1", T0.plusSeconds(4))).isZero();
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void attemptsBegunInParallelOnTwoNodesAreCountedOneByOne(Database.Dialect dialect) throws Exception {
        LoginThrottle[] node = twoNodes(dialect, 5, 1000);
        int attempts = 20;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Duration>> waits = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                LoginThrottle n = node[i % 2];
                waits.add(pool.submit(() -> {
                    go.await();
                    return n.begin("anna", "203.0.113.7", T0);
                }));
            }
            go.countDown();
            int through = 0;
            for (java.util.concurrent.Future<Duration> w : waits) {
                if (w.get(30, java.util.concurrent.TimeUnit.SECONDS).isZero()) {
                    through++;
                }
            }
            assertThat(through).as("the free failures and the first waiting one, not one per node").isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDatabaseForgetsWhatLeftTheWindowAndStaysWithinItsCaps() {
        Database db = database(Database.Dialect.H2).open();
        LoginFailureStore store = new LoginFailureStore(db, 50, 80);
        LoginThrottle throttle = LoginThrottle.shared(store, 3, 3, Duration.ofMinutes(5), Duration.ofMinutes(5));
        for (int i = 0; i < 40; i++) {
            throttle.failed("user" + i, "10.0.1." + i, T0);
        }
        assertThat(throttle.tracked()).isEqualTo(80);
        // a minute past the window: the next failure purges the old rows
        Instant later = T0.plus(Duration.ofMinutes(6));
        throttle.failed("anna", "10.0.0.9", later);
        assertThat(throttle.tracked()).as("only anna's pair and address").isEqualTo(2);

        // a flood within the window: capped at nine tenths of 50 pairs and 80 failure rows once over
        Instant flood = later.plus(Duration.ofMinutes(2));
        for (int i = 0; i < 120; i++) {
            throttle.failed("user" + i, "10.0.2." + i, flood.plusMillis(i));
            if (i % 10 == 9) {
                // a sweep at most a minute apart: let each batch be due
                flood = flood.plus(Duration.ofMinutes(1));
            }
        }
        assertThat(throttle.tracked()).isLessThanOrEqualTo(50 + 80 + 20);
        for (int i = 0; i < 3; i++) {
            throttle.failed("anna", "127.0.0.9", flood.plusSeconds(1));
        }
        assertThat(throttle.retryAfter("anna", "127.0.0.9", flood.plusSeconds(1))).as("still throttles")
                .isPositive();
    }
}
