package dk.vagtcentral.server.domain;

import java.util.Objects;

/**
 * Who acts on an alarm, as far as the rules care: the name recorded on the timeline, and the organisation the actor
 * works for. The HTTP edge builds it from the signed-in user; the server's own steps are {@link Kind#SYSTEM}.
 *
 * @param organisationId the supplier of {@link Kind#STAFF}, the municipality of {@link Kind#SUPERVISOR}, else null
 */
public record Actor(String name, Kind kind, String organisationId) {

    public enum Kind {
        /** A dispatcher or field worker of one supplier. */
        STAFF,
        /** A municipal supervisor. */
        SUPERVISOR,
        /** An administrator or integration: may act on any alarm. */
        ADMIN,
        /** This server (escalation, dispatch, suspension). */
        SYSTEM,
        /** An alarm device. */
        DEVICE
    }

    public Actor {
        Objects.requireNonNull(kind, "kind");
    }

    public static Actor staff(String name, String supplierId) {
        return new Actor(name, Kind.STAFF, supplierId);
    }

    public static Actor supervisor(String name, String municipalityId) {
        return new Actor(name, Kind.SUPERVISOR, municipalityId);
    }

    public static Actor admin(String name) {
        return new Actor(name, Kind.ADMIN, null);
    }

    public static Actor system(String name) {
        return new Actor(name, Kind.SYSTEM, null);
    }
}
