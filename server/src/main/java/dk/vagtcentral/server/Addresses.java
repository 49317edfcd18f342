package dk.vagtcentral.server;

/**
 * Event-bus addresses: the seams between the server's parts, and where desks and workers listen. Every
 * notification is a JSON object with an {@code event} field (see {@link dk.vagtcentral.server.dispatch.Notifier}).
 */
public final class Addresses {
    /** Published with the alarm id (a Long) after a new alarm is committed. */
    public static final String ALARM_STORED = "vagtcentral.alarm.stored";

    private Addresses() {
    }

    /** A supplier's dispatcher desk: new, re-notified, forwarded-to and changed alarms it holds or held. */
    public static String desk(String supplierId) {
        return "vagtcentral.desk." + supplierId;
    }

    /** One worker's phone: alarms they are notified of (primary) or re-notified of (backup). */
    public static String worker(String workerId) {
        return "vagtcentral.worker." + workerId;
    }

    /** A municipality's supervisors: unroutable alarms and forwards. */
    public static String supervision(String municipalityId) {
        return "vagtcentral.supervision." + municipalityId;
    }

    /** A municipality's supervisors, or with a null municipality every supervisor ({@link #SUPERVISION_ALL}). */
    public static String supervisors(String municipalityId) {
        return municipalityId == null ? SUPERVISION_ALL : supervision(municipalityId);
    }

    /** Alarms with no recipient at all (no municipality known): every supervisor must see them. */
    public static final String SUPERVISION_ALL = "vagtcentral.supervision.all";
}
