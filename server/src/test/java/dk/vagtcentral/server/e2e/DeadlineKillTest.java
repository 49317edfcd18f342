package dk.vagtcentral.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.server.Dc09TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable deadlines: the server JVM is killed after an alarm's escalation deadlines were armed and before they
 * fell due, stays down past the whole response window, and is started again. The deadlines that fell due while it
 * was down fire once at startup, marked late on the timeline; the forward they make is this system's fault, not the
 * supplier's (no justification, no charge), and the supervisors are told; the ladder then goes on to
 * fire-and-rescue; no step ever acts twice. Odder's profile at 60 times speed: re-notify after 3 s, supervisors
 * warned after 10 s, municipal home care when the 30 s window ends, fire-and-rescue 10 s after that.
 */
class DeadlineKillTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    ServerProcess server;

    @AfterEach
    void killLeftovers() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void deadlinesThatFellDueWhileTheServerWasDownFireOnceAtStartupMarkedLate() throws Exception {
        server = new ServerProcess(dir, """
                demo-reference: false
                dispatch:
                  time-scale: 60
                """);
        server.start();
        createTown();
        Instant sent = Instant.now();
        try (Dc09TestClient client = new Dc09TestClient(server.dc09Port)) {
            Dc09Message m = new Dc09Message(Dc09Ids.SIA_DCS, false, 4242, null, "0", "1000", "#1000|NQA001",
                    List.of(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
            assertThat(client.exchange(Dc09Codec.encode(m)).message().id()).isEqualTo(Dc09Ids.ACK);
        }
        HttpResponse<String> list = server.get("/api/v1/alarms?account=1000");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        long id = new JsonObject(list.body()).getJsonArray("items").getJsonObject(0).getLong("id");
        JsonObject armed = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> alarm(id), a -> a.getJsonArray("deadlines").size() == 1);
        assertThat(outcomes(armed)).as("the first step is armed; each later one when the one before fires")
                .containsExactlyEntriesOf(Map.of("renotify-backup", "PENDING"));

        server.kill();
        // stay down until the whole 30 s response window is over: every supplier step is overdue
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(sent.plusSeconds(36)));
        server.start();

        JsonObject forwarded = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> alarm(id), a -> a.getJsonObject("status").getString("state").equals("FORWARDED_MUNICIPAL"));
        assertThat(timeline(forwarded, "FORWARDED_MUNICIPAL").getString("detail")).contains("LATE");
        assertThat(timeline(forwarded, "RENOTIFIED").getString("detail")).contains("LATE");
        assertThat(forwarded.getJsonObject("status").getString("fault")).as("the server was down, not the supplier")
                .isEqualTo("SYSTEM");
        assertThat(timeline(forwarded, "SYSTEM_FAULT").getString("detail")).contains("no duty falls on care");

        JsonObject done = await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> alarm(id), a -> a.getJsonArray("deadlines").size() == 4
                        && !outcomes(a).containsValue("PENDING"));
        assertThat(done.getJsonObject("status").getString("state")).isEqualTo("FORWARDED_FIRE");
        assertThat(kinds(done)).containsSubsequence("RECEIVED", "NOTIFIED", "RENOTIFIED", "SUPERVISORS_WARNED",
                "FORWARDED_MUNICIPAL", "FORWARDED_FIRE");
        assertThat(kinds(done)).filteredOn(k -> k.startsWith("FORWARDED") || k.equals("RENOTIFIED"))
                .as("no step ever acts twice").doesNotHaveDuplicates();
        assertThat(outcomes(done)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "renotify-backup", "ACTED",
                "warn-supervisors", "ACTED",
                "forward-municipal", "ACTED",
                "forward-fire", "ACTED"));
        Map<String, Boolean> late = new HashMap<>();
        done.getJsonArray("deadlines").forEach(d -> late.put(((JsonObject) d).getString("step"),
                ((JsonObject) d).getBoolean("late")));
        assertThat(late).containsEntry("renotify-backup", true).containsEntry("forward-municipal", true)
                .containsEntry("forward-fire", false);
        assertThat(kinds(done)).doesNotContain("SUPPLIER_FAILURE", "JUSTIFICATION_DUE", "CHARGED");
        JsonArray inbox = new JsonObject(server.get("/api/v1/inbox?alarmId=" + id).body()).getJsonArray("items");
        assertThat(inbox.stream().map(o -> ((JsonObject) o).getString("kind"))).contains("SYSTEM_FAULT");
    }

    private void createTown() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        post("municipalities", new JsonObject().put("id", "testby").put("name", "Testby").put("profileId", "odder"));
        post("suppliers", new JsonObject().put("id", "care").put("municipalityId", "testby").put("name", "Omsorg")
                .put("kind", "PRIVATE_CARE").put("phone", "70991001"));
        post("suppliers", new JsonObject().put("id", "home").put("municipalityId", "testby").put("name", "Hjemmepleje")
                .put("kind", "MUNICIPAL_HOME_CARE").put("phone", "70991002"));
        post("suppliers", new JsonObject().put("id", "fire").put("municipalityId", "testby").put("name", "Brand")
                .put("kind", "FIRE_AND_RESCUE"));
        for (String[] w : new String[][]{{"care", "p1", "PRIMARY"}, {"care", "b1", "BACKUP"}, {"home", "h1", "PRIMARY"}}) {
            post("shifts", new JsonObject().put("supplierId", w[0]).put("workerId", w[1]).put("workerName", w[1])
                    .put("role", w[2]).put("start", now.minusSeconds(3600).toString())
                    .put("end", now.plusSeconds(3 * 3600).toString()));
        }
        post("citizens", new JsonObject().put("id", "c0").put("municipalityId", "testby").put("name", "Borger")
                .put("address", "Testvej 1"));
        post("device-bindings", new JsonObject().put("account", "1000").put("citizenId", "c0")
                .put("validFrom", now.minusSeconds(86_400).toString()));
        post("supplier-choices", new JsonObject().put("citizenId", "c0").put("supplierId", "care")
                .put("validFrom", LocalDate.now(ZoneId.of("Europe/Copenhagen")).minusDays(1).toString()));
    }

    private void post(String resource, JsonObject body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/admin/" + resource))
                .header("content-type", "application/json").header("Authorization", "Bearer " + server.token())
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(resource + ": " + r.body()).isEqualTo(201);
    }

    private JsonObject alarm(long id) throws Exception {
        return new JsonObject(server.get("/api/v1/alarms/" + id).body());
    }

    /** The timeline's lifecycle steps (the accountability trail adds its own lines beside them). */
    private static List<String> kinds(JsonObject alarm) {
        JsonArray t = alarm.getJsonArray("timeline");
        List<String> lifecycle = java.util.Arrays.stream(dk.vagtcentral.server.domain.TimelineEvent.Kind.values())
                .map(Enum::name).toList();
        return t.stream().map(o -> ((JsonObject) o).getString("kind")).filter(lifecycle::contains).toList();
    }

    private static JsonObject timeline(JsonObject alarm, String kind) {
        return alarm.getJsonArray("timeline").stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("kind").equals(kind)).findFirst().orElseThrow();
    }

    private static Map<String, String> outcomes(JsonObject alarm) {
        Map<String, String> out = new HashMap<>();
        alarm.getJsonArray("deadlines").forEach(d -> out.put(((JsonObject) d).getString("step"),
                ((JsonObject) d).getString("outcome")));
        return out;
    }
}
