package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.config.ServerConfig;
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

/**
 * {@code GET /api/v1/supplier-comparison}: a municipality's care suppliers month by month, the months in Copenhagen
 * time, on a loopback server with just the report routes. Viborg has a private supplier, municipal home care and
 * fire-and-rescue (named to sort first, and left out); Odder's supplier never appears in Viborg's comparison.
 */
class SupplierComparisonApiTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Database db;
    static Vertx vertx;
    static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        db = new Database(new ServerConfig.Store("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "", "", 2, 10,
                false), null);
        Migrations.apply(db);
        try (Connection c = db.connection()) {
            for (String m : new String[]{"viborg", "odder"}) {
                exec(c, "INSERT INTO municipalities (id, name, profile_id, version, changed_at, changed_by) "
                        + "VALUES (?, ?, ?, 1, ?, 'test')", m, m, m, ts(NOW));
            }
            supplier(c, "nord", "viborg", "Omsorg Nord ApS", "PRIVATE_CARE");
            supplier(c, "hjem", "viborg", "Viborg Kommunes hjemmepleje", "MUNICIPAL_HOME_CARE");
            supplier(c, "brand", "viborg", "A Viborg Brand og Redning", "FIRE_AND_RESCUE");
            supplier(c, "kyst", "odder", "Kystpleje Odder ApS", "PRIVATE_CARE");
            exec(c, "INSERT INTO citizens (id, municipality_id, name, address, status, version, changed_at, changed_by) "
                    + "VALUES ('c-1', 'viborg', 'Borger', 'Vej 1', 'ACTIVE', 1, ?, 'test')", ts(NOW));
            call(c, "nord", "2026-03-31T21:30:00Z", 2, false);  // 23:30 CEST 31 March: March
            call(c, "nord", "2026-03-31T22:30:00Z", null, true); // 00:30 CEST 1 April: April, forwarded
            call(c, "nord", "2026-10-31T23:30:00Z", 10, false); // 00:30 CET 1 November (31 October UTC): November
            call(c, "hjem", "2026-11-15T08:00:00Z", 5, false);
            call(c, "kyst", "2026-11-15T08:00:00Z", 1, false);
            c.commit();
        }
        vertx = Vertx.vertx();
        Router router = ContractRouters.of(vertx, api ->
                new ReportsApi(vertx, new ReportQueries(db), Clock.fixed(NOW, ZoneOffset.UTC)).bind(api));
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
    void careSuppliersSideBySideByCopenhagenMonth() throws Exception {
        HttpResponse<String> r = get("/api/v1/supplier-comparison?municipalityId=viborg&from=2026-03&to=2026-11");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("from")).isEqualTo("2026-03");
        assertThat(body.getString("to")).isEqualTo("2026-11");
        assertThat(body.getJsonArray("months")).hasSize(9);
        JsonArray suppliers = body.getJsonArray("suppliers");
        // private care first, then municipal home care; no fire-and-rescue, nobody from another municipality
        assertThat(suppliers.stream().map(s -> ((JsonObject) s).getString("id"))).containsExactly("nord", "hjem");
        JsonObject nord = suppliers.getJsonObject(0);
        assertThat(nord.getString("name")).isEqualTo("Omsorg Nord ApS");
        assertThat(nord.getString("kind")).isEqualTo("PRIVATE_CARE");
        JsonArray months = nord.getJsonArray("months");
        JsonObject march = months.getJsonObject(0);
        assertThat(march.getString("month")).isEqualTo("2026-03");
        assertThat(march.getString("from")).isEqualTo("2026-02-28T23:00:00Z");
        assertThat(march.getString("to")).isEqualTo("2026-03-31T22:00:00Z");
        assertThat(march.getInteger("calls")).isEqualTo(1);
        assertThat(march.getLong("p50Seconds")).isEqualTo(120L);
        JsonObject april = months.getJsonObject(1);
        assertThat(april.getInteger("calls")).isEqualTo(1);
        assertThat(april.getInteger("forwards")).isEqualTo(1);
        assertThat(april.getInteger("answeredInTime")).isZero();
        assertThat(april.getValue("p50Seconds")).isNull();
        JsonObject october = months.getJsonObject(7);
        assertThat(october.getInteger("calls")).as("the 31 October UTC call is November's").isZero();
        assertThat(october.getValue("shareAnsweredInTime")).isNull();
        JsonObject november = months.getJsonObject(8);
        assertThat(november.getString("from")).isEqualTo("2026-10-31T23:00:00Z");
        assertThat(november.getInteger("calls")).isEqualTo(1);
        assertThat(november.getLong("maxSeconds")).isEqualTo(600L);
        assertThat(november.getDouble("shareAnsweredInTime")).isEqualTo(1.0);
        JsonObject total = nord.getJsonObject("total");
        assertThat(total.getInteger("calls")).isEqualTo(3);
        assertThat(total.getInteger("answeredInTime")).isEqualTo(2);
        assertThat(total.getInteger("forwards")).isEqualTo(1);
        assertThat(suppliers.getJsonObject(1).getJsonObject("total").getInteger("calls")).isEqualTo(1);
    }

    @Test
    void asCsvOneRowPerSupplierAndMonth() throws Exception {
        HttpResponse<String> r = get("/api/v1/supplier-comparison?municipalityId=viborg&from=2026-10&to=2026-11"
                + "&format=csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(r.headers().firstValue("content-disposition"))
                .hasValue("attachment; filename=\"supplier-comparison-viborg-2026-10-2026-11.csv\"");
        assertThat(r.body().split("\r\n")).containsExactly(ReportsApi.COMPARISON_CSV_HEADER,
                "nord,Omsorg Nord ApS,PRIVATE_CARE,2026-10,0,0,,,,,0,0",
                "nord,Omsorg Nord ApS,PRIVATE_CARE,2026-11,1,1,1.0000,600,600,600,0,0",
                "hjem,Viborg Kommunes hjemmepleje,MUNICIPAL_HOME_CARE,2026-10,0,0,,,,,0,0",
                "hjem,Viborg Kommunes hjemmepleje,MUNICIPAL_HOME_CARE,2026-11,1,1,1.0000,300,300,300,0,0");
    }

    @Test
    void defaultsToTheTwelveMonthsUpToThisOne() throws Exception {
        JsonObject body = new JsonObject(get("/api/v1/supplier-comparison?municipalityId=viborg").body());
        assertThat(body.getString("from")).isEqualTo("2026-01");
        assertThat(body.getString("to")).isEqualTo("2026-12");
        assertThat(body.getJsonArray("months")).hasSize(12);
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/supplier-comparison, municipalityId",
            "/api/v1/supplier-comparison?municipalityId=viborg&from=2026-13, from",
            "/api/v1/supplier-comparison?municipalityId=viborg&to=2026-11-01, to",
            "/api/v1/supplier-comparison?municipalityId=viborg&from=2026-05&to=2026-04, to",
            "/api/v1/supplier-comparison?municipalityId=viborg&from=2024-11&to=2026-11, from",
            "/api/v1/supplier-comparison?municipalityId=viborg&format=xlsx, format",
    })
    void badParametersAreNamed(String path, String parameter) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("message")).startsWith(parameter + ": ");
        assertThat(body.getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo(parameter);
    }

    // ---------------------------------------------------------------- helpers

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void supplier(Connection c, String id, String municipality, String name, String kind)
            throws SQLException {
        exec(c, "INSERT INTO suppliers (id, municipality_id, name, kind, version, changed_at, changed_by) "
                + "VALUES (?, ?, ?, ?, 1, ?, 'test')", id, municipality, name, kind, ts(NOW));
    }

    /** A call to {@code supplier} received at {@code receivedAt}, answered after {@code minutes} (null: never). */
    private static void call(Connection c, String supplier, String receivedAt, Integer minutes, boolean forwarded)
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
                        + "forwarded_municipal_at, status_version) VALUES (?, 'CALL', ?, 'SUPPLIER', 'c-1', 'viborg', "
                        + "?, ?, ?, 'PRIVATE_CARE', 'PRIVATE_CARE', ?, ?, ?, 1)",
                id, ts(received), supplier, ts(received.plusSeconds(1800)), minutes == null ? "FORWARDED_MUNICIPAL"
                        : "CLOSED", minutes == null ? null : ts(received.plusSeconds(60L * minutes)),
                minutes == null ? null : "HELP_SENT", forwarded ? ts(received.plusSeconds(1800)) : null);
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
