package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The action-plan rule on a supplier's failure (DOMAIN.md rule 7; 002 Viborg §6, 003 Odder §4.11): within the
 * follow-up of an approved plan a failure is a material-breach candidate; while a plan is open it is attached to it;
 * otherwise, when the failures in the counting window reach the threshold, a plan is required.
 */
public final class ActionPlans {
    private ActionPlans() {
    }

    /** A supplier's plan, as the rule needs it. */
    public record Plan(long id, Instant approvedAt) {
    }

    /**
     * What the shell read about the supplier.
     *
     * @param latestApproved the supplier's most recently approved plan, if any
     * @param open           its plan that is required, submitted or rejected (not yet approved), if any
     * @param earlierFailures its recorded failures from well before the counting window on, this one excluded
     */
    public record SupplierPlans(Optional<Plan> latestApproved, Optional<Plan> open,
                                List<ActionPlanCounter.Forward> earlierFailures) {
    }

    public static List<Effect> decide(Effect.CountTowardsActionPlan failure, SupplierPlans plans) {
        ActionPlanRule rule = failure.rule();
        Instant at = failure.at();
        if (plans.latestApproved().isPresent()
                && BreachRule.isBreachCandidate(rule, plans.latestApproved().get().approvedAt(), at)) {
            return List.of(new Effect.RaiseBreachCandidate(plans.latestApproved().get().id(), failure.alarmId(),
                    failure.supplierId(), failure.municipalityId()));
        }
        if (plans.open().isPresent()) {
            return List.of(new Effect.AttachToActionPlan(plans.open().get().id(), failure.alarmId(),
                    failure.supplierId(), at));
        }
        List<ActionPlanCounter.Forward> earlier = new ArrayList<>(plans.earlierFailures());
        earlier.removeIf(f -> f.alarmId() == failure.alarmId());
        ActionPlanCounter.Forward latest = new ActionPlanCounter.Forward(failure.alarmId(), at);
        if (!ActionPlanCounter.requiresActionPlan(rule, earlier, latest)) {
            return List.of();
        }
        return List.of(new Effect.RequireActionPlan(failure.alarmId(), failure.supplierId(), failure.municipalityId(),
                rule, ActionPlanCounter.countingTowards(rule, earlier, latest)));
    }
}
