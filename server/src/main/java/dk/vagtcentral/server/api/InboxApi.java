package dk.vagtcentral.server.api;

import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.auth.Role;
import dk.vagtcentral.server.dispatch.InboxMessages;
import dk.vagtcentral.server.dispatch.Notifier;
import dk.vagtcentral.server.domain.FieldError;
import dk.vagtcentral.server.domain.InboxKind;
import dk.vagtcentral.server.domain.Outcome;
import dk.vagtcentral.server.push.PushEvent;
import dk.vagtcentral.server.store.InboxStore;
import dk.vagtcentral.server.store.TrailStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisors' inbox (DOMAIN.md rules 12, 13, 14, 18): what they must see and act on, told live and kept until
 * resolved.
 * <ul>
 *   <li>{@code GET /api/v1/inbox?municipalityId=&state=OPEN|RESOLVED|ALL&kind=&alarmId=&limit=&cursor=}: newest first;
 *       a municipality's list includes the items for every supervisor (no municipality).</li>
 *   <li>{@code GET /api/v1/inbox/{id}}; {@code POST /api/v1/inbox/{id}/resolve} with {@code {"resolution"}}: once,
 *       with who and how (409 when already resolved).</li>
 *   <li>{@code GET /api/v1/supervision/events?municipalityId=} (required): the live stream (SSE) of the municipality's
 *       supervision messages and of those for every supervisor: inbox items, unroutable and forwarded alarms,
 *       justifications due, submitted and decided, action plans required, submitted and decided, breach candidates
 *       raised and decided.</li>
 *   <li>{@code GET /api/v1/supervision/counts?municipalityId=} (required): what waits, for the console's tab counts
 *       (read again when the stream tells of a change): open inbox items by kind, justifications to decide, overdue
 *       and waiting, action plans to decide and required, open breach candidates.</li>
 * </ul>
 */
final class InboxApi {
    private static final Logger LOG = LoggerFactory.getLogger(InboxApi.class);
    private static final int MAX_TEXT = 2000;

    private final Vertx vertx;
    private final InboxStore store;
    private final Notifier notifier;
    private final Clock clock;
    private final LiveStreams streams;
    private final TrailStore trail;

    InboxApi(Vertx vertx, InboxStore store, TrailStore trail, Notifier notifier, Clock clock, LiveStreams streams) {
        this.vertx = vertx;
        this.trail = trail;
        this.streams = streams;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
    }

    void bind(Operations api) {
        api.on("listInbox", this::list).on("getInboxItem", this::one).on("resolveInboxItem", this::resolve)
                .on("supervisionEvents", this::events).on("supervisionCounts", this::counts);
    }

    private void counts(RoutingContext ctx) {
        String municipality = ctx.queryParams().get("municipalityId");
        if (municipality == null || municipality.isBlank()) {
            Responses.error(ctx, ApiException.badRequest("municipalityId is required: whose supervisors' counts"));
            return;
        }
        blocking(ctx, () -> {
            Map<InboxKind, Integer> open = store.openCounts(municipality);
            TrailStore.Counts t = trail.counts(municipality, clock.instant());
            JsonObject byKind = new JsonObject();
            open.forEach((kind, n) -> byKind.put(kind.name(), n));
            return new JsonObject().put("municipalityId", municipality)
                    .put("inbox", new JsonObject().put("open", open.values().stream().mapToInt(Integer::intValue).sum())
                            .put("byKind", byKind))
                    .put("justifications", new JsonObject().put("toDecide", t.justificationsToDecide())
                            .put("overdue", t.justificationsOverdue()).put("waiting", t.justificationsWaiting()))
                    .put("actionPlans", new JsonObject().put("toDecide", t.plansToDecide())
                            .put("required", t.plansRequired()))
                    .put("breachCandidates", new JsonObject().put("open", t.breachesOpen()));
        }).onSuccess(json -> Responses.json(ctx, 200, json));
    }

    private void list(RoutingContext ctx) {
        String municipality = ctx.queryParams().get("municipalityId");
        Boolean open;
        List<InboxKind> kinds = new ArrayList<>();
        Long alarmId;
        Long before;
        int limit;
        try {
            open = state(ctx.queryParams().get("state"));
            for (String k : ctx.queryParams().getAll("kind")) {
                for (String part : k.split(",")) {
                    kinds.add(kind(part.strip()));
                }
            }
            alarmId = number(ctx.queryParams().get("alarmId"), "alarmId");
            List<String> cursor = Cursor.decode(ctx.queryParams().get("cursor"), 1);
            before = cursor == null ? null : Cursor.longPart(cursor.get(0));
            limit = Cursor.limit(ctx.queryParams().get("limit"));
        } catch (ApiException e) {
            Responses.error(ctx, e);
            return;
        }
        blocking(ctx, () -> Cursor.page(store.list(municipality, open, kinds, alarmId, before, limit + 1), limit,
                i -> Cursor.encode(i.id()))).onSuccess(page -> {
                    JsonArray items = new JsonArray();
                    page.items().forEach(i -> items.add(item(i)));
                    Responses.json(ctx, 200, new JsonObject().put("items", items)
                            .put("nextCursor", page.nextCursor()));
                });
    }

