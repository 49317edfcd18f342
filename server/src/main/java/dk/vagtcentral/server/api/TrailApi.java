package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.FieldError;
import dk.vagtcentral.server.domain.Justifications;
import dk.vagtcentral.server.store.TrailStore;
import dk.vagtcentral.server.trail.Trail;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The accountability trail over HTTP: justifications (the supplier submits, a supervisor accepts or rejects),
 * action plans (submit; approve or reject), material-breach candidates (confirm or dismiss). Lists take
 * {@code municipalityId}, {@code supplierId}, {@code state} (comma-separated for several), {@code from}, {@code to},
 * and page with {@code limit} (default 100, at most 1000) and {@code cursor} (the previous page's {@code nextCursor});
 * justifications list overdue ones first, plans and breach candidates newest first. Justifications and plans carry
 * every version of their text and every decision inline, in the lists too, so that a supervisor decides where she
 * reads; a decision on them may name the {@code version} read, and is refused (409) when a newer one has arrived. A
 * breach candidate read alone carries its history: the action plan it breaks, the alarm's justifications, and the
 * supplier's other candidates. Actions answer 200 with the item, 400 naming the field, 404, or 409 with the reason.
 */
final class TrailApi {
    private static final int MAX_TEXT = 8000;
    /** Decision reasons are stored in 2,000 characters. */
    private static final int MAX_REASON = 2000;

    @FunctionalInterface
    private interface Action {
        Trail.Result run(long id, AdminBody body, String actor) throws Exception;
    }

    private final Vertx vertx;
    private final Trail trail;
    private final TrailStore store;
    private final Clock clock;

    TrailApi(Vertx vertx, Trail trail, TrailStore store, Clock clock) {
        this.vertx = vertx;
        this.trail = trail;
        this.store = store;
        this.clock = clock;
    }

    void bind(Operations api) {
        api.on("listJustification", ctx -> list(ctx, JUSTIFICATION_STATES, (f, request) -> {
            // the overdue-first order is pinned to the first page's clock, so later pages continue it exactly
            List<String> key = Cursor.decode(request.cursor(), 4);
            Instant pinned = key == null ? clock.instant() : Cursor.instantPart(key.get(0));
            TrailStore.JustificationKey after = key == null ? null : new TrailStore.JustificationKey(
                    intPart(key.get(1)), Cursor.instantPart(key.get(2)), Cursor.longPart(key.get(3)));
            Cursor.Page<TrailStore.Justification> page = Cursor.page(
                    store.justifications(f, pinned, after, request.limit() + 1), request.limit(), last ->
                            Cursor.encode(pinned, TrailStore.JustificationKey.rank(last, pinned), last.dueAt(),
                                    last.id()));
            Instant now = clock.instant();
            // every version and decision inline: a supervisor reads the text where she decides on it
            List<Long> ids = page.items().stream().map(TrailStore.Justification::id).toList();
            Map<Long, List<TrailStore.JustificationVersion>> versions;
            Map<Long, List<TrailStore.JustificationDecision>> decisions;
            try (Connection c = store.database().connection()) {
                versions = store.versions(c, ids);
                decisions = store.decisions(c, ids);
                c.commit();
            }
            JsonArray items = new JsonArray();
            page.items().forEach(j -> items.add(justification(j, now, versions.getOrDefault(j.id(), List.of()))
                    .put("decisions", decisions(decisions.getOrDefault(j.id(), List.of())))));
            return answer(items, page);
        }));
        api.on("getJustification", ctx -> read(ctx, (c, id) -> store.justification(c, id)
                .map(j -> {
                    try {
                        return justification(j, clock.instant(), store.versions(c, id))
                                .put("decisions", decisions(store.decisions(c, id)));
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }).orElse(null)));
        action(api, "submitJustification", Set.of("author", "text"), "author", (id, b, actor) ->
                trail.submitJustification(id, actor, required(b, "text")));
        action(api, "acceptJustification", Set.of("actor", "reason", "version"), "actor",
                (id, b, actor) -> trail.decideJustification(id, true, actor, optional(b, "reason"), version(b)));
        action(api, "rejectJustification", Set.of("actor", "reason", "version"), "actor",
                (id, b, actor) -> trail.decideJustification(id, false, actor, required(b, "reason"), version(b)));

        api.on("listActionPlan", ctx -> list(ctx, PLAN_STATES, (f, request) -> {
            Cursor.Page<TrailStore.ActionPlan> page = Cursor.page(store.plans(f, newest(request), request.limit() + 1),
                    request.limit(), last -> Cursor.encode(last.requiredAt(), last.id()));
            JsonArray items = new JsonArray();
            try (Connection c = store.database().connection()) {
                plans(c, page.items()).forEach(items::add);
                c.commit();
            }
            return answer(items, page);
        }));
        api.on("getActionPlan", ctx -> read(ctx, (c, id) -> {
            Optional<TrailStore.ActionPlan> p = store.plan(c, id);
            return p.isEmpty() ? null : plans(c, List.of(p.get())).get(0);
        }));
        action(api, "submitActionPlan", Set.of("author", "text", "measures", "startsOn", "endsOn"),
                "author", (id, b, actor) -> trail.submitPlan(id, actor, required(b, "text"), required(b, "measures"),
                        checked(b, b.date("startsOn")), checked(b, b.date("endsOn"))));
        action(api, "approveActionPlan", Set.of("actor", "reason", "version"), "actor",
                (id, b, actor) -> trail.decidePlan(id, true, actor, optional(b, "reason"), version(b)));
        action(api, "rejectActionPlan", Set.of("actor", "reason", "version"), "actor",
                (id, b, actor) -> trail.decidePlan(id, false, actor, required(b, "reason"), version(b)));

        api.on("listBreachCandidate", ctx -> list(ctx, BREACH_STATES, (f, request) -> {
            Cursor.Page<TrailStore.BreachCandidate> page = Cursor.page(
                    store.breaches(f, newest(request), request.limit() + 1), request.limit(),
                    last -> Cursor.encode(last.raisedAt(), last.id()));
            JsonArray items = new JsonArray();
            page.items().forEach(b -> items.add(breach(b)));
            return answer(items, page);
        }));
        api.on("getBreachCandidate", ctx -> read(ctx, (c, id) -> {
            Optional<TrailStore.BreachCandidate> b = store.breach(c, id);
            return b.isEmpty() ? null : breachWithHistory(c, b.get());
        }));
        action(api, "confirmBreachCandidate", Set.of("actor", "reason"), "actor", (id, b, actor) ->
                trail.decideBreach(id, true, actor, required(b, "reason")));
        action(api, "dismissBreachCandidate", Set.of("actor", "reason"), "actor", (id, b, actor) ->
                trail.decideBreach(id, false, actor, required(b, "reason")));
    }

    // ---------------------------------------------------------------- JSON

    private static JsonObject justification(TrailStore.Justification j, Instant now,
                                            List<TrailStore.JustificationVersion> versions) {
        boolean waiting = j.state().equals("OPEN") || j.state().equals("REJECTED");
        JsonObject json = new JsonObject().put("id", j.id()).put("alarmId", j.alarmId())
                .put("supplierId", j.supplierId()).put("municipalityId", j.municipalityId())
                .put("forwardTarget", j.target()).put("forwardedAt", text(j.forwardedAt()))
                .put("dueAt", text(j.dueAt())).put("state", j.state())
                .put("overdue", waiting && Justifications.isOverdue(j.dueAt(), now))
                .put("decidedAt", text(j.decidedAt())).put("decidedBy", j.decidedBy())
                .put("decisionReason", j.decisionReason());
        if (versions != null) {
            JsonArray list = new JsonArray();
            for (TrailStore.JustificationVersion v : versions) {
                list.add(new JsonObject().put("version", v.version()).put("text", v.text()).put("author", v.author())
                        .put("submittedAt", text(v.submittedAt())).put("inTime", v.inTime()));
            }
            json.put("versions", list);
        }
        return json;
    }

    /** Every decision on a justification, oldest first, with the due dates as they were (its rejection history). */
    private static JsonArray decisions(List<TrailStore.JustificationDecision> decisions) {
        JsonArray list = new JsonArray();
        for (TrailStore.JustificationDecision d : decisions) {
            list.add(new JsonObject().put("version", d.version()).put("decision", d.decision())
                    .put("decidedAt", text(d.decidedAt())).put("decidedBy", d.decidedBy()).put("reason", d.reason())
                    .put("dueBefore", text(d.dueBefore())).put("dueAfter", text(d.dueAfter())));
        }
        return list;
    }

    /** The plans with their alarms, every version and every decision, read in one query each. */
    private List<JsonObject> plans(Connection c, List<TrailStore.ActionPlan> plans) throws java.sql.SQLException {
        List<Long> ids = plans.stream().map(TrailStore.ActionPlan::id).toList();
        Map<Long, List<TrailStore.PlanAlarm>> alarms = store.planAlarms(c, ids);
        Map<Long, List<TrailStore.PlanVersion>> versions = store.planVersions(c, ids);
        Map<Long, List<TrailStore.PlanDecision>> decisions = store.planDecisions(c, ids);
        List<JsonObject> out = new java.util.ArrayList<>();
        for (TrailStore.ActionPlan p : plans) {
            JsonArray v = new JsonArray();
            for (TrailStore.PlanVersion pv : versions.getOrDefault(p.id(), List.of())) {
                v.add(new JsonObject().put("version", pv.version()).put("text", pv.text())
                        .put("measures", pv.measures()).put("startsOn", date(pv.startsOn()))
                        .put("endsOn", date(pv.endsOn())).put("author", pv.author())
                        .put("submittedAt", text(pv.submittedAt())));
            }
            JsonArray d = new JsonArray();
            for (TrailStore.PlanDecision pd : decisions.getOrDefault(p.id(), List.of())) {
                d.add(new JsonObject().put("version", pd.version()).put("decision", pd.decision())
                        .put("decidedAt", text(pd.decidedAt())).put("decidedBy", pd.decidedBy())
                        .put("reason", pd.reason()));
            }
            out.add(plan(p, alarms.getOrDefault(p.id(), List.of())).put("versions", v).put("decisions", d));
        }
        return out;
    }

    /**
     * A breach candidate with what a supervisor reads before deciding it: the action plan it breaks (every version,
     * every decision, its alarms), the justifications of the alarm that raised it, and the supplier's other
     * candidates with their decisions (newest first, at most 50).
     */
    private JsonObject breachWithHistory(Connection c, TrailStore.BreachCandidate b) throws java.sql.SQLException {
        JsonObject json = breach(b);
        store.plan(c, b.actionPlanId()).ifPresent(p -> {
            try {
                json.put("actionPlan", plans(c, List.of(p)).get(0));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Instant now = clock.instant();
        List<TrailStore.Justification> js = store.justificationsOfAlarm(c, b.alarmId());
        List<Long> ids = js.stream().map(TrailStore.Justification::id).toList();
        Map<Long, List<TrailStore.JustificationVersion>> versions = store.versions(c, ids);
        Map<Long, List<TrailStore.JustificationDecision>> decided = store.decisions(c, ids);
        JsonArray justifications = new JsonArray();
        for (TrailStore.Justification j : js) {
            justifications.add(justification(j, now, versions.getOrDefault(j.id(), List.of()))
                    .put("decisions", decisions(decided.getOrDefault(j.id(), List.of()))));
        }
        JsonArray others = new JsonArray();
        store.otherBreaches(c, b.supplierId(), b.id(), 50).forEach(o -> others.add(breach(o)));
        return json.put("justifications", justifications).put("otherCandidates", others);
    }

    private static String date(LocalDate d) {
        return d == null ? null : d.toString();
    }

    private static JsonObject plan(TrailStore.ActionPlan p, List<TrailStore.PlanAlarm> alarms) {
        JsonArray list = new JsonArray();
        for (TrailStore.PlanAlarm a : alarms) {
            list.add(new JsonObject().put("alarmId", a.alarmId()).put("forwardedAt", text(a.forwardedAt()))
                    .put("role", a.role()));
        }
        return new JsonObject().put("id", p.id()).put("supplierId", p.supplierId())
                .put("municipalityId", p.municipalityId()).put("state", p.state())
                .put("requiredAt", text(p.requiredAt())).put("counting", p.counting()).put("threshold", p.threshold())
                .put("text", p.planText()).put("measures", p.measures())
                .put("startsOn", p.startsOn() == null ? null : p.startsOn().toString())
                .put("endsOn", p.endsOn() == null ? null : p.endsOn().toString())
                .put("submittedAt", text(p.submittedAt())).put("submittedBy", p.submittedBy())
                .put("decidedAt", text(p.decidedAt())).put("decidedBy", p.decidedBy())
                .put("decisionReason", p.decisionReason()).put("approvedAt", text(p.approvedAt()))
                .put("followUpUntil", text(p.followUpUntil())).put("alarms", list);
    }

    private static JsonObject breach(TrailStore.BreachCandidate b) {
        return new JsonObject().put("id", b.id()).put("supplierId", b.supplierId())
                .put("municipalityId", b.municipalityId()).put("actionPlanId", b.actionPlanId())
                .put("alarmId", b.alarmId()).put("raisedAt", text(b.raisedAt())).put("state", b.state())
                .put("decidedAt", text(b.decidedAt())).put("decidedBy", b.decidedBy())
                .put("decisionReason", b.decisionReason());
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Lister {
        JsonObject list(TrailStore.Filter filter, PageRequest request) throws Exception;
    }

    /** A list request's {@code cursor} (null for the first page) and {@code limit}. */
    record PageRequest(String cursor, int limit) {
    }

    private static final List<String> JUSTIFICATION_STATES = List.of("OPEN", "SUBMITTED", "ACCEPTED", "REJECTED");
    private static final List<String> PLAN_STATES = List.of("REQUIRED", "SUBMITTED", "APPROVED", "REJECTED");
    private static final List<String> BREACH_STATES = List.of("OPEN", "CONFIRMED", "DISMISSED");

    private static JsonObject answer(JsonArray items, Cursor.Page<?> page) {
        return new JsonObject().put("items", items).put("nextCursor", page.nextCursor());
    }

    private static TrailStore.NewestKey newest(PageRequest request) {
        List<String> key = Cursor.decode(request.cursor(), 2);
        return key == null ? null
                : new TrailStore.NewestKey(Cursor.instantPart(key.get(0)), Cursor.longPart(key.get(1)));
    }

    private static int intPart(String text) {
        long v = Cursor.longPart(text);
        if (v != 0 && v != 1) {
            throw Cursor.bad();
        }
        return (int) v;
    }

    /** {@code state}: one state or several separated by commas, each one of {@code known}. */
    static List<String> states(String text, List<String> known) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            String state = part.strip().toUpperCase(java.util.Locale.ROOT);
            if (!known.contains(state)) {
                throw ApiException.badRequest("state must be one or more (comma-separated) of " + String.join(", ", known)
                        + "; got '" + part.strip() + "'");
            }
            out.add(state);
        }
        return out;
    }


    @FunctionalInterface
    private interface Reader {
        JsonObject read(Connection c, long id) throws Exception;
    }

    private void list(RoutingContext ctx, List<String> knownStates, Lister lister) {
        TrailStore.Filter filter;
        PageRequest request;
        try {
            var q = ctx.queryParams();
            filter = new TrailStore.Filter(q.get("municipalityId"), q.get("supplierId"),
                    states(q.get("state"), knownStates), instant(q.get("from"), "from"), instant(q.get("to"), "to"));
            request = new PageRequest(q.get("cursor"), Cursor.limit(q.get("limit")));
        } catch (ApiException e) {
            error(ctx, e, List.of());
            return;
        }
        blocking(ctx, () -> lister.list(filter, request)).onSuccess(json -> json(ctx, 200, json));
    }

    private void read(RoutingContext ctx, Reader reader) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            error(ctx, ApiException.badRequest("id must be a whole number"), List.of());
            return;
        }
        blocking(ctx, () -> {
            try (Connection c = store.database().connection()) {
                JsonObject json = reader.read(c, id);
                c.commit();
                if (json == null) {
                    throw ApiException.notFound("nothing with id " + id);
                }
                return json;
            }
        }).onSuccess(json -> json(ctx, 200, json));
    }

    /** A POST action: parses the body (actor field {@code actorField} required), runs it, answers with the item. */
    private void action(Operations api, String operationId, Set<String> fields, String actorField, Action action) {
        api.on(operationId, ctx -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                error(ctx, ApiException.badRequest("id must be a whole number"), List.of());
                return;
            }
            JsonObject json = Responses.bodyObject(ctx);
            if (json == null) {
                error(ctx, ApiException.badRequest("body must be a JSON object"), List.of());
                return;
            }
            AdminBody body = new AdminBody(json, fields);
            String given = body.string(actorField);
            // a signed-in user other than ADMIN acts as itself: the body cannot name someone else
            dk.vagtcentral.server.auth.Principal who = Security.principal(ctx);
            String actor = who != null && !who.is(dk.vagtcentral.server.auth.Role.ADMIN) ? who.username() : given;
            if (actor == null || actor.isBlank() || actor.length() > 100) {
                body.error(actorField, "is required: who does this (1-100 characters)");
            }
            List<FieldError> early = body.errors(List.of());
            if (!early.isEmpty()) {
                // an unknown field or no actor: answered before anything is read or changed
                error(ctx, ApiException.badRequest(early.get(0).toString()), early);
                return;
            }
            // the action reads its fields through required/optional/checked, which stop it before it changes
            // anything once a field is wrong
            blocking(ctx, () -> action.run(id, body, actor)).onSuccess(r -> {
                if (r.outcome().accepted()) {
                    // answered as the item's GET answers it: .../{id}/submit -> .../{id}
                    String path = Security.path(ctx);
                    ctx.reroute(io.vertx.core.http.HttpMethod.GET, path.substring(0, path.lastIndexOf('/')));
                } else {
                    error(ctx, ApiException.refused(r.outcome()), List.of());
                }
            });
        });
    }

    /** Field errors found while running an action: nothing was changed. */
    private static final class Invalid extends RuntimeException {
        final List<FieldError> errors;

        Invalid(List<FieldError> errors) {
            super(errors.get(0).toString());
            this.errors = errors;
        }
    }

    /** {@code version}: the version of the text the decider read (optional); a wrong type stops the action. */
    private static Integer version(AdminBody b) {
        Integer v = checked(b, b.integer("version"));
        if (v != null && v < 1) {
            b.error("version", "must be a version that was submitted (1 or more)");
            throw new Invalid(b.errors(List.of()));
        }
        return v;
    }

    private static String required(AdminBody b, String field) {
        String v = optional(b, field);
        if (v == null) {
            b.error(field, "is required");
            throw new Invalid(b.errors(List.of()));
        }
        return v;
    }

    /** A text field, stripped, or null when absent; a wrong type or an over-long text stops the action. */
    private static String optional(AdminBody b, String field) {
        String v = checked(b, b.string(field));
        int max = field.equals("reason") ? MAX_REASON : MAX_TEXT;
        if (v != null && v.length() > max) {
            b.error(field, "must be at most " + max + " characters");
            throw new Invalid(b.errors(List.of()));
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** {@code value}, unless reading it found a problem in the body: then the action stops, having changed nothing. */
    private static <T> T checked(AdminBody b, T value) {
        List<FieldError> errors = b.errors(List.of());
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return value;
    }

    private static Instant instant(String text, String name) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return dk.vagtcentral.server.domain.CopenhagenCalendar.startOfDay(LocalDate.parse(text));
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(name + " must be an ISO-8601 instant or a date (YYYY-MM-DD)");
            }
        }
    }

    private <T> io.vertx.core.Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> {
            if (e instanceof Invalid i) {
                error(ctx, ApiException.badRequest(i.getMessage()), i.errors);
            } else {
                Responses.failed(ctx, e);
            }
        });
    }

    private static void error(RoutingContext ctx, ApiException e, List<FieldError> fields) {
        Responses.error(ctx, e, fields);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        Responses.json(ctx, status, body);
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
