package dk.vagtcentral.server.api;

import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.auth.Role;
import dk.vagtcentral.server.dispatch.Dispatcher;
import dk.vagtcentral.server.domain.Actor;
import dk.vagtcentral.server.domain.CloseOutcome;
import dk.vagtcentral.server.domain.Command;
import dk.vagtcentral.server.domain.FieldError;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.ResponseKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.Set;
import java.util.function.Function;

/**
 * The lifecycle actions on an alarm: {@code POST /api/v1/alarms/{id}/acknowledge}, {@code /respond},
 * {@code /on-site}, {@code /close}, {@code /cancel}, {@code /forward}, {@code /note} and {@code /renotify}. The actor recorded is the
 * signed-in user's username; only an ADMIN (integrations) names another in the body's {@code actor}
 * (e.g. {@code desk:anna}). The dispatcher applies the command through the
 * domain's state machine: {@code 200} with the alarm's new state, {@code 400} for a malformed command (a field
 * named), {@code 409} for a step the alarm's state does not allow (the reason says why), {@code 404} for no alarm.
 */
final class AlarmActionsApi {
    private static final int MAX_ACTOR = 100;
    private static final int MAX_TEXT = 2000;

    private final Dispatcher dispatcher;
    private final Function<Long, Future<JsonObject>> view;

    /** @param view renders the alarm as {@code GET /api/v1/alarms/{id}} does, after the change */
    AlarmActionsApi(Dispatcher dispatcher, Function<Long, Future<JsonObject>> view) {
        this.dispatcher = dispatcher;
        this.view = view;
    }

    void bind(Operations api) {
        action(api, "acknowledgeAlarm", Set.of(), b -> new Command.Acknowledge(b.actor));
        action(api, "respondAlarm", Set.of("response", "workerId"), b -> {
            ResponseKind response = b.body.enumValue("response", ResponseKind.class);
            if (response == null && !b.body.has("response")) {
                b.body.error("response", "is required: HELP_SENT, NURSE_REQUESTED, DOCTOR_CONTACTED or EMERGENCY_112");
            }
            String worker = b.text("workerId", 64);
            if (response == ResponseKind.HELP_SENT && worker == null) {
                b.body.error("workerId", "is required with HELP_SENT: the worker sent");
            }
            return new Command.Respond(b.actor, response, worker);
        });
        action(api, "onSiteAlarm", Set.of(), b -> new Command.OnSite(b.actor));
        action(api, "closeAlarm", Set.of("outcome", "note"), b -> {
            CloseOutcome outcome = b.body.enumValue("outcome", CloseOutcome.class);
            if (outcome == null && !b.body.has("outcome")) {
                b.body.error("outcome", "is required: one of " + java.util.Arrays.toString(CloseOutcome.values()));
            }
            return new Command.Close(b.actor, outcome, b.text("note", MAX_TEXT));
        });
        action(api, "cancelAlarm", Set.of("reason"), b -> new Command.Cancel(b.actor, b.required("reason")));
        action(api, "forwardAlarm", Set.of("target", "reason"), b -> {
            ForwardTarget target = b.body.enumValue("target", ForwardTarget.class);
            if (target == null && !b.body.has("target")) {
                b.body.error("target", "is required: MUNICIPAL_HOME_CARE or FIRE_AND_RESCUE");
            }
            return new Command.Forward(b.actor, target, b.required("reason"));
        });
        action(api, "noteAlarm", Set.of("text"), b -> new Command.Note(b.actor, b.required("text")));
        // the desk rings the call again: its holder's desk and the worker it is with are told once more
        action(api, "renotifyAlarm", Set.of("reason"), b -> new Command.Renotify(b.actor, null,
                join("re-notified by hand", b.text("reason", MAX_TEXT)), null));
    }

    /** A parsed request body: the actor plus the action's own fields. */
    private static final class Body {
        final AdminBody body;
        String actor;

        Body(AdminBody body) {
            this.body = body;
        }

        String text(String field, int max) {
            String v = body.string(field);
            if (v != null && (v.isBlank() || v.length() > max)) {
                body.error(field, "must be 1-" + max + " characters");
                return null;
            }
            return v;
        }

        String required(String field) {
            String v = text(field, MAX_TEXT);
            if (v == null && !body.has(field)) {
                body.error(field, "is required");
            }
            return v;
        }
    }

    private void action(Operations api, String operationId, Set<String> fields, Function<Body, Command> parse) {
        Set<String> allowed = new java.util.HashSet<>(fields);
        allowed.add("actor");
        api.on(operationId, ctx -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                error(ctx, 400, "bad_request", "alarm id must be a whole number", List.of());
                return;
            }
            JsonObject json = Responses.bodyObject(ctx);
            if (json == null) {
                error(ctx, 400, "bad_request", "body must be a JSON object with at least \"actor\"", List.of());
                return;
            }
            Body b = new Body(new AdminBody(json, allowed));
            b.actor = b.text("actor", MAX_ACTOR);
            // a signed-in user other than ADMIN acts as itself: the body cannot name someone else
            Principal who = Security.principal(ctx);
            if (who != null && !who.is(Role.ADMIN)) {
                b.actor = who.username();
            }
            if (b.actor == null && !b.body.has("actor")) {
                b.body.error("actor", "is required: who does this, e.g. desk:anna or worker:w17");
            }
            Command command = parse.apply(b);
            List<FieldError> errors = b.body.errors(List.of());
            if (!errors.isEmpty()) {
                error(ctx, 400, "bad_request", errors.get(0).toString(), errors);
                return;
            }
            dispatcher.act(id, command, actorOf(who, b.actor))
                    .onFailure(e -> {
                        if (e instanceof RejectedExecutionException) {
                            ctx.response().putHeader("Retry-After", "1");
                            error(ctx, 503, "dispatcher_busy", e.getMessage(), List.of());
                        } else {
                            error(ctx, 503, "store_unavailable", e.getMessage(), List.of());
                        }
                    })
                    .onSuccess(result -> {
                        if (!result.outcome().accepted()) {
                            Responses.error(ctx, ApiException.refused(result.outcome()));
                            return;
                        }
                        view.apply(id)
                                .onFailure(e -> error(ctx, 503, "store_unavailable", e.getMessage(), List.of()))
                                .onSuccess(body -> ctx.response().setStatusCode(200)
                                        .putHeader("content-type", "application/json").end(body.encode()));
                    });
        });
    }

    /**
     * Who acts, as the rules see it: a dispatcher or worker as staff of its supplier, a supervisor of its
     * municipality; an administrator (or an integration with the ingest key's trust) as itself.
     */
    static Actor actorOf(Principal who, String name) {
        if (who == null) {
            return Actor.admin(name); // an integration with the ingest key
        }
        // no default: a new role must be given its rights here, never an administrator's by accident
        return switch (who.role()) {
            case ADMIN -> Actor.admin(name);
            case DISPATCHER -> Actor.staff(name, who.supplierId());
            case WORKER -> who.workerId() == null ? Actor.staff(name, who.supplierId())
                    : Actor.worker(name, who.supplierId(), who.workerId());
            case SUPERVISOR -> Actor.supervisor(name, who.municipalityId());
        };
    }

    private static String join(String a, String b) {
        return b == null ? a : a + ": " + b.strip();
    }

    private static void error(RoutingContext ctx, int status, String code, String message, List<FieldError> fields) {
        Responses.error(ctx, new ApiException(status, code, message), fields);
    }
}
