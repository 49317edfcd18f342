package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live stream carries citizens' names and addresses: it ends within a second of the end of the session that
 * opened it (logout, the user disabled, its role changed) and at the session's expiry, and the stream of another
 * session goes on.
 */
class SessionStreamsTest {
    static final String PW = "correct horse battery";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of());
        TestTown.create(server.baseUrl(), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void logoutEndsTheStreamsOfThatSessionOnly() throws Exception {
        server.createUser("sup-logout", PW, "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        String first = TestServer.login(server.baseUrl(), "sup-logout", PW);
        String second = TestServer.login(server.baseUrl(), "sup-logout", PW);
        try (Stream a = Stream.open(server, first); Stream b = Stream.open(server, second)) {
            assertThat(server.send("POST", "/api/v1/logout", null, first).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(1)).until(a::ended);
            assertThat(a.lines).contains("event: session.ended");
            assertThat(a.lines.stream().filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6)))
                    .filter(j -> "session.ended".equals(j.getString("event"))).findFirst().orElseThrow()
                    .getString("reason")).isEqualTo("logout");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                    .until(() -> !b.ended()); // the other session's stream goes on
        }
    }

    @Test
    void disablingTheUserEndsItsStreams() throws Exception {
        server.createUser("sup-disabled", PW, "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        String token = TestServer.login(server.baseUrl(), "sup-disabled", PW);
        try (Stream s = Stream.open(server, token)) {
            assertThat(server.post("/api/v1/admin/users/sup-disabled/disable", null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(1)).until(s::ended);
            assertThat(s.lines).contains("event: session.ended");
        }
        assertThat(server.send("GET", "/api/v1/supervision/events?municipalityId=" + TestTown.MUNICIPALITY, null,
                token).statusCode()).isEqualTo(401);
    }

    @Test
    void changingTheUsersRoleEndsItsStreams() throws Exception {
        server.createUser("sup-moved", PW, "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        String token = TestServer.login(server.baseUrl(), "sup-moved", PW);
        try (Stream s = Stream.open(server, token)) {
            HttpResponse<String> r = server.put("/api/v1/admin/users/sup-moved/role",
                    new JsonObject().put("role", "DISPATCHER").put("supplierId", TestTown.CARE).encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(new JsonObject(r.body()).getString("role")).isEqualTo("DISPATCHER");
            await().atMost(Duration.ofSeconds(1)).until(s::ended);
        }
        assertThat(server.send("GET", "/api/v1/me", null, token).statusCode()).as("the old token is revoked")
                .isEqualTo(401);
        String again = TestServer.login(server.baseUrl(), "sup-moved", PW);
        assertThat(new JsonObject(server.send("GET", "/api/v1/me", null, again).body()).getString("supplierId"))
                .isEqualTo(TestTown.CARE);
    }

    @Test
    void aChangeMadeWhereThisServerCannotSeeItEndsTheStreamAtTheNextCheck() throws Exception {
        server.createUser("sup-elsewhere", PW, "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        String token = TestServer.login(server.baseUrl(), "sup-elsewhere", PW);
        try (Stream s = Stream.open(server, token)) {
            // as another node, or an operator in the database, would: not through this server's API
            assertThat(new dk.vagtcentral.server.auth.AuthStore(server.server.database()).setDisabled("sup-elsewhere",
                    true)).isTrue();
            await().atMost(LiveStreams.REVALIDATE.plusSeconds(2)).until(s::ended);
            assertThat(s.lines).contains("event: session.ended");
        }
    }

    @Test
    void aRoleChangeIsValidatedLikeANewUser() throws Exception {
        server.createUser("sup-stays", PW, "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        HttpResponse<String> r = server.put("/api/v1/admin/users/sup-stays/role",
                new JsonObject().put("role", "DISPATCHER").encode());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("supplierId");
        assertThat(server.put("/api/v1/admin/users/admin/role", new JsonObject().put("role", "SUPERVISOR")
                .put("municipalityId", TestTown.MUNICIPALITY).encode()).statusCode()).isEqualTo(409);
        assertThat(server.put("/api/v1/admin/users/nobody/role", new JsonObject().put("role", "ADMIN").encode())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aStreamEndsWhenItsSessionExpires(@TempDir Path dir) throws Exception {
        try (TestServer shortLived = TestServer.start(dir, Map.of("auth.session-ttl", "PT3S"))) {
            HttpResponse<String> login = shortLived.send("POST", "/api/v1/login", new JsonObject()
                    .put("username", "admin").put("password", TestServer.ADMIN_PASSWORD).encode(), null);
            JsonObject body = new JsonObject(login.body());
            long expiresAt = java.time.Instant.parse(body.getString("expiresAt")).toEpochMilli();
            try (Stream s = Stream.open(shortLived, body.getString("token"))) {
                await().atMost(Duration.ofSeconds(6)).until(s::ended);
                assertThat(s.endedAtMillis).isBetween(expiresAt - 50, expiresAt + 1000);
                assertThat(s.lines).contains("event: session.ended");
            }
        }
    }

    /** A supervision stream read line by line on a background thread. */
    static final class Stream implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final java.util.stream.Stream<String> body;
        volatile long endedAtMillis = -1;

        private Stream(java.util.stream.Stream<String> body) {
            this.body = body;
            Thread reader = new Thread(() -> {
                try {
                    body.forEach(lines::add);
                } catch (RuntimeException e) {
                    // closed
                }
                endedAtMillis = System.currentTimeMillis();
            }, "stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Stream open(TestServer server, String token) throws Exception {
            HttpResponse<java.util.stream.Stream<String>> r = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(
                            server.baseUrl() + "/api/v1/supervision/events?municipalityId=" + TestTown.MUNICIPALITY))
                    .header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            Stream s = new Stream(r.body());
            await().atMost(Duration.ofSeconds(5)).until(() -> s.lines.stream().anyMatch(l -> l.startsWith(": connected")));
            return s;
        }

        boolean ended() {
            return endedAtMillis >= 0;
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
