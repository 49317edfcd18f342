package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which calls a field worker may act on (DOMAIN.md rule 11: a worker sees and changes only what is theirs). A call is
 * assigned to a worker when
 * <ul>
 *   <li>the worker was sent to it (the response HELP_SENT named them): then to that worker alone;</li>
 *   <li>nobody has been sent yet, and the worker was told of it: the worker it was routed to while its supplier holds
 *       it, the backups on duty once the ladder's re-notify step has told them, and, after a forward, the workers on
 *       duty for the new holder (the first of them was told, any of them may take it).</li>
 * </ul>
 * The dispatchers of the holder act on every call it holds; this is about field workers only.
 */
public final class WorkerAssignment {

    private WorkerAssignment() {
    }

    /** Whether {@code workerId} may act on {@code alarm} at {@code now}. */
    public static boolean assigned(Alarm alarm, String workerId, List<Shift> shifts, RuleProfile profile,
                                   Instant now) {
        return whyNot(alarm, workerId, shifts, profile, now) == null;
    }

    /**
     * Null when {@code workerId} may act on {@code alarm}, else the reason (for a 403 the worker can read).
     *
     * @param shifts  the roster around {@code now} (of the holder at least)
     * @param profile the rules of the alarm's municipality (which ladder steps re-notify the backups)
     */
    public static String whyNot(Alarm alarm, String workerId, List<Shift> shifts, RuleProfile profile, Instant now) {
        Objects.requireNonNull(workerId, "workerId");
        Routing routing = alarm.routing();
        if (routing == null) {
            return "alarm " + alarm.id() + " is not routed yet";
        }
        String sent = alarm.status().helpWorkerId();
        if (sent != null) {
            return sent.equals(workerId) ? null : "call " + alarm.id() + " is assigned to worker " + sent
                    + ", who was sent to it; a field worker acts only on the calls assigned to them";
        }
        String holder = alarm.holderSupplierId();
        boolean withRoutedSupplier = holder != null && holder.equals(routing.supplierId());
        if (withRoutedSupplier && workerId.equals(routing.workerId())) {
            return null;
        }
        if (withRoutedSupplier && backupsTold(alarm, profile)
                && DutyRoster.backupsOnDuty(shifts, holder, now).stream().anyMatch(s -> s.workerId().equals(workerId))) {
            return null;
        }
        if (!withRoutedSupplier && holder != null && alarm.status().isForwarded()
                && DutyRoster.onDuty(shifts, holder, now).stream().anyMatch(s -> s.workerId().equals(workerId))) {
            return null;
        }
        return "call " + alarm.id() + " is assigned to " + (routing.workerId() != null && withRoutedSupplier
                ? "worker " + routing.workerId() : "the desk of " + holder)
                + ", not to worker " + workerId + "; a field worker acts only on the calls assigned to them";
    }

    /** Whether a ladder step that re-notifies the backups has acted on the call. */
    private static boolean backupsTold(Alarm alarm, RuleProfile profile) {
        return profile != null && alarm.status().escalationStepsDone().stream()
                .map(id -> profile.ladder().step(id).orElse(null))
                .anyMatch(step -> step != null && step.action() == EscalationStep.Action.RENOTIFY_BACKUP);
    }
}
