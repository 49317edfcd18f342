package dk.vagtcentral.server.domain;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The timeline wording of the accountability trail's records, once the shell has given them their ids: one place,
 * so a justification, a charge or a plan reads the same on every alarm's timeline.
 */
public final class TrailText {
    /** The actor named on the timeline for what the trail records. */
    public static final String ACTOR = "system:trail";

    private TrailText() {
    }

    public static String justificationDue(long id, Effect.OpenJustification j) {
        return "justification " + id + " due from " + j.supplierId() + " by " + j.dueAt();
    }

    public static String charged(Effect.Charge ch) {
        return ch.charge().amountDkk().toPlainString() + " DKK charged to " + ch.charge().supplierId()
                + " for the forward to " + ch.charge().target() + " (profile " + ch.profileId() + ")";
    }

    public static String attached(Effect.AttachToActionPlan p) {
        return "attached to the open action plan " + p.planId() + " of " + p.supplierId();
    }

    public static String planRequired(long planId, Effect.RequireActionPlan p) {
        return "action plan " + planId + " required of " + p.supplierId() + ": " + p.triggers().size()
                + " unanswered calls " + (p.rule().counting() == ActionPlanRule.Counting.CALENDAR_MONTH
                ? "in the same month" : "within 30 days") + " (alarms " + alarms(p.triggers()) + ")";
    }

    public static String breach(long breachId, Effect.RaiseBreachCandidate b) {
        return "unanswered call within the follow-up of approved action plan " + b.planId()
                + ": material-breach candidate " + breachId + " for the supervisor to decide";
    }

    public static String alarms(List<ActionPlanCounter.Forward> forwards) {
        return forwards.stream().map(f -> String.valueOf(f.alarmId())).collect(Collectors.joining(", "));
    }
}
