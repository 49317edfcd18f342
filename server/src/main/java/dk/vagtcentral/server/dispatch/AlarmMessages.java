package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.domain.AlarmLifecycle;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.Command;
import dk.vagtcentral.server.domain.DeskQueue;
import dk.vagtcentral.server.domain.MessageKind;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The JSON a desk or a worker receives about an alarm over the event bus: what happened ({@code event}), the alarm
 * with its state and deadline, who holds it, who is to go, and the citizen's name, address, phone and key note (the
 * supplier needs them to help, the rest of the citizen card is read on request; they go to the supplier's own desk
 * and workers only, and never into a log line). A webhook gets far less: {@link WebhookPayload}.
 */
public final class AlarmMessages {
    /** The message names ({@link MessageKind#wire()}), for listeners. */
    public static final String NEW = MessageKind.NEW.wire();
    public static final String FIRE = MessageKind.FIRE.wire();
    public static final String RENOTIFIED = MessageKind.RENOTIFIED.wire();
    public static final String FORWARDED = MessageKind.FORWARDED.wire();
    public static final String UPDATED = MessageKind.UPDATED.wire();
    public static final String UNROUTABLE = MessageKind.UNROUTABLE.wire();
    public static final String REPEATED = MessageKind.REPEATED.wire();
    public static final String DEVICE_HINT = MessageKind.DEVICE_HINT.wire();
    public static final String INFORMATION = MessageKind.INFORMATION.wire();

    private AlarmMessages() {
    }

    public static JsonObject of(String event, Alarm row, Supplier holder, Shift worker, Citizen citizen,
                                String detail, Instant at) {
        return of(event, alarm(row), holder, worker, citizen, detail, at);
    }

    /** As {@link #of(String, Alarm, Supplier, Shift, Citizen, String, Instant)} with the alarm already rendered. */
    static JsonObject of(String event, JsonObject alarm, Supplier holder, Shift worker, Citizen citizen,
                         String detail, Instant at) {
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
                    .put("status", citizen.status().name()).put("phone", citizen.phone()));
        }
        return body;
    }

    /**
     * The alarm as desks see it: facts (with the device's call-back address), state, holder, response, deadline, its
     * lane and urgency group on a desk, and the actions allowed now.
     */
    public static JsonObject alarm(Alarm row) {
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
                .put("version", row.statusVersion())
                // the device's voice address (SCAIP crd), the number the desk calls back
                .put("callbackAddress", row.callbackAddress());
        if (row.category() == EventCategory.UNKNOWN) {
            // the desk treats it as an emergency and shows what the device sent
            alarm.put("rawData", row.rawData()).put("understood", false);
        }
        if (row.routing() != null) {
            alarm.put("handling", row.routing().handling().name())
                    .put("responseDeadline", text(row.routing().responseDeadline()))
                    .put("supplierId", row.routing().supplierId())
                    .put("workerId", row.routing().workerId())
                    .put("municipalityId", row.routing().municipalityId())
                    .put("unroutableReason", row.routing().unroutableReason())
                    .put("incidentAlarmId", row.routing().incidentAlarmId());
        }
        // where the desk shows it, and how urgent it is for its holder (DeskQueue; another desk shows it for
        // information)
        alarm.put("lane", DeskQueue.lane(row).name()).put("group", DeskQueue.group(row).name())
                .put("acknowledgedAt", text(row.status().acknowledgedAt()));
        JsonArray allowed = new JsonArray();
        for (Command.Kind k : AlarmLifecycle.allowed(row)) {
            if (k.byPerson()) {
                allowed.add(k.name());
            }
        }
        alarm.put("allowedActions", allowed);
        return alarm;
    }

    /** The head of an accountability-trail message ({@code justification.due}, {@code breach.candidate} ...). */
    public static JsonObject trailEvent(String event, long alarmId, String supplierId, String municipalityId) {
        return new JsonObject().put("event", event).put("alarmId", alarmId).put("supplierId", supplierId)
                .put("municipalityId", municipalityId);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
