package dk.vagtcentral.server.domain;

/**
 * Where an alarm is in its lifecycle. Ingest creates alarms as RECEIVED; {@link AlarmLifecycle} is the only place
 * that decides the next state. CLOSED and CANCELLED are final; nothing is ever deleted.
 */
public enum AlarmState {
    /** Stored and ACKed to the device; nobody told yet. */
    RECEIVED,
    /** The holder's desk and on-duty worker have been told. */
    NOTIFIED,
    /** A desk or worker of the current holder has taken the alarm. */
    ACKNOWLEDGED,
    /** The holder has answered with one of the contract's four responses ({@link ResponseKind}). */
    RESPONDED,
    /** The worker sent (HELP_SENT) is with the citizen. */
    ON_SITE,
    /** Forwarded (viderestillet) to municipal home care, which now must acknowledge and respond. */
    FORWARDED_MUNICIPAL,
    /** Forwarded to fire-and-rescue, which now must acknowledge and respond. */
    FORWARDED_FIRE,
    /** Done, with an outcome note. Final. */
    CLOSED,
    /** Cancelled by the device (cancel/restore) or a dispatcher, with a reason. Final. */
    CANCELLED;

    public boolean isOpen() {
        return this != CLOSED && this != CANCELLED;
    }

    /** Open and nobody of the current holder has taken the alarm yet. */
    public boolean awaitsAcknowledgement() {
        return this == RECEIVED || this == NOTIFIED || this == FORWARDED_MUNICIPAL || this == FORWARDED_FIRE;
    }
}
