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
