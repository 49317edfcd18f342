package dk.vagtcentral.server.domain;

import java.time.Instant;

/**
 * Material breach (væsentlig misligholdelse): "Hvis der efterfølgende ikke rettes op på problemerne, betragtes dette
 * som væsentlig misligholdelse af kontrakten" (002 Viborg §6; 003 Odder §4.11). The system only flags a
 * <em>candidate</em> for the municipal supervisor; whether it is a breach is the municipality's decision.
 *
 * <p>A forward is a candidate when it comes strictly after the action plan's approval and at or before approval +
 * {@link ActionPlanRule#followUp()} (a period the contracts do not give; set per municipality).
 */
public final class BreachRule {

    private BreachRule() {
    }

    /** Whether a forward at {@code forwardAt} is a material-breach candidate for a plan approved at {@code planApprovedAt}. */
    public static boolean isBreachCandidate(ActionPlanRule rule, Instant planApprovedAt, Instant forwardAt) {
        Instant end = planApprovedAt.plus(rule.followUp());
        return forwardAt.isAfter(planApprovedAt) && !forwardAt.isAfter(end);
    }
}
