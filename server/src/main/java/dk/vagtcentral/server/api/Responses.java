package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.FieldError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How every route answers: JSON bodies, and errors as {@code {"error", "message", "fields": [{field, message}]}}. */
final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /** The request body as a JSON object; null when it is absent, not JSON, or not an object. */
    static JsonObject bodyObject(RoutingContext ctx) {
        try {
            return ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    /**
     * The answer to work that failed off the event loop: an {@link ApiException} as itself; anything else is the
     * store failing, logged, and a 503 the client may retry.
     */
    static void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiException api) {
            error(ctx, api);
        } else {
            LOG.error("event=http.store_error path={}", Security.loggable(ctx.request().path()), e);
            error(ctx, new ApiException(503, "store_unavailable", "the database could not be used; retry"));
        }
    }

    /**
     * A value as one path segment of a URL, for a {@code Location} header: every byte outside the unreserved
     * characters (RFC 3986 2.3) percent-encoded as UTF-8, so no value can break the header or the path.
     */
    static String pathSegment(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    static void error(RoutingContext ctx, ApiException e) {
        error(ctx, e, List.of());
    }

    /** The error answer, unless something has answered already. */
    static void error(RoutingContext ctx, ApiException e, List<FieldError> fields) {
        if (ctx.response().ended()) {
            return;
        }
        JsonObject body = new JsonObject().put("error", e.code()).put("message", e.getMessage());
        if (!fields.isEmpty()) {
            JsonArray list = new JsonArray();
            fields.forEach(f -> list.add(new JsonObject().put("field", f.field()).put("message", f.message())));
            body.put("fields", list);
        }
        json(ctx, e.status(), body);
    }
}
