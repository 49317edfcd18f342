package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admin API against a real in-process server whose clock stands still at {@link #NOW} (15 March 2026, noon in
 * Copenhagen), so "the past" and "the first of next month" are fixed.
 */
class AdminApiTest {
    static final Instant NOW = Instant.parse("2026-03-15T11:00:00Z");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ADMIN = "/api/v1/admin";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));
        expect(201, post(ADMIN + "/municipalities", "{\"id\":\"791\",\"name\":\"Viborg Kommune\",\"profileId\":\"viborg\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"omsorg\",\"municipalityId\":\"791\",\"name\":\"Omsorg ApS\","
                + "\"kind\":\"PRIVATE_CARE\",\"webhookUrl\":\"https://omsorg.example/alarms\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"hjemmepleje\",\"municipalityId\":\"791\","
                + "\"name\":\"Viborg Hjemmepleje\",\"kind\":\"MUNICIPAL_HOME_CARE\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"mjbr\",\"municipalityId\":\"791\","
                + "\"name\":\"Midtjysk Brand & Redning\",\"kind\":\"FIRE_AND_RESCUE\"}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void wholeChainRoutesToTheChoiceValidAtEachInstantAcrossASwitchOnTheFirst() throws Exception {
        expect(201, post(ADMIN + "/citizens", citizen("c-chain")));
        HttpResponse<String> binding = post(ADMIN + "/device-bindings",
                "{\"account\":\"a100\",\"citizenId\":\"c-chain\",\"validFrom\":\"2026-01-01T00:00:00Z\"}");
        expect(201, binding);
        JsonObject b = new JsonObject(binding.body());
        assertThat(b.getString("account")).isEqualTo("A100");
        assertThat(b.getString("id")).isNotBlank();
        assertThat(binding.headers().firstValue("location")).contains(ADMIN + "/device-bindings/" + b.getString("id"));

        expect(201, post(ADMIN + "/supplier-choices", "{\"id\":\"ch-chain-1\",\"citizenId\":\"c-chain\","
                + "\"supplierId\":\"omsorg\",\"validFrom\":\"2026-01-01\"}"));
        // the citizen switches to municipal home care from 1 April: the old choice ends, the new one starts
        HttpResponse<String> ended = post(ADMIN + "/supplier-choices/ch-chain-1/end", "{\"validTo\":\"2026-04-01\"}");
        expect(200, ended);
        assertThat(new JsonObject(ended.body()).getString("validTo")).isEqualTo("2026-04-01");
        assertThat(new JsonObject(ended.body()).getInteger("version")).isEqualTo(2);
        expect(201, post(ADMIN + "/supplier-choices", "{\"id\":\"ch-chain-2\",\"citizenId\":\"c-chain\","
                + "\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-04-01\"}"));

        // rosters around the switch: 31 March 22:00Z is midnight in Copenhagen (summer time since 29 March)
        expect(201, post(ADMIN + "/shifts", shift("s-chain-1", "omsorg", "w-anna", "Anna", "PRIMARY",
                "2026-03-31T14:00:00Z", "2026-03-31T22:00:00Z")));
        expect(201, post(ADMIN + "/shifts", shift("s-chain-2", "hjemmepleje", "w-bo", "Bo", "PRIMARY",
                "2026-03-31T22:00:00Z", "2026-04-01T06:00:00Z")));
        expect(201, post(ADMIN + "/shifts", "{\"supplierId\":\"omsorg\",\"workerId\":\"w-carl\",\"workerName\":\"Carl\","
                + "\"role\":\"BACKUP\",\"start\":\"2026-03-31T14:00:00+02:00\",\"end\":\"2026-04-01T08:00:00+02:00\"}"));

        JsonObject before = routing("A100", "2026-03-31T21:59:59Z");
        assertThat(before.getJsonObject("citizen").getString("id")).isEqualTo("c-chain");
        assertThat(before.getJsonObject("choice").getString("id")).isEqualTo("ch-chain-1");
        assertThat(before.getJsonObject("supplier").getString("kind")).isEqualTo("PRIVATE_CARE");
        JsonArray onDuty = before.getJsonArray("onDuty");
        assertThat(onDuty).hasSize(2);
        assertThat(onDuty.getJsonObject(0).getString("workerName")).isEqualTo("Anna");
        assertThat(onDuty.getJsonObject(1).getString("role")).isEqualTo("BACKUP");

        JsonObject after = routing("a100", "2026-03-31T22:00:00Z");
        assertThat(after.getJsonObject("choice").getString("id")).isEqualTo("ch-chain-2");
        assertThat(after.getJsonObject("supplier").getString("id")).isEqualTo("hjemmepleje");
        assertThat(after.getJsonArray("onDuty").getJsonObject(0).getString("workerName")).isEqualTo("Bo");

        JsonObject beforeBinding = routing("A100", "2025-12-31T23:59:59Z");
        assertThat(beforeBinding.getValue("binding")).isNull();
        assertThat(beforeBinding.getValue("choice")).isNull();

        // lists and reads
        JsonArray choices = items(get(ADMIN + "/supplier-choices?citizenId=c-chain"));
        assertThat(choices).hasSize(2);
        assertThat(items(get(ADMIN + "/device-bindings?account=A100"))).hasSize(1);
        assertThat(items(get(ADMIN + "/suppliers?municipalityId=791")).size()).isGreaterThanOrEqualTo(3);
        JsonArray shifts = items(get(ADMIN + "/shifts?supplierId=omsorg&from=2026-03-31T00:00:00Z&to=2026-04-02T00:00:00Z"));
        assertThat(shifts).hasSize(2);
        HttpResponse<String> one = get(ADMIN + "/citizens/c-chain");
        expect(200, one);
        assertThat(new JsonObject(one.body()).getString("status")).isEqualTo("ACTIVE");
        assertThat(new JsonObject(one.body()).containsKey("cpr")).isFalse();
    }

    @Test
    void overlappingChoicesAndBindingsDuplicateIdsAndStaleVersionsConflict() throws Exception {
        expect(201, post(ADMIN + "/citizens", citizen("c-overlap")));
        expect(201, post(ADMIN + "/supplier-choices", "{\"id\":\"ch-ov-1\",\"citizenId\":\"c-overlap\","
                + "\"supplierId\":\"omsorg\",\"validFrom\":\"2026-01-01\",\"validTo\":\"2026-05-01\"}"));
        HttpResponse<String> overlap = post(ADMIN + "/supplier-choices", "{\"id\":\"ch-ov-2\",\"citizenId\":\"c-overlap\","
                + "\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-04-01\"}");
        expectError(409, "conflict", overlap);
        assertThat(new JsonObject(overlap.body()).getString("message")).contains("ch-ov-1");
        // touching periods do not overlap
        expect(201, post(ADMIN + "/supplier-choices", "{\"id\":\"ch-ov-2\",\"citizenId\":\"c-overlap\","
                + "\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-05-01\"}"));

        expectError(409, "conflict", post(ADMIN + "/citizens", citizen("c-overlap")));
        expectError(409, "conflict", post(ADMIN + "/municipalities",
                "{\"id\":\"791\",\"name\":\"again\",\"profileId\":\"viborg\"}"));

        expect(201, post(ADMIN + "/citizens", citizen("c-overlap-2")));
        expect(201, post(ADMIN + "/device-bindings", "{\"id\":\"b-ov-1\",\"account\":\"B200\",\"citizenId\":\"c-overlap\","
                + "\"validFrom\":\"2026-01-01T00:00:00Z\"}"));
        expectError(409, "conflict", post(ADMIN + "/device-bindings", "{\"account\":\"b200\",\"citizenId\":\"c-overlap-2\","
                + "\"validFrom\":\"2026-03-01T00:00:00Z\"}"));
        // once the device moves (binding ended), the account can be bound to the next citizen
        expect(200, post(ADMIN + "/device-bindings/b-ov-1/end", "{}"));
        expect(201, post(ADMIN + "/device-bindings", "{\"account\":\"B200\",\"citizenId\":\"c-overlap-2\","
                + "\"validFrom\":\"" + NOW + "\"}"));

        expectError(409, "conflict", put(ADMIN + "/citizens/c-overlap",
                "{\"municipalityId\":\"791\",\"name\":\"X\",\"address\":\"Y\",\"version\":7}"));
    }

    @Test
    void missingParentsAreUnknownReferences() throws Exception {
        expectField(422, "unknown_reference", "municipalityId", post(ADMIN + "/suppliers",
                "{\"id\":\"ghost\",\"municipalityId\":\"999\",\"name\":\"Ghost\",\"kind\":\"PRIVATE_CARE\"}"));
        expectField(422, "unknown_reference", "citizenId", post(ADMIN + "/supplier-choices",
                "{\"citizenId\":\"nobody\",\"supplierId\":\"omsorg\",\"validFrom\":\"2026-01-01\"}"));
        expect(201, post(ADMIN + "/citizens", citizen("c-ref")));
        expectField(422, "unknown_reference", "supplierId", post(ADMIN + "/supplier-choices",
                "{\"citizenId\":\"c-ref\",\"supplierId\":\"nope\",\"validFrom\":\"2026-01-01\"}"));
        expectField(422, "unknown_reference", "supplierId", post(ADMIN + "/supplier-choices",
                "{\"citizenId\":\"c-ref\",\"supplierId\":\"mjbr\",\"validFrom\":\"2026-01-01\"}"));
        expectField(422, "unknown_reference", "citizenId", post(ADMIN + "/device-bindings",
                "{\"account\":\"C300\",\"citizenId\":\"nobody\",\"validFrom\":\"2026-01-01T00:00:00Z\"}"));
        expectField(422, "unknown_reference", "supplierId", post(ADMIN + "/shifts",
                shift(null, "nope", "w", "W", "PRIMARY", "2026-04-01T00:00:00Z", "2026-04-01T08:00:00Z")));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "municipalities   | {\"id\":\"1\",\"name\":\" \",\"profileId\":\"x\"}                         | name",
            "municipalities   | {\"id\":\"1\",\"name\":\"N\",\"profileId\":\"x\",\"colour\":\"red\"}      | colour",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"PLUMBER\"} | kind",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"PRIVATE_CARE\",\"webhookUrl\":\"ftp://x\"} | webhookUrl",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":791,\"name\":\"S\",\"kind\":\"PRIVATE_CARE\"} | municipalityId",
            "citizens         | {\"id\":\"010203-1234\",\"municipalityId\":\"791\",\"name\":\"N\",\"address\":\"A\"} | id",
            "citizens         | {\"id\":\"c\",\"municipalityId\":\"791\",\"name\":\"N\"}                  | address",
            "citizens         | {\"id\":\"c\",\"municipalityId\":\"791\",\"name\":\"N\",\"address\":\"A\",\"status\":\"GONE\"} | status",
            "device-bindings  | {\"account\":\"XYZ!\",\"citizenId\":\"c\",\"validFrom\":\"2026-01-01T00:00:00Z\"} | account",
            "device-bindings  | {\"account\":\"ABC\",\"citizenId\":\"c\",\"validFrom\":\"yesterday\"}     | validFrom",
            "supplier-choices | {\"citizenId\":\"c\",\"supplierId\":\"omsorg\",\"validFrom\":\"2026-04-01\",\"validTo\":\"2026-03-01\"} | validTo",
            "supplier-choices | {\"citizenId\":\"c\",\"supplierId\":\"omsorg\"}                           | validFrom",
            "shifts           | {\"supplierId\":\"omsorg\",\"workerId\":\"w\",\"workerName\":\"W\",\"start\":\"2026-04-01T08:00:00Z\",\"end\":\"2026-04-01T08:00:00Z\"} | end",
            "shifts           | {\"supplierId\":\"omsorg\",\"workerId\":\"w\",\"workerName\":\"W\",\"role\":\"BOSS\",\"start\":\"2026-04-01T08:00:00Z\",\"end\":\"2026-04-01T09:00:00Z\"} | role",
            "shifts           | {\"supplierId\":\"omsorg\",\"workerId\":\"w\",\"workerName\":\"W\",\"start\":\"2026-04-01T08:00:00Z\",\"end\":\"2026-04-01T09:00:00Z\",\"actor\":\"\"} | actor",
    })
    void badFieldsAreRefusedNamingTheField(String entity, String body, String field) throws Exception {
        HttpResponse<String> response = post(ADMIN + "/" + entity, body);
        expectField(400, "bad_request", field, response);
        assertThat(new JsonObject(response.body()).getString("message")).startsWith(field + ": ");
    }

    @Test
    void bodiesMustBeJsonObjects() throws Exception {
        expectError(400, "bad_request", post(ADMIN + "/municipalities", "not json"));
        expectError(400, "bad_request", post(ADMIN + "/municipalities", "[1]"));
        expectError(400, "bad_request", put(ADMIN + "/municipalities/791", "{\"id\":\"792\",\"name\":\"N\",\"profileId\":\"p\"}"));
    }

    @Test
    void unknownIdsAreNotFound() throws Exception {
        for (String entity : new String[]{"municipalities", "suppliers", "citizens", "device-bindings",
                "supplier-choices", "shifts"}) {
            expectError(404, "not_found", get(ADMIN + "/" + entity + "/no-such-id"));
            expectError(404, "not_found", get(ADMIN + "/" + entity + "/no-such-id/history"));
        }
        expectError(404, "not_found", put(ADMIN + "/municipalities/no-such-id",
                "{\"name\":\"N\",\"profileId\":\"p\"}"));
        expectError(404, "not_found", post(ADMIN + "/supplier-choices/no-such-id/end", "{\"validTo\":\"2026-05-01\"}"));
        expectError(404, "not_found", delete(ADMIN + "/shifts/no-such-id"));
        expectError(404, "not_found", get("/api/v1/suppliers/no-such-id/coverage"));
    }

    @Test
    void historyListsEveryVersionWithItsActor() throws Exception {
        expect(201, post(ADMIN + "/citizens", citizen("c-hist")));
        HttpResponse<String> updated = put(ADMIN + "/citizens/c-hist", "{\"municipalityId\":\"791\",\"name\":\"Inger\","
                + "\"address\":\"Skovvej 2, 8800 Viborg\",\"keyNote\":\"key box 4711\",\"status\":\"PAUSED\","
                + "\"version\":1,\"actor\":\"visitator kari\"}");
        expect(200, updated);
        assertThat(new JsonObject(updated.body()).getInteger("version")).isEqualTo(2);
        assertThat(new JsonObject(updated.body()).getString("changedBy")).isEqualTo("visitator kari");
        expect(200, put(ADMIN + "/citizens/c-hist", "{\"municipalityId\":\"791\",\"name\":\"Inger\","
                + "\"address\":\"Skovvej 2, 8800 Viborg\",\"status\":\"ACTIVE\"}", "X-Actor", "nurse bo"));

        HttpResponse<String> history = get(ADMIN + "/citizens/c-hist/history");
        expect(200, history);
        JsonArray versions = items(history);
        assertThat(versions).hasSize(3);
        assertThat(versions.getJsonObject(0).getString("change")).isEqualTo("CREATED");
        assertThat(versions.getJsonObject(0).getString("actor")).isEqualTo("admin");
        assertThat(versions.getJsonObject(0).getJsonObject("snapshot").getString("address")).isEqualTo("Skovvej 1, 8800 Viborg");
        assertThat(versions.getJsonObject(1).getInteger("version")).isEqualTo(2);
        assertThat(versions.getJsonObject(1).getString("actor")).isEqualTo("visitator kari");
        assertThat(versions.getJsonObject(1).getJsonObject("snapshot").getString("status")).isEqualTo("PAUSED");
        assertThat(versions.getJsonObject(2).getString("actor")).isEqualTo("nurse bo");
        assertThat(versions.getJsonObject(2).getJsonObject("snapshot").getString("status")).isEqualTo("ACTIVE");
        assertThat(versions.getJsonObject(2).getString("changedAt")).isEqualTo(NOW.toString());
    }

    @Test
    void aChangeDoesNotRewriteThePast() throws Exception {
        expect(201, post(ADMIN + "/citizens", citizen("c-past")));
        expect(201, post(ADMIN + "/device-bindings", "{\"account\":\"D400\",\"citizenId\":\"c-past\","
                + "\"validFrom\":\"2026-01-01T00:00:00Z\"}"));
        expect(201, post(ADMIN + "/supplier-choices", "{\"id\":\"ch-past-1\",\"citizenId\":\"c-past\","
                + "\"supplierId\":\"omsorg\",\"validFrom\":\"2026-02-01\"}"));

        // a choice in force cannot be switched to another supplier, moved, or ended in the past ...
        expectError(409, "conflict", put(ADMIN + "/supplier-choices/ch-past-1", "{\"citizenId\":\"c-past\","
                + "\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-02-01\"}"));
        expectError(409, "conflict", put(ADMIN + "/supplier-choices/ch-past-1", "{\"citizenId\":\"c-past\","
                + "\"supplierId\":\"omsorg\",\"validFrom\":\"2026-03-01\"}"));
        expectError(409, "conflict", post(ADMIN + "/supplier-choices/ch-past-1/end", "{\"validTo\":\"2026-03-01\"}"));
        expectError(409, "conflict", post(ADMIN + "/supplier-choices/ch-past-1/end", "{\"validTo\":\"2026-03-15\"}"));
        expectError(409, "conflict", delete(ADMIN + "/supplier-choices/ch-past-1"));
        // ... it is ended from tomorrow, and the new choice starts then
        expect(200, post(ADMIN + "/supplier-choices/ch-past-1/end", "{\"validTo\":\"2026-03-16\",\"actor\":\"kari\"}"));
        expect(201, post(ADMIN + "/supplier-choices", "{\"id\":\"ch-past-2\",\"citizenId\":\"c-past\","
                + "\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-03-16\"}"));

        assertThat(routing("D400", "2026-02-10T08:00:00Z").getJsonObject("choice").getString("supplierId"))
                .isEqualTo("omsorg");
        assertThat(routing("D400", NOW.toString()).getJsonObject("choice").getString("supplierId"))
                .isEqualTo("omsorg");
        assertThat(routing("D400", "2026-03-16T08:00:00Z").getJsonObject("choice").getString("supplierId"))
                .isEqualTo("hjemmepleje");

        // a future choice may still be deleted; its history stays
        expect(200, post(ADMIN + "/supplier-choices/ch-past-2/end", "{\"validTo\":\"2026-06-01\"}"));
        expect(201, post(ADMIN + "/supplier-choices", "{\"id\":\"ch-past-3\",\"citizenId\":\"c-past\","
                + "\"supplierId\":\"omsorg\",\"validFrom\":\"2026-06-01\"}"));
        expectError(409, "conflict", post(ADMIN + "/supplier-choices", "{\"id\":\"ch-past-4\",\"citizenId\":\"c-past\","
                + "\"supplierId\":\"omsorg\",\"validFrom\":\"2026-05-01\"}"));
        HttpResponse<String> deleted = delete(ADMIN + "/supplier-choices/ch-past-3", "X-Actor", "kari");
        assertThat(deleted.statusCode()).isEqualTo(204);
        expectError(404, "not_found", get(ADMIN + "/supplier-choices/ch-past-3"));
        JsonArray history = items(get(ADMIN + "/supplier-choices/ch-past-3/history"));
        assertThat(history).hasSize(2);
        assertThat(history.getJsonObject(1).getString("change")).isEqualTo("DELETED");
        assertThat(history.getJsonObject(1).getString("actor")).isEqualTo("kari");

        JsonArray first = items(get(ADMIN + "/supplier-choices/ch-past-1/history"));
        assertThat(first).extracting(o -> ((JsonObject) o).getString("change")).containsExactly("CREATED", "ENDED");
        assertThat(first.getJsonObject(0).getJsonObject("snapshot").getValue("validTo")).isNull();
        assertThat(first.getJsonObject(1).getJsonObject("snapshot").getString("validTo")).isEqualTo("2026-03-16");

        // shifts that have started keep their start; a future one may be moved
        expect(201, post(ADMIN + "/shifts", shift("s-past", "omsorg", "w-d", "Dora", "PRIMARY",
                "2026-03-15T06:00:00Z", "2026-03-15T14:00:00Z")));
        expectError(409, "conflict", put(ADMIN + "/shifts/s-past", shift(null, "omsorg", "w-d", "Dora", "PRIMARY",
                "2026-03-15T07:00:00Z", "2026-03-15T14:00:00Z")));
        expect(200, put(ADMIN + "/shifts/s-past", shift(null, "omsorg", "w-d", "Dora Hansen", "PRIMARY",
                "2026-03-15T06:00:00Z", "2026-03-15T16:00:00Z")));
    }

    @Test
    void coverageListsTheHolesInTheRosterAndNoneWhenItIsFull() throws Exception {
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"cov-holes\",\"municipalityId\":\"791\",\"name\":\"Holes\","
                + "\"kind\":\"PRIVATE_CARE\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"cov-full\",\"municipalityId\":\"791\",\"name\":\"Full\","
                + "\"kind\":\"PRIVATE_CARE\"}"));
        // 8-hour shifts from 03:00Z on the 15th over 9 days; the holes roster skips the shift on the 17th 11:00-19:00
        Instant start = Instant.parse("2026-03-15T03:00:00Z");
        for (int i = 0; i < 27; i++) {
            Instant from = start.plus(Duration.ofHours(8L * i));
            Instant to = from.plus(Duration.ofHours(8));
            expect(201, post(ADMIN + "/shifts", shift(null, "cov-full", "w" + i % 3, "Worker " + i % 3, "PRIMARY",
                    from.toString(), to.toString())));
            if (!from.equals(Instant.parse("2026-03-17T11:00:00Z"))) {
                expect(201, post(ADMIN + "/shifts", shift(null, "cov-holes", "w" + i % 3, "Worker " + i % 3,
                        i % 2 == 0 ? "PRIMARY" : "BACKUP", from.toString(), to.toString())));
            }
        }

        JsonObject holes = new JsonObject(get("/api/v1/suppliers/cov-holes/coverage?days=3").body());
        assertThat(holes.getString("supplierId")).isEqualTo("cov-holes");
        assertThat(holes.getString("from")).isEqualTo(NOW.toString());
        assertThat(holes.getString("to")).isEqualTo("2026-03-18T11:00:00Z");
        JsonArray gaps = holes.getJsonArray("gaps");
        assertThat(gaps).hasSize(1);
        assertThat(gaps.getJsonObject(0).getString("from")).isEqualTo("2026-03-17T11:00:00Z");
        assertThat(gaps.getJsonObject(0).getString("to")).isEqualTo("2026-03-17T19:00:00Z");
        assertThat(gaps.getJsonObject(0).getLong("minutes")).isEqualTo(480);

        HttpResponse<String> full = get("/api/v1/suppliers/cov-full/coverage");
        expect(200, full);
        assertThat(new JsonObject(full.body()).getString("to")).isEqualTo("2026-03-22T11:00:00Z");
        assertThat(new JsonObject(full.body()).getJsonArray("gaps")).isEmpty();

        // past the end of the roster (9 days from 03:00Z on the 15th) is a gap to the end of the period
        JsonArray tail = new JsonObject(get("/api/v1/suppliers/cov-full/coverage?days=10").body()).getJsonArray("gaps");
        assertThat(tail).hasSize(1);
        assertThat(tail.getJsonObject(0).getString("from")).isEqualTo("2026-03-24T03:00:00Z");
        assertThat(tail.getJsonObject(0).getString("to")).isEqualTo("2026-03-25T11:00:00Z");

        JsonArray none = new JsonObject(get("/api/v1/suppliers/hjemmepleje/coverage?days=1").body()).getJsonArray("gaps");
        assertThat(none).hasSize(1);
        assertThat(none.getJsonObject(0).getLong("minutes")).isEqualTo(24 * 60);

        expectField(400, "bad_request", "days", get("/api/v1/suppliers/cov-full/coverage?days=0"));
        expectField(400, "bad_request", "days", get("/api/v1/suppliers/cov-full/coverage?days=32"));
        expectField(400, "bad_request", "days", get("/api/v1/suppliers/cov-full/coverage?days=week"));
    }

    // ---------------------------------------------------------------- helpers

    static String citizen(String id) {
        return "{\"id\":\"" + id + "\",\"municipalityId\":\"791\",\"name\":\"Inger\","
                + "\"address\":\"Skovvej 1, 8800 Viborg\",\"keyNote\":\"key box by the door\"}";
    }

    static String shift(String id, String supplierId, String workerId, String workerName, String role, String start,
                        String end) {
        return new JsonObject().put("id", id).put("supplierId", supplierId).put("workerId", workerId)
                .put("workerName", workerName).put("role", role).put("start", start).put("end", end).encode()
                .replace("\"id\":null,", "");
    }

    static JsonObject routing(String account, String at) throws Exception {
        HttpResponse<String> response = get(ADMIN + "/routing?account=" + account + "&at=" + at);
        expect(200, response);
        return new JsonObject(response.body());
    }

    static JsonArray items(HttpResponse<String> response) {
        expect(200, response);
        return new JsonObject(response.body()).getJsonArray("items");
    }

    static void expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri() + " -> "
                + response.body()).isEqualTo(status);
    }

    static void expectError(int status, String code, HttpResponse<String> response) {
        expect(status, response);
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("error")).isEqualTo(code);
        assertThat(body.getString("message")).isNotBlank();
    }

    static void expectField(int status, String code, String field, HttpResponse<String> response) {
        expectError(status, code, response);
        JsonArray fields = new JsonObject(response.body()).getJsonArray("fields");
        assertThat(fields).as(response.body()).isNotNull();
        assertThat(fields.getJsonObject(0).getString("field")).as(response.body()).isEqualTo(field);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return server.get(path);
    }

    static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return server.post(path, body, headers);
    }

    static HttpResponse<String> put(String path, String body, String... headers) throws Exception {
        return send(request(path, headers).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json"));
    }

    static HttpResponse<String> delete(String path, String... headers) throws Exception {
        return send(request(path, headers).DELETE());
    }

    private static HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + server.token());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
