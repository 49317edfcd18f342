package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.store.CitizenExport;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Migrations;
import dk.vagtcentral.server.store.ReportQueries;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reports and the citizen export over HTTP, on a loopback server with just these routes. */
class ReportsApiTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Database db;
    static Vertx vertx;
    static HttpServer server;
    static long answered;
    static long forwarded;

    @BeforeAll
    static void start() throws Exception {
        db = new Database(new ServerConfig.Store("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "", "", 2, 10,
                false), null);
        Migrations.apply(db);
        try (Connection c = db.connection()) {
            exec(c, "INSERT INTO municipalities (id, name, profile_id, version, changed_at, changed_by) "
                    + "VALUES ('791', 'Viborg', 'viborg', 1, ?, 'test')", ts(NOW));
            exec(c, "INSERT INTO suppliers (id, municipality_id, name, kind, phone, contact_person, version, changed_at,"
                    + " changed_by) VALUES ('omsorg', '791', 'Omsorg, ApS', 'PRIVATE_CARE', '+45 70 20 30 40', "
                    + "'Vagthavende sygeplejerske', 1, ?, 'test')", ts(NOW));
            exec(c, "INSERT INTO citizens (id, municipality_id, name, address, status, version, changed_at, changed_by) "
                    + "VALUES ('c-1', '791', 'Karen Jensen', 'Vestergade 3', 'ACTIVE', 1, ?, 'test')", ts(NOW));
            // Nov 1, 00:30 Copenhagen; answered in 10 minutes
            answered = call(c, "2026-10-31T23:30:00Z", "2026-10-31T23:40:00Z", null);
            // forwarded at 30 minutes, never answered
            forwarded = call(c, "2026-11-10T10:00:00Z", null, "2026-11-10T10:30:00Z");
            exec(c, "INSERT INTO alarm_deadlines (alarm_id, step_id, due_at, armed_at, fired_at, outcome, late) "
                    + "VALUES (?, 'forward-municipal-unanswered', ?, ?, ?, 'ACTED', FALSE)", forwarded,
                    ts(Instant.parse("2026-11-10T10:30:00Z")), ts(Instant.parse("2026-11-10T10:00:00Z")),
                    ts(Instant.parse("2026-11-10T10:30:00Z")));
            exec(c, "INSERT INTO charges (alarm_id, supplier_id, municipality_id, target, amount_dkk, charged_at) "
                    + "VALUES (?, 'omsorg', '791', 'MUNICIPAL_HOME_CARE', 500, ?)", forwarded,
                    ts(Instant.parse("2026-11-10T10:30:00Z")));
            exec(c, "INSERT INTO justifications (alarm_id, supplier_id, municipality_id, forward_target, forwarded_at, "
                    + "due_at, state, created_at, row_version) VALUES (?, 'omsorg', '791', 'MUNICIPAL_HOME_CARE', ?, ?, "
                    + "'OPEN', ?, 1)", forwarded, ts(Instant.parse("2026-11-10T10:30:00Z")),
                    ts(Instant.parse("2026-11-17T10:30:00Z")), ts(Instant.parse("2026-11-10T10:30:00Z")));
            c.commit();
        }
        vertx = Vertx.vertx();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Router router = ContractRouters.of(vertx, api -> {
            new ReportsApi(vertx, new ReportQueries(db), clock).bind(api);
            new CitizenExportApi(vertx, new CitizenExport(db, clock)).bind(api);
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void figuresAsJson() throws Exception {
        HttpResponse<String> r = get("/api/v1/suppliers/omsorg/figures?from=2026-11-01&to=2026-12-01");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject f = new JsonObject(r.body());
        assertThat(f.getString("from")).isEqualTo("2026-10-31T23:00:00Z");
        assertThat(f.getString("to")).isEqualTo("2026-11-30T23:00:00Z");
        assertThat(f.getInteger("calls")).isEqualTo(2);
        assertThat(f.getInteger("answeredInTime")).isEqualTo(1);
        assertThat(f.getDouble("shareAnsweredInTime")).isEqualTo(0.5);
        assertThat(f.getString("p50")).isEqualTo("PT10M");
        assertThat(f.getLong("p50Seconds")).isEqualTo(600L);
        assertThat(f.getString("max")).isEqualTo("PT10M");
        assertThat(f.getInteger("forwards")).isEqualTo(1);
        assertThat(f.getInteger("overdueJustifications")).isEqualTo(1);
    }

    @Test
    void figuresDefaultToTheLast30DaysAndTakeInstants() throws Exception {
        JsonObject f = new JsonObject(get("/api/v1/suppliers/omsorg/figures").body());
        assertThat(f.getString("to")).isEqualTo(NOW.toString());
        assertThat(f.getString("from")).isEqualTo("2026-11-01T12:00:00Z");
        assertThat(f.getInteger("calls")).isEqualTo(1);
        assertThat(f.getValue("p50")).isNull();
        assertThat(f.getValue("shareAnsweredInTime")).isNotNull();

        JsonObject g = new JsonObject(get("/api/v1/suppliers/omsorg/figures?from=2026-10-31T23:30:00%2B00:00"
                + "&to=2026-10-31T23:31:00Z").body());
        assertThat(g.getInteger("calls")).isEqualTo(1);
    }

    @Test
    void figuresAsCsv() throws Exception {
        HttpResponse<String> r = get("/api/v1/suppliers/omsorg/figures?from=2026-11-01&to=2026-12-01&format=csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(r.headers().firstValue("content-disposition"))
                .hasValue("attachment; filename=\"figures-omsorg-2026-11-01-2026-12-01.csv\"");
        String[] lines = r.body().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo(ReportsApi.FIGURES_CSV_HEADER);
        assertThat(lines[1]).isEqualTo("omsorg,2026-10-31T23:00:00Z,2026-11-30T23:00:00Z,2,1,0.5000,PT10M,600,PT10M,600,"
                + "PT10M,600,1,1,0");
    }

    @Test
    void statementAsJsonAndCsv() throws Exception {
        HttpResponse<String> r = get("/api/v1/suppliers/omsorg/statement?month=2026-11");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject s = new JsonObject(r.body());
        assertThat(s.getString("month")).isEqualTo("2026-11");
        assertThat(s.getString("from")).isEqualTo("2026-10-31T23:00:00Z");
        assertThat(s.getString("totalDkk")).isEqualTo("500.00");
        JsonArray charges = s.getJsonArray("charges");
        assertThat(charges).hasSize(1);
        assertThat(charges.getJsonObject(0).getString("amountDkk")).isEqualTo("500.00");
        assertThat(charges.getJsonObject(0).getString("target")).isEqualTo("MUNICIPAL_HOME_CARE");
        assertThat(s.getJsonObject("counts")).isEqualTo(new JsonObject().put("charges", 1).put("emergencyCalls", 2)
                .put("acuteResponses", 1));
        assertThat(s.getJsonArray("registrations").getJsonObject(0).getLong("alarmId")).isEqualTo(answered);

        HttpResponse<String> csv = get("/api/v1/suppliers/omsorg/statement?month=2026-11&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-disposition"))
                .hasValue("attachment; filename=\"statement-omsorg-2026-11.csv\"");
        assertThat(csv.body()).startsWith("type,alarm_id,").endsWith("total,,,,,500.00,\r\n");

        JsonObject october = new JsonObject(get("/api/v1/suppliers/omsorg/statement?month=2026-10").body());
        assertThat(october.getString("totalDkk")).isEqualTo("0.00");
        assertThat(october.getJsonArray("registrations")).isEmpty();
    }

    @Test
    void escalations() throws Exception {
        HttpResponse<String> r = get("/api/v1/escalations?supplierId=omsorg&from=2026-11-01");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray items = new JsonObject(r.body()).getJsonArray("items");
        assertThat(items).hasSize(1);
        JsonObject e = items.getJsonObject(0);
        assertThat(e.getLong("alarmId")).isEqualTo(forwarded);
        assertThat(e.getString("step")).isEqualTo("forward-municipal-unanswered");
        assertThat(e.getString("kind")).isEqualTo("FORWARDED_MUNICIPAL");
        assertThat(e.getString("dueAt")).isEqualTo("2026-11-10T10:30:00Z");
        assertThat(e.getBoolean("late")).isFalse();
        // beside the supplier id, the number to ring it on at once and who to ask for
        assertThat(e.getString("supplierPhone")).isEqualTo("+45 70 20 30 40");
        assertThat(e.getString("supplierContactPerson")).isEqualTo("Vagthavende sygeplejerske");
        assertThat(new JsonObject(get("/api/v1/escalations?municipalityId=727").body()).getJsonArray("items")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/suppliers/omsorg/figures?from=yesterday, from",
            "/api/v1/suppliers/omsorg/figures?to=2026-13-01, to",
            "/api/v1/suppliers/omsorg/figures?from=2026-11-02&to=2026-11-01, to",
            "/api/v1/suppliers/omsorg/figures?from=2020-01-01&to=2026-01-01, from",
            "/api/v1/suppliers/omsorg/figures?format=xml, format",
            "/api/v1/suppliers/omsorg/statement, month",
            "/api/v1/suppliers/omsorg/statement?month=2026-13, month",
            "/api/v1/suppliers/omsorg/statement?month=2026-11-01, month",
            "/api/v1/suppliers/omsorg/statement?month=2026-11&format=pdf, format",
            "/api/v1/escalations?limit=0, limit",
            "/api/v1/escalations?limit=ten, limit",
            "/api/v1/escalations?from=soon, from",
            "/api/v1/escalations?format=csv, format",
    })
    void badParametersAreNamed(String path, String parameter) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo("bad_request");
        assertThat(body.getString("message")).startsWith(parameter + ": ");
        assertThat(body.getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo(parameter);
    }

    @Test
    void unknownSupplierIsNotFound() throws Exception {
        HttpResponse<String> r = get("/api/v1/suppliers/nobody/figures");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("not_found");
        assertThat(get("/api/v1/suppliers/nobody/statement?month=2026-11").statusCode()).isEqualTo(404);
    }

    @Test
    void citizenExport() throws Exception {
        HttpResponse<String> r = get("/api/v1/citizens/c-1/export");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-disposition"))
                .hasValue("attachment; filename=\"citizen-c-1.json\"");
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getJsonObject("citizen").getString("name")).isEqualTo("Karen Jensen");
        assertThat(body.getJsonArray("alarms")).hasSize(2);
        assertThat(body.getString("exportedAt")).isEqualTo(NOW.toString());

        HttpResponse<String> missing = get("/api/v1/citizens/c-404/export");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(missing.body()).getString("error")).isEqualTo("not_found");
    }

    // ---------------------------------------------------------------- helpers

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long call(Connection c, String receivedAt, String respondedAt, String forwardedAt)
            throws SQLException {
        Instant received = Instant.parse(receivedAt);
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarms (account, source, message_id, data_block, "
                + "category, event_code, events, received_at, clock_suspect, state) VALUES ('1001', 'DC09_TCP', "
                + "'ADM-CID', '#1001|1101', 'EMERGENCY', 'E101', 'E101', ?, FALSE, 'RECEIVED')", new String[]{"id"})) {
            p.setObject(1, ts(received));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        exec(c, "INSERT INTO alarm_dispatch (alarm_id, handling, routed_at, routing_target, citizen_id, municipality_id, "
                        + "supplier_id, response_deadline, state, routed_to_kind, holder_kind, responded_at, response, "
                        + "forwarded_municipal_at, status_version) VALUES (?, 'CALL', ?, 'SUPPLIER', 'c-1', '791', "
                        + "'omsorg', ?, ?, 'PRIVATE_CARE', 'PRIVATE_CARE', ?, ?, ?, 1)",
                id, ts(received), ts(received.plusSeconds(1800)), respondedAt == null ? "FORWARDED_MUNICIPAL" : "CLOSED",
                respondedAt == null ? null : ts(Instant.parse(respondedAt)), respondedAt == null ? null : "HELP_SENT",
                forwardedAt == null ? null : ts(Instant.parse(forwardedAt)));
        return id;
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }

    private static OffsetDateTime ts(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
