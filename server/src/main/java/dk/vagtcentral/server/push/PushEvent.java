package dk.vagtcentral.server.push;

import io.vertx.core.json.JsonObject;

/**
 * A notification as written to {@code push_events}: its row id is its event id (the SSE {@code id:}), the same on
 * every node. {@code event} is the body's {@code event} field.
 */
public record PushEvent(long id, String address, String event, JsonObject body) {
    /** The event-bus header with the event id (a decimal string). */
    public static final String ID_HEADER = "id";
    /** The event-bus header with the event's name. */
    public static final String EVENT_HEADER = "event";
}
