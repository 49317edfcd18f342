package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.store.StoreRows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cursor-paged lists (justifications, action plans, breach candidates, escalations): walking them page by page
 * with a small limit gives exactly the one-page list, in the same order, each item once, also where many items tie
 * on their time (rows written straight into the store with {@link StoreRows}, several at one instant). Bad paging
 * input is a 400.
 */
class PagingTest {
    static final Instant T = Instant.parse("2026-11-10T09:00:00Z");

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of());
        try (Connection c = server.server.database().connection()) {
            Instant now = Instant.now();
            for (int i = 0; i < 14; i++) {
                long alarm = StoreRows.alarm(c, T.plusSeconds(i / 3), "EMERGENCY", "E101");
                StoreRows.dispatch(c, alarm, "CALL", "791", "omsorg", "c-1", "FORWARDED_MUNICIPAL", null, null, null,
                        null, null);
                // due times: some overdue now, some later, several tied; states mixed
                Instant due = i % 2 == 0 ? now.minus(Duration.ofDays(1 + i % 4)) : now.plus(Duration.ofDays(i % 3));
                StoreRows.justification(c, alarm, "omsorg", i % 5 == 4 ? "ACCEPTED" : i % 3 == 2 ? "REJECTED" : "OPEN",
                        due.truncatedTo(ChronoUnit.DAYS));
                long plan = StoreRows.plan(c, "omsorg", "REQUIRED", T.plusSeconds(i / 4));
                StoreRows.breach(c, "omsorg", plan, alarm, T.plusSeconds(i / 4), i % 2 == 0 ? "OPEN" : "DISMISSED");
                // two ladder steps that fired at one instant for one alarm, and every third alarm forwarded by hand
                // at that same instant
                Instant fired = T.plusSeconds(60 + i / 2);
                StoreRows.deadline(c, alarm, "renotify-backup", fired, fired, "ACTED", false);
                StoreRows.deadline(c, alarm, "forward-municipal-unacknowledged", fired, fired, "ACTED", false);
                if (i % 3 == 0) {
                    StoreRows.timeline(c, alarm, fired, "desk:anna", "FORWARDED_FIRE");
                }
            }
            c.commit();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/justifications", "/api/v1/justifications?state=open,REJECTED",
            "/api/v1/action-plans", "/api/v1/breach-candidates", "/api/v1/breach-candidates?state=OPEN",
            "/api/v1/escalations"})
    void pagingWalksTheWholeListInOrderEachItemOnce(String list) throws Exception {
        JsonObject all = page(list, 1000, null);
        assertThat(all.getString("nextCursor")).as("one page holds them all").isNull();
        List<String> whole = keys(all.getJsonArray("items"));
        assertThat(whole).hasSizeGreaterThan(5);

        for (int limit : List.of(1, 2, 3)) {
            List<String> walked = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonObject page = page(list, limit, cursor);
                JsonArray items = page.getJsonArray("items");
                assertThat(items.size()).isLessThanOrEqualTo(limit);
                walked.addAll(keys(items));
                cursor = page.getString("nextCursor");
                pages++;
                assertThat(pages).as("paging ends").isLessThan(200);
            } while (cursor != null);
            assertThat(walked).as(list + " limit " + limit).containsExactlyElementsOf(whole);
            assertThat(new HashSet<>(walked)).hasSameSizeAs(walked);
        }
    }

    @Test
    void theStateFilterTakesSeveralStatesAndRefusesUnknownOnes() throws Exception {
        Set<String> states = new HashSet<>();
        page("/api/v1/justifications?state=OPEN,REJECTED", 1000, null).getJsonArray("items")
                .forEach(j -> states.add(((JsonObject) j).getString("state")));
        assertThat(states).containsExactlyInAnyOrder("OPEN", "REJECTED");

        HttpResponse<String> r = server.get("/api/v1/justifications?state=OPEN,LOST");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("message")).contains("state", "LOST", "SUBMITTED");
    }

    @Test
    void badPagingInputIsA400SayingWhatIsWrong() throws Exception {
        for (String list : List.of("/api/v1/justifications", "/api/v1/action-plans", "/api/v1/breach-candidates",
                "/api/v1/escalations")) {
            HttpResponse<String> r = server.get(list + "?cursor=not-a-cursor");
            assertThat(r.statusCode()).as(list + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("cursor");
            r = server.get(list + "?limit=0");
            assertThat(r.statusCode()).as(list + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("limit");
            r = server.get(list + "?limit=1001");
            assertThat(r.statusCode()).isEqualTo(400);
        }
        // a cursor of one list is not one of another
        String plans = page("/api/v1/action-plans", 1, null).getString("nextCursor");
        assertThat(server.get("/api/v1/justifications?cursor=" + plans).statusCode()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ helpers

    static JsonObject page(String list, int limit, String cursor) throws Exception {
        String path = list + (list.contains("?") ? "&" : "?") + "limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    /** What identifies an item: its id, or for an escalation its alarm, step and kind. */
    static List<String> keys(JsonArray items) {
        List<String> out = new ArrayList<>();
        for (Object o : items) {
            JsonObject j = (JsonObject) o;
            out.add(j.containsKey("id") ? String.valueOf(j.getLong("id"))
                    : j.getLong("alarmId") + "/" + j.getString("step") + "/" + j.getString("kind"));
        }
        return out;
    }
}
