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
 * Accounts 1000-1003 are bound to citizens who chose the private supplier; 1004 to one who chose municipal home
 * care; 1005 is bound to nobody.
 */
final class TestTown {
    static final String MUNICIPALITY = "testby";
    static final String CARE = "testby-care";
    static final String HOME = "testby-home";
    static final String FIRE = "testby-fire";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestTown() {
    }

    static void create(String baseUrl, String webhookUrl) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        post(baseUrl, "municipalities", new JsonObject().put("id", MUNICIPALITY).put("name", "Testby Kommune")
                .put("profileId", "odder"));
        post(baseUrl, "suppliers", new JsonObject().put("id", CARE).put("municipalityId", MUNICIPALITY)
                .put("name", "Testby Omsorg ApS").put("kind", "PRIVATE_CARE").put("webhookUrl", webhookUrl));
        post(baseUrl, "suppliers", new JsonObject().put("id", HOME).put("municipalityId", MUNICIPALITY)
                .put("name", "Testby hjemmepleje").put("kind", "MUNICIPAL_HOME_CARE"));
        post(baseUrl, "suppliers", new JsonObject().put("id", FIRE).put("municipalityId", MUNICIPALITY)
                .put("name", "Testby Brand og Redning").put("kind", "FIRE_AND_RESCUE"));
        shift(baseUrl, CARE, "p1", "PRIMARY", now);
        shift(baseUrl, CARE, "b1", "BACKUP", now);
        shift(baseUrl, HOME, "h1", "PRIMARY", now);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Copenhagen"));
        for (int i = 0; i <= 4; i++) {
            String citizen = "c" + i;
            post(baseUrl, "citizens", new JsonObject().put("id", citizen).put("municipalityId", MUNICIPALITY)
                    .put("name", "Borger " + i).put("address", "Testvej " + i + ", 9999 Testby")
                    .put("keyNote", "Nøgleboks ved døren"));
            post(baseUrl, "device-bindings", new JsonObject().put("account", "100" + i).put("citizenId", citizen)
                    .put("validFrom", now.minus(Duration.ofDays(1)).toString()));
            post(baseUrl, "supplier-choices", new JsonObject().put("citizenId", citizen)
                    .put("supplierId", i == 4 ? HOME : CARE).put("validFrom", today.minusDays(1).toString()));
        }
    }

    private static void shift(String baseUrl, String supplier, String worker, String role, Instant now)
            throws Exception {
        post(baseUrl, "shifts", new JsonObject().put("supplierId", supplier).put("workerId", worker)
                .put("workerName", "Worker " + worker).put("role", role)
                .put("start", now.minus(Duration.ofHours(1)).toString())
                .put("end", now.plus(Duration.ofHours(3)).toString()));
    }

    private static void post(String baseUrl, String resource, JsonObject body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/admin/" + resource))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating " + resource + " " + body + ": " + r.statusCode() + " " + r.body());
        }
    }

    static Dc09Message sia(String account, int seq, String events) {
        return new Dc09Message(Dc09Ids.SIA_DCS, false, seq, null, "0", account, "#" + account + "|N" + events,
                List.of(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }
}
