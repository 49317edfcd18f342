package dk.vagtcentral.server.domain;

import java.time.Instant;

/**
 * One appended line of an alarm's timeline. Stored as is (the kind by its name); never updated or deleted.
 *
 * @param actor     who did it: {@code desk:<user>}, {@code worker:<id>}, {@code device:<account>},
 *                  {@code system:escalation} ...
 * @param fromState state before; equal to toState for events that do not move the alarm (re-notify, note)
 * @param detail    human-readable detail (response, outcome, reason; "LATE" when an escalation fired late)
 */
public record TimelineEvent(Instant at, String actor, Kind kind, AlarmState fromState, AlarmState toState,
                            String detail) {

    /** What happened. */
    public enum Kind {
        RECEIVED, NOTIFIED, RENOTIFIED, ACKNOWLEDGED, RESPONDED, ON_SITE, CLOSED, CANCELLED,
        FORWARDED_MUNICIPAL, FORWARDED_FIRE, NOTE,
        /** How a non-call was routed (a notice's or a record's first line). */
        ROUTED,
        /** The citizen pressed again while the call is open: the press joined it. */
        REPEATED,
        /** A technical condition was closed by the device's restore. */
        RESTORED,
        /** The device reported a restore of the call's condition: a hint; the call stays open. */
        DEVICE_RESTORE,
        /** The device sent a cancel: a hint; the call stays open until a person closes it. */
        DEVICE_CANCEL,
        /** A ladder step warned the supervisors. */
        SUPERVISORS_WARNED,
        /** The call escalated because this system was down during its window: no supplier duty. */
        SYSTEM_FAULT,
        /** The supplier that had to answer failed to: its duties follow. */
        SUPPLIER_FAILURE,
        CHARGED, JUSTIFICATION_DUE, ACTION_PLAN_REQUIRED, ACTION_PLAN_ATTACHED, BREACH_CANDIDATE,
        /** An item went on the supervisors' inbox. */
        SUPERVISORS_FLAGGED
    }
}
