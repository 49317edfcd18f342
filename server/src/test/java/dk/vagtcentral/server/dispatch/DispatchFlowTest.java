package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dispatch end to end on an in-process server with the Odder profile run 120 times faster (re-notify after 1.5 s,
 * municipal home care after 5 s, fire-and-rescue 5 s later, response window 15 s): DC-09 alarms in, routed to the
 * chosen supplier's desk and worker over the event bus and the webhook, lifecycle actions over the API, and the
 * escalation ladder climbing when nobody answers.
 */
class DispatchFlowTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static HttpServer hooks;
    static final Queue<JsonObject> hookCalls = new ConcurrentLinkedQueue<>();
    static final Map<String, Queue<JsonObject>> bus = new ConcurrentHashMap<>();
    static final AtomicInteger seq = new AtomicInteger(100 + (int) (Math.random() * 5000));

    @BeforeAll
    static void start() throws Exception {
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            JsonObject body = new JsonObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            body.put("deliveryHeader", exchange.getRequestHeaders().getFirst("X-Vagtcentral-Delivery"));
            hookCalls.add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        server = TestServer.start(dir, Map.of("dispatch.time-scale", 120));
        TestTown.create(server.baseUrl(), "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook");
        for (String address : List.of(Addresses.desk(TestTown.CARE), Addresses.desk(TestTown.HOME),
                Addresses.desk(TestTown.FIRE), Addresses.worker("p1"), Addresses.worker("b1"), Addresses.worker("h1"),
                Addresses.supervision(TestTown.MUNICIPALITY))) {
            Queue<JsonObject> q = new ConcurrentLinkedQueue<>();
            bus.put(address, q);
            server.server.vertx().eventBus().<JsonObject>consumer(address, m -> q.add(m.body()));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (hooks != null) {
            hooks.stop(0);
        }
    }

    @Test
    void anUnansweredCallClimbsTheWholeLadderToFireAndRescue() throws Exception {
        long id = send("1000", "QA001");
        JsonObject notified = awaitState(id, "NOTIFIED");
        assertThat(notified.getJsonObject("routing").getString("supplierId")).isEqualTo(TestTown.CARE);
        assertThat(notified.getJsonObject("routing").getString("workerId")).isEqualTo("p1");
        assertThat(notified.getJsonObject("routing").getString("target")).isEqualTo("CHOSEN_SUPPLIER");
        assertThat(timeline(notified, "NOTIFIED").getString("detail"))
                .as("the routing is explained on the timeline").contains("citizen c0", "choice", "worker p1 (PRIMARY");
        JsonObject deskMessage = awaitMessage(Addresses.desk(TestTown.CARE), id, AlarmMessages.NEW);
        assertThat(deskMessage.getJsonObject("citizen").getString("name")).isEqualTo("Borger 0");
        assertThat(deskMessage.getJsonObject("worker").getString("id")).isEqualTo("p1");
        awaitMessage(Addresses.worker("p1"), id, AlarmMessages.NEW);

        awaitMessage(Addresses.worker("b1"), id, AlarmMessages.RENOTIFIED);
        awaitMessage(Addresses.desk(TestTown.HOME), id, AlarmMessages.FORWARDED);
        awaitMessage(Addresses.worker("h1"), id, AlarmMessages.FORWARDED);
        awaitMessage(Addresses.desk(TestTown.FIRE), id, AlarmMessages.FORWARDED);
        awaitMessage(Addresses.supervision(TestTown.MUNICIPALITY), id, AlarmMessages.FORWARDED);

        JsonObject done = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> alarm(id), a -> a.getJsonArray("deadlines").stream()
                        .noneMatch(d -> ((JsonObject) d).getString("outcome").equals("PENDING")) && a
                        .getJsonArray("deadlines").size() == 4);
        assertThat(done.getJsonObject("status").getString("state")).isEqualTo("FORWARDED_FIRE");
        assertThat(done.getJsonObject("status").getString("holderSupplierId")).isEqualTo(TestTown.FIRE);
        List<String> kinds = stateKinds(done);
        assertThat(kinds).containsExactly("RECEIVED", "NOTIFIED", "RENOTIFIED", "FORWARDED_MUNICIPAL",
                "FORWARDED_FIRE");
        // the routed supplier's desk keeps the call (it owes the justification) and hears of the second forward too
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.get(Addresses.desk(TestTown.CARE)).stream()
                .anyMatch(m -> m.containsKey("alarm") && m.getJsonObject("alarm").getLong("id") == id
                        && m.getJsonObject("alarm").getString("state").equals("FORWARDED_FIRE")
                        && m.getJsonObject("alarm").getString("holderSupplierId").equals(TestTown.FIRE)));
        assertThat(outcomes(done)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "renotify-backup", "ACTED",
                "forward-municipal-unacknowledged", "ACTED",
                "forward-municipal-unanswered", "SKIPPED",
                "forward-fire", "ACTED"));
        String renotified = timeline(done, "RENOTIFIED").getString("detail");
        assertThat(renotified).contains("worker b1");
        // the private supplier's webhook got the new alarm and the re-notification, each delivery on the timeline
        await().atMost(Duration.ofSeconds(10)).until(() -> hookCalls.stream()
                .filter(h -> h.getJsonObject("alarm").getLong("id") == id).count() >= 2);
        assertThat(hookCalls.stream().filter(h -> h.getJsonObject("alarm").getLong("id") == id)
                .map(h -> h.getString("event"))).contains(AlarmMessages.NEW, AlarmMessages.RENOTIFIED);
        await().atMost(Duration.ofSeconds(10)).until(() -> kinds(alarm(id)).stream()
                .filter("WEBHOOK_DELIVERED"::equals).count() >= 2);
    }

    @Test
    void anAnsweredCallIsRecordedAndDisarmsTheLadder() throws Exception {
        long id = send("1001", "MA001");
        awaitState(id, "NOTIFIED");
        JsonObject acked = action(id, "acknowledge", new JsonObject().put("actor", "desk:anna"), 200);
        assertThat(acked.getJsonObject("status").getString("acknowledgedBy")).isEqualTo("desk:anna");
        JsonObject responded = action(id, "respond", new JsonObject().put("actor", "desk:anna")
                .put("response", "HELP_SENT").put("workerId", "p1"), 200);
        assertThat(responded.getJsonObject("status").getString("state")).isEqualTo("RESPONDED");
        assertThat(responded.getJsonObject("status").getBoolean("answeredInTime")).isTrue();
        assertThat(responded.getJsonArray("deadlines").stream().map(d -> ((JsonObject) d).getString("outcome")))
                .as("an answered call disarms every pending escalation").allMatch(o -> o.equals("DISARMED")
                        || o.equals("ACTED") || o.equals("SKIPPED"));
        assertThat(outcomes(responded)).containsEntry("renotify-backup", "DISARMED")
                .doesNotContainValue("PENDING").doesNotContainValue("ACTED");
        action(id, "on-site", new JsonObject().put("actor", "worker:p1"), 200);
        JsonObject closed = action(id, "close", new JsonObject().put("actor", "worker:p1")
                .put("outcome", "Borgeren var faldet; hjulpet op, ingen skade"), 200);
        assertThat(closed.getJsonObject("status").getString("state")).isEqualTo("CLOSED");
        assertThat(stateKinds(closed)).containsSubsequence("NOTIFIED", "ACKNOWLEDGED", "RESPONDED", "ON_SITE", "CLOSED");
        assertThat(timeline(closed, "RESPONDED").getString("actor")).isEqualTo("desk:anna");
        awaitMessage(Addresses.desk(TestTown.CARE), id, AlarmMessages.UPDATED);
    }

    @Test
    void illegalOrMalformedActionsAreRefusedWithTheReason() throws Exception {
        long id = send("1002", "QA001");
        awaitState(id, "NOTIFIED");
        assertThat(action(id, "on-site", new JsonObject().put("actor", "worker:p1"), 409).getString("message"))
                .contains("HELP_SENT");
        assertThat(action(id, "close", new JsonObject().put("actor", "desk:anna").put("outcome", "x"), 409)
                .getString("message")).contains("only after a response");
        assertThat(fields(action(id, "acknowledge", new JsonObject(), 400))).contains("actor");
        assertThat(fields(action(id, "respond", new JsonObject().put("actor", "desk:anna")
                .put("response", "HELP_SENT"), 400))).contains("workerId");
        assertThat(action(id, "respond", new JsonObject().put("actor", "desk:anna").put("response", "MAYBE"), 400)
                .getString("message")).contains("NURSE_REQUESTED");
        assertThat(action(id, "respond", new JsonObject().put("actor", "desk:anna").put("response", "HELP_SENT")
                .put("workerId", "nobody"), 400).getString("message")).contains("not on duty");
        assertThat(fields(action(id, "acknowledge", new JsonObject().put("actor", "desk:anna").put("colour", "red"),
                400))).contains("colour");
        action(999_999_999L, "acknowledge", new JsonObject().put("actor", "desk:anna"), 404);
        JsonObject cancelled = action(id, "cancel", new JsonObject().put("actor", "desk:anna")
                .put("reason", "fejlkald: borgeren trykkede ved et uheld"), 200);
        assertThat(cancelled.getJsonObject("status").getString("state")).isEqualTo("CANCELLED");
        assertThat(action(id, "acknowledge", new JsonObject().put("actor", "desk:anna"), 409).getString("message"))
                .contains("CANCELLED");
        action(id, "note", new JsonObject().put("actor", "desk:anna").put("text", "ringet op, alt vel"), 200);
    }

    @Test
    void anAlarmFromAnUnboundAccountGoesToMunicipalHomeCareAndSupervisors() throws Exception {
        long id = send("1005", "QA001");
        JsonObject a = awaitState(id, "NOTIFIED");
        JsonObject routing = a.getJsonObject("routing");
        assertThat(routing.getString("target")).isEqualTo("MUNICIPAL_FALLBACK");
        assertThat(routing.getString("unroutableReason")).isEqualTo("NO_DEVICE_BINDING");
        assertThat(routing.getString("supplierId")).isEqualTo(TestTown.HOME);
        assertThat(a.getJsonObject("status").getString("holder")).isEqualTo("MUNICIPAL_HOME_CARE");
        awaitMessage(Addresses.supervision(TestTown.MUNICIPALITY), id, AlarmMessages.UNROUTABLE);
        awaitMessage(Addresses.desk(TestTown.HOME), id, AlarmMessages.NEW);
        action(id, "cancel", new JsonObject().put("actor", "desk:test").put("reason", "test done"), 200);
    }

    @Test
    void aFireAlarmAlsoGoesStraightToFireAndRescue() throws Exception {
        long id = send("1003", "FA001");
        JsonObject a = awaitState(id, "NOTIFIED");
        assertThat(a.getJsonObject("routing").getString("fireAndRescueId")).isEqualTo(TestTown.FIRE);
        assertThat(a.getJsonObject("status").getString("holderSupplierId")).isEqualTo(TestTown.CARE);
        awaitMessage(Addresses.desk(TestTown.FIRE), id, AlarmMessages.FIRE);
        awaitMessage(Addresses.desk(TestTown.CARE), id, AlarmMessages.NEW);
        action(id, "respond", new JsonObject().put("actor", "desk:anna").put("response", "EMERGENCY_112"), 200);
    }

    @Test
    void aDeviceRestoreCancelsTheOpenCall() throws Exception {
        long call = send("1004", "QA002");
        JsonObject a = awaitState(call, "NOTIFIED");
        assertThat(a.getJsonObject("routing").getString("supplierId")).isEqualTo(TestTown.HOME);
        long restore = send("1004", "QR002");
        JsonObject cancelled = awaitState(call, "CANCELLED");
        assertThat(timeline(cancelled, "CANCELLED").getString("actor")).isEqualTo("device:1004");
        assertThat(timeline(cancelled, "CANCELLED").getString("detail")).contains("alarm " + restore);
        assertThat(alarm(restore).getJsonObject("routing").getString("handling")).isEqualTo("CANCELS_OPEN_ALARM");
    }

    @Test
    void aTechnicalAlarmGoesToTheDeskWithoutAResponseWindow() throws Exception {
        long id = send("1002", "YT001");
        JsonObject a = awaitState(id, "NOTIFIED");
        assertThat(a.getJsonObject("routing").getString("handling")).isEqualTo("SERVICE_NOTICE");
        assertThat(a.getValue("responseDeadline")).isNull();
        assertThat(a.getJsonArray("deadlines")).isEmpty();
        awaitMessage(Addresses.desk(TestTown.CARE), id, AlarmMessages.NEW);
    }

    @Test
    void aDeviceSilentPastItsSupervisionIntervalRaisesOneNoContactAlarm() throws Exception {
        HttpResponse<String> bad = server.put("/api/v1/admin/devices/1002", "{\"supervisionInterval\":\"PT10S\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("supervisionInterval");
        assertThat(server.put("/api/v1/admin/devices/1002", "{\"aesKey\":\"XYZ\"}").statusCode()).isEqualTo(400);
        assertThat(server.put("/api/v1/admin/devices/zz", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> ok = server.put("/api/v1/admin/devices/3000",
                "{\"label\":\"Pendant, c2\",\"supervisionInterval\":\"PT5M\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(new JsonObject(ok.body()).getString("supervisionInterval")).isEqualTo("PT5M");
        assertThat(server.server.supervision().check(java.time.Instant.now())).as("registered just now").isZero();
        // six minutes of silence
        try (var c = server.server.database().connection();
             var p = c.prepareStatement("UPDATE devices SET created_at = ? WHERE account = '3000'")) {
            p.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(6));
            p.executeUpdate();
            c.commit();
        }
        assertThat(server.server.supervision().check(java.time.Instant.now())).isEqualTo(1);
        assertThat(server.server.supervision().check(java.time.Instant.now())).as("one alarm per silence").isZero();

        JsonArray items = new JsonObject(server.get("/api/v1/alarms?account=3000").body()).getJsonArray("items");
        long id = items.getJsonObject(items.size() - 1).getLong("id");
        JsonObject a = awaitState(id, "NOTIFIED");
        assertThat(a.getString("source")).isEqualTo("SUPERVISION");
        assertThat(a.getString("category")).isEqualTo("TECHNICAL");
        assertThat(a.getJsonObject("routing").getString("handling")).isEqualTo("SERVICE_NOTICE");
        assertThat(a.getJsonArray("deadlines")).isEmpty();
        assertThat(timeline(a, "RECEIVED").getString("actor")).isEqualTo("system:supervision");
        // and the receiver accepts the newly registered device at once
        long heard = send("3000", "RP000");
        assertThat(alarm(heard).getString("category")).isEqualTo("TEST");
    }

    // ---------------------------------------------------------------- helpers

    static long send(String account, String events) throws Exception {
        return TestTown.send(server, seq.incrementAndGet(), account, events);
    }

    static JsonObject alarm(long id) throws Exception {
        return TestTown.alarm(server, id);
    }

    static JsonObject awaitState(long id, String state) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> alarm(id), a -> a.getJsonObject("status").getString("state").equals(state));
    }

    static JsonObject awaitMessage(String address, long id, String event) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> bus.get(address).stream()
                        .filter(m -> m.containsKey("alarm") && m.getJsonObject("alarm").getLong("id") == id
                                && m.getString("event").equals(event))
                        .findFirst().orElse(null), m -> m != null);
    }

    static JsonObject action(long id, String action, JsonObject body, int expected) throws Exception {
        HttpResponse<String> r = server.post("/api/v1/alarms/" + id + "/" + action, body.encode());
        assertThat(r.statusCode()).as(action + " -> " + r.body()).isEqualTo(expected);
        return new JsonObject(r.body());
    }

    static List<String> fields(JsonObject error) {
        List<String> out = new ArrayList<>();
        JsonArray fields = error.getJsonArray("fields", new JsonArray());
        fields.forEach(f -> out.add(((JsonObject) f).getString("field")));
        return out;
    }

    static List<String> kinds(JsonObject alarm) {
        List<String> out = new ArrayList<>();
        alarm.getJsonArray("timeline").forEach(t -> out.add(((JsonObject) t).getString("kind")));
        return out;
    }

    /** The timeline's lifecycle steps (without notes, webhook attempts and the accountability trail's lines). */
    static List<String> stateKinds(JsonObject alarm) {
        java.util.Set<String> lifecycle = new java.util.HashSet<>();
        for (dk.vagtcentral.server.domain.TimelineEvent.Kind k : dk.vagtcentral.server.domain.TimelineEvent.Kind.values()) {
            lifecycle.add(k.name());
        }
        lifecycle.remove("NOTE");
        return kinds(alarm).stream().filter(lifecycle::contains).toList();
    }

    static JsonObject timeline(JsonObject alarm, String kind) {
        return alarm.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("kind").equals(kind)).findFirst().orElseThrow();
    }

    static Map<String, String> outcomes(JsonObject alarm) {
        Map<String, String> out = new java.util.HashMap<>();
        alarm.getJsonArray("deadlines").forEach(d -> out.put(((JsonObject) d).getString("step"),
                ((JsonObject) d).getString("outcome")));
        return out;
    }
}