    /** The item id in the path, or null once a 400 saying what is wrong has been sent. */
    private static Long pathId(RoutingContext ctx) {
        try {
            return number(ctx.pathParam("id"), "id");
        } catch (ApiException e) {
            Responses.error(ctx, e);
            return null;
        }
    }

    private void one(RoutingContext ctx) {
        Long id = pathId(ctx);
        if (id == null) {
            return;
        }
        blocking(ctx, () -> store.find(id).orElseThrow(() -> ApiException.notFound("no inbox item " + id)))
                .onSuccess(i -> Responses.json(ctx, 200, item(i)));
    }

    private void resolve(RoutingContext ctx) {
        Long id = pathId(ctx);
        if (id == null) {
            return;
        }
        JsonObject json = Responses.bodyObject(ctx);
        if (json == null) {
            Responses.error(ctx, ApiException.badRequest("body must be a JSON object with \"resolution\""));
            return;
        }
        AdminBody body = new AdminBody(json, Set.of("resolution", "actor"));
        String resolution = body.string("resolution");
        if (resolution == null || resolution.isBlank() || resolution.length() > MAX_TEXT) {
            body.error("resolution", "is required: what was done (1-" + MAX_TEXT + " characters)");
        }
        Principal who = Security.principal(ctx);
        String actor = who != null && !who.is(Role.ADMIN) ? who.username() : body.string("actor");
        if (actor == null || actor.isBlank() || actor.length() > 100) {
            body.error("actor", "is required: who resolves it (1-100 characters)");
        }
        List<FieldError> errors = body.errors(List.of());
        if (!errors.isEmpty()) {
            Responses.error(ctx, ApiException.badRequest(errors.get(0).toString()), errors);
            return;
        }
        blocking(ctx, () -> resolve(id, actor, resolution.strip())).onSuccess(item -> {
            LOG.info("event=inbox.resolved inbox_id={} kind={} by={}", id, item.kind(), actor);
            Responses.json(ctx, 200, item(item));
        });
    }

    /**
     * Resolves an open item once, and tells the supervisors (the message written in the same transaction, published
     * after it); a refusal in the domain's vocabulary otherwise.
     */
    private InboxStore.Item resolve(long id, String actor, String resolution) throws Exception {
        InboxStore.Item item = store.find(id).orElseThrow(() -> ApiException.refused(
                Outcome.notFound("no inbox item " + id)));
        if (!item.open()) {
            throw ApiException.refused(Outcome.notAllowed("inbox item " + id + " was already resolved by "
                    + item.resolvedBy() + " at " + item.resolvedAt()));
        }
        InboxStore.Item resolved;
        List<PushEvent> pushed;
        try (Connection c = store.database().connection()) {
            try {
                if (!store.resolve(c, item, actor, resolution, clock.instant())) {
                    c.rollback();
                    throw ApiException.refused(Outcome.conflict("inbox item " + id + " changed meanwhile; retry"));
                }
                resolved = store.find(c, id).orElseThrow();
                pushed = notifier.record(c, List.of(new Notifier.Notification(
                        Addresses.supervisors(resolved.municipalityId()), InboxMessages.item(resolved))));
                store.database().commitDurably(c);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        notifier.publish(pushed);
        return resolved;
    }

    private void events(RoutingContext ctx) {
        Principal p = Security.principal(ctx);
        String municipality = ctx.queryParams().get("municipalityId");
        if (municipality == null || municipality.isBlank()) {
            Responses.error(ctx, ApiException.badRequest("municipalityId is required: whose supervisors' stream"));
            return;
        }
        List<String> addresses = List.of(Addresses.supervision(municipality), Addresses.SUPERVISION_ALL);
        String user = p == null ? null : p.username();
        streams.open(ctx, addresses, json -> {
        }, () -> LOG.info("event=supervision.sse.open user={} municipality={}", user, municipality),
                () -> LOG.info("event=supervision.sse.closed user={} municipality={}", user, municipality));
    }

    static JsonObject item(InboxStore.Item i) {
        JsonObject json = InboxMessages.item(i);
        json.remove("event");
        return json;
    }

    private static Boolean state(String text) {
        if (text == null || text.equalsIgnoreCase("OPEN")) {
            return true;
        }
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "RESOLVED" -> false;
            case "ALL" -> null;
            default -> throw ApiException.badRequest("state must be OPEN, RESOLVED or ALL, got '" + text + "'");
        };
    }

    private static InboxKind kind(String text) {
        try {
            return InboxKind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("kind must be one of " + java.util.Arrays.toString(InboxKind.values())
                    + ", got '" + text + "'");
        }
    }

    private static Long number(String text, String name) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, got '" + text + "'");
        }
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> Responses.failed(ctx, e));
    }
}
