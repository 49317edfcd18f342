package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.domain.InboxKind;
import dk.vagtcentral.server.domain.Interval;
import dk.vagtcentral.server.push.PushLog;
import dk.vagtcentral.server.push.PushRelay;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.InboxStore;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.StoreRows;
import dk.vagtcentral.server.store.TrailStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 18: overdue justifications and roster holes reach the supervisors live, each once. */
class SupervisorWatchTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;
    Database db;
    Vertx vertx;
    InboxStore inbox;
    SupervisorWatch watch;
    final Queue<JsonObject> told = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        db = StoreRows.open(dir);
        vertx = Vertx.vertx();
        vertx.eventBus().<JsonObject>consumer("vagtcentral.supervision.791", m -> told.add(m.body()));
        inbox = new InboxStore(db);
        watch = new SupervisorWatch(db, inbox, new TrailStore(db), new ReferenceStore(db), new Notifier(new PushLog(db), new PushRelay(vertx, new PushLog(db)), Clock.systemUTC()));
        try (Connection c = db.connection()) {
            StoreRows.reference(c, "791", "omsorg");
            long alarm = StoreRows.alarm(c, NOW.minusSeconds(10 * 86_400), "EMERGENCY", "QA");
            StoreRows.justification(c, alarm, "omsorg", "OPEN", NOW.minusSeconds(1));
            long other = StoreRows.alarm(c, NOW.minusSeconds(86_400), "EMERGENCY", "QA");
            StoreRows.justification(c, other, "omsorg", "OPEN", NOW.plusSeconds(1));
            c.commit();
        }
    }

    @AfterEach
    void tearDown() {
        vertx.close();
        db.close();
    }

    @Test
    void anOverdueJustificationIsRaisedOnceAndToldLiveOneNotYetDueIsNot() throws Exception {
        assertThat(watch.overdueJustifications(NOW, dk.vagtcentral.server.cluster.Fence.NONE)).isEqualTo(1);
        assertThat(watch.overdueJustifications(NOW, dk.vagtcentral.server.cluster.Fence.NONE)).as("once per due date").isZero();
        List<InboxStore.Item> items = inbox.list("791", true, List.of(InboxKind.JUSTIFICATION_OVERDUE), null, null, 10);
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.supplierId()).isEqualTo("omsorg");
            assertThat(i.reason()).contains("was due", "has not been given");
        });
        org.awaitility.Awaitility.await().until(() -> told.stream()
                .anyMatch(m -> "JUSTIFICATION_OVERDUE".equals(m.getString("kind"))));
        assertThat(watch.overdueJustifications(NOW.plusSeconds(2), dk.vagtcentral.server.cluster.Fence.NONE)).as("the second falls due").isEqualTo(1);
    }

    @Test
    void aRosterHoleIsRaisedOncePerHole() throws Exception {
        Interval hole = new Interval(NOW.plusSeconds(3600), NOW.plusSeconds(7200));
        assertThat(watch.coverageHoles(Map.of("omsorg", List.of(hole)), NOW, dk.vagtcentral.server.cluster.Fence.NONE)).isEqualTo(1);
        assertThat(watch.coverageHoles(Map.of("omsorg", List.of(hole)), NOW.plusSeconds(3600), dk.vagtcentral.server.cluster.Fence.NONE)).isZero();
        assertThat(inbox.list("791", true, List.of(InboxKind.COVERAGE_HOLE), null, null, 10)).singleElement()
                .satisfies(i -> assertThat(i.reason()).contains("nobody on duty at omsorg", "60 min"));
    }
}
