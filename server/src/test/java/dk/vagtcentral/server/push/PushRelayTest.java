package dk.vagtcentral.server.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.dispatch.Notifier;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.StoreRows;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a node has published, when ids commit out of order: gaps that fill late are published, a gap left by a
 * rolled-back transaction is given up after the timeout, and no id is published twice.
 */
class PushRelayTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void idsInOrderMoveTheWatermarkAndAreAcceptedOnce() {
        PushWatermark w = new PushWatermark(10, TIMEOUT);
        assertThat(w.accept(11, T0)).isTrue();
        assertThat(w.accept(12, T0)).isTrue();
        assertThat(w.accept(12, T0)).as("the same id again").isFalse();
        assertThat(w.advance(T0)).isEmpty();
        assertThat(w.low()).isEqualTo(12);
        assertThat(w.pending()).isZero();
        assertThat(w.accept(11, T0)).as("below the watermark").isFalse();
        assertThat(w.accept(9, T0)).isFalse();
    }

    @Test
    void aGapThatFillsLateHoldsTheWatermarkThenLetsItThrough() {
        PushWatermark w = new PushWatermark(0, TIMEOUT);
        // 1, 3, 4 commit; 2 (another node's transaction) has not yet
        assertThat(w.accept(3, T0)).isTrue();
        assertThat(w.accept(1, T0)).isTrue();
        assertThat(w.accept(4, T0)).isTrue();
        assertThat(w.advance(T0.plusSeconds(29))).isEmpty();
        assertThat(w.low()).as("held below the gap").isEqualTo(1);
        assertThat(w.accept(3, T0.plusSeconds(29))).as("seen above the gap").isFalse();
        assertThat(w.accept(2, T0.plusSeconds(29))).as("the late one is new").isTrue();
        assertThat(w.advance(T0.plusSeconds(29))).isEmpty();
        assertThat(w.low()).isEqualTo(4);
        assertThat(w.pending()).isZero();
        assertThat(w.accept(2, T0.plusSeconds(30))).isFalse();
    }

    @Test
    void aGapIsGivenUpOnlyOnceAnIdAboveItWaitedOutTheTimeout() {
        PushWatermark w = new PushWatermark(0, TIMEOUT);
        w.accept(1, T0);
        w.accept(4, T0.plusSeconds(5)); // 2 and 3 missing
        w.accept(7, T0.plusSeconds(20)); // 5 and 6 missing
        assertThat(w.advance(T0.plusSeconds(34))).isEmpty();
        assertThat(w.low()).isEqualTo(1);
        assertThat(w.advance(T0.plusSeconds(35))).containsExactly(new PushWatermark.Gap(2, 3));
        assertThat(w.low()).isEqualTo(4);
        assertThat(w.accept(3, T0.plusSeconds(36))).as("given up: never published, even if it turns up").isFalse();
        assertThat(w.advance(T0.plusSeconds(49))).as("the second gap has its own clock").isEmpty();
        assertThat(w.low()).isEqualTo(4);
        assertThat(w.advance(T0.plusSeconds(50))).containsExactly(new PushWatermark.Gap(5, 6));
        assertThat(w.low()).isEqualTo(7);
        assertThat(w.pending()).isZero();
    }

    @Test
    void thePollPublishesOtherNodesRowsOnceAndNotThisNodesAgain(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Database db = StoreRows.open(dir)) {
            PushLog log = new PushLog(db);
            List<String> got = new CopyOnWriteArrayList<>();
            vertx.eventBus().<JsonObject>consumer("test.desk", m -> got.add(m.headers().get(PushEvent.ID_HEADER)
                    + ":" + m.headers().get(PushEvent.EVENT_HEADER) + ":" + m.body().getInteger("n")))
                    .completion().toCompletionStage().toCompletableFuture().get();
            List<PushEvent> before = write(log, 1, 0);
            PushRelay relay = new PushRelay(vertx, log);
            relay.startWithoutThread(log.maxId());
            List<PushEvent> mine = write(log, 2, 10);
            relay.published(mine); // this node's, at once
            List<PushEvent> theirs = write(log, 2, 20); // another node's, only in the table
            try (Connection c = db.connection()) {
                assertThat(relay.poll(c)).isEqualTo(2);
                assertThat(relay.poll(c)).as("nothing twice").isZero();
                c.commit();
            }
            relay.published(mine); // again, as after a retry: still once
            List<String> expected = new ArrayList<>();
            for (PushEvent e : List.of(mine.get(0), mine.get(1), theirs.get(0), theirs.get(1))) {
                expected.add(e.id() + ":alarm.new:" + e.body().getInteger("n"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() >= 4);
            // and stays so: a duplicate would arrive within this
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> got.size() == 4);
            assertThat(got).containsExactlyElementsOf(expected);
            assertThat(got).noneMatch(s -> s.startsWith(before.get(0).id() + ":"));
        } finally {
            vertx.close();
        }
    }

    private static List<PushEvent> write(PushLog log, int n, int from) throws Exception {
        List<Notifier.Notification> ns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ns.add(new Notifier.Notification("test.desk", new JsonObject().put("event", "alarm.new")
                    .put("n", from + i)));
        }
        try (Connection c = log.database().connection()) {
            List<PushEvent> out = log.append(c, ns, Instant.now());
            c.commit();
            return out;
        }
    }
}
