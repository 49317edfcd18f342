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
        FORWARDED_MUNICIPAL, FORWARDED_FIRE, NOTE
    }
}
