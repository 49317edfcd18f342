package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** How every route answers: JSON bodies, and errors as {@code {"error", "message", "fields": [{field, message}]}}. */
final class Responses {
    private Responses() {
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
