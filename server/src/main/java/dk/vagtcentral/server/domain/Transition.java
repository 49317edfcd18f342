package dk.vagtcentral.server.domain;

/**
 * The result of {@link AlarmLifecycle#apply}: accepted with the new status and the timeline event to append,
 * or refused with a reason (illegal steps are values, not exceptions).
 */
public sealed interface Transition permits Transition.Accepted, Transition.Refused {

    boolean isAccepted();

    /** The status after the transition: the new one when accepted, the unchanged one when refused. */
    AlarmStatus status();

    /** Why a command was refused. */
    enum Refusal {
        /** The command itself is malformed (blank reason, HELP_SENT without a worker ...): HTTP 400. */
        INVALID_COMMAND,
        /** The command is well formed but not allowed in the alarm's state: HTTP 409. */
        NOT_ALLOWED
    }

    /** Store {@code status} and append {@code event}, in one transaction. */
    record Accepted(AlarmStatus status, TimelineEvent event) implements Transition {
        public boolean isAccepted() {
            return true;
        }
    }

    record Refused(AlarmStatus status, Refusal refusal, String reason) implements Transition {
        public boolean isAccepted() {
            return false;
        }
    }
}
