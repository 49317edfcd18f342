package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor console's pages are served, and every read it makes is open to a demo supervisor (karen, Odder). */
class ConsolePagesTest {
    @TempDir
    Path dir;

    @Test
    void aSupervisorReachesEverythingTheConsoleReads() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("demo-reference", true))) {
            HttpResponse<String> page = server.send("GET", "/console/", null, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("console.js", "console.css", "strings.js", "charts.js");
            for (String asset : List.of("/console/console.js", "/console/console.css", "/console/strings.js",
                    "/console/charts.js", "/common/event-stream.js")) {
                assertThat(server.send("GET", asset, null, null).statusCode()).as(asset).isEqualTo(200);
            }

            String karen = TestServer.login(server.baseUrl(), "karen", "vagtcentral-demo");
            JsonObject me = new JsonObject(server.send("GET", "/api/v1/me", null, karen).body());
            assertThat(me.getString("role")).isEqualTo("SUPERVISOR");
            String m = me.getString("municipalityId");
            assertThat(m).isNotBlank();
            for (String path : List.of("/api/v1/justifications?municipalityId=" + m,
                    "/api/v1/inbox?municipalityId=" + m, "/api/v1/inbox?municipalityId=" + m + "&state=ALL",
                    "/api/v1/escalations?municipalityId=" + m + "&limit=1000",
                    "/api/v1/action-plans?municipalityId=" + m,
                    "/api/v1/breach-candidates?municipalityId=" + m,
                    "/api/v1/supervision/counts?municipalityId=" + m,
                    "/api/v1/suppliers?municipalityId=" + m,
                    "/api/v1/supplier-comparison?municipalityId=" + m + "&from=2026-01&to=2026-12",
                    "/api/v1/supplier-comparison?municipalityId=" + m + "&from=2026-01&to=2026-12&format=csv",
                    "/api/v1/suppliers/odder-kystpleje/figures?from=2026-01-01&to=2026-02-01",
                    "/api/v1/suppliers/odder-kystpleje/figures?from=2026-01-01&to=2026-02-01&format=csv",
                    "/api/v1/suppliers/odder-kystpleje/statement?format=csv&month=2026-01",
                    "/api/v1/suppliers/odder-kystpleje/coverage?days=7",
                    "/api/v1/escalations?supplierId=odder-kystpleje&from=2026-01-01&to=2026-02-01&limit=1000"
                            + "&municipalityId=" + m)) {
                HttpResponse<String> r = server.send("GET", path, null, karen);
                assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
            }
            // a decision the state does not allow answers 4xx with a JSON reason the console shows
            HttpResponse<String> refused = server.send("POST", "/api/v1/justifications/999999/accept", "{}", karen);
            assertThat(refused.statusCode()).isBetween(400, 499);
            assertThat(new JsonObject(refused.body()).getString("message")).isNotBlank();
        }
    }
}
