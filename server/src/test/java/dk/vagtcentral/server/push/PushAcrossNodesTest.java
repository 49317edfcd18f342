package dk.vagtcentral.server.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestDatabases;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.api.SseClient;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL database (127.0.0.1:5432, user "postgres", a database of its own dropped
 * afterwards): a desk connected to node B is told of an alarm node A received and routed, live and, after a
 * reconnect, by catch-up. Node B's dispatcher is stopped, so what B's desk gets can only have come through
 * push_events and B's relay. Skipped, with a message, where no PostgreSQL is reachable.
 */
class PushAcrossNodesTest {
    static final String PW = "push-test-password-1";
    static TestDatabases.Shared database;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.postgres("vagtcentral_push");
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    static Map<String, Object> pg() {
        return Map.of("store.url", database.url(), "store.username", TestDatabases.PG_USER);
    }

    @Test
    void aDeskOnNodeBIsToldOfAnAlarmNodeARoutedLiveAndAfterAReconnect() throws Exception {
        try (TestServer a = TestServer.start(dataDir.resolve("a"), pg());
             TestServer b = TestServer.start(dataDir.resolve("b"), pg())) {
            TestTown.create(a.baseUrl(), null);
            a.createUser("desk-care", PW, "DISPATCHER", TestTown.CARE, null, null);
            String token = TestServer.login(b.baseUrl(), "desk-care", PW);
            b.server.dispatcher().close(); // only A routes: B's desk can learn of it through the relay alone
            String url = b.baseUrl() + "/api/v1/desk/events";

            String lastId;
            try (SseClient stream = SseClient.open(url, null, token)) {
                SseClient.Block hello = stream.next(Duration.ofSeconds(10));
                assertThat(hello).isNotNull();
                assertThat(hello.id()).as("told the newest id").matches("\\d+");
                long alarm = TestTown.send(a, 1, "1000", "QA001");
                List<SseClient.Block> got = readFor(stream, Duration.ofSeconds(15), alarm);
                assertThat(got).as("alarm.new for %s on B's desk", alarm)
                        .anyMatch(bl -> isNew(bl, alarm));
                assertNoIdTwice(got);
                lastId = got.get(got.size() - 1).id();
            }

            // while B's desk is away, A routes another; the reconnect replays it from push_events
            long missed = TestTown.send(a, 2, "1001", "QA001");
            await().atMost(Duration.ofSeconds(15)).until(() -> "NOTIFIED".equals(TestTown.alarm(a, missed)
                    .getString("state"))); // routed and committed before B's desk is back
            try (SseClient again = SseClient.open(url, lastId, token)) {
                List<SseClient.Block> got = readFor(again, Duration.ofSeconds(15), missed);
                assertThat(got).as("alarm.new for %s replayed on B", missed).anyMatch(bl -> isNew(bl, missed));
                assertThat(got).noneMatch(bl -> "resync".equals(bl.event()));
                assertThat(got).allMatch(bl -> Long.parseLong(bl.id()) > Long.parseLong(lastId));
                assertNoIdTwice(got);
            }
        }
    }

    /** Blocks read until the alarm's alarm.new came (and a little longer, for duplicates) or the time ran out. */
    private static List<SseClient.Block> readFor(SseClient s, Duration within, long alarm) throws Exception {
        List<SseClient.Block> got = new ArrayList<>();
        long end = System.nanoTime() + within.toNanos();
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(end, quietUntil)) {
            SseClient.Block bl = s.next(Duration.ofMillis(200));
            if (bl == null) {
                continue;
            }
            got.add(bl);
            if (isNew(bl, alarm) && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.nanoTime() + Duration.ofMillis(2_500).toNanos(); // > two relay polls
            }
        }
        return got;
    }

    private static boolean isNew(SseClient.Block bl, long alarm) {
        if (!"alarm.new".equals(bl.event()) || bl.data() == null) {
            return false;
        }
        JsonObject a = new JsonObject(bl.data()).getJsonObject("alarm");
        return a != null && a.getLong("id") == alarm;
    }

    private static void assertNoIdTwice(List<SseClient.Block> blocks) {
        Set<String> ids = new HashSet<>();
        for (SseClient.Block bl : blocks) {
            assertThat(bl.id()).as("every message has an id: %s", bl).isNotNull();
            assertThat(ids.add(bl.id())).as("event id %s sent once", bl.id()).isTrue();
        }
    }
}
