package dk.vagtcentral.server.domain;

/**
 * The result of {@link AlarmLifecycle#apply}: accepted with the new status and the timeline event to append,
 * or refused with an {@link Outcome} (illegal steps are values, not exceptions).
 */
public sealed interface Transition permits Transition.Accepted, Transition.Refused {

    boolean isAccepted();

    /** The status after the transition: the new one when accepted, the unchanged one when refused. */
    AlarmStatus status();

    /** Store {@code status} and append {@code event}, in one transaction. */
    record Accepted(AlarmStatus status, TimelineEvent event) implements Transition {
        public boolean isAccepted() {
            return true;
        }
    }

    /**
     * Refused: {@link Outcome.Kind#INVALID} for a malformed command (blank reason, HELP_SENT without a worker ...),
     * {@link Outcome.Kind#NOT_ALLOWED} for a well-formed one the alarm's state does not allow.
     */
    record Refused(AlarmStatus status, Outcome outcome) implements Transition {
        public boolean isAccepted() {
            return false;
        }

        public String reason() {
            return outcome.reason();
        }
    }
}
