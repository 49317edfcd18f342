package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real answers of a running server, checked against the response schemas of {@code openapi.yaml} with vertx-openapi's
 * response validator: the status must be one the operation declares (or its default), and a JSON body must fit that
 * response's schema (types, nullability, enums, required fields). So an answer that drifts from the contract fails
 * the build. A town, users of every role, alarms in several states, a forwarded call with its justification and
 * inbox items are made first; then each area's operations are called as the callers who use them, with the
 * refusals (400, 401, 403, 404, 409) among them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractResponsesTest {
    static final String PW = "correct horse battery";

    @TempDir
    static Path dir;
    TestServer server;
    Vertx vertx;
    OpenAPIContract contract;
    ResponseValidator validator;
    final JsonObject document = ApiContract.document();
    final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, String> tokens = new LinkedHashMap<>();
    final AtomicInteger seq = new AtomicInteger(5000);
    long alarm;
    long forwarded;
    long justification;
    long inboxItem;
    long unbound;

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        contract = ApiContract.load(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        validator = ResponseValidator.create(vertx, contract);
        server = TestServer.start(dir, Map.of());
        TestTown.create(server.baseUrl(), null);
        server.createUser("sup", PW, "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        server.createUser("disp", PW, "DISPATCHER", TestTown.CARE, null, null);
        server.createUser("worker", PW, "WORKER", TestTown.CARE, null, "p1");
        tokens.put("admin", server.token());
        for (String who : List.of("sup", "disp", "worker")) {
            tokens.put(who, TestServer.login(server.baseUrl(), who, PW));
        }
        alarm = TestTown.send(server, seq.incrementAndGet(), "1000", "QA001");
        forwarded = TestTown.send(server, seq.incrementAndGet(), "1001", "MA001");
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(alarm) && routed(forwarded));
        ok(200, call("disp", "POST", "/api/v1/alarms/" + forwarded + "/forward",
                new JsonObject().put("target", "MUNICIPAL_HOME_CARE").put("reason", "no one free")));
        justification = await().atMost(Duration.ofSeconds(10)).until(() -> firstId(call("admin", "GET",
                "/api/v1/justifications?supplierId=" + TestTown.CARE, null)), id -> id != null);
        // account 1005 is bound to nobody but registered to the town: an unroutable call on its inbox
        ok(200, call("admin", "PUT", "/api/v1/admin/devices/1005",
                new JsonObject().put("municipalityId", TestTown.MUNICIPALITY).put("label", "stue")));
        unbound = TestTown.send(server, seq.incrementAndGet(), "1005", "QA001");
        inboxItem = await().atMost(Duration.ofSeconds(10)).until(() -> firstId(call("sup", "GET",
                "/api/v1/inbox?municipalityId=" + TestTown.MUNICIPALITY + "&kind=UNROUTABLE", null)), id -> id != null);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void operationsAndHealth() throws Exception {
        ok(200, call(null, "GET", "/health", null));
        ok(200, call(null, "GET", "/health/live", null));
        ok(200, call(null, "GET", "/health/ready", null));
        ok(200, call(null, "GET", "/metrics", null));
        ok(200, call(null, "GET", "/api/openapi.yaml", null));
    }

    @Test
    void accountsAndUsers() throws Exception {
        ok(200, call("worker", "GET", "/api/v1/me", null));
        ok(200, call("admin", "GET", "/api/v1/admin/users", null));
        ok(200, call("admin", "GET", "/api/v1/admin/users/disp", null));
        ok(201, call("admin", "POST", "/api/v1/admin/users", new JsonObject().put("username", "sup2")
                .put("displayName", "Sup To").put("role", "SUPERVISOR").put("municipalityId", TestTown.MUNICIPALITY)
                .put("password", PW)));
        ok(200, call("admin", "PUT", "/api/v1/admin/users/sup2/role", new JsonObject().put("role", "DISPATCHER")
                .put("supplierId", TestTown.HOME)));
        ok(200, call("admin", "PUT", "/api/v1/admin/users/sup2/password", new JsonObject().put("password", PW + "!")));
        ok(200, call("admin", "POST", "/api/v1/admin/users/sup2/disable", new JsonObject()));
        ok(200, call("admin", "POST", "/api/v1/admin/users/sup2/enable", new JsonObject()));
        ok(404, call("admin", "GET", "/api/v1/admin/users/nobody", null));
        ok(409, call("admin", "POST", "/api/v1/admin/users", new JsonObject().put("username", "disp")
                .put("displayName", "D").put("role", "DISPATCHER").put("supplierId", TestTown.CARE).put("password", PW)));
        ok(400, call("admin", "POST", "/api/v1/admin/users", new JsonObject().put("username", 5)));
        ok(401, call(null, "GET", "/api/v1/me", null));
        ok(403, call("disp", "GET", "/api/v1/admin/users", null));
        ok(401, call(null, "POST", "/api/v1/login", new JsonObject().put("username", "disp").put("password", "wrong")));
        String token = TestServer.login(server.baseUrl(), "worker", PW);
        ok(204, send("POST", "/api/v1/logout", null, token));
    }

    @Test
    void alarmsAndTheirActions() throws Exception {
        ok(200, call("admin", "GET", "/api/v1/alarms?limit=50", null));
        ok(200, call("disp", "GET", "/api/v1/alarms?account=1000", null));
        ok(200, call("admin", "GET", "/api/v1/alarms/" + alarm, null));
        ok(200, call("sup", "GET", "/api/v1/alarms/" + forwarded, null));
        ok(404, call("admin", "GET", "/api/v1/alarms/999999", null));
        ok(400, call("admin", "GET", "/api/v1/alarms/abc", null));
        ok(400, call("admin", "GET", "/api/v1/alarms?limit=0", null));
        ok(403, call("worker", "GET", "/api/v1/alarms/" + forwarded + "0", null));

        long call = TestTown.send(server, seq.incrementAndGet(), "1002", "MA001");
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(call));
        String path = "/api/v1/alarms/" + call;
        ok(200, call("disp", "POST", path + "/acknowledge", new JsonObject()));
        ok(200, call("disp", "POST", path + "/note", new JsonObject().put("text", "ringer op")));
        ok(400, call("disp", "POST", path + "/respond", new JsonObject().put("response", "TAXI")));
        ok(409, call("disp", "POST", path + "/on-site", new JsonObject()));
        ok(200, call("disp", "POST", path + "/respond", new JsonObject().put("response", "HELP_SENT")
                .put("workerId", "p1")));
        ok(200, call("worker", "POST", path + "/on-site", new JsonObject()));
        ok(200, call("worker", "POST", path + "/close", new JsonObject().put("outcome", "NO_INJURY")
                .put("note", "alt vel")));
        ok(403, call("worker", "POST", path + "/forward", new JsonObject()));

        long cancelled = TestTown.send(server, seq.incrementAndGet(), "1003", "MA001");
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(cancelled));
        ok(200, call("disp", "POST", "/api/v1/alarms/" + cancelled + "/cancel", new JsonObject()
                .put("reason", "fejltryk")));

        // JSON ingest with the integration key
        JsonObject ingest = new JsonObject().put("account", "1004").put("eventCode", "QA").put("zone", "001")
                .put("text", "fra integration");
        ok(201, send("POST", "/api/v1/alarms", ingest.encode(), null, "Idempotency-Key", "k-1"));
        ok(200, send("POST", "/api/v1/alarms", ingest.encode(), null, "Idempotency-Key", "k-1"));
        ok(422, send("POST", "/api/v1/alarms", ingest.copy().put("account", "FFF9").encode(), null));
        ok(400, send("POST", "/api/v1/alarms", "{\"account\": 7}", null));
        ok(401, send("POST", "/api/v1/alarms", ingest.encode(), null, "X-Api-Key", "wrong"));
    }

    @Test
    void devices() throws Exception {
        ok(200, call("admin", "GET", "/api/v1/devices", null));
        ok(201, call("admin", "PUT", "/api/v1/admin/devices/ABC9", new JsonObject().put("label", "ny")
                .put("supervisionInterval", "PT25H")));
        ok(200, call("admin", "PUT", "/api/v1/admin/devices/ABC9", new JsonObject().put("label", "ny igen")
                .put("aesKey", "00112233445566778899AABBCCDDEEFF")));
        ok(200, call("admin", "GET", "/api/v1/unknown-devices", null));
    }

    @Test
    void referenceData() throws Exception {
        for (String r : List.of("municipalities", "suppliers", "citizens", "device-bindings", "supplier-choices",
                "shifts")) {
            HttpResponse<String> list = call("admin", "GET", "/api/v1/admin/" + r, null);
            ok(200, list);
            JsonArray items = new JsonObject(list.body()).getJsonArray("items");
            String id = items.getJsonObject(0).getString("id");
            ok(200, call("admin", "GET", "/api/v1/admin/" + r + "/" + id, null));
            ok(200, call("admin", "GET", "/api/v1/admin/" + r + "/" + id + "/history", null));
            ok(404, call("admin", "GET", "/api/v1/admin/" + r + "/nothing-here", null));
        }
        ok(201, call("admin", "POST", "/api/v1/admin/municipalities", new JsonObject().put("id", "andetby")
                .put("name", "Andetby Kommune").put("profileId", "odder")));
        ok(200, call("admin", "PUT", "/api/v1/admin/municipalities/andetby", new JsonObject()
                .put("name", "Andetby Kommune").put("profileId", "viborg").put("version", 1)));
        ok(409, call("admin", "PUT", "/api/v1/admin/municipalities/andetby", new JsonObject()
                .put("name", "Andetby").put("profileId", "viborg").put("version", 1)));
        ok(201, call("admin", "POST", "/api/v1/admin/suppliers", new JsonObject().put("id", "andet-care")
                .put("municipalityId", "andetby").put("name", "Andet ApS").put("kind", "PRIVATE_CARE")
                .put("phone", "70991111").put("webhookUrl", "http://127.0.0.1:9/hook").put("scaipVoiceCallsDesk", true)));
        ok(200, call("admin", "POST", "/api/v1/admin/suppliers/andet-care/webhook-secret", new JsonObject()));
        ok(200, call("admin", "POST", "/api/v1/admin/suppliers/andet-care/suspend", new JsonObject()
                .put("reason", "konkurs")));
        ok(409, call("admin", "POST", "/api/v1/admin/suppliers/andet-care/suspend", new JsonObject()
                .put("reason", "igen")));
        ok(200, call("admin", "POST", "/api/v1/admin/suppliers/andet-care/reinstate", new JsonObject()
                .put("reason", "ophævet")));
        ok(422, call("admin", "POST", "/api/v1/admin/citizens", new JsonObject().put("id", "x1")
                .put("municipalityId", "nowhere").put("name", "X").put("address", "Y")));
        ok(400, call("admin", "POST", "/api/v1/admin/citizens", new JsonObject().put("id", "x1").put("extra", 1)));
        String tomorrow = LocalDate.now(ZoneId.of("Europe/Copenhagen")).plusDays(1).toString();
        HttpResponse<String> shift = call("admin", "POST", "/api/v1/admin/shifts", new JsonObject()
                .put("supplierId", TestTown.CARE).put("workerId", "p9").put("workerName", "Pia")
                .put("start", tomorrow + "T08:00:00Z").put("end", tomorrow + "T16:00:00Z"));
        ok(201, shift);
        ok(204, call("admin", "DELETE", "/api/v1/admin/shifts/" + new JsonObject(shift.body()).getString("id"), null));
        HttpResponse<String> choice = call("admin", "POST", "/api/v1/admin/supplier-choices", new JsonObject()
                .put("citizenId", "c3").put("supplierId", TestTown.HOME).put("validFrom", tomorrow));
        ok(409, choice);
        ok(200, call("admin", "GET", "/api/v1/admin/routing?account=1000", null));
        // the citizen card's fields: an update without keyBoxCode keeps the code on record, which is never shown
        JsonObject c19 = new JsonObject(call("admin", "GET", "/api/v1/admin/citizens/c19", null).body());
        HttpResponse<String> updated = call("admin", "PUT", "/api/v1/admin/citizens/c19", new JsonObject()
                .put("municipalityId", c19.getString("municipalityId")).put("name", c19.getString("name"))
                .put("address", c19.getString("address")).put("phone", "+45 20 30 40 99").put("language", "tr")
                .put("contacts", c19.getJsonArray("contacts")).put("version", c19.getInteger("version")));
        ok(200, updated);
        assertThat(new JsonObject(updated.body()).getBoolean("keyBoxCodeSet")).isTrue();
        assertThat(updated.body()).doesNotContain(TestTown.keyBoxCode(19));
        ok(400, call("admin", "PUT", "/api/v1/admin/citizens/c19", new JsonObject()
                .put("municipalityId", c19.getString("municipalityId")).put("name", "X").put("address", "Y")
                .put("language", "Dansk")));
        ok(200, call("admin", "GET", "/api/v1/admin/shifts?supplierId=" + TestTown.CARE, null));
    }

    @Test
    void trail() throws Exception {
        ok(200, call("sup", "GET", "/api/v1/justifications?municipalityId=" + TestTown.MUNICIPALITY, null));
        ok(200, call("disp", "GET", "/api/v1/justifications/" + justification, null));
        ok(403, call("sup", "GET", "/api/v1/justifications", null));
        ok(400, call("disp", "POST", "/api/v1/justifications/" + justification + "/submit", new JsonObject()));
        ok(200, call("disp", "POST", "/api/v1/justifications/" + justification + "/submit",
                new JsonObject().put("text", "alle medarbejdere var optaget")));
        ok(200, call("sup", "POST", "/api/v1/justifications/" + justification + "/reject",
                new JsonObject().put("reason", "uddyb")));
        ok(409, call("sup", "POST", "/api/v1/justifications/" + justification + "/accept", new JsonObject()));
        ok(200, call("sup", "GET", "/api/v1/justifications/" + justification, null));
        // a decision names the version read: refused once a newer one has arrived
        ok(200, call("disp", "POST", "/api/v1/justifications/" + justification + "/submit",
                new JsonObject().put("text", "alle tre medarbejdere var hos andre borgere")));
        ok(409, call("sup", "POST", "/api/v1/justifications/" + justification + "/accept",
                new JsonObject().put("version", 1)));
        refused("version", "must be at least 1", call("sup", "POST", "/api/v1/justifications/" + justification
                + "/accept", new JsonObject().put("version", 0)));
        HttpResponse<String> accepted = call("sup", "POST", "/api/v1/justifications/" + justification + "/accept",
                new JsonObject().put("version", 2));
        ok(200, accepted);
        assertThat(new JsonObject(accepted.body()).getJsonArray("decisions").stream()
                .map(d -> ((JsonObject) d).getInteger("version"))).containsExactly(1, 2);
        ok(200, call("disp", "GET", "/api/v1/action-plans?supplierId=" + TestTown.CARE + "&state=REQUIRED,SUBMITTED",
                null));
        ok(200, call("sup", "GET", "/api/v1/breach-candidates?municipalityId=" + TestTown.MUNICIPALITY, null));
        ok(404, call("admin", "GET", "/api/v1/action-plans/999999", null));
        ok(400, call("admin", "GET", "/api/v1/breach-candidates?state=MAYBE", null));

        // a second forward by the supplier's own desk in the month: Odder's contract requires an action plan
        long second = forwardedByTheDesk("1006");
        Long plan = await().atMost(Duration.ofSeconds(10)).until(() -> firstId(call("disp", "GET",
                "/api/v1/action-plans?supplierId=" + TestTown.CARE + "&state=REQUIRED", null)), id -> id != null);
        ok(200, call("sup", "GET", "/api/v1/action-plans/" + plan, null));
        String today = LocalDate.now(ZoneId.of("Europe/Copenhagen")).toString();
        ok(200, call("disp", "POST", "/api/v1/action-plans/" + plan + "/submit", new JsonObject()
                .put("text", "flere på vagt").put("measures", "en ekstra medarbejder om natten").put("startsOn", today)
                .put("endsOn", LocalDate.parse(today).plusMonths(3).toString())));
        ok(409, call("sup", "POST", "/api/v1/action-plans/" + plan + "/approve", new JsonObject().put("version", 2)));
        ok(200, call("sup", "POST", "/api/v1/action-plans/" + plan + "/approve", new JsonObject().put("version", 1)));
        ok(409, call("sup", "POST", "/api/v1/action-plans/" + plan + "/reject", new JsonObject().put("reason", "nej")));
        // a failure within the follow-up after approval: a material-breach candidate
        forwardedByTheDesk("1007");
        Long breach = await().atMost(Duration.ofSeconds(10)).until(() -> firstId(call("sup", "GET",
                "/api/v1/breach-candidates?municipalityId=" + TestTown.MUNICIPALITY, null)), id -> id != null);
        HttpResponse<String> read = call("disp", "GET", "/api/v1/breach-candidates/" + breach, null);
        ok(200, read);
        assertThat(new JsonObject(read.body()).getJsonObject("actionPlan").getLong("id")).isEqualTo(plan);
        ok(200, call("sup", "POST", "/api/v1/breach-candidates/" + breach + "/dismiss",
                new JsonObject().put("reason", "planen følges")));
        ok(200, call("admin", "GET", "/api/v1/alarms/" + second, null));
        HttpResponse<String> escalations = call("sup", "GET", "/api/v1/escalations?municipalityId="
                + TestTown.MUNICIPALITY, null);
        ok(200, escalations);
        assertThat(new JsonObject(escalations.body()).getJsonArray("items")).as("the manual forwards").isNotEmpty();
        HttpResponse<String> statement = call("sup", "GET", "/api/v1/suppliers/" + TestTown.CARE + "/statement?month="
                + YearMonth.now(ZoneId.of("Europe/Copenhagen")), null);
        ok(200, statement);
    }

    /** A call of {@code account} forwarded to the municipal home care by the supplier's own desk. */
    long forwardedByTheDesk(String account) throws Exception {
        long id = TestTown.send(server, seq.incrementAndGet(), account, "MA001");
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(id));
        ok(200, call("disp", "POST", "/api/v1/alarms/" + id + "/forward",
                new JsonObject().put("target", "MUNICIPAL_HOME_CARE").put("reason", "ingen ledige")));
        return id;
    }

    @Test
    void reports() throws Exception {
        String care = "/api/v1/suppliers/" + TestTown.CARE;
        ok(200, call("sup", "GET", care + "/figures", null));
        ok(200, call("disp", "GET", care + "/figures?from=2026-01-01&to=2026-02-01", null));
        ok(200, call("sup", "GET", care + "/figures?format=csv", null));
        ok(200, call("sup", "GET", care + "/statement?month=" + YearMonth.now(ZoneId.of("Europe/Copenhagen")), null));
        ok(200, call("sup", "GET", care + "/statement?month=2026-11&format=csv", null));
        ok(400, call("sup", "GET", care + "/statement", null));
        ok(200, call("disp", "GET", care + "/coverage?days=3", null));
        ok(400, call("sup", "GET", care + "/figures?from=yesterday", null));
        ok(404, call("admin", "GET", "/api/v1/suppliers/nobody/figures", null));
        ok(200, call("sup", "GET", "/api/v1/escalations?municipalityId=" + TestTown.MUNICIPALITY, null));
        ok(200, call("sup", "GET", "/api/v1/suppliers?municipalityId=" + TestTown.MUNICIPALITY, null));
        ok(400, call("admin", "GET", "/api/v1/suppliers", null));
    }

    @Test
    void supervisionCountsAndSupplierComparison() throws Exception {
        String town = "?municipalityId=" + TestTown.MUNICIPALITY;
        HttpResponse<String> counts = call("sup", "GET", "/api/v1/supervision/counts" + town, null);
        ok(200, counts);
        JsonObject inbox = new JsonObject(counts.body()).getJsonObject("inbox");
        assertThat(inbox.getJsonObject("byKind").stream().mapToInt(e -> (Integer) e.getValue()).sum())
                .isEqualTo(inbox.getInteger("open"));
        ok(200, call("admin", "GET", "/api/v1/supervision/counts" + town, null));
        ok(400, call("admin", "GET", "/api/v1/supervision/counts", null));
        ok(403, call("sup", "GET", "/api/v1/supervision/counts", null));
        ok(403, call("sup", "GET", "/api/v1/supervision/counts?municipalityId=elsewhere", null));
        ok(403, call("disp", "GET", "/api/v1/supervision/counts" + town, null));
        ok(401, call(null, "GET", "/api/v1/supervision/counts" + town, null));

        YearMonth month = YearMonth.now(ZoneId.of("Europe/Copenhagen"));
        HttpResponse<String> compared = call("sup", "GET", "/api/v1/supplier-comparison" + town, null);
        ok(200, compared);
        assertThat(new JsonObject(compared.body()).getJsonArray("suppliers").stream()
                .map(o -> ((JsonObject) o).getString("id"))).contains(TestTown.CARE, TestTown.HOME);
        ok(200, call("sup", "GET", "/api/v1/supplier-comparison" + town + "&from=" + month.minusMonths(2) + "&to="
                + month + "&format=csv", null));
        ok(400, call("sup", "GET", "/api/v1/supplier-comparison" + town + "&from=2026-13", null));
        ok(400, call("admin", "GET", "/api/v1/supplier-comparison", null));
        ok(403, call("sup", "GET", "/api/v1/supplier-comparison?municipalityId=elsewhere", null));
        ok(403, call("worker", "GET", "/api/v1/supplier-comparison" + town, null));
    }

    @Test
    void deskInboxAndCitizens() throws Exception {
        ok(200, call("disp", "GET", "/api/v1/desk/alarms", null));
        ok(200, call("worker", "GET", "/api/v1/desk/alarms", null));
        ok(200, call("admin", "GET", "/api/v1/desk/on-duty?supplierId=" + TestTown.CARE, null));
        ok(400, call("admin", "GET", "/api/v1/desk/alarms", null));
        ok(403, call("disp", "GET", "/api/v1/desk/alarms?supplierId=" + TestTown.HOME, null));
        ok(200, call("sup", "GET", "/api/v1/inbox?municipalityId=" + TestTown.MUNICIPALITY + "&state=ALL", null));
        ok(200, call("sup", "GET", "/api/v1/inbox/" + inboxItem, null));
        ok(200, call("sup", "POST", "/api/v1/inbox/" + inboxItem + "/resolve",
                new JsonObject().put("resolution", "borger ringet op")));
        ok(409, call("sup", "POST", "/api/v1/inbox/" + inboxItem + "/resolve",
                new JsonObject().put("resolution", "igen")));
        ok(404, call("admin", "GET", "/api/v1/inbox/999999", null));
        ok(200, call("sup", "GET", "/api/v1/citizens/c0/export", null));
        ok(200, call("sup", "GET", "/api/v1/citizens/c0/access-log?limit=5", null));
        ok(404, call("admin", "GET", "/api/v1/citizens/nobody/export", null));
    }

    @Test
    void theDesksCardKeyCodeHistoryAndRenotify() throws Exception {
        long call = TestTown.send(server, seq.incrementAndGet(), "1008", "MA001");
        long notice = TestTown.send(server, seq.incrementAndGet(), "1009", "YT001");
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(call) && routed(notice));
        // the queue with a call, a technical notice, and for the worker its own call first
        ok(200, call("disp", "GET", "/api/v1/desk/alarms", null));
        ok(200, call("worker", "GET", "/api/v1/desk/alarms", null));
        String card = "/api/v1/desk/alarms/" + call + "/card";
        ok(200, call("disp", "GET", card, null));
        ok(200, call("worker", "GET", card, null));
        ok(200, call("disp", "GET", "/api/v1/desk/alarms/" + notice + "/card", null));
        ok(200, call("admin", "GET", "/api/v1/desk/alarms/" + unbound + "/card", null));
        ok(403, call("sup", "GET", card, null));
        ok(404, call("admin", "GET", "/api/v1/desk/alarms/999999/card", null));
        ok(400, call("admin", "GET", "/api/v1/desk/alarms/abc/card", null));
        ok(200, call("disp", "POST", "/api/v1/alarms/" + call + "/renotify",
                new JsonObject().put("reason", "ingen reaktion")));
        ok(403, call("worker", "POST", "/api/v1/alarms/" + call + "/renotify", new JsonObject()));
        String keyCode = "/api/v1/desk/alarms/" + call + "/key-code";
        ok(200, call("disp", "POST", keyCode, null));
        ok(200, call("worker", "POST", keyCode, null));
        ok(403, call("sup", "POST", keyCode, null));
        ok(403, call("disp", "POST", "/api/v1/desk/alarms/" + notice + "/key-code", null));
        ok(404, call("admin", "POST", "/api/v1/desk/alarms/" + unbound + "/key-code", null));
        ok(200, call("disp", "POST", "/api/v1/alarms/" + call + "/respond",
                new JsonObject().put("response", "EMERGENCY_112")));
        ok(409, call("disp", "POST", "/api/v1/alarms/" + call + "/renotify", new JsonObject()));
        ok(200, call("disp", "POST", "/api/v1/alarms/" + call + "/close",
                new JsonObject().put("outcome", "ADMITTED").put("note", "indlagt")));
        ok(403, call("disp", "POST", keyCode, null));
        ok(409, call("admin", "POST", keyCode, null));
        ok(200, call("disp", "POST", "/api/v1/alarms/" + notice + "/close",
                new JsonObject().put("outcome", "DEVICE_FIXED").put("note", "nyt batteri")));
        // the card of a citizen with ended alarms; the history with how each ended
        ok(200, call("disp", "GET", card, null));
        HttpResponse<String> history = call("disp", "GET", "/api/v1/desk/history?outcome=ADMITTED", null);
        ok(200, history);
        assertThat(DeskApiTest.ids(new JsonObject(history.body()).getJsonArray("items"))).contains(call);
        ok(200, call("worker", "GET", "/api/v1/desk/history?q=borger", null));
        HttpResponse<String> first = call("admin", "GET", "/api/v1/desk/history?supplierId=" + TestTown.CARE
                + "&limit=1", null);
        ok(200, first);
        String next = new JsonObject(first.body()).getString("nextCursor");
        assertThat(next).isNotNull();
        ok(200, call("admin", "GET", "/api/v1/desk/history?supplierId=" + TestTown.CARE + "&limit=1&cursor="
                + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8), null));
        ok(400, call("disp", "GET", "/api/v1/desk/history?from=yesterday", null));
        ok(400, call("disp", "GET", "/api/v1/desk/history?outcome=MAYBE", null));
        ok(400, call("admin", "GET", "/api/v1/desk/history", null));
        ok(403, call("sup", "GET", "/api/v1/desk/history", null));
        ok(403, call("disp", "GET", "/api/v1/desk/history?supplierId=" + TestTown.HOME, null));
    }

    @Test
    void aRequestThatDoesNotFitTheContractIsRefusedNamingTheField() throws Exception {
        refused("limit", "must be at least 1", call("admin", "GET", "/api/v1/alarms?limit=0", null));
        refused("limit", "must be a whole number", call("admin", "GET", "/api/v1/alarms?limit=ten", null));
        refused("id", "must be a whole number", call("admin", "GET", "/api/v1/alarms/abc", null));
        refused("account", "must match ^[0-9A-Fa-f]{3,16}$", call("admin", "GET", "/api/v1/admin/routing?account=xyz",
                null));
        refused("account", "is required", call("admin", "GET", "/api/v1/admin/routing", null));
        refused("response", "must be one of HELP_SENT, NURSE_REQUESTED, DOCTOR_CONTACTED, EMERGENCY_112",
                call("disp", "POST", "/api/v1/alarms/" + alarm + "/respond", new JsonObject().put("response", "TAXI")));
        refused("text", "is required", call("disp", "POST", "/api/v1/alarms/" + alarm + "/note", new JsonObject()));
        refused("noticeOverride.reason", "is required", call("admin", "POST", "/api/v1/admin/supplier-choices",
                new JsonObject().put("citizenId", "c3").put("supplierId", TestTown.HOME)
                        .put("validFrom", "2030-01-01").put("noticeOverride", new JsonObject())));
        refused("why", "is not a known field", call("admin", "POST", "/api/v1/admin/suppliers/" + TestTown.CARE
                + "/reinstate", new JsonObject().put("reason", "ok").put("why", "x")));
        HttpResponse<String> notJson = send("POST", "/api/v1/alarms/" + alarm + "/note", "[1]", tokens.get("disp"));
        ok(400, notJson);
        assertThat(new JsonObject(notJson.body()).getString("message")).isEqualTo("body must be a JSON object");
        // refused before the request is looked at: a caller without the right learns nothing of its shape
        ok(403, call("worker", "POST", "/api/v1/alarms/" + alarm + "/forward", new JsonObject().put("target", 5)));
    }

    private void refused(String field, String problem, HttpResponse<String> r) {
        ok(400, r);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo("bad_request");
        assertThat(body.getString("message")).as(r.body()).isEqualTo(field + ": " + problem);
        assertThat(body.getJsonArray("fields").stream().map(o -> ((JsonObject) o).getString("field")))
                .as(r.body()).contains(field);
    }

    @Test
    void theCheckCatchesAnAnswerThatDriftsFromTheSchema() throws Exception {
        JsonObject real = new JsonObject(call("admin", "GET", "/api/v1/alarms/" + alarm, null).body());
        assertThat(violation("getAlarm", 200, real.encode(), "application/json")).isNull();
        assertThat(violation("getAlarm", 200, real.copy().put("id", String.valueOf(real.getLong("id"))).encode(),
                "application/json")).contains("id");
        assertThat(violation("getAlarm", 200, real.copy().put("receivedAt", null).encode(), "application/json"))
                .contains("receivedAt");
        assertThat(violation("getAlarm", 418, "{}", "application/json")).contains("418");
    }

    // ---------------------------------------------------------------- plumbing

    /** Sends a request as {@code who} (null: no token) and checks the answer against the contract. */
    HttpResponse<String> call(String who, String method, String path, JsonObject body) throws Exception {
        return send(method, path, body == null ? null : body.encode(), who == null ? null : tokens.get(who));
    }

    HttpResponse<String> send(String method, String path, String body, String token, String... headers)
            throws Exception {
        HttpResponse<String> r = server.send(method, path, body, token, headers);
        String bare = URI.create(path).getPath();
        Operation op = contract.findOperation(bare, HttpMethod.valueOf(method));
        assertThat(op).as("an operation for " + method + " " + bare).isNotNull();
        String type = r.headers().firstValue("content-type").orElse("");
        String problem = violation(op.getOperationId(), r.statusCode(), r.body(), type);
        if (problem != null) {
            violations.add(method + " " + path + " -> " + r.statusCode() + ": " + problem + "\n    " + abbreviated(r.body()));
        }
        return r;
    }

    /** Why the answer does not fit the operation's declared response, or null when it does. */
    String violation(String operationId, int status, String body, String contentType) throws Exception {
        String base = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        // the validator reads JSON bodies; any other answer must only be declared with its status and media type
        if (!base.equals("application/json")) {
            JsonObject responses = operationJson(operationId).getJsonObject("responses");
            JsonObject declared = responses.getJsonObject(Integer.toString(status),
                    responses.getJsonObject("default"));
            if (declared == null) {
                return "status " + status + " is not declared";
            }
            if (declared.containsKey("$ref")) {
                String ref = declared.getString("$ref");
                declared = document.getJsonObject("components").getJsonObject("responses")
                        .getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
            }
            JsonObject content = declared.getJsonObject("content", new JsonObject());
            return body.isEmpty() && content.isEmpty() || content.containsKey(base) ? null
                    : "media type " + base + " is not declared for " + status;
        }
        try {
            validator.validate(ValidatableResponse.create(status, Buffer.buffer(body), "application/json"),
                    operationId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SchemaValidationException s) {
                List<String> errors = new ArrayList<>();
                for (OutputUnit u : s.getOutputUnit().getErrors()) {
                    errors.add(u.getInstanceLocation() + ": " + u.getError());
                }
                return s.getMessage() + " " + errors;
            }
            return String.valueOf(cause.getMessage());
        }
    }

    /** The operation as the served document has it (with the media types vertx-openapi is not given). */
    private JsonObject operationJson(String operationId) {
        Operation op = contract.operation(operationId);
        return document.getJsonObject("paths").getJsonObject(op.getOpenAPIPath())
                .getJsonObject(op.getHttpMethod().name().toLowerCase(Locale.ROOT));
    }

    /** The answer had {@code status}; a wrong one is reported with the contract's violations. */
    void ok(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            violations.add(r.request().method() + " " + r.uri().getPath() + ": expected " + status + ", got "
                    + r.statusCode() + " " + abbreviated(r.body()));
        }
    }

    @AfterEach
    void noViolations() {
        List<String> found = new ArrayList<>(violations);
        violations.clear();
        assertThat(found).as("answers that do not fit openapi.yaml").isEmpty();
    }

    private static String abbreviated(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }

    boolean routed(long id) throws Exception {
        JsonObject a = new JsonObject(server.get("/api/v1/alarms/" + id).body());
        return a.getJsonObject("routing") != null && a.getJsonObject("routing").getString("supplierId") != null;
    }

    static Long firstId(HttpResponse<String> r) {
        JsonArray items = new JsonObject(r.body()).getJsonArray("items");
        return items == null || items.isEmpty() ? null : items.getJsonObject(0).getLong("id");
    }
}
