package dk.vagtcentral.server.api;

import dk.vagtcentral.server.store.CitizenExport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The citizen's right of access (GDPR art. 15; 000 Norddjurs §3.9.2): {@code GET /api/v1/citizens/{id}/export}
 * answers {@code 200} with everything stored about the citizen ({@link CitizenExport}) as a JSON attachment
 * {@code citizen-<id>.json}, {@code 404} when no such citizen is on record. Each export is logged with the
 * pseudonymous citizen id and who asked (the signed-in user; the {@code X-Actor} header where the route is mounted
 * without accounts), never with what the export holds; the access log records it too ({@link Security}).
 */
public final class CitizenExportApi {
    private static final Logger LOG = LoggerFactory.getLogger(CitizenExportApi.class);
    private static final int MAX_ID = 64;
    private static final Pattern UNSAFE_FILENAME = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern UNSAFE_LOG = Pattern.compile("[^A-Za-z0-9._:@-]");

    private final Vertx vertx;
    private final CitizenExport export;

    public CitizenExportApi(Vertx vertx, CitizenExport export) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.export = Objects.requireNonNull(export, "export");
    }

    /** Binds {@code citizenExport}. */
    public void bind(Operations api) {
        api.on("citizenExport", this::export);
    }

    private void export(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id == null || id.isBlank() || id.length() > MAX_ID) {
            error(ctx, 400, "bad_request", "id: must be 1-" + MAX_ID + " characters");
            return;
        }
        dk.vagtcentral.server.auth.Principal who = Security.principal(ctx);
        String actor = who != null ? who.username() : ctx.request().getHeader("X-Actor");
        vertx.executeBlocking(() -> export.export(id), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("event=citizen.export_failed path={}", ctx.request().path(), ar.cause());
                error(ctx, 503, "store_unavailable", "the database could not be read; retry");
                return;
            }
            if (ar.result().isEmpty()) {
                error(ctx, 404, "not_found", "no citizen with id " + id);
                return;
            }
            JsonObject body = ar.result().get();
            LOG.info("event=citizen.exported citizen_id={} alarms={} actor={}", loggable(id),
                    body.getJsonArray("alarms").size(), actor == null ? "-" : loggable(actor));
            ctx.response().setStatusCode(200)
                    .putHeader("content-type", "application/json")
                    .putHeader("content-disposition", "attachment; filename=\"citizen-" + filename(id) + ".json\"")
                    .putHeader("cache-control", "no-store")
                    .end(body.encodePrettily());
        });
    }

    /** The id as it may stand in a quoted filename: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    static String filename(String id) {
        return UNSAFE_FILENAME.matcher(id).replaceAll("_");
    }

    private static String loggable(String actor) {
        String s = UNSAFE_LOG.matcher(actor).replaceAll("_");
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    private static void error(RoutingContext ctx, int status, String code, String message) {
        Responses.error(ctx, new ApiException(status, code, message));
    }
}
