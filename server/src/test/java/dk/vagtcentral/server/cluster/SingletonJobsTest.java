package dk.vagtcentral.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestDatabases;
import dk.vagtcentral.server.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes' runners on one database: a job runs on one of them, and moves when that one stops. */
class SingletonJobsTest {
    static final SingletonJobs.Settings FAST = new SingletonJobs.Settings(Duration.ofSeconds(2),
            Duration.ofMillis(200));

    @TempDir
    Path dir;

    Vertx vertx = Vertx.vertx();
    TestDatabases.Shared shared;

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        if (shared != null) {
            shared.close();
        }
    }

    record Node(SingletonJobs jobs, SimpleMeterRegistry registry, AtomicInteger runs, List<String> events) {
        double held(String job) {
            return registry.get("vagtcentral.lease.held").tag("job", job).gauge().value();
        }
    }

    Node node(Database db, String id) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger runs = new AtomicInteger();
        List<String> events = new CopyOnWriteArrayList<>();
        SingletonJobs jobs = new SingletonJobs(vertx, new LeaseStore(db), id, FAST, registry);
        jobs.every("count", Duration.ZERO, Duration.ofMillis(50), fence -> {
            try (java.sql.Connection c = db.connection()) {
                fence.check(c);
                runs.incrementAndGet();
                c.commit();
            }
        });
        jobs.whileHeld("deliver", new SingletonJobs.Holder() {
            @Override
            public void acquired(Fence fence) {
                events.add("acquired");
            }

            @Override
            public void lost() {
                events.add("lost");
            }
        });
        return new Node(jobs, registry, runs, events);
    }

    @Test
    void eachJobRunsOnOneNodeAndMovesAtOnceWhenThatNodeStops() {
        shared = TestDatabases.h2(dir);
        Node a = node(shared.open(), "node-a");
        a.jobs().start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.runs().get() >= 3);
        Node b = node(shared.open(), "node-b");
        b.jobs().start();

        // b renews and tries for a while: it never gets either lease while a holds them
        int before = a.runs().get();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.runs().get() >= before + 10);
        assertThat(b.runs()).hasValue(0);
        assertThat(b.events()).isEmpty();
        assertThat(a.events()).containsExactly("acquired");
        assertThat(a.held("count")).isEqualTo(1.0);
        assertThat(b.held("count")).isEqualTo(0.0);
        assertThat(a.jobs().holds("deliver")).isTrue();

        a.jobs().close();
        assertThat(a.events()).containsExactly("acquired", "lost");
        assertThat(a.held("count")).isEqualTo(0.0);
        int stoppedAt = a.runs().get();
        // released: b takes both over on its next attempt, well before the TTL would have run out
        await().atMost(Duration.ofMillis(1500)).until(() -> b.runs().get() >= 1 && b.jobs().holds("deliver"));
        assertThat(b.events()).containsExactly("acquired");
        assertThat(a.runs()).hasValue(stoppedAt);
        b.jobs().close();
    }

    @Test
    void aNodeWhoseLeaseWasTakenOverStopsItsJobAndTheNewHolderRunsIt() throws Exception {
        shared = TestDatabases.h2(dir);
        Database dbA = shared.open();
        Node a = node(dbA, "node-a");
        a.jobs().start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.runs().get() >= 3);
        Node b = node(shared.open(), "node-b");
        b.jobs().start();

        // as if node-a had been frozen past its lease and node-b had taken it over: a new epoch, in node-b's name
        // (node-b's runner then acquires its own lease at once, and node-a can neither renew nor take it back)
        try (java.sql.Connection c = dbA.connection(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE leases SET holder = 'node-b', epoch = epoch + 1, "
                    + "expires_at = CURRENT_TIMESTAMP + INTERVAL '30' SECOND");
            c.commit();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> b.runs().get() >= 3 && b.jobs().holds("deliver"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.jobs().holds("count") && !a.jobs().holds("deliver"));
        assertThat(a.events()).containsExactly("acquired", "lost");
        assertThat(a.held("count")).isEqualTo(0.0);
        assertThat(b.held("count")).isEqualTo(1.0);
        int stoppedAt = a.runs().get();
        Thread.sleep(500);
        assertThat(a.runs()).as("node-a runs no more").hasValue(stoppedAt);
        a.jobs().close();
        b.jobs().close();
    }
}
