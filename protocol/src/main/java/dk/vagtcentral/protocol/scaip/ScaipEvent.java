package dk.vagtcentral.protocol.scaip;

import dk.vagtcentral.protocol.event.EventCategory;
import java.util.Objects;

/**
 * What one {@code <mrq>} means for dispatch.
 *
 * @param category    the event category (a heartbeat is SUPERVISION; a message whose type or codes could not be read
 *                    is UNKNOWN, raised like an emergency)
 * @param code        the event code stored with the alarm: the status code as a number without leading zeros
 *                    ({@code "16"}), else the message type ({@code "RE"}, {@code "ME"}); "" when unreadable
 * @param description short English description ("Fall detector: automatic alarm")
 * @param understood  false when the message type or a code was not readable: stored whole, raised, counted
 */
public record ScaipEvent(EventCategory category, String code, String description, boolean understood) {
    public ScaipEvent {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    public boolean heartbeat() {
        return category == EventCategory.SUPERVISION;
    }
}
