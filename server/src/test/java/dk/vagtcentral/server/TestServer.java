package dk.vagtcentral.server;

import dk.vagtcentral.server.config.ConfigLoader;
import dk.vagtcentral.server.config.ServerConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process server on free loopback ports with its own data directory, and an HTTP client for it. The server
 * starts with {@code auth.admin-password} = {@link #ADMIN_PASSWORD} and {@code http.ingest-api-key} =
 * {@link #INGEST_KEY}; {@link #get}, {@link #post} and {@link #put} send the admin's bearer token (and the ingest
 * key), so tests written before accounts existed act as the administrator.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String INGEST_KEY = "test-ingest-key-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    public final VagtcentralServer server;
    private String token;

    private TestServer(VagtcentralServer server) {
        this.server = server;
    }

    public static TestServer start(Path dataDir, Map<String, Object> extra) throws Exception {
        return start(dataDir, extra, Clock.systemUTC());
    }

    public static TestServer start(Path dataDir, Map<String, Object> extra, Clock clock) throws Exception {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("data-dir", dataDir.toString());
        overrides.put("demo", true);
        overrides.put("demo-reference", false);
        overrides.put("dc09.host", "127.0.0.1");
        overrides.put("dc09.port", 0);
        overrides.put("http.host", "127.0.0.1");
        overrides.put("http.port", 0);
        overrides.put("http.ingest-api-key", INGEST_KEY);
        overrides.put("auth.admin-password", ADMIN_PASSWORD);
        // the tests' webhook receivers listen on this machine
        overrides.put("webhooks.allow-loopback", true);
        overrides.putAll(extra);
        ServerConfig config = ConfigLoader.load(null, overrides);
        TestServer s = new TestServer(VagtcentralServer.start(config, clock));
        try {
            s.token = login(s.baseUrl(), "admin", String.valueOf(overrides.get("auth.admin-password")));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Logs in and returns the bearer token; fails unless the login answers 200. */
    public static String login(String baseUrl, String username, String password) throws IOException,
            InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/login"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", username)
                        .put("password", password).encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login as " + username + ": " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getString("token");
    }

    /**
     * Creates a signed-in user through the admin API (display name = username); the bindings that do not apply to
     * the role are null. Fails unless the API answers 201.
     */
    public void createUser(String username, String password, String role, String supplierId, String municipalityId,
                           String workerId) throws IOException, InterruptedException {
        JsonObject body = new JsonObject().put("username", username).put("displayName", username).put("role", role)
                .put("password", password);
        if (supplierId != null) {
            body.put("supplierId", supplierId);
        }
        if (municipalityId != null) {
            body.put("municipalityId", municipalityId);
        }
        if (workerId != null) {
            body.put("workerId", workerId);
        }
        HttpResponse<String> r = post("/api/v1/admin/users", body.encode());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating user " + username + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** The administrator's token of this server. */
    public String token() {
        return token;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, token);
    }

    public HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        return send("POST", path, body, token, headers);
    }

    public HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return send("PUT", path, body, token);
    }

    /**
     * Any request, with {@code token} as bearer (none when null) and the ingest key; {@code body} null for none.
     * Extra headers as name, value pairs.
     */
    public HttpResponse<String> send(String method, String path, String body, String token, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        List<String> all = new ArrayList<>();
        if (body != null) {
            all.add("content-type");
            all.add("application/json");
        }
        if (token != null) {
            all.add("Authorization");
            all.add("Bearer " + token);
        }
        if (path.equals("/api/v1/alarms") && !List.of(headers).contains("X-Api-Key")) {
            all.add("X-Api-Key");
            all.add(INGEST_KEY);
        }
        all.addAll(List.of(headers));
        if (!all.isEmpty()) {
            b.headers(all.toArray(new String[0]));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
