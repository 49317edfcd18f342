package dk.vagtcentral.server.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * What to do now that an escalation deadline has fallen due.
 *
 * @param outcome what to do
 * @param command for {@link Outcome#ACT}: the command to apply through {@link AlarmLifecycle} (it is known to be
 *                accepted by the status decided on); for a RENOTIFY_BACKUP the shell may fill in the backup's id
 *                with {@link Command.Renotify#withWorker}; null otherwise
 * @param dueAt   when the step was due, or null if it does not apply to this alarm
 * @param late    whether it fired more than {@link EscalationLadder#LATE_TOLERANCE} after {@code dueAt}
 * @param lateBy  how long after {@code dueAt} it fired (zero when on time or early)
 * @param reason  human-readable explanation for the timeline or the log
 */
public record EscalationDecision(EscalationStep step, Outcome outcome, Command command, Instant dueAt,
                                 boolean late, Duration lateBy, String reason) {

    /** The kinds of decision. */
    public enum Outcome {
        /** The condition holds: apply {@code command}. */
        ACT,
        /** The condition no longer holds (or the step does not apply): do nothing, disarm. */
        SKIP,
        /** The step has already acted on this alarm: a repeated firing, do nothing. */
        ALREADY_DONE,
        /** Fired before its due time (a clock step back): re-arm for {@code dueAt}, do nothing now. */
        NOT_DUE
    }
}
