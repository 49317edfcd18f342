package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.store.InboxStore;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The JSON of a supervisors' inbox item: the live {@code inbox.item} message and the API's list entries. */
public final class InboxMessages {
    /** The event name of a live inbox message. */
    public static final String EVENT = "inbox.item";

    private InboxMessages() {
    }

    public static JsonObject item(InboxStore.Item i) {
        return new JsonObject().put("event", EVENT).put("id", i.id()).put("kind", i.kind().name())
                .put("municipalityId", i.municipalityId()).put("alarmId", i.alarmId())
                .put("supplierId", i.supplierId()).put("raisedAt", text(i.raisedAt())).put("reason", i.reason())
                .put("state", i.state()).put("resolvedAt", text(i.resolvedAt())).put("resolvedBy", i.resolvedBy())
                .put("resolution", i.resolution()).put("version", i.rowVersion());
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
