package dk.vagtcentral.server.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The written justification (skriftlig begrundelse) a supplier owes the municipality for every forwarded call it had
 * to answer: "skal leverandøren give en skriftlig begrundelse til kommunen inden for 7 dage" (002 Viborg §6;
 * 003 Odder §4.11). Pure rules: the caller stores the justification, its versions and the supervisor's review.
 *
 * <p>Deadlines: the justification is due at forward + {@link RuleProfile#justificationDue()}. Unlike the response
 * window (where the deadline is the instant escalation fires, so a response at the deadline is late), "inden for
 * 7 dage" includes the last instant: a justification submitted exactly at the due instant is in time, and it is
 * overdue only strictly after it. After a supervisor rejects a justification, a new version is due at rejection +
 * {@link RuleProfile#justificationRedo()} ({@link #redoDueAt}); the same inclusive rule applies.
 *
 * <pre>
 * state       SUBMIT           ACCEPT     REJECT
 * OPEN        → SUBMITTED      -          -
 * SUBMITTED   -                → ACCEPTED → REJECTED
 * REJECTED    → SUBMITTED (a new version) -
 * ACCEPTED    final
 * </pre>
 */
public final class Justifications {

    private Justifications() {
    }

    /** Where a justification stands. */
    public enum JustificationState {
        /** Owed by the supplier, nothing submitted yet. */
        OPEN,
        /** A version is submitted and awaits the supervisor's review. */
        SUBMITTED,
        /** The supervisor accepted the submitted version; final. */
        ACCEPTED,
        /** The supervisor rejected the submitted version; the supplier owes a new version. */
        REJECTED
    }

    /** What can be done to a justification. */
    public enum JustificationAction {
        /** The supplier submits a (new) version. */
        SUBMIT,
        /** The supervisor accepts the submitted version. */
        ACCEPT,
        /** The supervisor rejects the submitted version. */
        REJECT
    }

    /** The instant the justification for a call forwarded at {@code forwardedAt} is due: forwardedAt + due. */
    public static Instant dueAt(Instant forwardedAt, Duration due) {
        return forwardedAt.plus(due);
    }

    /** The instant a new version is due after a rejection at {@code rejectedAt}: rejectedAt + redo. */
    public static Instant redoDueAt(Instant rejectedAt, Duration redo) {
        return rejectedAt.plus(redo);
    }

    /** Whether, at {@code now}, a justification not yet submitted is overdue: only strictly after {@code dueAt}. */
    public static boolean isOverdue(Instant dueAt, Instant now) {
        return now.isAfter(dueAt);
    }

    /** Whether a version submitted at {@code submittedAt} was in time: at or before {@code dueAt}. */
    public static boolean submittedInTime(Instant dueAt, Instant submittedAt) {
        return !submittedAt.isAfter(dueAt);
    }

    /**
     * Why {@code action} is not allowed in {@code state}, as a sentence for the user; {@code null} when it is.
     * SUBMIT from OPEN or REJECTED (a new version); ACCEPT and REJECT only from SUBMITTED; ACCEPTED is final.
     */
    public static String whyNot(JustificationState state, JustificationAction action) {
        if (state == null || action == null) {
            return "Both the justification's state and the action are required.";
        }
        if (state == JustificationState.ACCEPTED) {
            return "The justification has been accepted; an accepted justification is final.";
        }
        switch (action) {
            case SUBMIT:
                if (state == JustificationState.SUBMITTED) {
                    return "A version is already submitted and awaits review; it must be accepted or rejected"
                            + " before a new version can be submitted.";
                }
                return null;
            case ACCEPT:
            case REJECT:
                if (state != JustificationState.SUBMITTED) {
                    String verb = action == JustificationAction.ACCEPT ? "accepted" : "rejected";
                    return state == JustificationState.OPEN
                            ? "Nothing has been submitted yet, so there is nothing to be " + verb + "."
                            : "The last version was rejected and no new version has been submitted, so there is"
                                    + " nothing to be " + verb + ".";
                }
                return null;
            default:
                throw new IllegalArgumentException("unknown action " + action);
        }
    }

    /**
     * The state after {@code action}; an {@link IllegalStateException} carrying {@link #whyNot} when it is not
     * allowed.
     */
    public static JustificationState next(JustificationState state, JustificationAction action) {
        String why = whyNot(state, action);
        if (why != null) {
            throw new IllegalStateException(why);
        }
        switch (action) {
            case SUBMIT:
                return JustificationState.SUBMITTED;
            case ACCEPT:
                return JustificationState.ACCEPTED;
            case REJECT:
                return JustificationState.REJECTED;
            default:
                throw new IllegalArgumentException("unknown action " + action);
        }
    }
}
