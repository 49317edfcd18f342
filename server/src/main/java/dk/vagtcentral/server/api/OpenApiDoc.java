package dk.vagtcentral.server.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI document of the HTTP API ({@code openapi.yaml} on the classpath), served at
 * {@code GET /api/openapi.yaml}. {@code OpenApiDocTest} keeps it true: every route the server registers is in it,
 * and every operation in it answers.
 */
public final class OpenApiDoc {
    static final String RESOURCE = "openapi.yaml";
    static final String PATH = "/api/openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
    private static final Pattern OPENAPI_PARAM = Pattern.compile("\\{[^}/]+}");

    private OpenApiDoc() {
    }

    /** Adds {@code GET /api/openapi.yaml}; call before the router's {@code /api/*} catch-all. */
    public static void mount(Router router) {
        Buffer body = Buffer.buffer(text());
        router.get(PATH).handler(ctx -> ctx.response().putHeader("content-type", "application/yaml; charset=utf-8")
                .putHeader("cache-control", "no-cache").end(body));
    }

    /** The document as text. */
    static String text() {
        try (InputStream in = OpenApiDoc.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every operation in the document as {@code "METHOD /path"}, path parameters written {@code {id}}. */
    static Set<String> documentedOperations() {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text());
        Set<String> out = new TreeSet<>();
        if (!(root instanceof Map<?, ?> doc) || !(doc.get("paths") instanceof Map<?, ?> paths)) {
            throw new IllegalStateException(RESOURCE + " has no paths");
        }
        for (Map.Entry<?, ?> path : paths.entrySet()) {
            if (!(path.getValue() instanceof Map<?, ?> item)) {
                continue;
            }
            for (Object key : item.keySet()) {
                String method = String.valueOf(key).toLowerCase(Locale.ROOT);
                if (METHODS.contains(method)) {
                    out.add(operation(method, String.valueOf(path.getKey())));
                }
            }
        }
        return out;
    }

    /**
     * The routes of {@code router} with a method and an exact path, as {@code "METHOD /path"} with path parameters
     * written {@code {id}}; catch-alls ({@code /api/*}) and routes for every method are left out.
     */
    static Set<String> registeredOperations(Router router) {
        Set<String> out = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            Set<io.vertx.core.http.HttpMethod> methods = route.methods();
            if (path == null || path.contains("*") || methods == null || methods.isEmpty()) {
                continue;
            }
            String normal = VERTX_PARAM.matcher(path).replaceAll("{$1}");
            for (io.vertx.core.http.HttpMethod m : methods) {
                out.add(operation(m.name(), normal));
            }
        }
        return out;
    }

    /** {@code "GET /api/v1/alarms/{}"}: the method upper case, every path parameter written {@code {}}. */
    static String normalise(String operation) {
        return OPENAPI_PARAM.matcher(operation).replaceAll("{}");
    }

    private static String operation(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    /** The normalised forms of {@code operations}. */
    static Set<String> normalised(Iterable<String> operations) {
        Set<String> out = new TreeSet<>();
        operations.forEach(o -> out.add(normalise(o)));
        return out;
    }
}
