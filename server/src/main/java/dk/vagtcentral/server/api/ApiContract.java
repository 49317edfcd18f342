package dk.vagtcentral.server.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The HTTP API's contract: {@code openapi.yaml} on the classpath, an OpenAPI 3.1 document. The server's routes, who
 * may call each operation, and the shape of each request are bound from it ({@link Operations}, {@link Security},
 * {@link ContractRequests}); it is served as it stands at {@code GET /api/openapi.yaml} (operation
 * {@code openApiDocument}), and the tests check real answers against its response schemas.
 */
public final class ApiContract {
    static final String RESOURCE = "openapi.yaml";
    static final String PATH = "/api/openapi.yaml";
    private static final String TEXT = read();
    private static final Buffer BODY = Buffer.buffer(TEXT);

    private ApiContract() {
    }

    /**
     * Loads and checks the contract for {@code vertx}: the document must be valid OpenAPI 3.1 (its meta-schema), and
     * every {@code $ref} must resolve; a document that is not fails the server's start.
     *
     * <p>vertx-openapi 5.0 refuses a document whose responses name media types it cannot validate; this API's event
     * streams ({@code text/event-stream}), CSV exports ({@code text/csv}) and this YAML are real answers, so the
     * library is given the document without those response contents (nothing it could check in them) while the
     * document served and tested is the whole one.
     */
    static Future<OpenAPIContract> load(Vertx vertx) {
        return load(vertx, document());
    }

    /** {@link #load(Vertx)} of another document (a test's variant of this one). */
    static Future<OpenAPIContract> load(Vertx vertx, JsonObject document) {
        return OpenAPIContract.from(vertx, withoutUnvalidatableContent(document.copy()));
    }

    /** The document as JSON, as written (dates stay strings). */
    static JsonObject document() {
        Map<String, Object> map = new Yaml(new StringTimestamps()).load(TEXT);
        return new JsonObject(map);
    }

    /** The document as text. */
    static String text() {
        return TEXT;
    }

    /** Answers {@code openApiDocument}: the document as it stands. */
    static void serve(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/yaml; charset=utf-8")
                .putHeader("cache-control", "no-cache").end(BODY);
    }

    private static JsonObject withoutUnvalidatableContent(JsonObject doc) {
        doc.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(item -> {
            if (item.getValue() instanceof JsonObject operation && operation.getValue("responses")
                    instanceof JsonObject responses) {
                responses.forEach(r -> {
                    if (r.getValue() instanceof JsonObject response
                            && response.getValue("content") instanceof JsonObject content) {
                        content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
                        if (content.isEmpty()) {
                            response.remove("content");
                        }
                    }
                });
            }
        }));
        return doc;
    }

    private static String read() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML as JSON sees it: an unquoted date stays the string it is written as. */
    private static final class StringTimestamps extends SafeConstructor {
        StringTimestamps() {
            super(new LoaderOptions());
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }
}
