package dk.vagtcentral.server.api;

import dk.vagtcentral.server.store.Device;
import dk.vagtcentral.server.store.DeviceStore;
import dk.vagtcentral.server.store.StoredAlarm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

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

    /** A device without its key: keys never leave the server. */
    static JsonObject device(Device d) {
        return new JsonObject()
                .put("account", d.account())
                .put("label", d.label())
                .put("encrypted", d.aesKeyHex() != null)
                .put("lastSeenAt", text(d.lastSeenAt()))
                .put("clockDriftMs", d.lastClockDriftMillis())
                .put("clockCheckedAt", text(d.lastClockCheckedAt()));
    }

    static JsonObject unknownDeviceEvent(DeviceStore.UnknownDeviceRow u) {
        return new JsonObject()
                .put("id", u.id())
                .put("account", u.account())
                .put("receivedAt", text(u.receivedAt()))
                .put("source", u.source())
                .put("remoteAddress", u.remoteAddress())
                .put("messageId", u.messageId())
                .put("reason", u.reason());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
