package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every request meets at the edge: the security headers on every answer, 415 for a body that is not JSON, 400
 * for a control character in the path or in an id before anything is stored.
 */
class HttpEdgeTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String ADMIN = "/api/v1/admin";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndNoHstsWithoutTls() throws Exception {
        for (HttpResponse<String> r : List.of(server.send("GET", "/health", null, null),
                server.send("GET", "/desk/", null, null),
                server.send("GET", "/console/console.js", null, null),
                server.send("GET", "/api/v1/me", null, null),
                server.send("GET", "/api/v1/nothing-here", null, server.token()),
                server.send("GET", "/no-such-page", null, null),
                server.send("DELETE", "/api/v1/login", null, null))) {
            String what = r.request().method() + " " + r.uri().getPath() + " " + r.statusCode();
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(what)
                    .hasValue(HttpEdge.CONTENT_SECURITY_POLICY);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).as(what)
                    .contains("script-src 'self';", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).as(what).isEmpty();
        }
    }

    /**
     * The policy forbids inline script and style: the pages must not need them (the browser tests, where Chromium is
     * installed, load them under the policy; this check runs everywhere).
     */
    @Test
    void thePagesNeedNothingTheContentSecurityPolicyForbids() throws Exception {
        Path web = Path.of("src/main/resources/web");
        List<Path> files;
        try (var walk = java.nio.file.Files.walk(web)) {
            files = walk.filter(java.nio.file.Files::isRegularFile).toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("index.html", "desk.js", "console.js");
        java.util.regex.Pattern inlineScript = java.util.regex.Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>",
                java.util.regex.Pattern.CASE_INSENSITIVE);
        java.util.regex.Pattern inlineStyle = java.util.regex.Pattern.compile("<style|\\sstyle\\s*=",
                java.util.regex.Pattern.CASE_INSENSITIVE);
        java.util.regex.Pattern handler = java.util.regex.Pattern.compile("\\son[a-z]+\\s*=\\s*[\"'\\\\]",
                java.util.regex.Pattern.CASE_INSENSITIVE);
        java.util.regex.Pattern evaluated = java.util.regex.Pattern.compile(
                "\\beval\\(|new Function\\(|javascript:|setAttribute\\(\\s*['\"]style|set(Timeout|Interval)\\(\\s*['\"]");
        // nothing is loaded from another origin (scripts, images, styles); a link the user follows is navigation,
        // not loading, and the desk's map link is the only one (to OpenStreetMap, in a new tab without an opener)
        java.util.regex.Pattern foreign = java.util.regex.Pattern.compile(
                "src\\s*=\\s*[\"']?(https?:)?//|<link[^>]*href\\s*=\\s*[\"']?(https?:)?//");
        java.util.regex.Pattern link = java.util.regex.Pattern.compile("href\\s*=\\s*[\"']?(https?:)?//([^/'\"]+)");
        for (Path f : files) {
            String name = f.toString();
            if (!name.endsWith(".html") && !name.endsWith(".js")) {
                continue;
            }
            String text = java.nio.file.Files.readString(f);
            assertThat(inlineScript.matcher(text).find()).as(name + ": inline <script>").isFalse();
            assertThat(inlineStyle.matcher(text).find()).as(name + ": inline style").isFalse();
            assertThat(handler.matcher(text).find()).as(name + ": inline event handler").isFalse();
            assertThat(evaluated.matcher(text).find()).as(name + ": evaluated string").isFalse();
            assertThat(foreign.matcher(text).find()).as(name + ": another origin").isFalse();
            java.util.regex.Matcher m = link.matcher(text);
            while (m.find()) {
                assertThat(m.group(2)).as(name + ": a link to another origin").isEqualTo("www.openstreetmap.org");
            }
        }
    }

    @Test
    void aBodyThatIsNotJsonIs415WithAJsonErrorAndNothingIsCreated() throws Exception {
        String body = new JsonObject().put("id", "m-415").put("name", "Plain").put("profileId", "viborg").encode();
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/plain; charset=utf-8")) {
            HttpResponse<String> r = send("POST", ADMIN + "/municipalities", body, type);
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
            JsonObject error = new JsonObject(r.body());
            assertThat(error.getString("error")).isEqualTo("unsupported_media_type");
            assertThat(error.getString("message")).contains("application/json");
        }
        HttpResponse<String> login = send("POST", "/api/v1/login", new JsonObject().put("username", "admin")
                .put("password", TestServer.ADMIN_PASSWORD).encode(), "text/plain");
        assertThat(login.statusCode()).isEqualTo(415);
        assertThat(server.get(ADMIN + "/municipalities/m-415").statusCode()).isEqualTo(404);

        assertThat(send("POST", ADMIN + "/municipalities", body, "application/json; charset=UTF-8").statusCode())
                .isEqualTo(201);
        // a request without a body needs no content type
        assertThat(server.send("POST", "/api/v1/logout", null, TestServer.login(server.baseUrl(), "admin",
                TestServer.ADMIN_PASSWORD)).statusCode()).isEqualTo(204);
    }

    @Test
    void aControlCharacterInThePathIs400BeforeAnythingIsStored() throws Exception {
        String body = new JsonObject().put("name", "Injected").put("profileId", "viborg").encode();
        for (String id : List.of("a%0D%0ASet-Cookie:%20x=1", "a%0d%0ab", "a%00b", "a%09b", "a%7Fb")) {
            HttpResponse<String> r = send("PUT", ADMIN + "/municipalities/" + id, body, "application/json");
            assertThat(r.statusCode()).as(id).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("message")).contains("control character");
            assertThat(r.headers().map().keySet()).doesNotContain("set-cookie");
        }
        HttpResponse<String> r = send("POST", ADMIN + "/users/admin%0D%0A/disable", null, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(server.get(ADMIN + "/municipalities").body()).encode()).doesNotContain("Injected");
    }

    @Test
    void anIdWithALineBreakIsRefusedBeforeItIsStoredAndALocationIsAlwaysAValidHeader() throws Exception {
        HttpResponse<String> r = send("POST", ADMIN + "/municipalities", new JsonObject().put("id", "evil\r\nX-A: b")
                .put("name", "Evil").put("profileId", "viborg").encode(), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getJsonArray("fields").getJsonObject(0).getString("field"))
                .isEqualTo("id");
        assertThat(new JsonObject(server.get(ADMIN + "/municipalities").body()).encode()).doesNotContain("Evil");

        HttpResponse<String> created = send("POST", ADMIN + "/municipalities", new JsonObject()
                .put("id", "Ærø kommune/1").put("name", "Ærø").put("profileId", "viborg").encode(), "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("location"))
                .hasValue(ADMIN + "/municipalities/%C3%86r%C3%B8%20kommune%2F1");
    }

    static HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + server.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
