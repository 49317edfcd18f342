package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.domain.AlarmLifecycle;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.Command;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.store.DispatchStore.AlarmRow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The JSON a desk, a worker or a webhook receives about an alarm: what happened ({@code event}), the alarm with its
 * state and deadline, who holds it, who is to go, and the citizen's name, address and key note (the supplier needs
 * them to help; they go to the supplier's own desk, workers and webhook only, and never into a log line).
 */
public final class AlarmMessages {
    /** A new alarm for the desk and the on-duty worker. */
    public static final String NEW = "alarm.new";
    /** A fire alarm for fire-and-rescue (sent at once, beside the supplier). */
    public static final String FIRE = "alarm.fire";
    /** Re-notification by an escalation step (backup workers) or by hand. */
    public static final String RENOTIFIED = "alarm.renotified";
    /** The alarm was forwarded: to its new holder, and for the information of the old one. */
    public static final String FORWARDED = "alarm.forwarded";
    /** Any other change (acknowledged, responded, on site, closed, cancelled, note). */
    public static final String UPDATED = "alarm.updated";
    /** For supervisors: the citizen's chosen supplier could not get the alarm. */
    public static final String UNROUTABLE = "alarm.unroutable";

    private AlarmMessages() {
    }

    public static JsonObject of(String event, AlarmRow row, Supplier holder, Shift worker, Citizen citizen,
                                String detail, Instant at) {
        JsonObject alarm = alarm(row);
        JsonObject body = new JsonObject().put("event", event).put("at", text(at)).put("alarm", alarm);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (holder != null) {
            body.put("supplier", new JsonObject().put("id", holder.id()).put("name", holder.name())
                    .put("kind", holder.kind().name()));
        }
        if (worker != null) {
            body.put("worker", new JsonObject().put("id", worker.workerId()).put("name", worker.workerName())
                    .put("role", worker.role().name()));
        }
        if (citizen != null) {
            body.put("citizen", new JsonObject().put("id", citizen.id()).put("name", citizen.name())
                    .put("address", citizen.address()).put("keyNote", citizen.keyNote())
                    .put("status", citizen.status().name()));
        }
        return body;
    }

    /** The alarm as desks see it: facts, state, holder, response, deadline and the actions allowed now. */
    public static JsonObject alarm(AlarmRow row) {
        JsonObject alarm = new JsonObject()
                .put("id", row.id())
                .put("account", row.account())
                .put("category", row.category().name())
                .put("eventCode", row.eventCode())
                .put("zone", row.zone())
                .put("text", row.text())
                .put("receivedAt", text(row.receivedAt()))
                .put("state", row.status().state().name())
                .put("holderKind", row.status().holder().name())
                .put("holderSupplierId", row.holderSupplierId())
                .put("response", row.status().response() == null ? null : row.status().response().name())
                .put("acknowledgedBy", row.status().acknowledgedBy())
                .put("helpWorkerId", row.status().helpWorkerId())
                .put("version", row.statusVersion());
        if (row.routing() != null) {
            alarm.put("handling", row.routing().handling().name())
                    .put("responseDeadline", text(row.routing().responseDeadline()))
                    .put("supplierId", row.routing().supplierId())
                    .put("workerId", row.routing().workerId())
                    .put("municipalityId", row.routing().municipalityId())
                    .put("unroutableReason", row.routing().unroutableReason());
        }
        JsonArray allowed = new JsonArray();
        for (Command.Kind k : AlarmLifecycle.allowed(row.status())) {
            allowed.add(k.name());
        }
        alarm.put("allowedActions", allowed);
        return alarm;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
