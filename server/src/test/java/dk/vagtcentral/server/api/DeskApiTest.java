package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import dk.vagtcentral.protocol.dc09.Dc09Codec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The live desk: its queue, the SSE stream, who may read them, and the static page. */
class DeskApiTest {
    static final String PW = "desk-test-password-1";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicInteger SEQ = new AtomicInteger(5000);

    @TempDir
    static Path dataDir;
    static TestServer server;
    static String care;
    static String home;
    static String worker;
    static String backup;
    static String supervisor;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("scaip.port", 0));
        TestTown.create(server.baseUrl(), null);
        user("desk-care", "DISPATCHER", TestTown.CARE, null, null);
        user("desk-home", "DISPATCHER", TestTown.HOME, null, null);
        user("field-p1", "WORKER", TestTown.CARE, null, "p1");
        user("field-b1", "WORKER", TestTown.CARE, null, "b1");
        user("sup-testby", "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        care = TestServer.login(server.baseUrl(), "desk-care", PW);
        home = TestServer.login(server.baseUrl(), "desk-home", PW);
        worker = TestServer.login(server.baseUrl(), "field-p1", PW);
        backup = TestServer.login(server.baseUrl(), "field-b1", PW);
        supervisor = TestServer.login(server.baseUrl(), "sup-testby", PW);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theQueueShowsTheSuppliersOpenAlarmAndNotAnotherSuppliers() throws Exception {
        long mine = TestTown.send(server, SEQ.incrementAndGet(), "1000", "QA001");
        long theirs = TestTown.send(server, SEQ.incrementAndGet(), "1004", "QA001");
        JsonObject careAlarm = awaitInQueue(care, mine);
        assertThat(ids(queue(care))).doesNotContain(theirs);
        assertThat(careAlarm.getString("category")).isEqualTo("EMERGENCY");
        assertThat(careAlarm.getString("handling")).isEqualTo("CALL");
        assertThat(careAlarm.getString("state")).isEqualTo("NOTIFIED");
        assertThat(careAlarm.getString("responseDeadline")).isNotNull();
        assertThat(careAlarm.getJsonArray("allowedActions").getList()).contains("ACKNOWLEDGE");
        assertThat(careAlarm.getJsonObject("citizen").getString("name")).isEqualTo("Borger 0");
        assertThat(careAlarm.getJsonObject("citizen").getString("address")).startsWith("Testvej 0");
        assertThat(careAlarm.getJsonObject("citizen").getString("keyNote")).isNotBlank();
        assertThat(careAlarm.getJsonObject("holder").getString("id")).isEqualTo(TestTown.CARE);
        assertThat(careAlarm.getJsonObject("worker").getString("id")).isEqualTo("p1");
        assertThat(awaitInQueue(home, theirs)).isNotNull();
        assertThat(ids(queue(home))).doesNotContain(mine);
        // the field worker sees it too, marked as theirs
        assertThat(awaitInQueue(worker, mine).getBoolean("mine")).isTrue();
        // on duty, for the HELP_SENT choice
        JsonArray onDuty = new JsonObject(get("/api/v1/desk/on-duty", care).body()).getJsonArray("items");
        assertThat(onDuty.stream().map(o -> ((JsonObject) o).getString("workerId"))).contains("p1", "b1")
                .doesNotContain("h1");
        // closed alarms leave the queue
        assertThat(post("/api/v1/alarms/" + mine + "/acknowledge", "{}", care).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/alarms/" + mine + "/respond", "{\"response\":\"NURSE_REQUESTED\"}", care)
                .statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/alarms/" + mine + "/close", "{\"outcome\":\"NO_INJURY\",\"note\":\"ok\"}", care)
                .statusCode())
                .isEqualTo(200);
        assertThat(ids(queue(care))).doesNotContain(mine);
    }

    /**
     * Issue 13: the only call waiting for an answer was fifth, under calls already on site. Now: waiting, then
     * acknowledged, then in progress, then information (a call home care holds); notices in their own lane, last.
     */
    @Test
    void theQueuePutsTheCallsWaitingForAnAnswerFirstAndNoticesInTheirOwnLane() throws Exception {
        List<Long> onSite = new ArrayList<>();
        for (String account : List.of("1006", "1007", "1008")) {
            long id = TestTown.send(server, SEQ.incrementAndGet(), account, "QA001");
            awaitInQueue(care, id);
            ok(post("/api/v1/alarms/" + id + "/respond", "{\"response\":\"HELP_SENT\",\"workerId\":\"p1\"}", care));
            ok(post("/api/v1/alarms/" + id + "/on-site", "{}", care));
            onSite.add(id);
        }
        long notice = TestTown.send(server, SEQ.incrementAndGet(), "1009", "YT001");
        long acknowledged = TestTown.send(server, SEQ.incrementAndGet(), "1010", "QA001");
        awaitInQueue(care, acknowledged);
        ok(post("/api/v1/alarms/" + acknowledged + "/acknowledge", "{}", care));
        long waiting = TestTown.send(server, SEQ.incrementAndGet(), "1011", "QA001");
        awaitInQueue(care, waiting);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ids(queue(care)).contains(notice));

        JsonArray queue = queue(care);
        List<Long> order = ids(queue).stream().filter(id -> id == waiting || id == acknowledged || id == notice
                || onSite.contains(id)).toList();
        assertThat(order).containsExactly(waiting, acknowledged, onSite.get(0), onSite.get(1), onSite.get(2), notice);
        JsonObject w = find(queue, waiting);
        assertThat(w.getString("lane")).isEqualTo("CALLS");
        assertThat(w.getString("group")).isEqualTo("WAITING");
        assertThat(find(queue, acknowledged).getString("group")).isEqualTo("ACKNOWLEDGED");
        assertThat(find(queue, onSite.get(0)).getString("group")).isEqualTo("IN_PROGRESS");
        JsonObject n = find(queue, notice);
        assertThat(n.getString("lane")).isEqualTo("TECHNICAL");
        assertThat(n.getJsonArray("allowedActions").getList()).contains("ACKNOWLEDGE", "CLOSE")
                .doesNotContain("RESPOND", "ON_SITE", "FORWARD_MUNICIPAL", "FORWARD_FIRE");
        for (long id : onSite) {
            ok(post("/api/v1/alarms/" + id + "/close", "{\"outcome\":\"NO_INJURY\"}", care));
        }
        ok(post("/api/v1/alarms/" + acknowledged + "/cancel", "{\"reason\":\"test done\"}", care));
        ok(post("/api/v1/alarms/" + waiting + "/cancel", "{\"reason\":\"test done\"}", care));
    }

    /** Call actions make no sense on a test or a technical signal: 409 with a message; a notice closes technically. */
    @Test
    void aTestOrTechnicalSignalRefusesCallActionsWithAMessage() throws Exception {
        long test = TestTown.send(server, SEQ.incrementAndGet(), "1012", "RP000");
        JsonObject alarm = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> TestTown.alarm(server, test), a -> a.getJsonObject("routing") != null);
        assertThat(alarm.getJsonObject("routing").getString("handling")).isEqualTo("RECORD_ONLY");
        assertThat(alarm.getJsonObject("status").getJsonArray("allowedActions").getList()).containsExactly("NOTE");
        assertThat(ids(queue(care))).as("a test is recorded, not shown as a call").doesNotContain(test);
        HttpResponse<String> r = post("/api/v1/alarms/" + test + "/respond", "{\"response\":\"EMERGENCY_112\"}",
                care);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(new JsonObject(r.body()).getString("message")).contains("not a call");

        long notice = TestTown.send(server, SEQ.incrementAndGet(), "1012", "YT001");
        awaitInQueue(care, notice);
        r = post("/api/v1/alarms/" + notice + "/respond", "{\"response\":\"HELP_SENT\",\"workerId\":\"p1\"}", care);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(new JsonObject(r.body()).getString("message")).contains("technical notice", "not a call");
        r = post("/api/v1/alarms/" + notice + "/close", "{\"outcome\":\"NO_INJURY\"}", care);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        ok(post("/api/v1/alarms/" + notice + "/close", "{\"outcome\":\"DEVICE_FIXED\",\"note\":\"nyt batteri\"}",
                care));
    }

    /** A field worker acts only on the calls assigned to them (403 with the reason), and goes "on my way" in one tap. */
    @Test
    void aFieldWorkerActsOnlyOnTheirOwnCallsAndGoesOnTheirWayInOneTap() throws Exception {
        long id = TestTown.send(server, SEQ.incrementAndGet(), "1013", "QA001");
        JsonObject mine = awaitInQueue(worker, id);
        assertThat(mine.getBoolean("mine")).isTrue();
        JsonObject notMine = awaitInQueue(backup, id);
        assertThat(notMine.getBoolean("mine")).isFalse();

        HttpResponse<String> r = post("/api/v1/alarms/" + id + "/acknowledge", "{}", backup);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(new JsonObject(r.body()).getString("message")).contains("assigned to worker p1");
        assertThat(get("/api/v1/desk/alarms/" + id + "/card", backup).statusCode()).isEqualTo(403);
        r = post("/api/v1/alarms/" + id + "/respond", "{\"response\":\"EMERGENCY_112\"}", worker);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        // on my way: HELP_SENT naming themselves
        ok(post("/api/v1/alarms/" + id + "/respond", "{\"response\":\"HELP_SENT\",\"workerId\":\"p1\"}", worker));
        ok(post("/api/v1/alarms/" + id + "/on-site", "{}", worker));
        assertThat(post("/api/v1/alarms/" + id + "/close", "{\"outcome\":\"NO_INJURY\"}", backup).statusCode())
                .isEqualTo(403);
        ok(post("/api/v1/alarms/" + id + "/close", "{\"outcome\":\"NO_INJURY\",\"note\":\"hjulpet op\"}", worker));
        JsonObject status = TestTown.alarm(server, id).getJsonObject("status");
        assertThat(status.getString("state")).isEqualTo("CLOSED");
        assertThat(status.getString("helpWorkerId")).isEqualTo("p1");
        // the worker's history holds the call, the backup's does not
        assertThat(ids(new JsonObject(get("/api/v1/desk/history", worker).body()).getJsonArray("items")))
                .contains(id);
        assertThat(ids(new JsonObject(get("/api/v1/desk/history", backup).body()).getJsonArray("items")))
                .doesNotContain(id);
    }

    /** The card: phone, relatives, notes, key box (the code only on request, recorded), last alarms, timeline. */
    @Test
    void theCitizenCardAndTheKeyCodeShownOnlyOnRequestAndRecorded() throws Exception {
        long earlier = TestTown.send(server, SEQ.incrementAndGet(), "1014", "QA001");
        awaitInQueue(care, earlier);
        ok(post("/api/v1/alarms/" + earlier + "/cancel", "{\"reason\":\"trykket ved en fejl\"}", care));
        long id = TestTown.send(server, SEQ.incrementAndGet(), "1014", "QA001");
        JsonObject inQueue = awaitInQueue(care, id);
        assertThat(inQueue.encode()).doesNotContain(TestTown.keyBoxCode(14)).doesNotContain("medicalNote");

        HttpResponse<String> r = get("/api/v1/desk/alarms/" + id + "/card", care);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(TestTown.keyBoxCode(14));
        JsonObject card = new JsonObject(r.body());
        JsonObject citizen = card.getJsonObject("citizen");
        assertThat(citizen.getString("phone")).isEqualTo("+45 20 30 40 14");
        assertThat(citizen.getString("medicalNote")).isEqualTo("Diabetes (insulin)");
        assertThat(citizen.getString("language")).isEqualTo("da");
        assertThat(citizen.getString("keyBoxLocation")).startsWith("Ved hoveddøren");
        assertThat(citizen.getBoolean("keyBoxCodeSet")).isTrue();
        assertThat(citizen.getJsonArray("contacts").getJsonObject(0).getString("relation")).isEqualTo("datter");
        assertThat(ids(card.getJsonArray("recentAlarms"))).contains(earlier).doesNotContain(id);
        assertThat(card.getJsonArray("recentAlarms").getJsonObject(0).getString("endKind")).isEqualTo("CANCELLED");
        assertThat(card.getJsonArray("timeline")).isNotEmpty();
        assertThat(get("/api/v1/desk/alarms/" + id + "/card", home).statusCode()).isEqualTo(403);

        r = post("/api/v1/desk/alarms/" + id + "/key-code", null, care);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("keyBoxCode")).isEqualTo(TestTown.keyBoxCode(14));
        JsonObject alarm = TestTown.alarm(server, id);
        assertThat(alarm.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("detail")))
                .anyMatch(d -> d != null && d.contains("key-box code shown to desk-care"));
        List<JsonObject> log = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> accessLog("c14"), l -> l.stream().anyMatch(e -> e.getString("what").equals("key_code"))
                        && l.stream().anyMatch(e -> e.getString("what").equals("citizen_card")));
        assertThat(log).anyMatch(e -> e.getString("what").equals("key_code") && e.getLong("alarmId") == id);
        // nowhere else: not to the admin, and not once the call is over
        assertThat(server.get("/api/v1/admin/citizens/c14").body()).doesNotContain(TestTown.keyBoxCode(14))
                .contains("\"keyBoxCodeSet\":true");
        // only the holder's staff of an open call get it (x-scope open-call-holder): not for a call that has ended
        assertThat(post("/api/v1/desk/alarms/" + earlier + "/key-code", null, care).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/desk/alarms/" + id + "/key-code", null, home).statusCode()).isEqualTo(403);
        // a refused request showed nothing and is not in the access log as a showing
        assertThat(accessLog("c14").stream().filter(e -> e.getString("what").equals("key_code"))).hasSize(1);
    }

    /** Closed calls stay findable: the history searches by name, address, id and outcome. */
    @Test
    void closedCallsAreInTheSearchableHistoryWithTheirOutcome() throws Exception {
        long id = TestTown.send(server, SEQ.incrementAndGet(), "1015", "QA001");
        awaitInQueue(care, id);
        ok(post("/api/v1/alarms/" + id + "/respond", "{\"response\":\"NURSE_REQUESTED\"}", care));
        ok(post("/api/v1/alarms/" + id + "/close", "{\"outcome\":\"ADMITTED\",\"note\":\"indlagt på AUH\"}",
                care));
        JsonObject page = new JsonObject(get("/api/v1/desk/history?q=borger%2015", care).body());
        JsonObject item = find(page.getJsonArray("items"), id);
        assertThat(item.getString("outcome")).isEqualTo("ADMITTED");
        assertThat(item.getString("note")).isEqualTo("indlagt på AUH");
        assertThat(item.getString("endedBy")).isEqualTo("desk-care");
        assertThat(item.getJsonObject("citizen").getString("name")).isEqualTo("Borger 15");
        assertThat(ids(new JsonObject(get("/api/v1/desk/history?q=" + id, care).body()).getJsonArray("items")))
                .containsExactly(id);
        assertThat(ids(new JsonObject(get("/api/v1/desk/history?outcome=ADMITTED", care).body())
                .getJsonArray("items"))).contains(id);
        assertThat(ids(new JsonObject(get("/api/v1/desk/history?outcome=NO_INJURY&q=borger%2015", care).body())
                .getJsonArray("items"))).doesNotContain(id);
        assertThat(ids(new JsonObject(get("/api/v1/desk/history", home).body()).getJsonArray("items")))
                .doesNotContain(id);
        assertThat(get("/api/v1/desk/history?from=yesterday", care).statusCode()).isEqualTo(400);
    }

    /** The desk rings a call again: its worker's stream gets alarm.renotified, the timeline says so. */
    @Test
    void theDeskReNotifiesACallsWorker() throws Exception {
        long id;
        try (Sse p1 = Sse.open(worker)) {
            id = TestTown.send(server, SEQ.incrementAndGet(), "1016", "QA001");
            assertThat(p1.await("alarm.new", id, Duration.ofSeconds(10))).isNotNull();
            ok(post("/api/v1/alarms/" + id + "/renotify", "{\"reason\":\"ingen reaktion\"}", care));
            assertThat(p1.await("alarm.renotified", id, Duration.ofSeconds(10))).isNotNull();
        }
        assertThat(TestTown.alarm(server, id).getJsonArray("timeline").stream()
                .map(o -> ((JsonObject) o).getString("kind"))).contains("RENOTIFIED");
        assertThat(post("/api/v1/alarms/" + id + "/renotify", "{}", worker).statusCode()).isEqualTo(403);
    }

    @Test
    void theStreamDeliversANewAlarmToTheRightDeskOnly() throws Exception {
        try (Sse careStream = Sse.open(care); Sse homeStream = Sse.open(home)) {
            long id = TestTown.send(server, SEQ.incrementAndGet(), "1001", "QA001");
            JsonObject msg = careStream.await("alarm.new", id, Duration.ofSeconds(10));
            assertThat(msg).as("alarm.new for %s on the care desk", id).isNotNull();
            assertThat(msg.getJsonObject("citizen").getString("name")).isEqualTo("Borger 1");
            assertThat(msg.getJsonObject("alarm").getJsonArray("allowedActions").getList()).contains("ACKNOWLEDGE");
            assertThat(homeStream.await("alarm.new", id, Duration.ofSeconds(2))).isNull();
            assertThat(homeStream.events).noneMatch(e -> e.getJsonObject("alarm") != null
                    && e.getJsonObject("alarm").getLong("id") == id);
        }
    }

    @Test
    void everyCitizenADeskIsShownIsInTheCitizensAccessLogWhichPages() throws Exception {
        long id;
        try (Sse careStream = Sse.open(care)) {
            id = TestTown.send(server, SEQ.incrementAndGet(), "1002", "QA001");
            assertThat(careStream.await("alarm.new", id, Duration.ofSeconds(10))).isNotNull();
        }
        awaitInQueue(care, id);
        // the pushed message and the queue read each showed citizen c2 to desk-care
        List<JsonObject> log = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> accessLog("c2"), l -> l.stream()
                        .anyMatch(e -> e.getString("what").equals("desk_push") && e.getLong("alarmId") == id)
                        && l.stream().anyMatch(e -> e.getString("what").equals("desk_queue")
                        && e.getLong("alarmId") == id));
        JsonObject push = log.stream().filter(e -> e.getString("what").equals("desk_push")).findFirst().orElseThrow();
        assertThat(push.getString("username")).isEqualTo("desk-care");
        assertThat(push.getString("role")).isEqualTo("DISPATCHER");
        assertThat(push.getString("citizenId")).isEqualTo("c2");
        assertThat(log).as("another citizen's card is not logged against c2")
                .allMatch(e -> e.getString("citizenId").equals("c2"));

        // paged newest first: walking it with limit 1 gives the one-page list (retried while late records land)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> walkAccessLog("c2").equals(accessLog("c2").stream().map(JsonObject::encode).toList()));
        assertThat(get("/api/v1/citizens/c2/access-log?cursor=xyz", supervisor).statusCode()).isEqualTo(400);
    }

    static List<String> walkAccessLog(String citizen) throws Exception {
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> r = get("/api/v1/citizens/" + citizen + "/access-log?limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor), supervisor);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject page = new JsonObject(r.body());
            assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(1);
            page.getJsonArray("items").forEach(o -> walked.add(((JsonObject) o).encode()));
            cursor = page.getString("nextCursor");
        } while (cursor != null && walked.size() < 1000);
        return walked;
    }

    static List<JsonObject> accessLog(String citizen) throws Exception {
        HttpResponse<String> r = get("/api/v1/citizens/" + citizen + "/access-log?limit=1000", supervisor);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonObject> out = new ArrayList<>();
        new JsonObject(r.body()).getJsonArray("items").forEach(o -> out.add((JsonObject) o));
        return out;
    }

    @Test
    void aScaipDevicesCallBackAddressIsOnTheDeskCardAndInItsPush() throws Exception {
        String cid = "4540000009";
        assertThat(server.put("/api/v1/admin/devices/" + cid, new JsonObject().put("protocol", "SCAIP").encode())
                .statusCode()).isEqualTo(201);
        TestTown.post(server.baseUrl(), server.token(), "device-bindings", new JsonObject().put("account", cid)
                .put("citizenId", "c9").put("validFrom", Instant.now().minus(Duration.ofDays(1)).toString()));
        try (Sse careStream = Sse.open(care)) {
            long id = scaipPress(cid, "gsm:+4520009000");
            JsonObject pushed = careStream.await("alarm.new", id, Duration.ofSeconds(10));
            assertThat(pushed).as("alarm.new for %s", id).isNotNull();
            assertThat(pushed.getJsonObject("alarm").getString("callbackAddress")).isEqualTo("gsm:+4520009000");
            assertThat(awaitInQueue(care, id).getString("callbackAddress")).isEqualTo("gsm:+4520009000");
        }
        // a DC-09 alarm has none
        JsonObject dc09 = awaitInQueue(care, TestTown.send(server, SEQ.incrementAndGet(), "1003", "QA001"));
        assertThat(dc09.containsKey("callbackAddress")).isTrue();
        assertThat(dc09.getValue("callbackAddress")).isNull();
    }

    /** A SCAIP button press from {@code cid} over UDP, answered {@code snu 0}; the stored alarm's id. */
    static long scaipPress(String cid, String crd) throws Exception {
        return TestTown.scaipPress(server, "D" + SEQ.incrementAndGet(), cid, crd);
    }

    @Test
    void anonymousIs401AndOtherRolesOrSuppliersAre403() throws Exception {
        for (String path : List.of("/api/v1/desk/alarms", "/api/v1/desk/on-duty", "/api/v1/desk/events")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, supervisor).statusCode()).as(path).isEqualTo(403);
            assertThat(get(path + "?supplierId=" + TestTown.HOME, care).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(get("/api/v1/desk/alarms?supplierId=" + TestTown.CARE, care).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/desk/alarms?supplierId=" + TestTown.HOME, server.token()).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/desk/alarms", server.token()).statusCode()).isEqualTo(400);
    }

    @Test
    void theDeskPageIsServed() throws Exception {
        HttpResponse<String> page = get("/desk/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("desk.js");
        assertThat(get("/desk/desk.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/desk/desk.css", null).statusCode()).isEqualTo(200);
        HttpResponse<String> root = get("/", null);
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("location")).contains("/desk/");
    }

    /**
     * Commit-to-push latency: from the DC-09 ACK (sent once the alarm is committed) to the {@code alarm.new} line read
     * from the desk's SSE stream, over 200 alarms at about 10 a second. Run with {@code -Ddesk.latency=true}; prints
     * p50/p99, asserts nothing about time.
     */
    @Test
    @EnabledIfSystemProperty(named = "desk.latency", matches = "true")
    void measureCommitToPushLatency() throws Exception {
        int n = Integer.getInteger("desk.latency.count", 200);
        List<Long> ackToPush = new ArrayList<>();
        List<Long> routedToPush = new ArrayList<>();
        try (Sse stream = Sse.open(care);
             Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            for (int i = 0; i < n; i++) {
                String account = "100" + (i % 4);
                client.exchange(Dc09Codec.encode(TestTown.sia(account, SEQ.incrementAndGet(), "QA001")));
                long acked = System.nanoTime();
                JsonObject msg = stream.awaitNext("alarm.new", Duration.ofSeconds(10));
                long pushed = System.nanoTime();
                assertThat(msg).isNotNull();
                ackToPush.add((pushed - acked) / 1000);
                Instant at = Instant.parse(msg.getString("at"));
                routedToPush.add(Duration.between(at, Instant.ofEpochMilli(stream.lastAtMillis)).toNanos() / 1000);
                Thread.sleep(100); // pacing the sends (~10/s), not waiting for a condition
            }
        }
        System.out.println("DESK-LATENCY n=" + n + " ack->push us " + stats(ackToPush)
                + " | message.at->push us " + stats(routedToPush));
    }

    private static String stats(List<Long> us) {
        List<Long> s = new ArrayList<>(us);
        Collections.sort(s);
        return "p50=" + s.get((int) Math.floor(0.50 * (s.size() - 1))) + " p99="
                + s.get((int) Math.ceil(0.99 * (s.size() - 1))) + " max=" + s.get(s.size() - 1);
    }

    /** An SSE subscription read line by line on a background thread. */
    static final class Sse implements AutoCloseable {
        final BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
        final List<JsonObject> events = Collections.synchronizedList(new ArrayList<>());
        final Stream<String> lines;
        final Thread reader;
        volatile long lastAtMillis;

        private Sse(Stream<String> lines) {
            this.lines = lines;
            this.reader = new Thread(() -> {
                String[] event = {null};
                try {
                    lines.forEach(line -> {
                        if (line.startsWith("event: ")) {
                            event[0] = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            JsonObject json = new JsonObject(line.substring(6)).put("_event", event[0]);
                            lastAtMillis = System.currentTimeMillis();
                            events.add(json);
                            queue.add(json);
                        }
                    });
                } catch (RuntimeException e) {
                    // closed
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Sse open(String token) throws Exception {
            HttpResponse<Stream<String>> r = HTTP.sendAsync(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/api/v1/desk/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            return new Sse(r.body());
        }

        /** The first message of that event about that alarm within the time, or null. */
        JsonObject await(String event, long alarmId, Duration within) throws InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            while (true) {
                long left = end - System.nanoTime();
                JsonObject m = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (m == null) {
                    return null;
                }
                if (event.equals(m.getString("_event")) && m.getJsonObject("alarm") != null
                        && m.getJsonObject("alarm").getLong("id") == alarmId) {
                    return m;
                }
            }
        }

        JsonObject awaitNext(String event, Duration within) throws InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            while (true) {
                long left = end - System.nanoTime();
                JsonObject m = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (m == null || event.equals(m.getString("_event"))) {
                    return m;
                }
            }
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    static JsonArray queue(String token) throws Exception {
        HttpResponse<String> r = get("/api/v1/desk/alarms", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("items");
    }

    static JsonObject find(JsonArray items, long id) {
        return items.stream().map(JsonObject.class::cast).filter(a -> a.getLong("id") == id).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + items.encode()));
    }

    static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static List<Long> ids(JsonArray items) {
        List<Long> out = new ArrayList<>();
        items.forEach(o -> out.add(((JsonObject) o).getLong("id")));
        return out;
    }

    /** The alarm in the token's queue, waiting for routing (a few seconds at most). */
    static JsonObject awaitInQueue(String token, long id) throws Exception {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> queue(token).stream().map(JsonObject.class::cast)
                        .filter(a -> a.getLong("id") == id && a.getString("state").equals("NOTIFIED"))
                        .findFirst().orElse(null), a -> a != null);
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        return server.send("GET", path, null, token);
    }

    static HttpResponse<String> post(String path, String body, String token) throws Exception {
        return server.send("POST", path, body, token);
    }

    static void user(String username, String role, String supplier, String municipality, String worker)
            throws Exception {
        server.createUser(username, PW, role, supplier, municipality, worker);
    }
}
