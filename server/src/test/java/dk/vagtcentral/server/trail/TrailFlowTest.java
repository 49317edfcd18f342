package dk.vagtcentral.server.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accountability trail end to end, through the API, on the Odder profile run 120 times faster (calls forwarded
 * to municipal home care when the 15 s response window ends; action plan at 2 forwards in the same month; 2,500 DKK per fire-and-rescue
 * call-out): DC-09 alarms nobody answers → justifications due → submitted, rejected, resubmitted, accepted (each decision kept) → an
 * action plan required by the second forward → submitted, approved → a forward within its follow-up → a
 * material-breach candidate → confirmed. Every decision is on the alarm's timeline with who and why.
 */
class TrailFlowTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static final AtomicInteger seq = new AtomicInteger(7000 + (int) (Math.random() * 1000));

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of("dispatch.time-scale", 120));
        TestTown.create(server.baseUrl(), null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fromUnansweredCallsToAnAcceptedJustificationAnApprovedPlanAndAConfirmedBreach() throws Exception {
        long first = TestTown.send(server, seq.incrementAndGet(), "1000", "QA001");
        long second = TestTown.send(server, seq.incrementAndGet(), "1001", "MA001");
        awaitTimeline(first, "JUSTIFICATION_DUE");
        awaitTimeline(second, "JUSTIFICATION_DUE");

        // justifications: listed, one per forwarded call, due 7 days (scaled) after the forward
        JsonArray open = list("/api/v1/justifications?supplierId=" + TestTown.CARE + "&state=OPEN");
        assertThat(open).hasSize(2);
        JsonObject j1 = byAlarm(open, first);
        assertThat(j1.getString("forwardTarget")).isEqualTo("MUNICIPAL_HOME_CARE");
        assertThat(j1.getBoolean("overdue")).isFalse();
        long j1id = j1.getLong("id");

        // refused before anything is submitted; malformed bodies name the field
        post("/api/v1/justifications/" + j1id + "/accept", new JsonObject().put("actor", "sup:karen"), 409);
        assertThat(post("/api/v1/justifications/" + j1id + "/submit", new JsonObject().put("author", "desk:anna"), 400)
                .getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("text");
        post("/api/v1/justifications/999999/submit", new JsonObject().put("author", "x").put("text", "y"), 404);

        post("/api/v1/justifications/" + j1id + "/submit", new JsonObject().put("author", "desk:anna")
                .put("text", "Vagten var hos en anden borger; backup havde ikke telefonen tændt."), 200);
        // a bad decision request changes nothing: an unknown field, a reason of the wrong type or too long
        post("/api/v1/justifications/" + j1id + "/reject", new JsonObject().put("actor", "sup:karen")
                .put("reason", "Forklar").put("urgent", true), 400);
        post("/api/v1/justifications/" + j1id + "/accept", new JsonObject().put("actor", "sup:karen")
                .put("reason", 42), 400);
        post("/api/v1/justifications/" + j1id + "/reject", new JsonObject().put("actor", "sup:karen")
                .put("reason", "x".repeat(2001)), 400);
        assertThat(getJson("/api/v1/justifications/" + j1id).getString("state")).isEqualTo("SUBMITTED");
        JsonObject rejected = post("/api/v1/justifications/" + j1id + "/reject", new JsonObject()
                .put("actor", "sup:karen").put("reason", "Forklar hvorfor backup ikke var tilgængelig"), 200);
        assertThat(rejected.getString("state")).isEqualTo("REJECTED");
        post("/api/v1/justifications/" + j1id + "/reject", new JsonObject().put("actor", "sup:karen")
                .put("reason", "again"), 409);
        post("/api/v1/justifications/" + j1id + "/submit", new JsonObject().put("author", "desk:anna")
                .put("text", "Backup-telefonen var defekt; den er udskiftet og testes nu ved vagtskifte."), 200);
        JsonObject accepted = post("/api/v1/justifications/" + j1id + "/accept", new JsonObject()
                .put("actor", "sup:karen").put("reason", "Tilfredsstillende"), 200);
        assertThat(accepted.getString("state")).isEqualTo("ACCEPTED");
        JsonArray versions = accepted.getJsonArray("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.getJsonObject(0).getString("text")).startsWith("Vagten var").as("version 1 kept as written");
        assertThat(versions.getJsonObject(1).getBoolean("inTime")).isTrue();
        // the rejection history: each decision kept, with the due dates as they were
        JsonArray decisions = accepted.getJsonArray("decisions");
        assertThat(decisions).hasSize(2);
        JsonObject rejection = decisions.getJsonObject(0);
        assertThat(rejection.getString("decision")).isEqualTo("REJECTED");
        assertThat(rejection.getInteger("version")).isEqualTo(1);
        assertThat(rejection.getString("reason")).contains("backup");
        assertThat(rejection.getString("dueBefore")).isEqualTo(j1.getString("dueAt"));
        assertThat(java.time.Instant.parse(rejection.getString("dueAfter")))
                .isAfter(java.time.Instant.parse(rejection.getString("dueBefore")));
        assertThat(decisions.getJsonObject(1).getString("decision")).isEqualTo("ACCEPTED");
        assertThat(decisions.getJsonObject(1).getInteger("version")).isEqualTo(2);

        // the second forward in the same month requires an action plan naming both alarms
        JsonArray plans = list("/api/v1/action-plans?supplierId=" + TestTown.CARE);
        assertThat(plans).hasSize(1);
        JsonObject plan = plans.getJsonObject(0);
        assertThat(plan.getString("state")).isEqualTo("REQUIRED");
        assertThat(plan.getJsonArray("alarms").stream().map(a -> ((JsonObject) a).getLong("alarmId")))
                .containsExactlyInAnyOrder(first, second);
        long planId = plan.getLong("id");
        post("/api/v1/action-plans/" + planId + "/approve", new JsonObject().put("actor", "sup:karen"), 409);
        post("/api/v1/action-plans/" + planId + "/submit", new JsonObject().put("author", "desk:anna")
                .put("text", "Handlingsplan for nødkald").put("measures", "To telefoner pr. vagt; test ved vagtskifte")
                .put("startsOn", "2026-12-01"), 200);
        JsonObject approved = post("/api/v1/action-plans/" + planId + "/approve", new JsonObject()
                .put("actor", "sup:karen").put("reason", "Godkendt"), 200);
        assertThat(approved.getString("state")).isEqualTo("APPROVED");
        assertThat(approved.getString("followUpUntil")).isNotNull();
        assertThat(kindsOf(first)).contains("ACTION_PLAN_APPROVED");

        // a relapse within the follow-up: a material-breach candidate for the supervisor to decide
        long third = TestTown.send(server, seq.incrementAndGet(), "1002", "QA001");
        awaitTimeline(third, "BREACH_CANDIDATE");
        JsonArray breaches = list("/api/v1/breach-candidates?supplierId=" + TestTown.CARE + "&state=OPEN");
        assertThat(breaches).hasSize(1);
        long breachId = breaches.getJsonObject(0).getLong("id");
        assertThat(breaches.getJsonObject(0).getLong("actionPlanId")).isEqualTo(planId);
        assertThat(post("/api/v1/breach-candidates/" + breachId + "/confirm", new JsonObject().put("actor", "sup:karen"),
                400).getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("reason");
        JsonObject confirmed = post("/api/v1/breach-candidates/" + breachId + "/confirm", new JsonObject()
                .put("actor", "sup:karen").put("reason", "Tredje ubesvarede kald trods handlingsplan"), 200);
        assertThat(confirmed.getString("state")).isEqualTo("CONFIRMED");
        post("/api/v1/breach-candidates/" + breachId + "/dismiss", new JsonObject().put("actor", "sup:karen")
                .put("reason", "x"), 409);
        JsonObject decision = timeline(third, "BREACH_CONFIRMED");
        assertThat(decision.getString("actor")).isEqualTo("sup:karen");
        assertThat(decision.getString("detail")).contains("Tredje ubesvarede kald");

        // the fire-and-rescue call-outs are charged to the supplier (Odder: 2,500 DKK each)
        await().atMost(Duration.ofSeconds(30)).until(() -> kindsOf(first).contains("CHARGED"));
        assertThat(timeline(first, "CHARGED").getString("detail")).startsWith("2500.00 DKK charged to " + TestTown.CARE);

        // supervisor review: the month's statement, the supplier's figures, the escalations, the data export
        String month = java.time.YearMonth.now(dk.vagtcentral.server.domain.CopenhagenCalendar.ZONE).toString();
        JsonObject statement = getJson("/api/v1/suppliers/" + TestTown.CARE + "/statement?month=" + month);
        assertThat(statement.getJsonArray("charges").stream().map(c -> ((JsonObject) c).getLong("alarmId")))
                .contains(first);
        assertThat(new java.math.BigDecimal(statement.getString("totalDkk")))
                .isGreaterThanOrEqualTo(new java.math.BigDecimal("2500.00"));
        assertThat(statement.getJsonArray("registrations").stream().map(r -> ((JsonObject) r).getLong("alarmId")))
                .contains(first, second, third);
        HttpResponse<String> csv = server.get("/api/v1/suppliers/" + TestTown.CARE + "/statement?month=" + month
                + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith("type,alarm_id,").contains("2500.00").contains("total,");
        JsonObject figures = getJson("/api/v1/suppliers/" + TestTown.CARE + "/figures");
        assertThat(figures.getInteger("calls")).isEqualTo(3);
        assertThat(figures.getInteger("forwards")).isEqualTo(3);
        assertThat(figures.getInteger("answeredInTime")).isZero();
        JsonArray escalations = list("/api/v1/escalations?supplierId=" + TestTown.CARE
                + "&step=forward-municipal");
        assertThat(escalations.stream().map(e -> ((JsonObject) e).getLong("alarmId"))).contains(first, second, third);
        assertThat(server.get("/api/v1/suppliers/" + TestTown.CARE + "/statement?month=2026-13").statusCode())
                .isEqualTo(400);
        JsonObject export = getJson("/api/v1/citizens/c0/export");
        assertThat(export.getJsonArray("alarms").stream().map(a -> ((JsonObject) a).getLong("id"))).contains(first);
    }

    static JsonObject getJson(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    // ---------------------------------------------------------------- helpers

    static JsonArray list(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("items");
    }

    static JsonObject post(String path, JsonObject body, int expected) throws Exception {
        HttpResponse<String> r = server.post(path, body.encode());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(expected);
        return new JsonObject(r.body());
    }

    static JsonObject byAlarm(JsonArray items, long alarmId) {
        return items.stream().map(JsonObject.class::cast).filter(j -> j.getLong("alarmId") == alarmId).findFirst()
                .orElseThrow();
    }

    static List<String> kindsOf(long alarmId) throws Exception {
        return TestTown.alarm(server, alarmId).getJsonArray("timeline").stream()
                .map(t -> ((JsonObject) t).getString("kind")).toList();
    }

    static JsonObject timeline(long alarmId, String kind) throws Exception {
        return TestTown.alarm(server, alarmId).getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("kind").equals(kind)).findFirst().orElseThrow();
    }

    static void awaitTimeline(long alarmId, String kind) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> kindsOf(alarmId).contains(kind));
    }
}
