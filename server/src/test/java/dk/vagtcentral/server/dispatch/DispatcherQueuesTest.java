package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.config.MunicipalityProfiles;
import dk.vagtcentral.server.domain.Actor;
import dk.vagtcentral.server.domain.Command;
import dk.vagtcentral.server.domain.InboxKind;
import dk.vagtcentral.server.push.PushLog;
import dk.vagtcentral.server.push.PushRelay;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.InboxStore;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.ServerRuns;
import dk.vagtcentral.server.store.StoreRows;
import dk.vagtcentral.server.store.TrailStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What may wait for the dispatcher is bounded, and nothing is lost at the bound: alarms beyond the routing queue are
 * routed from the database, commands beyond the command queue are refused at once, and one alarm that cannot be
 * routed neither holds up the others nor goes unreported.
 */
class DispatcherQueuesTest {
    static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;
    Database db;
    Vertx vertx;
    SimpleMeterRegistry registry;
    Dispatcher dispatcher;

    @BeforeEach
    void setUp() {
        db = StoreRows.open(dir);
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void tearDown() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        vertx.close();
        db.close();
    }

    private Dispatcher dispatcher(int routes, int commands) {
        ReferenceStore references = new ReferenceStore(db);
        dispatcher = new Dispatcher(new DispatchStore(db), references,
                new RuleProfiles(references, MunicipalityProfiles.builtIn(1)), null, new TrailStore(db),
                new InboxStore(db), new ServerRuns(db), new Notifier(new PushLog(db), new PushRelay(vertx, new PushLog(db)), Clock.systemUTC()), () -> { }, new WebhookPayload(null), Clock.systemUTC(), registry,
                new Dispatcher.Limits(routes, commands));
        return dispatcher;
    }

    @Test
    void alarmsBeyondTheRoutingQueueAreRoutedFromTheDatabase() throws Exception {
        List<Long> ids = alarms(300, "EMERGENCY");
        Dispatcher d = dispatcher(50, 10);
        ids.forEach(id -> d.alarmStored(id, false));
        assertThat(registry.counter("vagtcentral.dispatch.route.overflow").count())
                .as("250 did not fit while the thread was not running").isEqualTo(250);

        d.start();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT COUNT(*) FROM alarm_dispatch"), n -> n == 300);
    }

    @Test
    void theHealthSeesWhetherTheDispatcherRuns() throws Exception {
        Dispatcher d = dispatcher(50, 10);
        assertThat(d.liveness().alive()).as("not started").isFalse();
        d.start();
        assertThat(d.liveness().alive()).isTrue();
        assertThat(d.liveness().degraded()).isFalse();
        d.close();
        assertThat(d.liveness().alive()).isFalse();
        assertThat(d.liveness().degraded()).isTrue();
    }

    @Test
    void commandsBeyondTheCommandQueueAreRefusedAtOnceAndTheQueuedOnesAnsweredAtShutdown() {
        Dispatcher d = dispatcher(50, 3);
        List<CompletableFuture<?>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(d.act(1, new Command.Acknowledge("desk:anna"), Actor.admin("desk:anna")).toCompletionStage()
                    .toCompletableFuture());
        }

        assertThat(results.get(3)).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RejectedExecutionException.class).withMessageContaining("try again");
        assertThat(results.subList(0, 3)).noneMatch(CompletableFuture::isDone);
        assertThat(registry.counter("vagtcentral.dispatch.commands.refused").count()).isEqualTo(1);

        d.close();
        assertThat(results.subList(0, 3)).allMatch(CompletableFuture::isCompletedExceptionally);
    }

    @Test
    void anAlarmThatCannotBeRoutedHoldsUpNoOtherAndGoesToEverySupervisor() throws Exception {
        List<Long> good = alarms(10, "EMERGENCY");
        long broken = alarms(1, "NO_SUCH_KIND").get(0);
        good.addAll(alarms(10, "EMERGENCY"));

        dispatcher(50, 10).start();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT COUNT(*) FROM alarm_dispatch"), n -> n == good.size());
        assertThat(count("SELECT COUNT(*) FROM alarm_dispatch WHERE alarm_id = " + broken)).isZero();
        List<InboxStore.Item> items = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> new InboxStore(db).list(null, true, List.of(InboxKind.ROUTING_FAILED), broken, null, 10),
                        l -> !l.isEmpty());
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.municipalityId()).as("every supervisor and the administrators").isNull();
            assertThat(i.reason()).contains("alarm " + broken, "NO_SUCH_KIND");
        });
        assertThat(registry.counter("vagtcentral.dispatch.routing.failed").count()).as("each retry counts").isPositive();
    }

    private List<Long> alarms(int n, String category) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.connection()) {
            for (int i = 0; i < n; i++) {
                ids.add(StoreRows.alarm(c, AT.plusSeconds(i), category, "QA"));
            }
            c.commit();
        }
        return ids;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        }
    }
}
