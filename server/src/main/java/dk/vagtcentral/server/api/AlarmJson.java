package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.domain.Routing;
import dk.vagtcentral.server.store.Device;
import dk.vagtcentral.server.store.DeviceStore;
import dk.vagtcentral.server.store.StoredAlarm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dk.vagtcentral.server.domain.AlarmLifecycle;
import dk.vagtcentral.server.domain.AlarmStatus;
import dk.vagtcentral.server.domain.DeskQueue;
import dk.vagtcentral.server.domain.ResponseWindow;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.WebhookOutbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** JSON renderings of stored things. Instants are ISO-8601 UTC. */
final class AlarmJson {
    private AlarmJson() {
    }

    static JsonObject alarm(StoredAlarm a, boolean withTimeline) {
        JsonObject json = new JsonObject()
                .put("id", a.id())
                .put("account", a.account())
                .put("source", a.source())
                .put("messageId", a.messageId())
                .put("sequence", a.sequence())
                .put("data", a.dataBlock())
                .put("extendedData", a.extendedData())
                .put("category", a.category())
                .put("eventCode", a.eventCode())
                .put("eventQualifier", a.eventQualifier())
                .put("zone", a.zone())
                .put("area", a.area())
                .put("events", a.events())
                .put("text", a.text())
                .put("receivedAt", text(a.receivedAt()))
                .put("deviceTime", text(a.deviceTime()))
                .put("clockSuspect", a.clockSuspect())
                .put("clockDriftMs", a.clockDriftMillis())
                .put("callbackAddress", a.callbackAddress())
                .put("state", a.state());
        if (withTimeline) {
            JsonArray timeline = new JsonArray();
            for (StoredAlarm.TimelineEntry t : a.timeline()) {
                timeline.add(new JsonObject()
                        .put("at", text(t.at()))
                        .put("actor", t.actor())
                        .put("kind", t.kind())
                        .put("fromState", t.fromState())
                        .put("toState", t.toState())
                        .put("detail", t.detail()));
            }
            json.put("timeline", timeline);
        }
        return json;
    }

    /** Adds the dispatcher's view to an alarm's JSON: routing, lifecycle status, deadlines and webhook deliveries. */
    static JsonObject withDispatch(JsonObject json, Alarm row, List<DispatchStore.Deadline> deadlines,
                                   List<WebhookOutbox.StoredDelivery> deliveries) {
        Routing r = row.routing();
        if (r != null) {
            json.put("routing", new JsonObject()
                    .put("routedAt", text(r.routedAt()))
                    .put("handling", r.handling().name())
                    .put("target", r.target())
                    .put("citizenId", r.citizenId())
                    .put("municipalityId", r.municipalityId())
                    .put("profileId", r.profileId())
                    .put("supplierId", r.supplierId())
                    .put("workerId", r.workerId())
                    .put("fireAndRescueId", r.fireSupplierId())
                    .put("unroutableReason", r.unroutableReason())
                    .put("reason", r.note())
                    .put("dutySupplierId", r.dutySupplierId())
                    .put("incidentAlarmId", r.incidentAlarmId()));
            json.put("responseDeadline", text(r.responseDeadline()));
        } else {
            json.putNull("routing");
        }
        AlarmStatus s = row.status();
        JsonArray allowed = new JsonArray();
        AlarmLifecycle.allowed(row).stream().filter(k -> k.byPerson()).forEach(k -> allowed.add(k.name()));
        json.put("status", new JsonObject()
                .put("state", s.state().name())
                .put("routedTo", r == null ? null : s.routedTo().name())
                .put("holder", r == null ? null : s.holder().name())
                .put("holderSupplierId", row.holderSupplierId())
                .put("acknowledgedAt", text(s.acknowledgedAt()))
                .put("acknowledgedBy", s.acknowledgedBy())
                .put("respondedAt", text(s.respondedAt()))
                .put("response", s.response() == null ? null : s.response().name())
                .put("helpWorkerId", s.helpWorkerId())
                .put("answeredInTime", r == null || r.responseDeadline() == null ? null
                        : ResponseWindow.answeredByItsSupplierInTime(s, r.responseDeadline()))
                .put("fault", row.fault().name())
                .put("forwardedMunicipalAt", text(s.forwardedMunicipalAt()))
                .put("forwardedFireAt", text(s.forwardedFireAt()))
                .put("escalationStepsDone", new JsonArray(new ArrayList<>(new TreeSet<>(s.escalationStepsDone()))))
                .put("allowedActions", allowed)
                // where a desk shows it and how urgent it is for its holder (DeskQueue)
                .put("lane", r == null ? null : DeskQueue.lane(row).name())
                .put("group", r == null ? null : DeskQueue.group(row).name())
                .put("version", row.statusVersion()));
        JsonArray dl = new JsonArray();
        for (DispatchStore.Deadline d : deadlines) {
            dl.add(new JsonObject()
                    .put("step", d.stepId())
                    .put("dueAt", text(d.dueAt()))
                    .put("armedAt", text(d.armedAt()))
                    .put("firedAt", text(d.firedAt()))
                    .put("outcome", d.outcome() == null ? "PENDING" : d.outcome())
                    .put("late", d.late())
                    .put("detail", d.detail()));
        }
        json.put("deadlines", dl);
        JsonArray wh = new JsonArray();
        for (WebhookOutbox.StoredDelivery d : deliveries) {
            wh.add(new JsonObject()
                    .put("id", d.id())
                    .put("supplierId", d.supplierId())
                    .put("target", d.target())
                    .put("event", d.event())
                    .put("status", d.status().name())
                    .put("attempts", d.attempts()));
        }
        json.put("webhooks", wh);
        return json;
    }

    /** A device without its key or password: secrets never leave the server. */
    static JsonObject device(Device d) {
        return new JsonObject()
                .put("account", d.account())
                .put("protocol", d.protocol().name())
                .put("label", d.label())
                .put("encrypted", d.aesKeyHex() != null)
                .put("passwordSet", d.sipPassword() != null)
                .put("mrsStyle", d.mrsStyle() == null ? null : d.mrsStyle().name())
                .put("lastSeenAt", text(d.lastSeenAt()))
                .put("clockDriftMs", d.lastClockDriftMillis())
                .put("clockCheckedAt", text(d.lastClockCheckedAt()))
                .put("supervisionInterval", d.supervisionInterval() == null ? null : d.supervisionInterval().toString())
                .put("municipalityId", d.municipalityId());
    }

    static JsonObject unknownDevice(DeviceStore.UnknownDeviceRow u) {
        return new JsonObject()
                .put("id", u.id())
                .put("account", u.account())
                .put("firstSeenAt", text(u.firstSeenAt()))
                .put("lastSeenAt", text(u.lastSeenAt()))
                .put("frames", u.frames())
                .put("source", u.source())
                .put("remoteAddress", u.remoteAddress())
                .put("messageId", u.messageId())
                .put("reason", u.reason());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
