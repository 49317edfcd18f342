package dk.vagtcentral.server;

import dk.vagtcentral.server.config.ConfigLoader;
import dk.vagtcentral.server.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** An in-process server on free loopback ports with its own data directory, and an HTTP client for it. */
public final class TestServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    public final VagtcentralServer server;

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
        overrides.put("demo-traffic", false);
        overrides.put("demo-reference", false);
        overrides.put("dc09.host", "127.0.0.1");
        overrides.put("dc09.port", 0);
        overrides.put("http.host", "127.0.0.1");
        overrides.put("http.port", 0);
        overrides.putAll(extra);
        ServerConfig config = ConfigLoader.load(null, overrides);
        return new TestServer(VagtcentralServer.start(config, clock));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
