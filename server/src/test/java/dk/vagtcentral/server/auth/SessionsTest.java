package dk.vagtcentral.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.AdvancingClock;
import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login, logout, token expiry and login throttling over HTTP, each on its own server (the throttle is per server). */
class SessionsTest {
    static final String PW = "correct horse battery";

    @Test
    void loginGivesATokenThatLogoutRevokesAndThatExpires(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("auth.session-ttl", "PT2S"))) {
            HttpResponse<String> login = login(server, "admin", TestServer.ADMIN_PASSWORD);
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            JsonObject body = new JsonObject(login.body());
            String token = body.getString("token");
            assertThat(body.getJsonObject("user").getString("role")).isEqualTo("ADMIN");
            assertThat(body.getJsonObject("user").containsKey("passwordHash")).isFalse();
            Instant expires = Instant.parse(body.getString("expiresAt"));
            assertThat(expires).isBefore(Instant.now().plusSeconds(3));

            HttpResponse<String> me = server.send("GET", "/api/v1/me", null, token);
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(me.body()).getString("username")).isEqualTo("admin");
            assertThat(server.send("POST", "/api/v1/logout", null, token).statusCode()).isEqualTo(204);
            assertThat(server.send("GET", "/api/v1/me", null, token).statusCode()).isEqualTo(401);

            String second = new JsonObject(login(server, "admin", TestServer.ADMIN_PASSWORD).body()).getString("token");
            assertThat(server.send("GET", "/api/v1/me", null, second).statusCode()).isEqualTo(200);
            HttpResponse<String> expired = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> server.send("GET", "/api/v1/me", null, second), r -> r.statusCode() == 401);
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(server.send("GET", "/api/v1/me", null, "not-a-token").statusCode()).isEqualTo(401);
            assertThat(server.send("GET", "/health", null, null).statusCode()).isEqualTo(200);
            assertThat(server.send("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void repeatedFailedLoginsAreRefusedWith429AndASuccessResetsTheCount(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("auth.login-max-failures", 3,
                "auth.login-max-failures-per-address", 8))) {
            assertThat(server.post("/api/v1/admin/users", new JsonObject().put("username", "anna")
                    .put("displayName", "Anna").put("role", "ADMIN").put("password", PW).encode()).statusCode())
                    .isEqualTo(201);
            assertThat(login(server, "anna", "wrong password!").statusCode()).isEqualTo(401);
            assertThat(login(server, "anna", "wrong password!").statusCode()).isEqualTo(401);
            assertThat(login(server, "anna", PW).statusCode()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = login(server, "anna", "wrong password!");
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("invalid_credentials");
            }
            HttpResponse<String> refused = login(server, "anna", PW);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("too_many_attempts");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, 15 * 60L);
            // another username from the same address still may
            assertThat(login(server, "admin", TestServer.ADMIN_PASSWORD).statusCode()).isEqualTo(200);
            // an unknown username fails like a wrong password, and counts against the address
            for (int i = 0; i < 3; i++) {
                assertThat(login(server, "nobody-" + i, "whatever it is").statusCode()).isEqualTo(401);
            }
            assertThat(login(server, "admin", TestServer.ADMIN_PASSWORD).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void aGuesserBehindTheProxyIsSlowedDownAndTheRealUserStillLogsInFromElsewhere(@TempDir Path dir)
            throws Exception {
        AdvancingClock clock = new AdvancingClock();
        try (TestServer server = TestServer.start(dir, Map.of("http.trusted-proxies", "127.0.0.1",
                "auth.login-max-failures", 3), clock)) {
            assertThat(server.post("/api/v1/admin/users", new JsonObject().put("username", "anna")
                    .put("displayName", "Anna").put("role", "ADMIN").put("password", PW).encode()).statusCode())
                    .isEqualTo(201);
            String attacker = "203.0.113.7";
            for (int i = 0; i < 3; i++) {
                assertThat(login(server, "anna", "wrong password!", attacker).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> first = login(server, "anna", PW, attacker);
            assertThat(first.statusCode()).as("even the right password waits").isEqualTo(429);
            assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
            // anna at her desk, behind the same proxy, is not locked out
            assertThat(login(server, "anna", PW, "10.20.30.40").statusCode()).isEqualTo(200);
            // the proxy's chain: the rightmost untrusted entry is the client, not what the client wrote
            assertThat(login(server, "anna", PW, "10.20.30.40, " + attacker).statusCode()).isEqualTo(429);
            assertThat(login(server, "anna", PW, attacker + ", 127.0.0.1").statusCode()).isEqualTo(429);

            clock.advance(Duration.ofMillis(1100)); // the one-second wait is over
            assertThat(login(server, "anna", "wrong password!", attacker).statusCode()).isEqualTo(401);
            HttpResponse<String> second = login(server, "anna", PW, attacker);
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).as("the wait doubled").hasValue("2");
            clock.advance(Duration.ofMillis(2100));
            assertThat(login(server, "anna", "wrong password!", attacker).statusCode()).isEqualTo(401);
            assertThat(login(server, "anna", PW, attacker).headers().firstValue("Retry-After")).hasValue("4");
        }
    }

    @Test
    void xForwardedForIsIgnoredUnlessThePeerIsATrustedProxy(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("http.trusted-proxies", "10.0.0.5",
                "auth.login-max-failures", 2))) {
            for (int i = 0; i < 2; i++) {
                assertThat(login(server, "admin", "wrong password!", "198.51.100." + i).statusCode()).isEqualTo(401);
            }
            // the peer (127.0.0.1) is no proxy: a new X-Forwarded-For each time does not make a new client
            assertThat(login(server, "admin", TestServer.ADMIN_PASSWORD, "198.51.100.99").statusCode())
                    .isEqualTo(429);
        }
    }

    private static HttpResponse<String> login(TestServer server, String user, String password, String forwardedFor)
            throws Exception {
        return server.send("POST", "/api/v1/login", new JsonObject().put("username", user).put("password", password)
                .encode(), null, "X-Forwarded-For", forwardedFor);
    }

    private static HttpResponse<String> login(TestServer server, String user, String password) throws Exception {
        return server.send("POST", "/api/v1/login", new JsonObject().put("username", user).put("password", password)
                .encode(), null);
    }
}
