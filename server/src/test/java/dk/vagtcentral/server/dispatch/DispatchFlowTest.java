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
 * supervisors warned after 5 s, municipal home care when the 15 s response window ends, fire-and-rescue 5 s later):
 * DC-09 alarms in, routed to the chosen supplier's desk and worker over the event bus and the webhook, lifecycle
 * actions over the API as the desks' and supervisors' own users, the escalation ladder climbing when nobody answers,
 * and the rules of DOMAIN.md 12-18 (restores, incidents, fire, unroutable alarms, cancels, roster holes, reportable
 * outcomes) each through DC-09 and the API.
 */
class DispatchFlowTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static HttpServer hooks;
    static final Queue<JsonObject> hookCalls = new ConcurrentLinkedQueue<>();
    /** Each webhook request's body as received, and its signature header. */
    static final Queue<String[]> hookRaw = new ConcurrentLinkedQueue<>();
    static final Map<String, Queue<JsonObject>> bus = new ConcurrentHashMap<>();
    static final AtomicInteger seq = new AtomicInteger(100 + (int) (Math.random() * 5000));
    static final String PW = "correct horse battery";
    static String admin;
    static String anna;
    static String hilda;
    static String karen;

    @BeforeAll
    static void start() throws Exception {
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            hookRaw.add(new String[]{raw, exchange.getRequestHeaders().getFirst("X-Vagtcentral-Signature")});
            JsonObject body = new JsonObject(raw);
            body.put("deliveryHeader", exchange.getRequestHeaders().getFirst("X-Vagtcentral-Delivery"));
            hookCalls.add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        server = TestServer.start(dir, Map.of("dispatch.time-scale", 120));
        TestTown.create(server.baseUrl(), "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook");
        admin = server.token();
        server.createUser("anna", PW, "DISPATCHER", TestTown.CARE, null, null);
        server.createUser("hilda", PW, "DISPATCHER", TestTown.HOME, null, null);
        server.createUser("karen", PW, "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        anna = TestServer.login(server.baseUrl(), "anna", PW);
        hilda = TestServer.login(server.baseUrl(), "hilda", PW);
        karen = TestServer.login(server.baseUrl(), "karen", PW);
        for (String address : List.of(Addresses.desk(TestTown.CARE), Addresses.desk(TestTown.HOME),
                Addresses.desk(TestTown.FIRE), Addresses.worker("p1"), Addresses.worker("b1"), Addresses.worker("h1"),
                Addresses.supervision(TestTown.MUNICIPALITY), Addresses.SUPERVISION_ALL)) {
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
    void anUnansweredCallIsWarnedThenForwardedWhenTheWindowEndsThenClimbsToFireAndRescue() throws Exception {
        long id = send("1000", "QA001");
        JsonObject notified = awaitState(id, "NOTIFIED");
        assertThat(notified.getJsonObject("routing").getString("supplierId")).isEqualTo(TestTown.CARE);
        assertThat(notified.getJsonObject("routing").getString("workerId")).isEqualTo("p1");
        assertThat(notified.getJsonObject("routing").getString("target")).isEqualTo("CHOSEN_SUPPLIER");
        assertThat(notified.getJsonObject("routing").getString("dutySupplierId")).isEqualTo(TestTown.CARE);
        assertThat(timeline(notified, "NOTIFIED").getString("detail"))
                .as("the routing is explained on the timeline").contains("citizen c0", "choice", "worker p1 (PRIMARY");
        JsonObject deskMessage = awaitMessage(Addresses.desk(TestTown.CARE), id, AlarmMessages.NEW);
        assertThat(deskMessage.getJsonObject("citizen").getString("name")).isEqualTo("Borger 0");
        assertThat(deskMessage.getJsonObject("worker").getString("id")).isEqualTo("p1");
        awaitMessage(Addresses.worker("p1"), id, AlarmMessages.NEW);
        awaitMessage(Addresses.worker("b1"), id, AlarmMessages.RENOTIFIED);
        // before the window ends the call stays with the supplier; the supervisors are warned, live and on the inbox
        JsonObject warned = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> alarm(id), a -> kinds(a).contains("SUPERVISORS_WARNED"));
        assertThat(warned.getJsonObject("status").getString("state")).isEqualTo("NOTIFIED");
        awaitInbox(id, "NOT_ACKNOWLEDGED");

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
        assertThat(done.getJsonObject("status").getString("fault")).isEqualTo("SUPPLIER");
        assertThat(done.getJsonObject("status").getBoolean("answeredInTime")).isFalse();
        assertThat(stateKinds(done)).containsSubsequence("RECEIVED", "NOTIFIED", "RENOTIFIED", "SUPERVISORS_WARNED",
                "FORWARDED_MUNICIPAL", "FORWARDED_FIRE");
        java.time.Instant received = java.time.Instant.parse(done.getString("receivedAt"));
        java.time.Instant forwarded = java.time.Instant.parse(done.getJsonObject("status")
                .getString("forwardedMunicipalAt"));
        assertThat(Duration.between(received, forwarded)).as("not before the 30-minute (here 15 s) window ends")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(15));
        // Odder §4.11: a justification within 7 days, the fire-and-rescue call-out charged; an adverse-event candidate
        assertThat(kinds(done)).contains("SUPPLIER_FAILURE", "JUSTIFICATION_DUE", "CHARGED");
        awaitInbox(id, "ADVERSE_EVENT_CANDIDATE");
        // the routed supplier's desk keeps the call (it owes the justification) and hears of the second forward too
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.get(Addresses.desk(TestTown.CARE)).stream()
                .anyMatch(m -> m.containsKey("alarm") && m.getJsonObject("alarm").getLong("id") == id
                        && m.getJsonObject("alarm").getString("state").equals("FORWARDED_FIRE")
                        && m.getJsonObject("alarm").getString("holderSupplierId").equals(TestTown.FIRE)));
        assertThat(outcomes(done)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "renotify-backup", "ACTED",
                "warn-supervisors", "ACTED",
                "forward-municipal", "ACTED",
                "forward-fire", "ACTED"));
        assertThat(timeline(done, "RENOTIFIED").getString("detail")).contains("worker b1");
        // the private supplier's webhook got the new alarm and the re-notification, each delivery on the timeline
        await().atMost(Duration.ofSeconds(10)).until(() -> hookCalls.stream()
                .filter(h -> h.getJsonObject("alarm").getLong("id") == id).count() >= 2);
        assertThat(hookCalls.stream().filter(h -> h.getJsonObject("alarm").getLong("id") == id)
                .map(h -> h.getString("event"))).contains(AlarmMessages.NEW, AlarmMessages.RENOTIFIED);
        await().atMost(Duration.ofSeconds(10)).until(() -> kinds(alarm(id)).stream()
                .filter("WEBHOOK_DELIVERED"::equals).count() >= 2);
        // signed, and with the citizen's id but not the name, address or key note the desk was given
        JsonObject hook = hookCalls.stream().filter(h -> h.getJsonObject("alarm").getLong("id") == id
                && h.getString("event").equals(AlarmMessages.NEW)).findFirst().orElseThrow();
        assertThat(hook.getJsonObject("citizen").getString("id")).isEqualTo("c0");
        assertThat(hook.getJsonObject("supplier").getString("id")).isEqualTo(TestTown.CARE);
        assertThat(hook.getJsonObject("worker").getString("id")).isEqualTo("p1");
        assertThat(hook.getJsonObject("links").getString("alarm")).isEqualTo("/api/v1/alarms/" + id);
        assertThat(hookRaw).allSatisfy(r -> {
            assertThat(r[0]).doesNotContain("Borger").doesNotContain("Testvej").doesNotContain("Nøgleboks")
                    .doesNotContain("Testby Omsorg").doesNotContain("\"name\"");
            assertThat(r[1]).matches("v1=[0-9a-f]{64}");
        });
    }

    @Test
    void anAnsweredCallIsRecordedInTimeAndDisarmsTheLadder() throws Exception {
        long id = send("1001", "MA001");
        awaitState(id, "NOTIFIED");
        JsonObject acked = action(id, "acknowledge", new JsonObject(), 200, anna);
        assertThat(acked.getJsonObject("status").getString("acknowledgedBy")).isEqualTo("anna");
        JsonObject responded = action(id, "respond", new JsonObject().put("response", "HELP_SENT")
                .put("workerId", "p1"), 200, anna);
        assertThat(responded.getJsonObject("status").getString("state")).isEqualTo("RESPONDED");
        assertThat(responded.getJsonObject("status").getBoolean("answeredInTime")).isTrue();
        assertThat(outcomes(responded)).containsEntry("renotify-backup", "DISARMED")
                .doesNotContainValue("PENDING").doesNotContainValue("ACTED");
        action(id, "on-site", new JsonObject().put("actor", "worker:p1"), 200, admin);
        JsonObject closed = action(id, "close", new JsonObject().put("outcome", "FALL_WITHOUT_INJURY")
                .put("note", "Borgeren var faldet; hjulpet op"), 200, anna);
        assertThat(closed.getJsonObject("status").getString("state")).isEqualTo("CLOSED");
        assertThat(timeline(closed, "CLOSED").getString("detail")).isEqualTo("FALL_WITHOUT_INJURY; Borgeren var faldet;"
                + " hjulpet op");
        assertThat(stateKinds(closed)).containsSubsequence("NOTIFIED", "ACKNOWLEDGED", "RESPONDED", "ON_SITE", "CLOSED");
        assertThat(timeline(closed, "RESPONDED").getString("actor")).isEqualTo("anna");
        awaitMessage(Addresses.desk(TestTown.CARE), id, AlarmMessages.UPDATED);
        assertThat(inbox(id)).isEmpty();
    }

    @Test
    void illegalOrMalformedActionsAreRefusedWithTheReason() throws Exception {
        long id = send("1002", "QA001");
        awaitState(id, "NOTIFIED");
        assertThat(action(id, "on-site", new JsonObject(), 409, anna).getString("message")).contains("HELP_SENT");
        assertThat(action(id, "close", new JsonObject().put("outcome", "NO_INJURY"), 409, anna)
                .getString("message")).contains("only after a response");
        assertThat(fields(action(id, "close", new JsonObject().put("outcome", "fine"), 400, anna))).contains("outcome");
        assertThat(fields(action(id, "acknowledge", new JsonObject(), 400, admin))).contains("actor");
        assertThat(fields(action(id, "respond", new JsonObject().put("response", "HELP_SENT"), 400, anna)))
                .contains("workerId");
        assertThat(action(id, "respond", new JsonObject().put("response", "MAYBE"), 400, anna)
                .getString("message")).contains("NURSE_REQUESTED");
        assertThat(action(id, "respond", new JsonObject().put("response", "HELP_SENT").put("workerId", "nobody"), 400,
                anna).getString("message")).contains("not on duty");
        // Odder §4.11 lists no doctor: the contract's permitted answers, cited
        assertThat(action(id, "respond", new JsonObject().put("response", "DOCTOR_CONTACTED"), 400, anna)
                .getString("message")).contains("DOCTOR_CONTACTED", "003 Odder §4.11");
        assertThat(fields(action(id, "acknowledge", new JsonObject().put("colour", "red"), 400, anna)))
                .contains("colour");
        action(999_999_999L, "acknowledge", new JsonObject().put("actor", "desk:anna"), 404, admin);
        action(id, "cancel", new JsonObject().put("reason", "we handle it"), 403, hilda);
        action(id, "note", new JsonObject().put("text", "ringet op, alt vel"), 200, anna);
    }

    @Test
    void aDispatcherCancellingAnUnansweredCallGivesAReasonTheSupervisorsSeeItAndItCountsAsUnanswered()
            throws Exception {
        long id = send("1007", "QA001");
        awaitState(id, "NOTIFIED");
        assertThat(fields(action(id, "cancel", new JsonObject(), 400, anna))).contains("reason");
        JsonObject cancelled = action(id, "cancel", new JsonObject().put("reason", "datteren siger hun har det godt"),
                200, anna);
        assertThat(cancelled.getJsonObject("status").getString("state")).isEqualTo("CANCELLED");
        JsonObject item = awaitInbox(id, "CANCELLED_UNANSWERED");
        assertThat(item.getString("reason")).contains("anna", "datteren siger hun har det godt");
        awaitMessage(Addresses.supervision(TestTown.MUNICIPALITY), InboxMessages.EVENT,
                m -> m.getLong("alarmId") != null && m.getLong("alarmId") == id);
        JsonObject figures = new JsonObject(server.get("/api/v1/suppliers/" + TestTown.CARE + "/figures").body());
        assertThat(figures.getInteger("cancelledUnanswered")).isGreaterThanOrEqualTo(1);
        // a supervisor resolves the item, once
        JsonObject resolved = new JsonObject(server.send("POST", "/api/v1/inbox/" + item.getLong("id") + "/resolve",
                new JsonObject().put("resolution", "talt med leverandøren").encode(), karen).body());
        assertThat(resolved.getString("state")).isEqualTo("RESOLVED");
        assertThat(resolved.getString("resolvedBy")).isEqualTo("karen");
        assertThat(server.send("POST", "/api/v1/inbox/" + item.getLong("id") + "/resolve",
                new JsonObject().put("resolution", "igen").encode(), karen).statusCode()).isEqualTo(409);
    }

    @Test
    void anAlarmFromAnUnboundAccountGoesToMunicipalHomeCareAndTheSupervisorsInbox() throws Exception {
        long id = send("1005", "QA001");
        JsonObject a = awaitState(id, "NOTIFIED");
        JsonObject routing = a.getJsonObject("routing");
        assertThat(routing.getString("target")).isEqualTo("MUNICIPAL_FALLBACK");
        assertThat(routing.getString("unroutableReason")).isEqualTo("NO_DEVICE_BINDING");
        assertThat(routing.getString("supplierId")).isEqualTo(TestTown.HOME);
        assertThat(routing.getString("dutySupplierId")).isNull();
        assertThat(a.getJsonObject("status").getString("holder")).isEqualTo("MUNICIPAL_HOME_CARE");
        awaitMessage(Addresses.supervision(TestTown.MUNICIPALITY), id, AlarmMessages.UNROUTABLE);
        awaitMessage(Addresses.desk(TestTown.HOME), id, AlarmMessages.NEW);
        assertThat(awaitInbox(id, "UNROUTABLE").getString("reason")).contains("NO_DEVICE_BINDING");
        action(id, "respond", new JsonObject().put("response", "HELP_SENT").put("workerId", "h1"), 200, hilda);
    }

    @Test
    void anAlarmNoMunicipalityCanBeFoundForIsHeldByEverySupervisorAndTheyCanAct() throws Exception {
        // a second municipality: an unregistered, unbound device now belongs to neither
        TestTown.post(server.baseUrl(), server.token(), "municipalities", new JsonObject().put("id", "otherby")
                .put("name", "Otherby Kommune").put("profileId", "viborg"));
        long id = send("10F0", "QA001");
        JsonObject a = awaitState(id, "NOTIFIED");
        assertThat(a.getJsonObject("status").getString("holder")).isEqualTo("SUPERVISORS");
        assertThat(a.getJsonObject("status").getString("holderSupplierId")).isNull();
        assertThat(a.getJsonObject("routing").getString("target")).isEqualTo("NONE");
        assertThat(a.getJsonArray("deadlines")).as("no ladder to climb to nobody").isEmpty();
        awaitMessage(Addresses.SUPERVISION_ALL, id, AlarmMessages.UNROUTABLE);
        JsonObject item = awaitInbox(id, "NO_RECIPIENT");
        assertThat(item.getString("municipalityId")).isNull();
        // karen (testby) sees and answers it; a desk cannot
        assertThat(server.send("GET", "/api/v1/alarms/" + id, null, karen).statusCode()).isEqualTo(200);
        action(id, "acknowledge", new JsonObject(), 403, anna);
        JsonObject answered = action(id, "respond", new JsonObject().put("response", "EMERGENCY_112"), 200, karen);
        assertThat(answered.getJsonObject("status").getString("state")).isEqualTo("RESPONDED");

        // registered to testby before any binding: its home care and supervisors get it
        assertThat(server.put("/api/v1/admin/devices/10F1", "{\"municipalityId\":\"" + TestTown.MUNICIPALITY
                + "\"}").statusCode()).isIn(200, 201);
        assertThat(server.put("/api/v1/admin/devices/10F2", "{\"municipalityId\":\"nowhere\"}").statusCode())
                .isEqualTo(400);
        long registered = send("10F1", "QA001");
        JsonObject r = awaitState(registered, "NOTIFIED");
        assertThat(r.getJsonObject("routing").getString("supplierId")).isEqualTo(TestTown.HOME);
        assertThat(r.getJsonObject("routing").getString("unroutableReason")).isEqualTo("NO_DEVICE_BINDING");
        assertThat(awaitInbox(registered, "UNROUTABLE").getString("reason")).contains("registered to municipality "
                + TestTown.MUNICIPALITY);
    }

    @Test
    void aFireAlarmGoesToFireAndRescueTheSupplierIsToldForInformationAndOwesNothing() throws Exception {
        long id = send("1003", "FA001");
        JsonObject a = awaitState(id, "NOTIFIED");
        assertThat(a.getJsonObject("routing").getString("fireAndRescueId")).isEqualTo(TestTown.FIRE);
        assertThat(a.getJsonObject("status").getString("holderSupplierId")).isEqualTo(TestTown.FIRE);
        assertThat(a.getJsonObject("status").getString("holder")).isEqualTo("FIRE_AND_RESCUE");
        assertThat(a.getJsonArray("deadlines")).as("no supplier ladder").isEmpty();
        awaitMessage(Addresses.desk(TestTown.FIRE), id, AlarmMessages.FIRE);
        awaitMessage(Addresses.desk(TestTown.CARE), id, AlarmMessages.INFORMATION);
        action(id, "cancel", new JsonObject().put("reason", "vi tror det er madlavning"), 409, anna);
        action(id, "note", new JsonObject().put("text", "vores medarbejder er på vej for at hjælpe"), 200, anna);
        assertThat(kinds(alarm(id))).doesNotContain("SUPPLIER_FAILURE", "JUSTIFICATION_DUE", "CHARGED");
    }

    @Test
    void aRestoreNeverClosesAnEmergencyItIsAHintButItClosesItsOwnTechnicalCondition() throws Exception {
        long call = send("1004", "QA002");
        JsonObject a = awaitState(call, "NOTIFIED");
        assertThat(a.getJsonObject("routing").getString("supplierId")).isEqualTo(TestTown.HOME);
        long battery = send("1004", "YR002");
        long own = send("1004", "QR002");
        await().atMost(Duration.ofSeconds(10)).until(() -> kinds(alarm(call)).contains("DEVICE_RESTORE"));
        JsonObject still = alarm(call);
        assertThat(still.getJsonObject("status").getString("state")).as("only a person closes a call")
                .isEqualTo("NOTIFIED");
        assertThat(timeline(still, "DEVICE_RESTORE").getString("detail")).contains("alarm " + own);
        awaitMessage(Addresses.desk(TestTown.HOME), call, AlarmMessages.DEVICE_HINT);
        assertThat(alarm(battery).getJsonObject("routing").getString("handling")).isEqualTo("RESTORE");
        long cancel = send("1004", "OC002");
        await().atMost(Duration.ofSeconds(10)).until(() -> kinds(alarm(call)).contains("DEVICE_CANCEL"));
        assertThat(alarm(call).getJsonObject("status").getString("state")).isEqualTo("NOTIFIED");
        assertThat(alarm(cancel).getJsonObject("routing").getString("handling")).isEqualTo("DEVICE_CANCEL");

        long trouble = send("1008", "YT003");
        awaitState(trouble, "NOTIFIED");
        send("1008", "AR003");
        send("1008", "YR003");
        JsonObject closed = awaitState(trouble, "CLOSED");
        assertThat(timeline(closed, "RESTORED").getString("actor")).isEqualTo("device:1008");
    }

    @Test
    void pressesWhileTheCallIsOpenJoinItAndTheIncidentOpensOneJustification() throws Exception {
        long first = send("1006", "QA001");
        long second = send("1006", "QA001");
        awaitState(first, "NOTIFIED");
        JsonObject joined = await().atMost(Duration.ofSeconds(10)).until(() -> alarm(second),
                x -> x.getJsonObject("routing") != null);
        assertThat(joined.getJsonObject("routing").getString("handling")).isEqualTo("REPEATED");
        assertThat(joined.getJsonObject("routing").getLong("incidentAlarmId")).isEqualTo(first);
        awaitMessage(Addresses.desk(TestTown.CARE), first, AlarmMessages.REPEATED);
        assertThat(timeline(alarm(first), "REPEATED").getString("detail")).contains("alarm " + second);
        awaitState(first, "FORWARDED_MUNICIPAL");
        assertThat(action(first, "cancel", new JsonObject().put("reason", "vi klarer det selv"), 409, anna)
                .getString("message")).as("the supplier's desk does not cancel a call municipal home care holds")
                .contains("held by " + TestTown.HOME);
        JsonArray justifications = await().atMost(Duration.ofSeconds(10)).until(() -> new JsonObject(server.get(
                "/api/v1/justifications?supplierId=" + TestTown.CARE + "&state=OPEN,SUBMITTED,ACCEPTED,REJECTED"
                        + "&limit=1000").body()).getJsonArray("items"), j -> j.stream()
                .anyMatch(o -> ((JsonObject) o).getLong("alarmId") == first));
        assertThat(justifications.stream().filter(o -> List.of(first, second)
                .contains(((JsonObject) o).getLong("alarmId")))).as("one incident, one justification").hasSize(1);
    }

    @Test
    void nobodyOnTheChosenSuppliersRosterIsItsFailureMunicipalHomeCareTakesTheCall() throws Exception {
        TestTown.post(server.baseUrl(), server.token(), "suppliers", new JsonObject().put("id", "testby-empty")
                .put("municipalityId", TestTown.MUNICIPALITY).put("name", "Tom Pleje ApS").put("kind", "PRIVATE_CARE")
                .put("phone", "70991003"));
        TestTown.post(server.baseUrl(), server.token(), "citizens", new JsonObject().put("id", "c-hole")
                .put("municipalityId", TestTown.MUNICIPALITY).put("name", "Borger Hul").put("address", "Hulvej 1"));
        TestTown.post(server.baseUrl(), server.token(), "device-bindings", new JsonObject().put("account", "10E0")
                .put("citizenId", "c-hole").put("validFrom", java.time.Instant.now().minusSeconds(3600).toString()));
        TestTown.post(server.baseUrl(), server.token(), "supplier-choices", new JsonObject().put("citizenId", "c-hole")
                .put("supplierId", "testby-empty").put("validFrom", java.time.LocalDate.now(
                        java.time.ZoneId.of("Europe/Copenhagen")).minusDays(1).toString()));
        long id = send("10E0", "QA001");
        JsonObject a = awaitState(id, "NOTIFIED");
        assertThat(a.getJsonObject("routing").getString("unroutableReason")).isEqualTo("NO_ONE_ON_DUTY");
        assertThat(a.getJsonObject("routing").getString("supplierId")).isEqualTo(TestTown.HOME);
        assertThat(a.getJsonObject("routing").getString("dutySupplierId")).isEqualTo("testby-empty");
        assertThat(a.getJsonObject("status").getString("fault")).isEqualTo("SUPPLIER");
        assertThat(kinds(a)).contains("SUPPLIER_FAILURE", "JUSTIFICATION_DUE");
        awaitInbox(id, "UNROUTABLE");
    }

    @Test
    void closingWithAnOutcomeTheContractMakesReportableTellsTheSupervisors() throws Exception {
        long id = send("1009", "QA001");
        awaitState(id, "NOTIFIED");
        action(id, "respond", new JsonObject().put("response", "HELP_SENT").put("workerId", "p1"), 200, anna);
        action(id, "close", new JsonObject().put("outcome", "ADMITTED").put("note", "indlagt med ambulance"), 200,
                anna);
        assertThat(awaitInbox(id, "REPORTABLE_OUTCOME").getString("reason")).contains("ADMITTED", "§4.2");
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
        assertThat(server.server.supervision().check(java.time.Instant.now(), dk.vagtcentral.server.cluster.Fence.NONE)).as("registered just now").isZero();
        // six minutes of silence
        try (var c = server.server.database().connection();
             var p = c.prepareStatement("UPDATE devices SET created_at = ? WHERE account = '3000'")) {
            p.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(6));
            p.executeUpdate();
            c.commit();
        }
        assertThat(server.server.supervision().check(java.time.Instant.now(), dk.vagtcentral.server.cluster.Fence.NONE)).isEqualTo(1);
        assertThat(server.server.supervision().check(java.time.Instant.now(), dk.vagtcentral.server.cluster.Fence.NONE)).as("one alarm per silence").isZero();

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
        return action(id, action, body.put("actor", body.getString("actor", "desk:test")), expected, admin);
    }

    /** An action as the signed-in user of {@code token} (the recorded actor is that user). */
    static JsonObject action(long id, String action, JsonObject body, int expected, String token) throws Exception {
        HttpResponse<String> r = server.send("POST", "/api/v1/alarms/" + id + "/" + action, body.encode(), token);
        assertThat(r.statusCode()).as(action + " -> " + r.body()).isEqualTo(expected);
        return new JsonObject(r.body());
    }

    /** The alarm's items on the supervisors' inbox, as its municipality's supervisor lists them. */
    static List<JsonObject> inbox(long alarmId) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/inbox?state=ALL&alarmId=" + alarmId);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    }

    static JsonObject awaitInbox(long alarmId, String kind) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> inbox(alarmId).stream().filter(i -> i.getString("kind").equals(kind)).findFirst()
                        .orElse(null), i -> i != null);
    }

    static JsonObject awaitMessage(String address, String event, java.util.function.Predicate<JsonObject> match) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> bus.get(address).stream().filter(m -> event.equals(m.getString("event")) && match.test(m))
                        .findFirst().orElse(null), m -> m != null);
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
