package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.dispatch.WebhookTargets;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Migrations;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.WebhookSecrets;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
                + "\"kind\":\"PRIVATE_CARE\",\"webhookUrl\":\"https://omsorg.example/alarms\","
                + "\"phone\":\"+45 70 20 30 40\",\"contactPerson\":\"Vagthavende sygeplejerske\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"hjemmepleje\",\"municipalityId\":\"791\","
                + "\"name\":\"Viborg Hjemmepleje\",\"kind\":\"MUNICIPAL_HOME_CARE\",\"phone\":\"87 87 00 00\"}"));
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
        // asked on 15 March, Viborg's notice (30 days to the end of a month) allows 1 May: the municipality accepts less
        expect(201, post(ADMIN + "/supplier-choices", "{\"id\":\"ch-chain-2\",\"citizenId\":\"c-chain\","
                + "\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-04-01\","
                + "\"noticeOverride\":{\"reason\":\"visitationen har godkendt kortere varsel\"}}"));

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
                "{\"id\":\"ghost\",\"municipalityId\":\"999\",\"name\":\"Ghost\",\"kind\":\"FIRE_AND_RESCUE\"}"));
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
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"PRIVATE_CARE\"} | phone",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"MUNICIPAL_HOME_CARE\"} | phone",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"PRIVATE_CARE\",\"phone\":\"7020 304\"} | phone",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"PRIVATE_CARE\",\"phone\":70203040} | phone",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"FIRE_AND_RESCUE\",\"contactPerson\":\" \"} | contactPerson",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203040\",\"scaipVoiceCallsDesk\":\"yes\"} | scaipVoiceCallsDesk",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"FIRE_AND_RESCUE\",\"phone\":\"70203040\",\"scaipVoiceCallsDesk\":true} | scaipVoiceCallsDesk",
            "suppliers        | {\"id\":\"s\",\"municipalityId\":\"791\",\"name\":\"S\",\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203040\",\"suspendedAt\":\"2026-03-01T00:00:00Z\"} | suspendedAt",
            "citizens         | {\"id\":\"010203-1234\",\"municipalityId\":\"791\",\"name\":\"N\",\"address\":\"A\"} | id",
            "citizens         | {\"id\":\"c\",\"municipalityId\":\"791\",\"name\":\"N\"}                  | address",
            "citizens         | {\"id\":\"c\",\"municipalityId\":\"791\",\"name\":\"N\",\"address\":\"A\",\"status\":\"GONE\"} | status",
            "device-bindings  | {\"account\":\"XYZ!\",\"citizenId\":\"c\",\"validFrom\":\"2026-01-01T00:00:00Z\"} | account",
            "device-bindings  | {\"account\":\"ABC\",\"citizenId\":\"c\",\"validFrom\":\"yesterday\"}     | validFrom",
            "supplier-choices | {\"citizenId\":\"c\",\"supplierId\":\"omsorg\",\"validFrom\":\"2026-04-01\",\"validTo\":\"2026-03-01\"} | validTo",
            "supplier-choices | {\"citizenId\":\"c\",\"supplierId\":\"omsorg\"}                           | validFrom",
            "supplier-choices | {\"citizenId\":\"c\",\"supplierId\":\"omsorg\",\"validFrom\":\"2026-04-01\",\"noticeOverride\":\"ok\"} | noticeOverride",
            "supplier-choices | {\"citizenId\":\"c\",\"supplierId\":\"omsorg\",\"validFrom\":\"2026-04-01\",\"noticeOverride\":{}} | noticeOverride.reason",
            "supplier-choices | {\"citizenId\":\"c\",\"supplierId\":\"omsorg\",\"validFrom\":\"2026-04-01\",\"noticeOverride\":{\"reason\":\" \"}} | noticeOverride.reason",
            "supplier-choices | {\"citizenId\":\"c\",\"supplierId\":\"omsorg\",\"validFrom\":\"2026-04-01\",\"noticeOverride\":{\"reason\":\"r\",\"by\":\"bo\"}} | noticeOverride.by",
            "supplier-choices | {\"citizenId\":\"c\",\"supplierId\":\"omsorg\",\"validFrom\":\"2026-04-01\",\"noticeOverrideReason\":\"r\"} | noticeOverrideReason",
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
                + "\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-03-16\","
                + "\"noticeOverride\":{\"reason\":\"indlagt, flytter til plejebolig\"}}"));

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
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203041\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"cov-full\",\"municipalityId\":\"791\",\"name\":\"Full\","
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203042\"}"));
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

    // ---------------------------------------------------------------- supplier record, suspension, notice

    @Test
    void aSuppliersPhoneAndContactPersonRoundTripIntoHistoryAndTheDirectory() throws Exception {
        HttpResponse<String> created = post(ADMIN + "/suppliers", "{\"id\":\"tlf-care\",\"municipalityId\":\"791\","
                + "\"name\":\"Telefon Omsorg ApS\",\"kind\":\"PRIVATE_CARE\",\"phone\":\" +45 70 20 30 50 \","
                + "\"contactPerson\":\"Vagthavende Mette Holm\",\"webhookUrl\":\"https://tlf.example/hook?key=s3cret\"}");
        expect(201, created);
        JsonObject body = new JsonObject(created.body());
        assertThat(body.getString("phone")).isEqualTo("+45 70 20 30 50");
        assertThat(body.getString("contactPerson")).isEqualTo("Vagthavende Mette Holm");
        assertThat(body.getValue("suspendedAt")).isNull();
        assertThat(body.containsKey("suspendedAt")).isTrue();

        expect(200, put(ADMIN + "/suppliers/tlf-care", "{\"municipalityId\":\"791\",\"name\":\"Telefon Omsorg ApS\","
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203051\",\"contactPerson\":\"Nattevagt Jonas Dahl\"}"));
        JsonObject read = new JsonObject(get(ADMIN + "/suppliers/tlf-care").body());
        assertThat(read.getString("phone")).isEqualTo("70203051");
        assertThat(read.getString("contactPerson")).isEqualTo("Nattevagt Jonas Dahl");
        JsonArray history = items(get(ADMIN + "/suppliers/tlf-care/history"));
        assertThat(history).hasSize(2);
        assertThat(history.getJsonObject(0).getJsonObject("snapshot").getString("phone")).isEqualTo("+45 70 20 30 50");
        assertThat(history.getJsonObject(1).getJsonObject("snapshot").getString("contactPerson"))
                .isEqualTo("Nattevagt Jonas Dahl");
        assertThat(history.getJsonObject(1).getValue("reason")).isNull();

        // an update without the phone is refused for a care supplier; fire-and-rescue needs none
        expectField(400, "bad_request", "phone", put(ADMIN + "/suppliers/tlf-care", "{\"municipalityId\":\"791\","
                + "\"name\":\"Telefon Omsorg ApS\",\"kind\":\"PRIVATE_CARE\"}"));
        expectField(400, "bad_request", "contactPerson", put(ADMIN + "/suppliers/tlf-care", "{\"municipalityId\":"
                + "\"791\",\"name\":\"T\",\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203051\",\"contactPerson\":\""
                + "x".repeat(201) + "\"}"));

        HttpResponse<String> directory = get("/api/v1/suppliers?municipalityId=791");
        expect(200, directory);
        JsonObject entry = items(directory).stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("id").equals("tlf-care")).findFirst().orElseThrow();
        assertThat(entry.getString("phone")).isEqualTo("70203051");
        assertThat(entry.getString("contactPerson")).isEqualTo("Nattevagt Jonas Dahl");
        assertThat(entry.getValue("suspendedAt")).isNull();
        assertThat(entry.containsKey("webhookUrl")).isFalse();
        assertThat(directory.body()).doesNotContain("s3cret");
    }

    @Test
    void theScaipVoiceSettingIsOffByDefaultAndRoundTripsIntoHistory() throws Exception {
        HttpResponse<String> created = post(ADMIN + "/suppliers", "{\"id\":\"voice-care\",\"municipalityId\":\"791\","
                + "\"name\":\"Stemme Omsorg ApS\",\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203060\"}");
        expect(201, created);
        assertThat(new JsonObject(created.body()).getBoolean("scaipVoiceCallsDesk")).isFalse();
        expect(200, put(ADMIN + "/suppliers/voice-care", "{\"municipalityId\":\"791\",\"name\":\"Stemme Omsorg ApS\","
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203060\",\"scaipVoiceCallsDesk\":true}"));
        assertThat(new JsonObject(get(ADMIN + "/suppliers/voice-care").body()).getBoolean("scaipVoiceCallsDesk"))
                .isTrue();
        JsonArray history = items(get(ADMIN + "/suppliers/voice-care/history"));
        assertThat(history.getJsonObject(1).getJsonObject("snapshot").getBoolean("scaipVoiceCallsDesk")).isTrue();
        // an update that leaves it out turns it off, as it does any other optional field
        expect(200, put(ADMIN + "/suppliers/voice-care", "{\"municipalityId\":\"791\",\"name\":\"Stemme Omsorg ApS\","
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203060\"}"));
        assertThat(new JsonObject(get(ADMIN + "/suppliers/voice-care").body()).getBoolean("scaipVoiceCallsDesk"))
                .isFalse();
    }

    @Test
    void aPrivateSupplierIsSuspendedAndReinstatedWithItsReasonsInTheHistory() throws Exception {
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"konkurs\",\"municipalityId\":\"791\",\"name\":\"Konkurs ApS\","
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203060\"}"));
        expectError(409, "conflict", post(ADMIN + "/suppliers/konkurs/reinstate", "{\"reason\":\"never suspended\"}"));

        HttpResponse<String> suspended = post(ADMIN + "/suppliers/konkurs/suspend",
                "{\"reason\":\"konkursdekret afsagt 15.03.2026 kl. 09\",\"actor\":\"visitator kari\"}");
        expect(200, suspended);
        JsonObject s = new JsonObject(suspended.body());
        assertThat(s.getString("suspendedAt")).isEqualTo(NOW.toString());
        assertThat(s.getString("suspensionReason")).isEqualTo("konkursdekret afsagt 15.03.2026 kl. 09");
        assertThat(s.getInteger("version")).isEqualTo(2);
        assertThat(s.getString("changedBy")).isEqualTo("visitator kari");

        HttpResponse<String> again = post(ADMIN + "/suppliers/konkurs/suspend", "{\"reason\":\"again\"}");
        expectError(409, "conflict", again);
        assertThat(new JsonObject(again.body()).getString("message")).contains("already suspended", NOW.toString());

        // the directory shows it; an ordinary update keeps it; it cannot be chosen
        JsonObject entry = items(get("/api/v1/suppliers?municipalityId=791")).stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("id").equals("konkurs")).findFirst().orElseThrow();
        assertThat(entry.getString("suspendedAt")).isEqualTo(NOW.toString());
        HttpResponse<String> renamed = put(ADMIN + "/suppliers/konkurs", "{\"municipalityId\":\"791\","
                + "\"name\":\"Konkurs ApS under konkurs\",\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203061\"}");
        expect(200, renamed);
        assertThat(new JsonObject(renamed.body()).getString("suspendedAt")).isEqualTo(NOW.toString());
        assertThat(new JsonObject(renamed.body()).getString("suspensionReason")).startsWith("konkursdekret");
        expect(201, post(ADMIN + "/citizens", citizen("c-konkurs")));
        expectField(409, "conflict", "supplierId", post(ADMIN + "/supplier-choices",
                "{\"citizenId\":\"c-konkurs\",\"supplierId\":\"konkurs\",\"validFrom\":\"2026-05-01\"}"));

        HttpResponse<String> back = post(ADMIN + "/suppliers/konkurs/reinstate",
                "{\"reason\":\"konkursboet fortsætter driften\"}", "X-Actor", "jurist bo");
        expect(200, back);
        assertThat(new JsonObject(back.body()).getValue("suspendedAt")).isNull();
        assertThat(new JsonObject(back.body()).getValue("suspensionReason")).isNull();
        expectError(409, "conflict", post(ADMIN + "/suppliers/konkurs/reinstate", "{\"reason\":\"twice\"}"));

        // a suspension may be scheduled: from midnight 1 April in Copenhagen (summer time)
        HttpResponse<String> scheduled = post(ADMIN + "/suppliers/konkurs/suspend",
                "{\"reason\":\"kontrakt ophævet\",\"from\":\"2026-04-01T00:00:00+02:00\"}");
        expect(200, scheduled);
        assertThat(new JsonObject(scheduled.body()).getString("suspendedAt")).isEqualTo("2026-03-31T22:00:00Z");

        JsonArray history = items(get(ADMIN + "/suppliers/konkurs/history"));
        assertThat(history).extracting(o -> ((JsonObject) o).getString("change"))
                .containsExactly("CREATED", "SUSPENDED", "UPDATED", "REINSTATED", "SUSPENDED");
        assertThat(history).extracting(o -> ((JsonObject) o).getString("actor"))
                .containsExactly("admin", "visitator kari", "admin", "jurist bo", "admin");
        assertThat(history).extracting(o -> ((JsonObject) o).getString("reason")).containsExactly(null,
                "konkursdekret afsagt 15.03.2026 kl. 09", null, "konkursboet fortsætter driften", "kontrakt ophævet");
        assertThat(history.getJsonObject(1).getJsonObject("snapshot").getString("suspendedAt"))
                .isEqualTo(NOW.toString());
        assertThat(history.getJsonObject(3).getJsonObject("snapshot").getValue("suspendedAt")).isNull();
    }

    @Test
    void municipalHomeCareAndFireAndRescueCannotBeSuspended() throws Exception {
        HttpResponse<String> home = post(ADMIN + "/suppliers/hjemmepleje/suspend", "{\"reason\":\"konkurs\"}");
        expectError(409, "conflict", home);
        assertThat(new JsonObject(home.body()).getString("message")).contains("MUNICIPAL_HOME_CARE",
                "takes over the alarms");
        HttpResponse<String> fire = post(ADMIN + "/suppliers/mjbr/suspend", "{\"reason\":\"konkurs\"}");
        expectError(409, "conflict", fire);
        assertThat(new JsonObject(fire.body()).getString("message")).contains("fire-and-rescue");
        assertThat(new JsonObject(get(ADMIN + "/suppliers/hjemmepleje").body()).getValue("suspendedAt")).isNull();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "suspend   | {}                                                   | reason",
            "suspend   | {\"reason\":\"  \"}                                  | reason",
            "suspend   | {\"reason\":7}                                       | reason",
            "suspend   | {\"reason\":\"konkurs\",\"from\":\"tomorrow\"}       | from",
            "suspend   | {\"reason\":\"konkurs\",\"from\":\"2026-04-01\"}     | from",
            "suspend   | {\"reason\":\"konkurs\",\"until\":\"2026-05-01T00:00:00Z\"} | until",
            "suspend   | {\"reason\":\"konkurs\",\"version\":\"one\"}         | version",
            "reinstate | {}                                                   | reason",
            "reinstate | {\"reason\":\"ok\",\"from\":\"2026-04-01T00:00:00Z\"} | from",
    })
    void badSuspensionBodiesAreRefusedNamingTheField(String action, String body, String field) throws Exception {
        HttpResponse<String> response = post(ADMIN + "/suppliers/omsorg/" + action, body);
        expectField(400, "bad_request", field, response);
        assertThat(new JsonObject(response.body()).getString("message")).startsWith(field + ": ");
    }

    @Test
    void suspensionOfAnUnknownSupplierIsNotFoundAndBodiesMustBeObjects() throws Exception {
        expectError(404, "not_found", post(ADMIN + "/suppliers/no-such-id/suspend", "{\"reason\":\"konkurs\"}"));
        expectError(404, "not_found", post(ADMIN + "/suppliers/no-such-id/reinstate", "{\"reason\":\"ok\"}"));
        expectError(400, "bad_request", post(ADMIN + "/suppliers/omsorg/suspend", "konkurs"));
        expectField(400, "bad_request", "reason", post(ADMIN + "/suppliers/omsorg/suspend",
                new JsonObject().put("reason", "x".repeat(1001)).encode()));
        expectError(409, "conflict", post(ADMIN + "/suppliers/omsorg/suspend",
                "{\"reason\":\"konkurs\",\"version\":99}"));
        assertThat(new JsonObject(get(ADMIN + "/suppliers/omsorg").body()).getValue("suspendedAt")).isNull();
    }

    @Test
    void aChangeOfSupplierWithTooShortANoticeIsRefusedWithTheEarliestDayTheRuleAndItsSource() throws Exception {
        expect(201, post(ADMIN + "/citizens", citizen("c-notice")));
        expect(201, post(ADMIN + "/supplier-choices", "{\"id\":\"ch-n-1\",\"citizenId\":\"c-notice\","
                + "\"supplierId\":\"omsorg\",\"validFrom\":\"2026-01-01\"}"));
        expect(200, post(ADMIN + "/supplier-choices/ch-n-1/end", "{\"validTo\":\"2026-04-01\"}"));

        HttpResponse<String> tooShort = post(ADMIN + "/supplier-choices", "{\"id\":\"ch-n-2\",\"citizenId\":"
                + "\"c-notice\",\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-04-01\"}");
        expectField(409, "notice_too_short", "validFrom", tooShort);
        JsonObject refusal = new JsonObject(tooShort.body());
        // asked on 15 March (NOW): 15 March + 30 days = 14 April, so the notice runs to the end of April
        assertThat(refusal.getString("earliestAllowed")).isEqualTo("2026-05-01");
        assertThat(refusal.getString("requestedOn")).isEqualTo("2026-03-15");
        assertThat(refusal.getJsonObject("notice").getInteger("days")).isEqualTo(30);
        assertThat(refusal.getJsonObject("notice").getBoolean("toEndOfMonth")).isTrue();
        assertThat(refusal.getString("citation")).startsWith("source: 002 Viborg §10.6");
        assertThat(refusal.getJsonObject("changeFrom").getString("choiceId")).isEqualTo("ch-n-1");
        assertThat(refusal.getJsonObject("changeFrom").getString("supplierId")).isEqualTo("omsorg");
        assertThat(refusal.getString("message")).contains("2026-05-01", "30 days to the end of a month",
                "002 Viborg §10.6", "noticeOverride");
        expectError(404, "not_found", get(ADMIN + "/supplier-choices/ch-n-2"));

        // the administrator overrides: the choice is stored with the reason, also in its history
        HttpResponse<String> overridden = post(ADMIN + "/supplier-choices", "{\"id\":\"ch-n-2\",\"citizenId\":"
                + "\"c-notice\",\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-04-01\","
                + "\"noticeOverride\":{\"reason\":\"flytter i plejebolig 1. april; godkendt af visitationen\"},"
                + "\"actor\":\"visitator kari\"}");
        expect(201, overridden);
        assertThat(new JsonObject(overridden.body()).getString("noticeOverrideReason"))
                .isEqualTo("flytter i plejebolig 1. april; godkendt af visitationen");
        assertThat(new JsonObject(get(ADMIN + "/supplier-choices/ch-n-2").body()).getString("noticeOverrideReason"))
                .startsWith("flytter i plejebolig");
        JsonObject created = items(get(ADMIN + "/supplier-choices/ch-n-2/history")).getJsonObject(0);
        assertThat(created.getString("reason")).startsWith("flytter i plejebolig");
        assertThat(created.getString("actor")).isEqualTo("visitator kari");
        assertThat(created.getJsonObject("snapshot").getString("noticeOverrideReason")).startsWith("flytter i");

        // changes that keep the supplier and first day keep the override; ending it keeps it too
        expect(200, put(ADMIN + "/supplier-choices/ch-n-2", "{\"citizenId\":\"c-notice\",\"supplierId\":"
                + "\"hjemmepleje\",\"validFrom\":\"2026-04-01\",\"validTo\":\"2026-09-01\"}"));
        HttpResponse<String> ended = post(ADMIN + "/supplier-choices/ch-n-2/end", "{\"validTo\":\"2026-08-01\"}");
        expect(200, ended);
        assertThat(new JsonObject(ended.body()).getString("noticeOverrideReason")).startsWith("flytter i");
    }

    @Test
    void aFirstChoiceIsNeverCheckedAndAChangeWithEnoughNoticePasses() throws Exception {
        // a first choice from tomorrow (and one recorded in the past) need no notice
        expect(201, post(ADMIN + "/citizens", citizen("c-first")));
        HttpResponse<String> first = post(ADMIN + "/supplier-choices", "{\"id\":\"ch-f-1\",\"citizenId\":\"c-first\","
                + "\"supplierId\":\"omsorg\",\"validFrom\":\"2026-03-16\",\"validTo\":\"2026-05-01\"}");
        expect(201, first);
        assertThat(new JsonObject(first.body()).getValue("noticeOverrideReason")).isNull();
        expect(201, post(ADMIN + "/citizens", citizen("c-first-past")));
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-first-past\",\"supplierId\":\"omsorg\","
                + "\"validFrom\":\"2026-02-01\"}"));
        // after a gap the next choice is a first choice again; the same supplier again is no change either
        expect(201, post(ADMIN + "/citizens", citizen("c-gap")));
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-gap\",\"supplierId\":\"omsorg\","
                + "\"validFrom\":\"2026-01-01\",\"validTo\":\"2026-03-10\"}"));
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-gap\",\"supplierId\":\"hjemmepleje\","
                + "\"validFrom\":\"2026-03-11\",\"validTo\":\"2026-03-20\"}"));
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-gap\",\"supplierId\":\"hjemmepleje\","
                + "\"validFrom\":\"2026-03-20\"}"));

        // ch-f-1 ends on 1 May: exactly the earliest day a change asked for today may take effect
        HttpResponse<String> enough = post(ADMIN + "/supplier-choices", "{\"id\":\"ch-f-2\",\"citizenId\":\"c-first\","
                + "\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-05-01\","
                + "\"noticeOverride\":{\"reason\":\"not needed\"}}");
        expect(201, enough);
        // an override nobody needed is not stored
        assertThat(new JsonObject(enough.body()).getValue("noticeOverrideReason")).isNull();

        // moving that change a day earlier is a change of supplier again, and checked again
        expect(200, post(ADMIN + "/supplier-choices/ch-f-1/end", "{\"validTo\":\"2026-04-30\"}"));
        HttpResponse<String> moved = put(ADMIN + "/supplier-choices/ch-f-2", "{\"citizenId\":\"c-first\","
                + "\"supplierId\":\"hjemmepleje\",\"validFrom\":\"2026-04-30\"}");
        expectField(409, "notice_too_short", "validFrom", moved);
        assertThat(new JsonObject(moved.body()).getString("earliestAllowed")).isEqualTo("2026-05-01");
    }

    @Test
    void eachMunicipalityHasItsOwnNoticeAndASuspendedSupplierNeedsNone() throws Exception {
        // Norddjurs states no notice: a change from tomorrow passes
        expect(201, post(ADMIN + "/municipalities", "{\"id\":\"707\",\"name\":\"Norddjurs Kommune\","
                + "\"profileId\":\"norddjurs\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"djurs-a\",\"municipalityId\":\"707\",\"name\":\"A\","
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203070\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"djurs-b\",\"municipalityId\":\"707\",\"name\":\"B\","
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203071\"}"));
        expect(201, post(ADMIN + "/citizens", "{\"id\":\"c-djurs\",\"municipalityId\":\"707\",\"name\":\"Inger\","
                + "\"address\":\"Torvet 1, 8500 Grenaa\"}"));
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-djurs\",\"supplierId\":\"djurs-a\","
                + "\"validFrom\":\"2026-01-01\",\"validTo\":\"2026-03-16\"}"));
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-djurs\",\"supplierId\":\"djurs-b\","
                + "\"validFrom\":\"2026-03-16\"}"));

        // Odder: 14 days from 15 March is 29 March
        expect(201, post(ADMIN + "/municipalities", "{\"id\":\"727\",\"name\":\"Odder Kommune\",\"profileId\":\"odder\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"odder-a\",\"municipalityId\":\"727\",\"name\":\"A\","
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203072\"}"));
        expect(201, post(ADMIN + "/suppliers", "{\"id\":\"odder-b\",\"municipalityId\":\"727\",\"name\":\"B\","
                + "\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203073\"}"));
        for (String c : new String[]{"c-odder-1", "c-odder-2"}) {
            expect(201, post(ADMIN + "/citizens", "{\"id\":\"" + c + "\",\"municipalityId\":\"727\",\"name\":\"Bent\","
                    + "\"address\":\"Rosensgade 1, 8300 Odder\"}"));
        }
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-odder-1\",\"supplierId\":\"odder-a\","
                + "\"validFrom\":\"2026-01-01\",\"validTo\":\"2026-03-28\"}"));
        HttpResponse<String> odder = post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-odder-1\","
                + "\"supplierId\":\"odder-b\",\"validFrom\":\"2026-03-28\"}");
        expectField(409, "notice_too_short", "validFrom", odder);
        assertThat(new JsonObject(odder.body()).getString("earliestAllowed")).isEqualTo("2026-03-29");
        assertThat(new JsonObject(odder.body()).getString("citation")).contains("003 Odder §4.16");
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-odder-2\",\"supplierId\":\"odder-a\","
                + "\"validFrom\":\"2026-01-01\",\"validTo\":\"2026-03-29\"}"));
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-odder-2\",\"supplierId\":\"odder-b\","
                + "\"validFrom\":\"2026-03-29\"}"));

        // the citizen's supplier goes bankrupt: the change to another one needs no notice (000 Norddjurs §3.1)
        expect(200, post(ADMIN + "/suppliers/odder-a/suspend", "{\"reason\":\"konkurs\"}"));
        HttpResponse<String> awayFromBankrupt = post(ADMIN + "/supplier-choices/" + choiceOf("c-odder-1", "odder-a")
                + "/end", "{\"validTo\":\"2026-03-16\"}");
        expect(200, awayFromBankrupt);
        expect(201, post(ADMIN + "/supplier-choices", "{\"citizenId\":\"c-odder-1\",\"supplierId\":\"odder-b\","
                + "\"validFrom\":\"2026-03-16\"}"));
    }

    @Test
    void theHookIsToldTheSuspendedSupplierAfterTheSuspensionCommitted() throws Exception {
        Database db = new Database(new ServerConfig.Store("jdbc:h2:mem:admin-hook-test;DB_CLOSE_DELAY=-1", "", "", 2,
                10, false), null);
        Vertx vertx = Vertx.vertx();
        try {
            Migrations.apply(db);
            ReferenceStore store = new ReferenceStore(db);
            store.create(ReferenceStore.MUNICIPALITIES, new Municipality("791", "Viborg Kommune", "viborg"), "t", NOW);
            store.create(ReferenceStore.SUPPLIERS, new Supplier("hook-care", "791", "Hook ApS",
                    SupplierKind.PRIVATE_CARE, null, "70203080", null, null, null), "t", NOW);
            List<String> told = new CopyOnWriteArrayList<>();
            List<Boolean> committed = new CopyOnWriteArrayList<>();
            Consumer<String> hook = id -> {
                told.add(id);
                try {
                    committed.add(store.find(ReferenceStore.SUPPLIERS, id).orElseThrow().value().isSuspendedAt(NOW));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("a failing hook does not undo the suspension");
            };
            Router router = ContractRouters.of(vertx, new AdminApi(vertx, store, Clock.fixed(NOW, ZoneOffset.UTC),
                    m -> RuleProfile.defaults(m, m), hook, null)::bind);
            HttpServer http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + http.actualPort() + ADMIN + "/suppliers/hook-care/";
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "suspend"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"konkurs\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            expect(200, r);
            assertThat(told).containsExactly("hook-care");
            assertThat(committed).containsExactly(true);
            // a refused suspension and a reinstatement tell nobody
            HTTP.send(HttpRequest.newBuilder(URI.create(base + "suspend")).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"again\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HTTP.send(HttpRequest.newBuilder(URI.create(base + "reinstate")).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"ok\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(told).containsExactly("hook-care");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            db.close();
        }
    }

    // ---------------------------------------------------------------- webhooks

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://169.254.169.254/latest/meta-data/iam/      | cloud metadata",
            "http://metadata.google.internal/computeMetadata/v1/ | cloud metadata",
            "http://[fd00:ec2::254]/latest/                    | cloud metadata",
            "https://169.254.1.1/hook                          | link-local",
            "https://[fe80::1]/hook                            | link-local",
            "http://0.0.0.0:8180/api/v1/admin/suppliers        | unspecified",
            "http://224.0.0.251/hook                           | multicast",
            "gopher://omsorg.example/                          | must be an absolute http or https URL",
    })
    void aWebhookUrlAimedAtARefusedTargetIsA400NamingTheProblem(String url, String problem) throws Exception {
        String body = new JsonObject().put("id", "ssrf").put("municipalityId", "791").put("name", "SSRF ApS")
                .put("kind", "PRIVATE_CARE").put("phone", "70203090").put("webhookUrl", url).encode();
        HttpResponse<String> created = post(ADMIN + "/suppliers", body);
        expectField(400, "bad_request", "webhookUrl", created);
        assertThat(new JsonObject(created.body()).getString("message")).startsWith("webhookUrl: ").contains(problem);
        assertThat(created.body()).doesNotContain("webhookSecret");
        expectError(404, "not_found", get(ADMIN + "/suppliers/ssrf"));
        // nor may an update point an existing supplier there
        expectField(400, "bad_request", "webhookUrl", put(ADMIN + "/suppliers/omsorg", new JsonObject()
                .put("municipalityId", "791").put("name", "Omsorg ApS").put("kind", "PRIVATE_CARE")
                .put("phone", "+45 70 20 30 40").put("webhookUrl", url).encode()));
        assertThat(new JsonObject(get(ADMIN + "/suppliers/omsorg").body()).getString("webhookUrl"))
                .isEqualTo("https://omsorg.example/alarms");
    }

    @Test
    void aSuppliersWebhookSecretIsShownOnceWhenTheUrlIsSetAndAgainOnlyByRotation() throws Exception {
        // no URL: no secret, and nothing to rotate
        HttpResponse<String> plain = post(ADMIN + "/suppliers", "{\"id\":\"hook-care\",\"municipalityId\":\"791\","
                + "\"name\":\"Hook Omsorg ApS\",\"kind\":\"PRIVATE_CARE\",\"phone\":\"70203070\"}");
        expect(201, plain);
        assertThat(new JsonObject(plain.body()).containsKey("webhookSecret")).isFalse();
        expectError(409, "conflict", post(ADMIN + "/suppliers/hook-care/webhook-secret", "{}"));
        expectError(404, "not_found", post(ADMIN + "/suppliers/nobody/webhook-secret", "{}"));

        // setting the URL makes the secret, returned in that answer only (a private network address is allowed)
        String withUrl = "{\"municipalityId\":\"791\",\"name\":\"Hook Omsorg ApS\",\"kind\":\"PRIVATE_CARE\","
                + "\"phone\":\"70203070\",\"webhookUrl\":\"https://10.20.30.40:8443/vagtcentral\"}";
        HttpResponse<String> set = put(ADMIN + "/suppliers/hook-care", withUrl);
        expect(200, set);
        assertThat(set.headers().firstValue("cache-control")).hasValue("no-store");
        String first = new JsonObject(set.body()).getString("webhookSecret");
        assertThat(first).startsWith("whsec_").hasSize(6 + 43);
        HttpResponse<String> again = put(ADMIN + "/suppliers/hook-care", withUrl);
        expect(200, again);
        assertThat(new JsonObject(again.body()).containsKey("webhookSecret")).as("shown once").isFalse();
        assertThat(get(ADMIN + "/suppliers/hook-care").body()).doesNotContain(first).doesNotContain("webhookSecret");
        assertThat(get(ADMIN + "/suppliers/hook-care/history").body()).doesNotContain(first);
        assertThat(get(ADMIN + "/suppliers?municipalityId=791").body()).doesNotContain(first);

        // a rotation gives a new one; the old one signs beside it for the configured overlap (24 hours)
        HttpResponse<String> rotated = post(ADMIN + "/suppliers/hook-care/webhook-secret", "{\"actor\":\"ops\"}");
        expect(200, rotated);
        assertThat(rotated.headers().firstValue("cache-control")).hasValue("no-store");
        JsonObject r = new JsonObject(rotated.body());
        assertThat(r.getString("supplierId")).isEqualTo("hook-care");
        assertThat(r.getString("webhookSecret")).startsWith("whsec_").isNotEqualTo(first);
        assertThat(r.getString("createdAt")).isEqualTo(NOW.toString());
        assertThat(r.getString("previousValidUntil")).isEqualTo(NOW.plus(Duration.ofHours(24)).toString());
        expectField(400, "bad_request", "reason", post(ADMIN + "/suppliers/hook-care/webhook-secret",
                "{\"reason\":\"x\"}"));
    }

    @Test
    void aLoopbackWebhookUrlIsAllowedOnlyWithTheKey() throws Exception {
        String body = new JsonObject().put("id", "local-dev").put("municipalityId", "791").put("name", "Local ApS")
                .put("kind", "PRIVATE_CARE").put("phone", "70203091").put("webhookUrl", "http://127.0.0.1:9/hook")
                .encode();
        // this test server runs with webhooks.allow-loopback: true
        expect(201, post(ADMIN + "/suppliers", body));

        Database db = new Database(new ServerConfig.Store("jdbc:h2:mem:admin-loopback-test;DB_CLOSE_DELAY=-1", "", "",
                2, 10, false), null);
        Vertx vertx = Vertx.vertx();
        try {
            Migrations.apply(db);
            ReferenceStore store = new ReferenceStore(db);
            store.create(ReferenceStore.MUNICIPALITIES, new Municipality("791", "Viborg Kommune", "viborg"), "t", NOW);
            Router router = ContractRouters.of(vertx, new AdminApi(vertx, store, Clock.fixed(NOW, ZoneOffset.UTC),
                    m -> RuleProfile.defaults(m, m), null, new AdminApi.Webhooks(new WebhookTargets(false,
                    WebhookTargets.SYSTEM_RESOLVER), new WebhookSecrets(db), Duration.ofHours(24)))::bind);
            HttpServer http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + http.actualPort() + ADMIN + "/suppliers")).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            expectField(400, "bad_request", "webhookUrl", refused);
            assertThat(new JsonObject(refused.body()).getString("message"))
                    .isEqualTo("webhookUrl: points at 127.0.0.1, a loopback address (allowed only with "
                            + "webhooks.allow-loopback)");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            db.close();
        }
    }

    static String choiceOf(String citizenId, String supplierId) throws Exception {
        return items(get(ADMIN + "/supplier-choices?citizenId=" + citizenId)).stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("supplierId").equals(supplierId)).findFirst().orElseThrow().getString("id");
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
