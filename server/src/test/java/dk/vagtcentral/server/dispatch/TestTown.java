package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Reference data for dispatch tests, created through the admin API of a running server: municipality "testby"
 * (profile {@code odder}: re-notify the backup, forward to municipal home care, then fire-and-rescue) with a private
 * supplier (primary p1, backup b1; its webhook optional), municipal home care (primary h1) and fire-and-rescue.
 * Accounts 1000-1003 and 1006-1019 are bound to citizens c0-c19 who chose the private supplier (each test takes
 * its own, so one test's open call never joins another's press), each with a citizen card (phone, a daughter to call,
 * a key box with code {@link #keyBoxCode}); 1004 to one who chose municipal home care; 1005 is
 * bound to nobody.
 */
public final class TestTown {
    public static final String MUNICIPALITY = "testby";
    public static final String CARE = "testby-care";
    public static final String HOME = "testby-home";
    public static final String FIRE = "testby-fire";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Citizens c0..c19 have accounts 1000..1019 (but 1005, bound to nobody). */
    static final int CITIZENS = 19;

    private TestTown() {
    }

    /** The account of citizen {@code i}: 1000 + i. */
    public static String account(int i) {
        return String.format(java.util.Locale.ROOT, "10%02d", i);
    }

    public static void create(String baseUrl, String webhookUrl) throws Exception {
        String token = dk.vagtcentral.server.TestServer.login(baseUrl, "admin",
                dk.vagtcentral.server.TestServer.ADMIN_PASSWORD);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        post(baseUrl, token, "municipalities", new JsonObject().put("id", MUNICIPALITY).put("name", "Testby Kommune")
                .put("profileId", "odder"));
        post(baseUrl, token, "suppliers", new JsonObject().put("id", CARE).put("municipalityId", MUNICIPALITY)
                .put("name", "Testby Omsorg ApS").put("kind", "PRIVATE_CARE").put("webhookUrl", webhookUrl)
                .put("phone", "+45 70 99 10 01").put("contactPerson", "Vagthavende"));
        post(baseUrl, token, "suppliers", new JsonObject().put("id", HOME).put("municipalityId", MUNICIPALITY)
                .put("name", "Testby hjemmepleje").put("kind", "MUNICIPAL_HOME_CARE").put("phone", "+45 70 99 10 02"));
        post(baseUrl, token, "suppliers", new JsonObject().put("id", FIRE).put("municipalityId", MUNICIPALITY)
                .put("name", "Testby Brand og Redning").put("kind", "FIRE_AND_RESCUE"));
        shift(baseUrl, token, CARE, "p1", "PRIMARY", now);
        shift(baseUrl, token, CARE, "b1", "BACKUP", now);
        shift(baseUrl, token, HOME, "h1", "PRIMARY", now);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Copenhagen"));
        for (int i = 0; i <= CITIZENS; i++) {
            if (i == 5) {
                continue; // account 1005 stays bound to nobody
            }
            String citizen = "c" + i;
            post(baseUrl, token, "citizens", new JsonObject().put("id", citizen).put("municipalityId", MUNICIPALITY)
                    .put("name", "Borger " + i).put("address", "Testvej " + i + ", 9999 Testby")
                    .put("keyNote", "Nøgleboks ved døren").put("phone", String.format("+45 20 30 40 %02d", i))
                    .put("language", i == 3 ? "de" : "da").put("medicalNote", "Diabetes (insulin)")
                    .put("practicalNote", "Hund i entréen").put("keyBoxLocation", "Ved hoveddøren, højre side")
                    .put("keyBoxCode", keyBoxCode(i)).put("contacts", new io.vertx.core.json.JsonArray()
                            .add(new JsonObject().put("name", "Datter " + i).put("relation", "datter")
                                    .put("phone", String.format("21 31 41 %02d", i)))));
            post(baseUrl, token, "device-bindings", new JsonObject().put("account", account(i)).put("citizenId", citizen)
                    .put("validFrom", now.minus(Duration.ofDays(1)).toString()));
            post(baseUrl, token, "supplier-choices", new JsonObject().put("citizenId", citizen)
                    .put("supplierId", i == 4 ? HOME : CARE).put("validFrom", today.minusDays(1).toString()));
        }
    }

    /** The key-box code on record for citizen {@code i}. */
    public static String keyBoxCode(int i) {
        return String.format(java.util.Locale.ROOT, "%04d", 4711 + i);
    }

    /** Sends one SIA DC-09 alarm and returns the id of the account's newest alarm (after its ACK). */
    public static long send(dk.vagtcentral.server.TestServer server, int seq, String account, String events)
            throws Exception {
        try (dk.vagtcentral.server.Dc09TestClient client = new dk.vagtcentral.server.Dc09TestClient(server.server.dc09Port())) {
            var reply = client.exchange(dk.vagtcentral.protocol.dc09.Dc09Codec.encode(sia(account, seq, events)));
            if (!reply.message().id().equals(Dc09Ids.ACK)) {
                throw new IllegalStateException("not ACKed: " + reply.message());
            }
        }
        io.vertx.core.json.JsonArray items = new JsonObject(server.get("/api/v1/alarms?account=" + account
                + "&limit=1000").body()).getJsonArray("items");
        return items.getJsonObject(items.size() - 1).getLong("id");
    }

    /**
     * A SCAIP button press from controller {@code cid} over UDP with the call-back address {@code crd}, which must be
     * answered {@code 200} and {@code snu 0}; returns the id of the controller's newest alarm.
     */
    public static long scaipPress(dk.vagtcentral.server.TestServer server, String ref, String cid, String crd)
            throws Exception {
        dk.vagtcentral.protocol.scaip.Mrq mrq = dk.vagtcentral.protocol.scaip.Mrq.of("ref", ref, "cid", cid,
                "mty", "ME", "dty", "3", "stc", "10", "crd", crd);
        try (dk.vagtcentral.server.ScaipTestDevice device = dk.vagtcentral.server.ScaipTestDevice.udp(
                server.server.scaipPort())) {
            device.send(device.message(cid, mrq));
            int status = device.response().status();
            dk.vagtcentral.protocol.sip.SipRequest mrs = device.request();
            device.ok(mrs);
            int snu = dk.vagtcentral.protocol.scaip.Mrs.parse(mrs.body()).orElseThrow().snu();
            if (status != 200 || snu != 0) {
                throw new IllegalStateException("SCAIP press from " + cid + " answered " + status + ", snu " + snu);
            }
        }
        io.vertx.core.json.JsonArray items = new JsonObject(server.get("/api/v1/alarms?account=" + cid
                + "&limit=1000").body()).getJsonArray("items");
        return items.getJsonObject(items.size() - 1).getLong("id");
    }

    /** GET /api/v1/alarms/{id}, which must answer 200. */
    public static JsonObject alarm(dk.vagtcentral.server.TestServer server, long id) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/alarms/" + id);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET alarm " + id + ": " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body());
    }

    private static void shift(String baseUrl, String token, String supplier, String worker, String role, Instant now)
            throws Exception {
        post(baseUrl, token, "shifts", new JsonObject().put("supplierId", supplier).put("workerId", worker)
                .put("workerName", "Worker " + worker).put("role", role)
                .put("start", now.minus(Duration.ofHours(1)).toString())
                .put("end", now.plus(Duration.ofHours(3)).toString()));
    }

    /** POST /api/v1/admin/{resource}, which must answer 201. */
    public static void post(String baseUrl, String token, String resource, JsonObject body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/admin/" + resource))
                .header("Authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating " + resource + " " + body + ": " + r.statusCode() + " " + r.body());
        }
    }

    public static Dc09Message sia(String account, int seq, String events) {
        return new Dc09Message(Dc09Ids.SIA_DCS, false, seq, null, "0", account, "#" + account + "|N" + events,
                List.of(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }
}
