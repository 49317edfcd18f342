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
 */
public record RuleProfile(String id, String name, String source, ResponseWindow responseWindow,
                          EscalationLadder ladder, Duration justificationDue, ActionPlanRule actionPlan,
                          Map<ForwardTarget, BigDecimal> forwardCharges) {
    public static final Duration DEFAULT_JUSTIFICATION_DUE = Duration.ofDays(7);

    public RuleProfile {
        forwardCharges = forwardCharges == null || forwardCharges.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(forwardCharges));
    }

    /** A profile with all the defaults: 30 minutes, the default ladder, 7 days, 2 forwards in rolling 30 days. */
    public static RuleProfile defaults(String id, String name) {
        return new RuleProfile(id, name, null, ResponseWindow.DEFAULT,
                EscalationLadder.defaultLadder(ResponseWindow.DEFAULT_LENGTH), DEFAULT_JUSTIFICATION_DUE,
                ActionPlanRule.DEFAULT, Map.of());
    }

    /** Field errors, named as the record components ({@code ladder[1].after}, {@code actionPlan.threshold}). */
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
        if (justificationDue == null || justificationDue.isNegative() || justificationDue.isZero()) {
            errors.add(new FieldError("justificationDue", "must be a positive duration, got " + justificationDue));
        }
        if (actionPlan == null) {
            errors.add(new FieldError("actionPlan", "is required"));
        } else {
            Checks.present(errors, "actionPlan.counting", actionPlan.counting());
            if (actionPlan.threshold() < 1) {
                errors.add(new FieldError("actionPlan.threshold", "must be at least 1, got " + actionPlan.threshold()));
            }
        }
        forwardCharges.forEach((target, amount) -> {
            if (amount == null || amount.signum() < 0) {
                errors.add(new FieldError("forwardCharges." + target, "must be an amount of 0 DKK or more"));
            }
        });
        return errors;
    }

    /**
     * This profile with every duration divided by {@code factor} (response window, ladder steps, justification
     * due), for demo and training runs ({@code --time-scale N}). A factor of 1 returns an equal profile.
     */
    public RuleProfile timeScaled(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("time scale must be at least 1, got " + factor);
        }
        if (factor == 1) {
            return this;
        }
        return new RuleProfile(id, name, source, responseWindow.timeScaled(factor), ladder.timeScaled(factor),
                justificationDue.dividedBy(factor), actionPlan, forwardCharges);
    }

    /** The charge for a forward to {@code target}, zero when the profile names none. */
    public BigDecimal chargeFor(ForwardTarget target) {
        return forwardCharges.getOrDefault(target, BigDecimal.ZERO);
    }
}
