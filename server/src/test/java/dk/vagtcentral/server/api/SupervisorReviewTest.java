package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a supervisor reads before she decides, as the console reads it (karen, supervisor of Testby, through the API
 * with her own token; Odder's rules run 120 times faster): justifications and action plans carry every version and
 * every decision in the lists themselves; a decision names the version read and is refused when a newer one has
 * arrived; a breach candidate carries its history; every submission and decision is told on the supervisors' stream;
 * and the counts behind the console's tabs follow.
 */
class SupervisorReviewTest {
    static final String PW = "review-test-password";
    static final Duration WAIT = Duration.ofSeconds(40);
    static final AtomicInteger SEQ = new AtomicInteger(4000);

    @TempDir
    static Path dir;
    static TestServer server;
    static String karen;
    static String anna;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of("dispatch.time-scale", 120));
        TestTown.create(server.baseUrl(), null);
        server.createUser("karen", PW, "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        server.createUser("anna", PW, "DISPATCHER", TestTown.CARE, null, null);
        karen = TestServer.login(server.baseUrl(), "karen", PW);
        anna = TestServer.login(server.baseUrl(), "anna", PW);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSupervisorDecidesOnlyWhatSheHasReadAndIsToldOfEveryChange() throws Exception {
        String scope = "?municipalityId=" + TestTown.MUNICIPALITY;
        try (SseClient stream = SseClient.open(server.baseUrl() + "/api/v1/supervision/events" + scope, null, karen)) {
            long first = TestTown.send(server, SEQ.incrementAndGet(), "1000", "QA001");
            long second = TestTown.send(server, SEQ.incrementAndGet(), "1001", "QA001");
            JsonObject due = next(stream, "justification.due", e -> e.getLong("alarmId") == first);
            long j1 = due.getLong("justificationId");
            next(stream, "action_plan.required", e -> true);
            await().atMost(WAIT).until(() -> counts().getJsonObject("justifications").getInteger("waiting") == 2);
            assertThat(counts().getJsonObject("justifications").getInteger("toDecide")).isZero();
            assertThat(counts().getJsonObject("actionPlans").getInteger("required")).isEqualTo(1);

            // the supplier writes; the supervisors are told, and the text is in the list itself
            act(anna, "/api/v1/justifications/" + j1 + "/submit", new JsonObject().put("text", "Første forklaring"), 200);
            JsonObject submitted = next(stream, "justification.submitted", e -> e.getLong("justificationId") == j1);
            assertThat(submitted.getInteger("version")).isEqualTo(1);
            assertThat(counts().getJsonObject("justifications").getInteger("toDecide")).isEqualTo(1);
            JsonObject listed = byId(list("/api/v1/justifications" + scope), j1);
            assertThat(listed.getJsonArray("versions")).hasSize(1);
            assertThat(listed.getJsonArray("versions").getJsonObject(0).getString("text")).isEqualTo("Første forklaring");
            assertThat(listed.getJsonArray("decisions")).isEmpty();

            // rejected on version 1, written again: a decision on version 1 is refused, nothing changes
            act(karen, "/api/v1/justifications/" + j1 + "/reject", new JsonObject().put("reason", "Uddyb").put("version", 1),
                    200);
            next(stream, "justification.rejected", e -> e.getLong("justificationId") == j1);
            act(anna, "/api/v1/justifications/" + j1 + "/submit", new JsonObject().put("text", "Anden forklaring"), 200);
            JsonObject stale = act(karen, "/api/v1/justifications/" + j1 + "/accept", new JsonObject().put("version", 1),
                    409);
            assertThat(stale.getString("message")).contains("version 2");
            assertThat(byId(list("/api/v1/justifications" + scope), j1).getString("state")).isEqualTo("SUBMITTED");
            assertThat(act(karen, "/api/v1/justifications/" + j1 + "/accept", new JsonObject().put("version", "2"), 400)
                    .getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("version");
            act(karen, "/api/v1/justifications/" + j1 + "/accept", new JsonObject().put("version", 2), 200);
            next(stream, "justification.accepted", e -> e.getLong("justificationId") == j1);
            JsonObject decided = byId(list("/api/v1/justifications" + scope + "&state=ACCEPTED"), j1);
            assertThat(decided.getJsonArray("versions").stream().map(v -> ((JsonObject) v).getString("text")))
                    .containsExactly("Første forklaring", "Anden forklaring");
            assertThat(decided.getJsonArray("decisions").stream().map(d -> ((JsonObject) d).getString("decision")
                    + "@" + ((JsonObject) d).getInteger("version"))).containsExactly("REJECTED@1", "ACCEPTED@2");
            assertThat(counts().getJsonObject("justifications").getInteger("toDecide")).isZero();

            // the action plan: every version kept, every decision on the version it was made on
            JsonObject plan = list("/api/v1/action-plans" + scope).getJsonObject(0);
            long planId = plan.getLong("id");
            assertThat(plan.getJsonArray("versions")).isEmpty();
            act(anna, "/api/v1/action-plans/" + planId + "/submit", new JsonObject().put("text", "Plan A")
                    .put("measures", "To telefoner"), 200);
            assertThat(next(stream, "action_plan.submitted", e -> e.getLong("actionPlanId") == planId)
                    .getInteger("version")).isEqualTo(1);
            assertThat(counts().getJsonObject("actionPlans").getInteger("toDecide")).isEqualTo(1);
            act(karen, "/api/v1/action-plans/" + planId + "/reject", new JsonObject().put("reason", "For vag")
                    .put("version", 1), 200);
            next(stream, "action_plan.rejected", e -> e.getLong("actionPlanId") == planId);
            act(anna, "/api/v1/action-plans/" + planId + "/submit", new JsonObject().put("text", "Plan B")
                    .put("measures", "Tre telefoner og test ved vagtskifte").put("startsOn", "2026-12-01"), 200);
            act(karen, "/api/v1/action-plans/" + planId + "/approve", new JsonObject().put("version", 1), 409);
            act(karen, "/api/v1/action-plans/" + planId + "/approve", new JsonObject().put("version", 2)
                    .put("reason", "God plan"), 200);
            next(stream, "action_plan.approved", e -> e.getLong("actionPlanId") == planId);
            JsonObject approved = byId(list("/api/v1/action-plans" + scope), planId);
            assertThat(approved.getString("state")).isEqualTo("APPROVED");
            assertThat(approved.getJsonArray("versions").stream().map(v -> ((JsonObject) v).getString("text")
                    + "/" + ((JsonObject) v).getString("measures"))).containsExactly("Plan A/To telefoner",
                    "Plan B/Tre telefoner og test ved vagtskifte");
            assertThat(approved.getJsonArray("versions").getJsonObject(1).getString("startsOn")).isEqualTo("2026-12-01");
            assertThat(approved.getJsonArray("decisions").stream().map(d -> ((JsonObject) d).getString("decision")
                    + "@" + ((JsonObject) d).getInteger("version") + ":" + ((JsonObject) d).getString("reason")))
                    .containsExactly("REJECTED@1:For vag", "APPROVED@2:God plan");

            // a relapse: the breach candidate with its history, decided, told
            long third = TestTown.send(server, SEQ.incrementAndGet(), "1002", "QA001");
            JsonObject raised = next(stream, "breach.candidate", e -> e.getLong("alarmId") == third);
            long breachId = raised.getLong("breachId");
            assertThat(counts().getJsonObject("breachCandidates").getInteger("open")).isEqualTo(1);
            JsonObject breach = get("/api/v1/breach-candidates/" + breachId);
            assertThat(breach.getJsonObject("actionPlan").getLong("id")).isEqualTo(planId);
            assertThat(breach.getJsonObject("actionPlan").getJsonArray("versions")).hasSize(2);
            assertThat(breach.getJsonObject("actionPlan").getJsonArray("decisions")).hasSize(2);
            assertThat(breach.getJsonObject("actionPlan").getJsonArray("alarms").stream()
                    .map(a -> ((JsonObject) a).getLong("alarmId"))).contains(first, second);
            JsonArray ofAlarm = breach.getJsonArray("justifications");
            assertThat(ofAlarm).hasSize(1);
            assertThat(ofAlarm.getJsonObject(0).getLong("alarmId")).isEqualTo(third);
            assertThat(ofAlarm.getJsonObject(0).getJsonArray("versions")).isEmpty();
            assertThat(breach.getJsonArray("otherCandidates")).isEmpty();
            act(karen, "/api/v1/breach-candidates/" + breachId + "/dismiss", new JsonObject()
                    .put("reason", "Telefonen var lige udskiftet"), 200);
            next(stream, "breach.dismissed", e -> e.getLong("breachId") == breachId);
            assertThat(counts().getJsonObject("breachCandidates").getInteger("open")).isZero();
        }

        // the inbox counts are the open items of the list, by kind
        await().atMost(WAIT).until(() -> {
            JsonArray items = list("/api/v1/inbox?municipalityId=" + TestTown.MUNICIPALITY + "&limit=1000");
            Map<String, Integer> byKind = new HashMap<>();
            items.forEach(i -> byKind.merge(((JsonObject) i).getString("kind"), 1, Integer::sum));
            JsonObject inbox = counts().getJsonObject("inbox");
            return inbox.getInteger("open") == items.size() && inbox.getJsonObject("byKind").getMap().equals(byKind);
        });
        assertThat(counts().getJsonObject("inbox").getInteger("open")).isPositive();

        // only the municipality's own supervisors read its counts
        assertThat(server.send("GET", "/api/v1/supervision/counts?municipalityId=odder", null, karen).statusCode())
                .isEqualTo(403);
        assertThat(server.send("GET", "/api/v1/supervision/counts?municipalityId=" + TestTown.MUNICIPALITY, null, anna)
                .statusCode()).isEqualTo(403);
        assertThat(server.get("/api/v1/supervision/counts").statusCode()).as("the administrator names one")
                .isEqualTo(400);
    }

    // ---------------------------------------------------------------- helpers

    /** Every message the stream has told so far, in order. */
    static final java.util.List<SseClient.Block> TOLD = new java.util.ArrayList<>();

    /**
     * A message of the stream named {@code event} that {@code matches}, told so far or within {@link #WAIT}; the
     * messages are kept, so the order in which two messages of one transaction come does not matter.
     */
    static JsonObject next(SseClient stream, String event, Predicate<JsonObject> matches) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < TOLD.size(); checked++) {
                SseClient.Block b = TOLD.get(checked);
                if (event.equals(b.event()) && matches.test(new JsonObject(b.data()))) {
                    return new JsonObject(b.data());
                }
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("no " + event + " on the supervisors' stream within " + WAIT + "; told: "
                        + TOLD.stream().map(SseClient.Block::event).toList());
            }
            SseClient.Block b = stream.next(Duration.ofMillis(200));
            if (b != null) {
                TOLD.add(b);
            }
        }
    }

    static JsonObject counts() throws Exception {
        return get("/api/v1/supervision/counts?municipalityId=" + TestTown.MUNICIPALITY);
    }

    static JsonObject get(String path) throws Exception {
        HttpResponse<String> r = server.send("GET", path, null, karen);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    static JsonArray list(String path) throws Exception {
        return get(path).getJsonArray("items");
    }

    static JsonObject byId(JsonArray items, long id) {
        return items.stream().map(JsonObject.class::cast).filter(j -> j.getLong("id") == id).findFirst().orElseThrow();
    }

    static JsonObject act(String token, String path, JsonObject body, int expected) throws Exception {
        HttpResponse<String> r = server.send("POST", path, body.encode(), token);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(expected);
        return new JsonObject(r.body());
    }
}
