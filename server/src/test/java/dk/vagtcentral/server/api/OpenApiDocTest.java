package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.store.CitizenExport;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.ReportQueries;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps {@code openapi.yaml} true, in both directions.
 *
 * <ul>
 *   <li>Every route is documented: the API classes {@link HttpApi} mounts are mounted here on a fresh router and
 *       their routes read with {@code router.getRoutes()}; the routes {@link HttpApi} registers itself are read from
 *       its source (literal {@code router.get("/api/...")} calls), and so are those of any other API class HttpApi
 *       mounts (e.g. DeskApi); such a class with a route path that is not a literal fails the test, so a new route
 *       cannot slip past undocumented.</li>
 *   <li>Every documented operation exists: each is sent to a real server (as the administrator) and must not be
 *       answered by the router's catch-all ({@code 404 not_found "no such endpoint"}) or with 405.</li>
 * </ul>
 */
class OpenApiDocTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path API_SOURCES = Path.of("src/main/java/dk/vagtcentral/server/api");
    /** The API classes HttpApi mounts that {@link #mountedRoutes} mounts too. */
    private static final Set<String> KNOWN_MOUNTS = Set.of("AccountsApi", "AdminApi", "AlarmActionsApi", "TrailApi",
            "ReportsApi", "CitizenExportApi", "OpenApiDoc");
    private static final Pattern LITERAL_ROUTE = Pattern.compile(
            "router\\.(get|post|put|delete|patch)\\(\"([^\"]+)\"\\)");
    private static final Pattern ANY_ROUTE = Pattern.compile("router\\.(get|post|put|delete|patch)\\(");
    private static final Pattern MOUNTED_CLASS = Pattern.compile("\\b([A-Z][A-Za-z0-9]*(?:Api|Doc))\\b");

    @TempDir
    Path dir;

    @Test
    void theDocumentIsOpenApi303WithTheSecuritySchemes() {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(OpenApiDoc.text());
        assertThat(root).isInstanceOf(Map.class);
        Map<?, ?> doc = (Map<?, ?>) root;
        assertThat(doc.get("openapi")).isEqualTo("3.0.3");
        Map<?, ?> schemes = (Map<?, ?>) ((Map<?, ?>) doc.get("components")).get("securitySchemes");
        assertThat(new ArrayList<Object>(schemes.keySet())).contains("bearerAuth", "apiKey");
        assertThat(((Map<?, ?>) schemes.get("apiKey")).get("name")).isEqualTo("X-Api-Key");
        Map<?, ?> schemas = (Map<?, ?>) ((Map<?, ?>) doc.get("components")).get("schemas");
        assertThat(new ArrayList<Object>(schemas.keySet())).contains("Alarm", "Justification", "ActionPlan", "BreachCandidate", "Statement",
                "Figures", "Error");
        assertThat(OpenApiDoc.documentedOperations()).contains("GET /api/v1/alarms/{id}", "POST /api/v1/login",
                "GET /health", "GET /metrics", "GET /api/openapi.yaml");
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndNothingElse() throws Exception {
        Set<String> registered = new TreeSet<>(mountedRoutes());
        registered.addAll(httpApiOwnRoutes());
        assertThat(registered).as("routes found").hasSizeGreaterThan(60);

        Set<String> documented = OpenApiDoc.normalised(OpenApiDoc.documentedOperations());
        Set<String> live = OpenApiDoc.normalised(registered);
        Set<String> undocumented = new TreeSet<>(live);
        undocumented.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(live);
        assertThat(undocumented).as("routes the server registers that openapi.yaml does not document").isEmpty();
        assertThat(extra).as("operations openapi.yaml documents that no route registers").isEmpty();
    }

    @Test
    void classesThisTestDoesNotMountRegisterOnlyLiteralRoutes() throws Exception {
        List<String> dynamic = new ArrayList<>();
        for (String name : otherMountedClasses()) {
            String source = Files.readString(API_SOURCES.resolve(name + ".java"), StandardCharsets.UTF_8);
            Matcher m = ANY_ROUTE.matcher(source);
            while (m.find()) {
                if (!LITERAL_ROUTE.matcher(source).region(m.start(), source.length()).lookingAt()) {
                    dynamic.add(name + ": " + source.substring(m.start(), Math.min(source.length(), m.end() + 40)));
                }
            }
        }
        assertThat(dynamic).as("routes whose path this test cannot read from the source: mount the class in "
                + "OpenApiDocTest.mountedRoutes and add it to KNOWN_MOUNTS").isEmpty();
    }

    @Test
    void everyDocumentedOperationAnswers() throws Exception {
        boolean mountedByHttpApi = Files.readString(API_SOURCES.resolve("HttpApi.java"), StandardCharsets.UTF_8)
                .contains("OpenApiDoc.mount(router)");
        try (TestServer server = TestServer.start(dir.resolve("server"), Map.of())) {
            List<String> missing = new ArrayList<>();
            for (String operation : OpenApiDoc.documentedOperations()) {
                String method = operation.substring(0, operation.indexOf(' '));
                String path = operation.substring(operation.indexOf(' ') + 1);
                if (path.equals(OpenApiDoc.PATH)) {
                    if (mountedByHttpApi) { // open: no token
                        HttpResponse<String> r = server.send("GET", path, null, null);
                        if (r.statusCode() != 200 || !r.headers().firstValue("content-type").orElse("")
                                .startsWith("application/yaml")) {
                            missing.add(operation + " -> " + r.statusCode() + " " + r.headers().map());
                        }
                    }
                    continue; // until HttpApi mounts OpenApiDoc, servesTheDocumentAsYaml serves it on its own router
                }
                String concrete = path.replaceAll("\\{[^}/]+}", "0");
                String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
                // logging out would end the token the other probes use
                String token = path.equals("/api/v1/logout")
                        ? TestServer.login(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD) : server.token();
                HttpResponse<String> r = server.send(method, concrete, body, token);
                if (r.statusCode() == 405 || r.statusCode() == 404 && isCatchAll(r.body())) {
                    missing.add(operation + " -> " + r.statusCode() + " " + r.body());
                }
            }
            assertThat(missing).as("documented operations the server does not route").isEmpty();
        }
    }

    @Test
    void servesTheDocumentAsYaml() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            OpenApiDoc.mount(router);
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.actualPort() + OpenApiDoc.PATH)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/yaml"));
            assertThat(r.body()).isEqualTo(OpenApiDoc.text()).startsWith("openapi: 3.0.3");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean isCatchAll(String body) {
        try {
            JsonObject json = new JsonObject(body);
            return "not_found".equals(json.getString("error"))
                    && String.valueOf(json.getString("message")).startsWith("no such endpoint");
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** The routes of every API class HttpApi mounts, mounted here on a fresh router as HttpApi does. */
    private Set<String> mountedRoutes() throws Exception {
        Vertx vertx = Vertx.vertx();
        Database db = new Database(new ServerConfig.Store("jdbc:h2:mem:openapi-doc-test;DB_CLOSE_DELAY=-1", "", "",
                1, 10, false), null);
        try {
            Clock clock = Clock.systemUTC();
            Router router = Router.router(vertx);
            new AccountsApi(vertx, null, null, null, clock, null).mount(router);
            new AlarmActionsApi(null, null).mount(router);
            new AdminApi(vertx, null, clock, null, null, null).mount(router);
            new TrailApi(vertx, null, null, clock).mount(router);
            new ReportsApi(vertx, new ReportQueries(db), clock).mount(router);
            new CitizenExportApi(vertx, new CitizenExport(db, clock)).mount(router);
            OpenApiDoc.mount(router);
            return OpenApiDoc.registeredOperations(router);
        } finally {
            db.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The API classes HttpApi mounts besides those {@link #mountedRoutes} mounts (e.g. DeskApi): names ending in Api
     * or Doc in HttpApi's source that are classes of this package using a Router.
     */
    private static Set<String> otherMountedClasses() throws Exception {
        String source = Files.readString(API_SOURCES.resolve("HttpApi.java"), StandardCharsets.UTF_8);
        Set<String> out = new TreeSet<>();
        Matcher m = MOUNTED_CLASS.matcher(source);
        while (m.find()) {
            String name = m.group(1);
            Path file = API_SOURCES.resolve(name + ".java");
            if (!name.equals("HttpApi") && !KNOWN_MOUNTS.contains(name) && Files.exists(file)
                    && Files.readString(file, StandardCharsets.UTF_8).contains("Router router")) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * The routes HttpApi registers itself (its literal {@code router.get("/api/...")} calls, /health, /metrics), and
     * those of the classes it mounts that this test does not mount, read the same way.
     */
    private static Set<String> httpApiOwnRoutes() throws Exception {
        Set<String> out = new TreeSet<>(literalRoutes("HttpApi"));
        assertThat(out).as("HttpApi's own routes").contains("GET /health", "GET /metrics", "POST /api/v1/alarms",
                "GET /api/v1/alarms/{id}");
        for (String name : otherMountedClasses()) {
            out.addAll(literalRoutes(name));
        }
        return out;
    }

    private static Set<String> literalRoutes(String className) throws Exception {
        String source = Files.readString(API_SOURCES.resolve(className + ".java"), StandardCharsets.UTF_8);
        Set<String> out = new TreeSet<>();
        Matcher m = LITERAL_ROUTE.matcher(source);
        while (m.find()) {
            String path = m.group(2);
            if (path.contains("*") || !(path.startsWith("/api/") || path.startsWith("/health")
                    || path.equals("/metrics"))) {
                continue;
            }
            out.add(m.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path.replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
        }
        return out;
    }
}
