package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * on their time (rows written here straight into the store, several at one instant). Bad paging input is a 400.
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
            long plan = 0;
            for (int i = 0; i < 14; i++) {
                long alarm = alarm(c, T.plusSeconds(i / 3));
                // due times: some overdue now, some later, several tied; states mixed
                Instant due = i % 2 == 0 ? now.minus(Duration.ofDays(1 + i % 4)) : now.plus(Duration.ofDays(i % 3));
                justification(c, alarm, i % 5 == 4 ? "ACCEPTED" : i % 3 == 2 ? "REJECTED" : "OPEN", due);
                plan = plan(c, T.plusSeconds(i / 4));
                breach(c, plan, alarm, T.plusSeconds(i / 4), i % 2 == 0 ? "OPEN" : "DISMISSED");
                // two ladder steps that fired at one instant for one alarm, and every third alarm forwarded by hand
                // at that same instant
                Instant fired = T.plusSeconds(60 + i / 2);
                deadline(c, alarm, "renotify-backup", fired);
                deadline(c, alarm, "forward-municipal-unacknowledged", fired);
                if (i % 3 == 0) {
                    timeline(c, alarm, fired, "desk:anna", "FORWARDED_FIRE");
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

    static long alarm(Connection c, Instant receivedAt) throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarms (account, source, message_id, data_block, "
                + "category, event_code, events, received_at, clock_suspect, state) VALUES ('1001', 'DC09_TCP', "
                + "'ADM-CID', '#1001|1101', 'EMERGENCY', 'E101', 'E101', ?, FALSE, 'RECEIVED')", new String[]{"id"})) {
            p.setObject(1, ts(receivedAt));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_dispatch (alarm_id, handling, routed_at, "
                + "routing_target, citizen_id, municipality_id, supplier_id, state, routed_to_kind, holder_kind, "
                + "status_version) VALUES (?, 'CALL', ?, 'SUPPLIER', 'c-1', '791', 'omsorg', 'FORWARDED_MUNICIPAL', "
                + "'PRIVATE_CARE', 'MUNICIPAL_HOME_CARE', 3)")) {
            p.setLong(1, id);
            p.setObject(2, ts(receivedAt));
            p.executeUpdate();
        }
        return id;
    }

    static void justification(Connection c, long alarmId, String state, Instant due) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO justifications (alarm_id, supplier_id, "
                + "municipality_id, forward_target, forwarded_at, due_at, state, created_at, row_version) "
                + "VALUES (?, 'omsorg', '791', 'MUNICIPAL_HOME_CARE', ?, ?, ?, ?, 1)")) {
            p.setLong(1, alarmId);
            p.setObject(2, ts(T));
            p.setObject(3, ts(due.truncatedTo(java.time.temporal.ChronoUnit.DAYS)));
            p.setString(4, state);
            p.setObject(5, ts(T));
            p.executeUpdate();
        }
    }

    static long plan(Connection c, Instant requiredAt) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO action_plans (supplier_id, municipality_id, state, "
                + "required_at, counting, threshold, row_version) VALUES ('omsorg', '791', 'REQUIRED', ?, "
                + "'ROLLING_30_DAYS', 2, 1)", new String[]{"id"})) {
            p.setObject(1, ts(requiredAt));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    static void breach(Connection c, long planId, long alarmId, Instant raisedAt, String state) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO breach_candidates (supplier_id, municipality_id, "
                + "action_plan_id, alarm_id, raised_at, state, row_version) VALUES ('omsorg', '791', ?, ?, ?, ?, 1)")) {
            p.setLong(1, planId);
            p.setLong(2, alarmId);
            p.setObject(3, ts(raisedAt));
            p.setString(4, state);
            p.executeUpdate();
        }
    }

    static void deadline(Connection c, long alarmId, String step, Instant fired) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_deadlines (alarm_id, step_id, due_at, armed_at, "
                + "fired_at, outcome) VALUES (?, ?, ?, ?, ?, 'ACTED')")) {
            p.setLong(1, alarmId);
            p.setString(2, step);
            p.setObject(3, ts(fired));
            p.setObject(4, ts(T));
            p.setObject(5, ts(fired));
            p.executeUpdate();
        }
    }

    static void timeline(Connection c, long alarmId, Instant at, String actor, String kind) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_timeline (alarm_id, occurred_at, actor, kind) "
                + "VALUES (?, ?, ?, ?)")) {
            p.setLong(1, alarmId);
            p.setObject(2, ts(at));
            p.setString(3, actor);
            p.setString(4, kind);
            p.executeUpdate();
        }
    }

    static OffsetDateTime ts(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
