package dk.vagtcentral.server.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a supplier's failure to answer a call obliges it to, by a municipality's contract (DOMAIN.md rules 6-8, 17):
 * a written justification within {@code justificationDue} (002 Viborg §6, 003 Odder §4.11), an action plan after
 * repeated failures ({@code actionPlan}, the same clauses), and call-out charges per forward target (003 Odder §4.11
 * fire-and-rescue; 004 Horsens §4.3 the municipal provider's cost). Where a contract does not state a duty it is off.
 *
 * @param justificationRequired whether a failure opens a justification
 * @param justificationDue      how long the supplier has to justify it in writing (7 days in the seeds)
 * @param justificationRedo     after a supervisor rejects a justification, how long the supplier has for a new version
 * @param actionPlanRequired    whether repeated failures demand an action plan (and a relapse flags a breach)
 * @param actionPlan            how failures are counted towards a plan, and the follow-up period after approval
 * @param forwardCharges        DKK charged to the supplier per forward, by target; empty when the contract charges none
 */
public record Duties(boolean justificationRequired, Duration justificationDue, Duration justificationRedo,
                     boolean actionPlanRequired, ActionPlanRule actionPlan,
                     Map<ForwardTarget, BigDecimal> forwardCharges) {
    public static final Duration DEFAULT_JUSTIFICATION_DUE = Duration.ofDays(7);

    /** No duties at all: what a municipality whose contract states none gets until it configures them. */
    public static final Duties NONE = new Duties(false, DEFAULT_JUSTIFICATION_DUE, DEFAULT_JUSTIFICATION_DUE, false,
            ActionPlanRule.DEFAULT, Map.of());

    public Duties {
        forwardCharges = forwardCharges == null || forwardCharges.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(forwardCharges));
    }

    /** The charge for a forward to {@code target}, zero when the profile names none. */
    public BigDecimal chargeFor(ForwardTarget target) {
        return forwardCharges.getOrDefault(target, BigDecimal.ZERO);
    }

    Duties timeScaled(int factor) {
        return new Duties(justificationRequired, justificationDue.dividedBy(factor), justificationRedo.dividedBy(factor),
                actionPlanRequired, actionPlan.timeScaled(factor), forwardCharges);
    }
}
