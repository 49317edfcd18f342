package dk.vagtcentral.server.domain;

import java.time.Duration;

/**
 * One rung of a municipality's escalation ladder: {@code after} a time, if {@code condition} still holds, do
 * {@code action}. The time is measured from the step's {@link #reference()}: alarm receipt for the supplier's steps,
 * the hand-over to municipal home care for {@link Condition#MUNICIPAL_NOT_ACKNOWLEDGED}.
 *
 * @param id       a name unique within the ladder, e.g. {@code forward-municipal}; stored with the timeline and the
 *                 armed deadline
 * @param citation the contract clause the step comes from, or the assumption that puts it there
 */
public record EscalationStep(String id, Duration after, Condition condition, Action action, Citation citation) {

    /** A step without a citation (a loaded profile refuses it; for tests of the ladder's mechanics). */
    public EscalationStep(String id, Duration after, Condition condition, Action action) {
        this(id, after, condition, action, null);
    }

    /** What must still be true when the step falls due for it to act. */
    public enum Condition {
        /** Nobody of the supplier has acknowledged (state RECEIVED or NOTIFIED). */
        NOT_ACKNOWLEDGED,
        /** The supplier has not responded, and the alarm has not been forwarded. */
        NOT_RESPONDED,
        /** Municipal home care holds the alarm and has not acknowledged it. */
        MUNICIPAL_NOT_ACKNOWLEDGED
    }

    /** What the step does. */
    public enum Action {
        /** Tell the backup worker(s) on duty as well. */
        RENOTIFY_BACKUP,
        /** Forward the call to municipal home care. */
        FORWARD_MUNICIPAL,
        /** Forward the call to fire-and-rescue. */
        FORWARD_FIRE,
        /** Put the call on the supervisors' inbox (live): the call stays where it is. */
        WARN_SUPERVISORS;

        public boolean forwards() {
            return this == FORWARD_MUNICIPAL || this == FORWARD_FIRE;
        }
    }

    /** Where {@code after} is counted from. */
    public enum Reference {
        /** The alarm's receipt. */
        ALARM_RECEIVED,
        /** The forward to municipal home care, or receipt when the alarm was routed straight to it. */
        MUNICIPAL_HANDOVER
    }

    public Reference reference() {
        return condition == Condition.MUNICIPAL_NOT_ACKNOWLEDGED ? Reference.MUNICIPAL_HANDOVER
                : Reference.ALARM_RECEIVED;
    }

    EscalationStep timeScaled(int factor) {
        return new EscalationStep(id, after.dividedBy(factor), condition, action, citation);
    }
}
