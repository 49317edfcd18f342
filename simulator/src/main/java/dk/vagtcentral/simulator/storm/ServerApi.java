package dk.vagtcentral.simulator.storm;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The few calls of the server's HTTP API a storm run makes, with a bearer token from a login. */
public final class ServerApi {
    private final String base;
    private final HttpClient http;
    private volatile String token;

    /** @param api the server's base URL, e.g. http://127.0.0.1:8180 */
    public ServerApi(URI api) {
        String b = Objects.requireNonNull(api, "api").toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.base = b;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI uri() {
        return URI.create(base);
    }

    /** The token sent with every call (null: none). */
    public String token() {
        return token;
    }

    public ServerApi withToken(String bearer) {
        this.token = bearer == null || bearer.isBlank() ? null : bearer.strip();
        return this;
    }

    /** {@code POST /api/v1/login}; keeps the token it answers. */
    public ServerApi login(String user, String password) throws IOException, InterruptedException {
        JsonObject body = new JsonObject().put("username", user).put("password", password);
        HttpResponse<String> r = http.send(request("/api/v1/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("login as " + user + " answered " + r.statusCode() + ": " + snippet(r.body()));
        }
        String t = json(r, "POST /api/v1/login").getString("token");
        if (t == null) {
            throw new IOException("login answered no token");
        }
        return withToken(t);
    }

    /** GET a JSON object; IOException unless 200. */
    public JsonObject get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + snippet(r.body()));
        }
        return json(r, "GET " + path);
    }

    /** PUT a JSON body; completes with the status code. */
    public CompletableFuture<HttpResponse<String>> putAsync(String path, JsonObject body) {
        return http.sendAsync(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        String t = token;
        if (t != null) {
            b.header("Authorization", "Bearer " + t);
        }
        return b;
    }

    private static JsonObject json(HttpResponse<String> r, String what) throws IOException {
        try {
            return new JsonObject(r.body());
        } catch (DecodeException | ClassCastException e) {
            throw new IOException(what + " did not answer a JSON object: " + snippet(r.body()));
        }
    }

    static String snippet(String body) {
        String s = body == null ? "" : body.replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
