package dk.vagtcentral.server.domain;

import dk.vagtcentral.protocol.event.EventCategory;

/**
 * How an alarm is handled, by its event category. Only {@link #CALL} is a call in the contracts' sense
 * (nødkald/servicekald): it has a response window and an escalation ladder. Nothing is ever dropped: every
 * category is stored with its timeline; the others differ in who is told and what follows.
 */
public enum Handling {
    /** FIRE, EMERGENCY, UNKNOWN: notify the supplier's desk and on-duty worker, run the response window and the ladder. */
    CALL,
    /** TECHNICAL: a service notice to the supplier's desk (battery, mains, tamper); no window, no escalation. */
    SERVICE_NOTICE,
    /**
     * CANCEL, RESTORE: not a call. Cancels the same account's matching open alarm through
     * {@link AlarmLifecycle} ({@code Cancel} by actor {@code device:<account>}); with none open it is only recorded.
     */
    CANCELS_OPEN_ALARM,
    /** TEST, SUPERVISION: not a call; recorded as device health (last seen), nobody is notified. */
    RECORD_ONLY,
    /** OTHER: not a call; stored and shown on the supplier's desk for information, no window. */
    INFORMATION;

    public static Handling of(EventCategory category) {
        return switch (category) {
            case FIRE, EMERGENCY, UNKNOWN -> CALL;
            case TECHNICAL -> SERVICE_NOTICE;
            case CANCEL, RESTORE -> CANCELS_OPEN_ALARM;
            case TEST, SUPERVISION -> RECORD_ONLY;
            case OTHER -> INFORMATION;
        };
    }

    /** Whether the response window (and the escalation ladder) applies. */
    public boolean needsResponseWindow() {
        return this == CALL;
    }
}
