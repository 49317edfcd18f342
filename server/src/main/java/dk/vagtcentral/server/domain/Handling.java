package dk.vagtcentral.server.domain;

import dk.vagtcentral.protocol.event.EventCategory;

/**
 * How an alarm is handled, by its event category. Only {@link #CALL} is a call in the contracts' sense
 * (nødkald/servicekald): it has a response window and an escalation ladder. Nothing is ever dropped: every
 * category is stored with its timeline; the others differ in who is told and what follows.
 */
public enum Handling {
    /**
     * FIRE, EMERGENCY, and UNKNOWN (a frame from a known device whose data was not understood, treated as an
     * emergency): a human must answer.
     */
    CALL,
    /** TECHNICAL: a service notice to the supplier's desk (battery, mains, tamper); no window, no escalation. */
    SERVICE_NOTICE,
    /**
     * RESTORE: not a call. Written on the timeline of the open condition it restores (same family and zone); it
     * closes a technical notice, and is only a hint on an emergency or fire call, which a person closes (rule 13).
     */
    RESTORE,
    /** CANCEL (a pendant's cancel): not a call; a timeline line and a desk hint on the citizen's open call. */
    DEVICE_CANCEL,
    /** TEST, SUPERVISION: not a call; recorded as device health (last seen), nobody is notified. */
    RECORD_ONLY,
    /** OTHER: not a call; stored and shown on the supplier's desk for information, no window. */
    INFORMATION,
    /** A press that joined the citizen's open call (one incident, rule 15): recorded, the open call is told. */
    REPEATED;

    public static Handling of(EventCategory category) {
        return switch (category) {
            case FIRE, EMERGENCY, UNKNOWN -> CALL;
            case TECHNICAL -> SERVICE_NOTICE;
            case RESTORE -> RESTORE;
            case CANCEL -> DEVICE_CANCEL;
            case TEST, SUPERVISION -> RECORD_ONLY;
            case OTHER -> INFORMATION;
        };
    }

    /** Whether the response window (and the escalation ladder) applies. */
    public boolean needsResponseWindow() {
        return this == CALL;
    }

    /** Whether a desk shows alarms of this handling in its queue. */
    public boolean shownOnDesk() {
        return this == CALL || this == SERVICE_NOTICE || this == INFORMATION;
    }
}
