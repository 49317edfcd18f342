package dk.vagtcentral.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route × every kind of caller: the administrator, a supervisor of the alarm's municipality and of another, a
 * dispatcher of the alarm's supplier, of another supplier in the same municipality and of a supplier elsewhere, a
 * field worker of the alarm's supplier and one elsewhere, and nobody (no token). "Allowed" means the route ran (any
 * answer but 401/403; bodies are left empty or invalid where the route changes something, so nothing changes);
 * everything else must be 403 {@code forbidden}, and 401 without a token.
 */
class AuthMatrixTest {
    enum Who { ADMIN, SUP_OWN, SUP_OTHER, DISP_OWN, DISP_SAME_TOWN, DISP_FAR, WORKER_OWN, WORKER_FAR, ANON }

    static final String PW = "correct horse battery";
    static final String FAR = "fjernby";
    static final String FAR_CARE = "fjernby-care";

    @TempDir
    static Path dir;
    static TestServer server;
    static final Map<Who, String> tokens = new LinkedHashMap<>();
    static final AtomicInteger seq = new AtomicInteger(3000);
    static long alarm;
    static long forwarded;
    static long justification;
    static long inboxItem;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of());
        TestTown.create(server.baseUrl(), null);
        expect(201, server.post("/api/v1/admin/municipalities",
                "{\"id\":\"" + FAR + "\",\"name\":\"Fjernby Kommune\",\"profileId\":\"odder\"}"));
        expect(201, server.post("/api/v1/admin/suppliers", "{\"id\":\"" + FAR_CARE + "\",\"municipalityId\":\"" + FAR
                + "\",\"name\":\"Fjern Omsorg\",\"kind\":\"PRIVATE_CARE\",\"phone\":\"70991004\"}"));
        user("sup-own", "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        user("sup-other", "SUPERVISOR", null, FAR, null);
        user("disp-own", "DISPATCHER", TestTown.CARE, null, null);
        user("disp-home", "DISPATCHER", TestTown.HOME, null, null);
        user("disp-far", "DISPATCHER", FAR_CARE, null, null);
        user("worker-own", "WORKER", TestTown.CARE, null, "p1");
        user("worker-far", "WORKER", FAR_CARE, null, "f1");
        tokens.put(Who.ADMIN, server.token());
        tokens.put(Who.SUP_OWN, TestServer.login(server.baseUrl(), "sup-own", PW));
        tokens.put(Who.SUP_OTHER, TestServer.login(server.baseUrl(), "sup-other", PW));
        tokens.put(Who.DISP_OWN, TestServer.login(server.baseUrl(), "disp-own", PW));
        tokens.put(Who.DISP_SAME_TOWN, TestServer.login(server.baseUrl(), "disp-home", PW));
        tokens.put(Who.DISP_FAR, TestServer.login(server.baseUrl(), "disp-far", PW));
        tokens.put(Who.WORKER_OWN, TestServer.login(server.baseUrl(), "worker-own", PW));
        tokens.put(Who.WORKER_FAR, TestServer.login(server.baseUrl(), "worker-far", PW));
        tokens.put(Who.ANON, null);

        alarm = TestTown.send(server, seq.incrementAndGet(), "1000", "QA001");
        forwarded = TestTown.send(server, seq.incrementAndGet(), "1001", "MA001");
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(alarm) && routed(forwarded));
        // forwarded by the supplier's own desk: its failure, so a justification is due
        expect(200, server.send("POST", "/api/v1/alarms/" + forwarded + "/forward", new JsonObject()
                .put("target", "MUNICIPAL_HOME_CARE").put("reason", "test").encode(), tokens.get(Who.DISP_OWN)));
        justification = await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonArray items = new JsonObject(server.get("/api/v1/justifications?supplierId=" + TestTown.CARE).body())
                    .getJsonArray("items");
            return items.isEmpty() ? null : items.getJsonObject(0).getLong("id");
        }, id -> id != null);
        // an alarm from an account bound to nobody but registered to testby: its home care takes it, and it is on
        // testby's inbox
        expect(200, server.put("/api/v1/admin/devices/1005", new JsonObject()
                .put("municipalityId", TestTown.MUNICIPALITY).encode()));
        TestTown.send(server, seq.incrementAndGet(), "1005", "QA001");
        inboxItem = await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonArray items = new JsonObject(server.get("/api/v1/inbox?municipalityId=" + TestTown.MUNICIPALITY
                    + "&kind=UNROUTABLE").body()).getJsonArray("items");
            return items.isEmpty() ? null : items.getJsonObject(0).getLong("id");
        }, id -> id != null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static boolean routed(long id) throws Exception {
        JsonObject a = TestTown.alarm(server, id);
        return a.getJsonObject("routing") != null && a.getJsonObject("routing").getString("supplierId") != null;
    }

    static void user(String username, String role, String supplier, String municipality, String worker)
            throws Exception {
        server.createUser(username, PW, role, supplier, municipality, worker);
    }

    static void expect(int status, HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }

    /** A route: method, path (with {A} the routed alarm, {F} the forwarded one, {J} its justification), body. */
    record Route(String method, String path, String body, Set<Who> allowed) {
        String resolved() {
            return path.replace("{A}", Long.toString(alarm)).replace("{F}", Long.toString(forwarded))
                    .replace("{J}", Long.toString(justification)).replace("{I}", Long.toString(inboxItem));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final Set<Who> ADMIN_ONLY = EnumSet.of(Who.ADMIN);

    static Stream<Arguments> matrix() {
        List<Route> routes = new ArrayList<>();
        Set<Who> anyone = EnumSet.complementOf(EnumSet.of(Who.ANON));
        routes.add(new Route("GET", "/api/v1/me", null, anyone));
        routes.add(new Route("GET", "/api/v1/alarms", null, anyone));
        routes.add(new Route("GET", "/api/v1/alarms?account=1000", null, anyone));
        Set<Who> alarmReaders = EnumSet.of(Who.ADMIN, Who.SUP_OWN, Who.DISP_OWN, Who.WORKER_OWN);
        routes.add(new Route("GET", "/api/v1/alarms/{A}", null, alarmReaders));
        // the forwarded call: its holder now is the municipal home care, so its dispatcher sees it too
        routes.add(new Route("GET", "/api/v1/alarms/{F}", null,
                EnumSet.of(Who.ADMIN, Who.SUP_OWN, Who.DISP_OWN, Who.DISP_SAME_TOWN, Who.WORKER_OWN)));
        routes.add(new Route("GET", "/api/v1/alarms/999999", null, ADMIN_ONLY));
        // a supervisor reaches the actions (the rules then let it change only an alarm the supervisors hold)
        for (String action : List.of("acknowledge", "close")) {
            routes.add(new Route("POST", "/api/v1/alarms/{A}/" + action, "{}",
                    EnumSet.of(Who.ADMIN, Who.DISP_OWN, Who.WORKER_OWN, Who.SUP_OWN)));
        }
        routes.add(new Route("POST", "/api/v1/alarms/{A}/on-site", "{}",
                EnumSet.of(Who.ADMIN, Who.DISP_OWN, Who.WORKER_OWN)));
        // a field worker answers by going ("on my way") and notes; the rules then hold it to the calls assigned to it
        for (String action : List.of("respond", "note")) {
            routes.add(new Route("POST", "/api/v1/alarms/{A}/" + action, "{}",
                    EnumSet.of(Who.ADMIN, Who.DISP_OWN, Who.SUP_OWN, Who.WORKER_OWN)));
        }
        routes.add(new Route("POST", "/api/v1/alarms/{A}/cancel", "{}", EnumSet.of(Who.ADMIN, Who.DISP_OWN, Who.SUP_OWN)));
        routes.add(new Route("POST", "/api/v1/alarms/{A}/forward", "{}", EnumSet.of(Who.ADMIN, Who.DISP_OWN)));
        routes.add(new Route("POST", "/api/v1/alarms/{A}/renotify", "{}", EnumSet.of(Who.ADMIN, Who.DISP_OWN)));
        // the desk's card and key-box code: the supplier's staff who read the alarm (the desk narrows it further)
        routes.add(new Route("GET", "/api/v1/desk/alarms/{A}/card", null,
                EnumSet.of(Who.ADMIN, Who.DISP_OWN, Who.WORKER_OWN)));
        routes.add(new Route("POST", "/api/v1/desk/alarms/{A}/key-code", null,
                EnumSet.of(Who.ADMIN, Who.DISP_OWN, Who.WORKER_OWN)));
        routes.add(new Route("GET", "/api/v1/desk/history", null, EnumSet.of(Who.ADMIN, Who.DISP_OWN,
                Who.DISP_SAME_TOWN, Who.DISP_FAR, Who.WORKER_OWN, Who.WORKER_FAR)));
        routes.add(new Route("GET", "/api/v1/desk/history?supplierId=" + TestTown.CARE, null,
                EnumSet.of(Who.ADMIN, Who.DISP_OWN, Who.WORKER_OWN)));
        routes.add(new Route("GET", "/api/v1/inbox", null, ADMIN_ONLY));
        routes.add(new Route("GET", "/api/v1/inbox?municipalityId=" + TestTown.MUNICIPALITY, null,
                EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
        routes.add(new Route("GET", "/api/v1/inbox?municipalityId=" + FAR, null, EnumSet.of(Who.ADMIN, Who.SUP_OTHER)));
        routes.add(new Route("GET", "/api/v1/inbox/{I}", null, EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
        routes.add(new Route("POST", "/api/v1/inbox/{I}/resolve", "{}", EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
        routes.add(new Route("GET", "/api/v1/inbox/999999", null, ADMIN_ONLY));
        routes.add(new Route("GET", "/api/v1/devices", null, ADMIN_ONLY));
        routes.add(new Route("GET", "/api/v1/unknown-devices", null, ADMIN_ONLY));
        routes.add(new Route("PUT", "/api/v1/admin/devices/ABC1", "{}", ADMIN_ONLY));
        for (String r : List.of("municipalities", "suppliers", "citizens", "device-bindings", "supplier-choices",
                "shifts")) {
            routes.add(new Route("POST", "/api/v1/admin/" + r, "{}", ADMIN_ONLY));
            routes.add(new Route("GET", "/api/v1/admin/" + r, null, ADMIN_ONLY));
            routes.add(new Route("GET", "/api/v1/admin/" + r + "/x", null, ADMIN_ONLY));
            routes.add(new Route("PUT", "/api/v1/admin/" + r + "/x", "{}", ADMIN_ONLY));
            routes.add(new Route("GET", "/api/v1/admin/" + r + "/x/history", null, ADMIN_ONLY));
        }
        routes.add(new Route("GET", "/api/v1/admin/citizens/c0", null, ADMIN_ONLY));
        routes.add(new Route("POST", "/api/v1/admin/supplier-choices/x/end", "{}", ADMIN_ONLY));
        // a supplier's suspension (bankruptcy) and its end: the empty body is refused, so nothing changes
        routes.add(new Route("POST", "/api/v1/admin/suppliers/" + TestTown.CARE + "/suspend", "{}", ADMIN_ONLY));
        routes.add(new Route("POST", "/api/v1/admin/suppliers/" + TestTown.CARE + "/reinstate", "{}", ADMIN_ONLY));
        routes.add(new Route("POST", "/api/v1/admin/suppliers/x/suspend", "{}", ADMIN_ONLY));
        routes.add(new Route("POST", "/api/v1/admin/device-bindings/x/end", "{}", ADMIN_ONLY));
        for (String r : List.of("device-bindings", "supplier-choices", "shifts")) {
            routes.add(new Route("DELETE", "/api/v1/admin/" + r + "/x", null, ADMIN_ONLY));
        }
        routes.add(new Route("GET", "/api/v1/admin/routing?account=1000", null, ADMIN_ONLY));
        routes.add(new Route("POST", "/api/v1/admin/users", "{}", ADMIN_ONLY));
        routes.add(new Route("GET", "/api/v1/admin/users", null, ADMIN_ONLY));
        routes.add(new Route("GET", "/api/v1/admin/users/disp-own", null, ADMIN_ONLY));
        routes.add(new Route("PUT", "/api/v1/admin/users/disp-own/password", "{}", ADMIN_ONLY));
        routes.add(new Route("POST", "/api/v1/admin/users/nobody/disable", "{}", ADMIN_ONLY));
        routes.add(new Route("POST", "/api/v1/admin/users/nobody/enable", "{}", ADMIN_ONLY));
        for (String report : List.of("figures", "statement", "coverage")) {
            routes.add(new Route("GET", "/api/v1/suppliers/" + TestTown.CARE + "/" + report, null,
                    EnumSet.of(Who.ADMIN, Who.SUP_OWN, Who.DISP_OWN)));
            routes.add(new Route("GET", "/api/v1/suppliers/" + FAR_CARE + "/" + report, null,
                    EnumSet.of(Who.ADMIN, Who.SUP_OTHER, Who.DISP_FAR)));
        }
        routes.add(new Route("GET", "/api/v1/escalations", null, ADMIN_ONLY));
        routes.add(new Route("GET", "/api/v1/suppliers", null, ADMIN_ONLY));
        routes.add(new Route("GET", "/api/v1/suppliers?municipalityId=" + TestTown.MUNICIPALITY, null,
                EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
        routes.add(new Route("GET", "/api/v1/suppliers?municipalityId=" + FAR, null,
                EnumSet.of(Who.ADMIN, Who.SUP_OTHER)));
        routes.add(new Route("GET", "/api/v1/escalations?municipalityId=" + TestTown.MUNICIPALITY, null,
                EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
        routes.add(new Route("GET", "/api/v1/escalations?municipalityId=" + FAR, null,
                EnumSet.of(Who.ADMIN, Who.SUP_OTHER)));
        for (String supervision : List.of("/api/v1/supervision/counts", "/api/v1/supplier-comparison")) {
            routes.add(new Route("GET", supervision, null, ADMIN_ONLY));
            routes.add(new Route("GET", supervision + "?municipalityId=" + TestTown.MUNICIPALITY, null,
                    EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
            routes.add(new Route("GET", supervision + "?municipalityId=" + FAR, null,
                    EnumSet.of(Who.ADMIN, Who.SUP_OTHER)));
        }
        for (String trail : List.of("justifications", "action-plans", "breach-candidates")) {
            routes.add(new Route("GET", "/api/v1/" + trail, null, ADMIN_ONLY));
            routes.add(new Route("GET", "/api/v1/" + trail + "?municipalityId=" + TestTown.MUNICIPALITY, null,
                    EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
            routes.add(new Route("GET", "/api/v1/" + trail + "?supplierId=" + TestTown.CARE, null,
                    EnumSet.of(Who.ADMIN, Who.DISP_OWN)));
            routes.add(new Route("GET", "/api/v1/" + trail + "?supplierId=" + FAR_CARE, null,
                    EnumSet.of(Who.ADMIN, Who.DISP_FAR)));
            routes.add(new Route("GET", "/api/v1/" + trail + "/999999", null, ADMIN_ONLY));
        }
        Set<Who> owners = EnumSet.of(Who.ADMIN, Who.SUP_OWN, Who.DISP_OWN);
        routes.add(new Route("GET", "/api/v1/justifications/{J}", null, owners));
        routes.add(new Route("POST", "/api/v1/justifications/{J}/submit", "{}", EnumSet.of(Who.ADMIN, Who.DISP_OWN)));
        routes.add(new Route("POST", "/api/v1/justifications/{J}/accept", "{}", EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
        routes.add(new Route("POST", "/api/v1/justifications/{J}/reject", "{}", EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
        for (String action : List.of("action-plans/999999/submit", "action-plans/999999/approve",
                "action-plans/999999/reject", "breach-candidates/999999/confirm",
                "breach-candidates/999999/dismiss")) {
            routes.add(new Route("POST", "/api/v1/" + action, "{}", ADMIN_ONLY));
        }
        routes.add(new Route("GET", "/api/v1/citizens/c0/export", null, EnumSet.of(Who.ADMIN, Who.SUP_OWN)));
        routes.add(new Route("GET", "/api/v1/citizens/c0/access-log", null, EnumSet.of(Who.ADMIN, Who.SUP_OWN)));

        List<Arguments> args = new ArrayList<>();
        for (Route r : routes) {
            for (Who who : Who.values()) {
                args.add(Arguments.of(r, who));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void everyRouteForEveryCaller(Route route, Who who) throws Exception {
        HttpResponse<String> r = server.send(route.method(), route.resolved(), route.body(), tokens.get(who));
        if (who == Who.ANON) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
            assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("unauthorized");
        } else if (route.allowed().contains(who)) {
            assertThat(r.statusCode()).as(r.body()).isNotIn(401, 403);
        } else {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("forbidden");
        }
    }

    @Test
    void alarmListsAreFilteredToTheCallersScope() throws Exception {
        assertThat(ids(Who.ADMIN)).contains(alarm, forwarded);
        assertThat(ids(Who.SUP_OWN)).contains(alarm, forwarded);
        assertThat(ids(Who.DISP_OWN)).contains(alarm, forwarded);
        assertThat(ids(Who.WORKER_OWN)).contains(alarm, forwarded);
        assertThat(ids(Who.DISP_SAME_TOWN)).contains(forwarded).doesNotContain(alarm);
        assertThat(ids(Who.SUP_OTHER)).doesNotContain(alarm, forwarded);
        assertThat(ids(Who.DISP_FAR)).doesNotContain(alarm, forwarded);
        assertThat(ids(Who.WORKER_FAR)).doesNotContain(alarm, forwarded);
    }

    private static List<Long> ids(Who who) throws Exception {
        HttpResponse<String> r = server.send("GET", "/api/v1/alarms?limit=1000", null, tokens.get(who));
        expect(200, r);
        List<Long> ids = new ArrayList<>();
        new JsonObject(r.body()).getJsonArray("items").forEach(o -> ids.add(((JsonObject) o).getLong("id")));
        return ids;
    }

    @Test
    void readsOfCitizenDataAreInTheAccessLogWhichTheSupervisorCanList() throws Exception {
        expect(200, server.send("GET", "/api/v1/alarms/" + alarm, null, tokens.get(Who.DISP_OWN)));
        expect(200, server.send("GET", "/api/v1/citizens/c0/export", null, tokens.get(Who.SUP_OWN)));
        HttpResponse<String> r = server.send("GET", "/api/v1/citizens/c0/access-log", null, tokens.get(Who.SUP_OWN));
        expect(200, r);
        JsonArray items = new JsonObject(r.body()).getJsonArray("items");
        List<String> seen = new ArrayList<>();
        items.forEach(o -> seen.add(((JsonObject) o).getString("username") + ":" + ((JsonObject) o).getString("what")));
        assertThat(seen).contains("disp-own:alarm", "sup-own:citizen_export");
        JsonObject read = items.stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("username").equals("disp-own")).findFirst().orElseThrow();
        assertThat(read.getLong("alarmId")).isEqualTo(alarm);
        assertThat(read.getString("role")).isEqualTo("DISPATCHER");
        assertThat(read.getString("at")).isNotBlank();
    }

    @Test
    void aSignedInUserActsAsItselfWhateverTheBodySays() throws Exception {
        HttpResponse<String> r = server.send("POST", "/api/v1/alarms/" + alarm + "/note", new JsonObject()
                .put("actor", "someone-else").put("text", "ringet op").encode(), tokens.get(Who.DISP_OWN));
        expect(200, r);
        List<String> actors = new ArrayList<>();
        new JsonObject(r.body()).getJsonArray("timeline").forEach(o -> actors.add(((JsonObject) o).getString("actor")));
        assertThat(actors).contains("disp-own").doesNotContain("someone-else");
    }

    @Test
    void badAuthConfigurationNamesTheKey() {
        for (Map.Entry<String, Object> bad : Map.<String, Object>of("auth.admin-password", "too-short",
                "http.ingest-api-key", "short", "auth.session-ttl", "twelve hours", "auth.login-max-failures", 0).entrySet()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dk.vagtcentral.server.config.ConfigLoader.load(
                    null, Map.of(bad.getKey(), bad.getValue())))
                    .isInstanceOf(dk.vagtcentral.server.config.ConfigException.class)
                    .hasMessageStartingWith(bad.getKey() + ":");
        }
    }

    @Test
    void aPathNoOperationHasIsNotFoundForEveryCaller() throws Exception {
        // the routes are public (GET /api/openapi.yaml); what they answer is not
        for (Who who : Who.values()) {
            HttpResponse<String> r = server.send("GET", "/api/v1/no-such-route", null, tokens.get(who));
            assertThat(r.statusCode()).as(who + ": " + r.body()).isEqualTo(404);
            assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("not_found");
        }
    }

    @Test
    void jsonIngestNeedsTheApiKeyNotALogin() throws Exception {
        String body = new JsonObject().put("account", "1000").put("eventCode", "QA").put("zone", "001").encode();
        HttpResponse<String> wrong = server.send("POST", "/api/v1/alarms", body, null, "X-Api-Key",
                "wrong-key-wrong-key");
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
        HttpResponse<String> right = server.send("POST", "/api/v1/alarms", body, null);
        assertThat(right.statusCode()).as(right.body()).isNotIn(401, 403);
    }

    @Test
    void usersAreValidatedAndUnique() throws Exception {
        JsonObject base = new JsonObject().put("username", "ny-bruger").put("displayName", "Ny").put("password", PW);
        expect(422, server.post("/api/v1/admin/users", base.copy().put("role", "DISPATCHER")
                .put("supplierId", "no-such-supplier").encode()));
        expect(422, server.post("/api/v1/admin/users", base.copy().put("role", "SUPERVISOR")
                .put("municipalityId", "no-such-town").encode()));
        expect(400, server.post("/api/v1/admin/users", base.copy().put("role", "DISPATCHER").encode()));
        expect(400, server.post("/api/v1/admin/users", base.copy().put("role", "ADMIN").put("password", "short")
                .encode()));
        expect(409, server.post("/api/v1/admin/users", base.copy().put("username", "disp-own").put("role", "ADMIN")
                .encode()));
        HttpResponse<String> list = server.get("/api/v1/admin/users");
        expect(200, list);
        assertThat(list.body()).doesNotContain("pbkdf2").doesNotContain(PW);
    }

    @Test
    void aDisabledUserOrAChangedPasswordEndsItsSessions() throws Exception {
        JsonObject body = new JsonObject().put("username", "vikar").put("displayName", "Vikar").put("role", "DISPATCHER")
                .put("supplierId", TestTown.CARE).put("password", PW);
        expect(201, server.post("/api/v1/admin/users", body.encode()));
        String token = TestServer.login(server.baseUrl(), "vikar", PW);
        expect(200, server.send("GET", "/api/v1/me", null, token));
        expect(200, server.put("/api/v1/admin/users/vikar/password", "{\"password\":\"another long password\"}"));
        expect(401, server.send("GET", "/api/v1/me", null, token));
        token = TestServer.login(server.baseUrl(), "vikar", "another long password");
        expect(200, server.post("/api/v1/admin/users/vikar/disable", "{}"));
        expect(401, server.send("GET", "/api/v1/me", null, token));
        HttpResponse<String> login = server.send("POST", "/api/v1/login", new JsonObject().put("username", "vikar")
                .put("password", "another long password").encode(), null);
        expect(401, login);
    }
}
