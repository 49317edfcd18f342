package dk.vagtcentral.server.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rules that differ between municipalities' contracts, one profile per municipality
 * ({@code config/municipalities/<id>.yaml}).
 *
 * @param id               e.g. {@code viborg}; {@link Municipality#profileId()} refers to it
 * @param name             e.g. "Viborg Kommune"
 * @param source           the contract the rules come from, e.g. "002 Viborg §6 Servicekald"
 * @param responseWindow   the response window (30 minutes in all seed contracts)
 * @param ladder           the escalation ladder
 * @param justificationDue how long the supplier has to justify a forwarded call in writing (7 days)
 * @param actionPlan       when repeated forwards demand an action plan
 * @param forwardCharges   what the supplier is charged per forward, in DKK, by target; may be empty
 * @param justificationRedo after a supervisor rejects a justification, how long the supplier has to submit a new
 *                          version (not in the contracts; by default the same as {@code justificationDue})
 */
public record RuleProfile(String id, String name, String source, ResponseWindow responseWindow,
                          EscalationLadder ladder, Duration justificationDue, ActionPlanRule actionPlan,
                          Map<ForwardTarget, BigDecimal> forwardCharges, Duration justificationRedo) {
    public static final Duration DEFAULT_JUSTIFICATION_DUE = Duration.ofDays(7);

    public RuleProfile {
        forwardCharges = forwardCharges == null || forwardCharges.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(forwardCharges));
    }

    /** A profile whose {@code justificationRedo} is the same as {@code justificationDue}. */
    public RuleProfile(String id, String name, String source, ResponseWindow responseWindow,
                       EscalationLadder ladder, Duration justificationDue, ActionPlanRule actionPlan,
                       Map<ForwardTarget, BigDecimal> forwardCharges) {
        this(id, name, source, responseWindow, ladder, justificationDue, actionPlan, forwardCharges,
                justificationDue);
    }

    /**
     * A profile with all the defaults: 30 minutes, the default ladder, 7 days to justify (and 7 to redo a rejected
     * justification), 2 forwards in rolling 30 days with 90 days' follow-up, no charges.
     */
    public static RuleProfile defaults(String id, String name) {
        return new RuleProfile(id, name, null, ResponseWindow.DEFAULT,
                EscalationLadder.defaultLadder(ResponseWindow.DEFAULT_LENGTH), DEFAULT_JUSTIFICATION_DUE,
                ActionPlanRule.DEFAULT, Map.of());
    }

    /**
     * Field errors, named as the record components ({@code ladder[1].after}, {@code actionPlan.threshold},
     * {@code actionPlan.followUp}, {@code justificationRedo}).
     */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "id", id);
        Checks.text(errors, "name", name);
        Checks.present(errors, "responseWindow", responseWindow);
        if (ladder == null) {
            errors.add(new FieldError("ladder", "is required (may be an empty list)"));
        } else {
            errors.addAll(ladder.validate());
        }
        if (!positive(justificationDue)) {
            errors.add(new FieldError("justificationDue", "must be a positive duration, got " + justificationDue));
        }
        if (actionPlan == null) {
            errors.add(new FieldError("actionPlan", "is required"));
        } else {
            Checks.present(errors, "actionPlan.counting", actionPlan.counting());
            if (actionPlan.threshold() < 1) {
                errors.add(new FieldError("actionPlan.threshold", "must be at least 1, got " + actionPlan.threshold()));
            }
            if (!positive(actionPlan.followUp())) {
                errors.add(new FieldError("actionPlan.followUp",
                        "must be a positive duration, got " + actionPlan.followUp()));
            }
        }
        forwardCharges.forEach((target, amount) -> {
            if (amount == null || amount.signum() < 0) {
                errors.add(new FieldError("forwardCharges." + target, "must be an amount of 0 DKK or more"));
            } else if (amount.stripTrailingZeros().scale() > 2) {
                errors.add(new FieldError("forwardCharges." + target, "must have at most two decimals (øre), got "
                        + amount));
            }
        });
        if (!positive(justificationRedo)) {
            errors.add(new FieldError("justificationRedo", "must be a positive duration, got " + justificationRedo));
        }
        return errors;
    }

    /**
     * This profile with every duration divided by {@code factor} (response window, ladder steps, justification due,
     * justification redo and the action plan's follow-up period), for demo and training runs
     * ({@code --time-scale N}). The action plan's counting windows (30 calendar days, calendar month) are calendar
     * rules and stay as they are. A factor of 1 returns an equal profile.
     */
    public RuleProfile timeScaled(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("time scale must be at least 1, got " + factor);
        }
        if (factor == 1) {
            return this;
        }
        return new RuleProfile(id, name, source, responseWindow.timeScaled(factor), ladder.timeScaled(factor),
                justificationDue.dividedBy(factor), actionPlan.timeScaled(factor), forwardCharges,
                justificationRedo.dividedBy(factor));
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /** The charge for a forward to {@code target}, zero when the profile names none. */
    public BigDecimal chargeFor(ForwardTarget target) {
        return forwardCharges.getOrDefault(target, BigDecimal.ZERO);
    }
}
