package dk.vagtcentral.server.domain;

import java.util.Objects;

/**
 * Who acts on an alarm, as far as the rules care: the name recorded on the timeline, and the organisation the actor
 * works for. The HTTP edge builds it from the signed-in user; the server's own steps are {@link Kind#SYSTEM}.
 *
 * @param organisationId the supplier of {@link Kind#STAFF}, the municipality of {@link Kind#SUPERVISOR}, else null
 * @param workerId       the roster worker id of a field worker (staff who act only on the calls assigned to them,
 *                       {@link WorkerAssignment}), else null
 */
public record Actor(String name, Kind kind, String organisationId, String workerId) {

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
        if (workerId != null && kind != Kind.STAFF) {
            throw new IllegalArgumentException("only staff are field workers");
        }
    }

    public Actor(String name, Kind kind, String organisationId) {
        this(name, kind, organisationId, null);
    }

    public static Actor staff(String name, String supplierId) {
        return new Actor(name, Kind.STAFF, supplierId);
    }

    /** A field worker of {@code supplierId}, roster id {@code workerId}. */
    public static Actor worker(String name, String supplierId, String workerId) {
        return new Actor(name, Kind.STAFF, supplierId, Objects.requireNonNull(workerId, "workerId"));
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
