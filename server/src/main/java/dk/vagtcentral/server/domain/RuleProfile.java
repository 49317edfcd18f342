package dk.vagtcentral.server.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules that differ between municipalities' contracts, one profile per municipality
 * ({@code config/municipalities/<id>.yaml}). Every rule carries its {@link Citation}: the contract clause it comes
 * from, or the assumption that puts it there (DOMAIN.md rule 17).
 *
 * @param id                   e.g. {@code viborg}; {@link Municipality#profileId()} refers to it
 * @param name                 e.g. "Viborg Kommune"
 * @param source               the contract the profile follows, e.g. "002 Viborg"
 * @param responseWindow       the response window (30 minutes in all seed contracts)
 * @param ladder               the escalation ladder; each step cites its own source
 * @param duties               justification, action plan and charges a supplier's failure brings
 * @param permittedResponses   the ways the contract lets a supplier answer a call (rule 3)
 * @param reportableOutcomes   close outcomes the supplier must report to the municipality at once
 * @param supplierChangeNotice the notice a citizen gives to switch supplier
 * @param citations            the citation of every rule but the ladder steps, by profile key (e.g.
 *                             {@code response-window}, {@code forward-charges.FIRE_AND_RESCUE})
 */
public record RuleProfile(String id, String name, String source, ResponseWindow responseWindow,
                          EscalationLadder ladder, Duties duties, Set<ResponseKind> permittedResponses,
                          Set<CloseOutcome> reportableOutcomes, ChangeNotice supplierChangeNotice,
                          Map<String, Citation> citations) {

    /** The keys of {@link #citations()} every profile must have (forward charges add one per target). */
    public static final List<String> CITED_RULES = List.of("response-window", "permitted-responses", "justification",
            "justification-redo", "action-plan", "reportable-outcomes", "supplier-change-notice");

    public RuleProfile {
        permittedResponses = permittedResponses == null || permittedResponses.isEmpty()
                ? Set.of() : Set.copyOf(EnumSet.copyOf(permittedResponses));
        reportableOutcomes = reportableOutcomes == null || reportableOutcomes.isEmpty()
                ? Set.of() : Set.copyOf(EnumSet.copyOf(reportableOutcomes));
        citations = citations == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(citations));
        supplierChangeNotice = supplierChangeNotice == null ? ChangeNotice.NONE : supplierChangeNotice;
    }

    /**
     * The rules that apply where a municipality has no profile of its own (or an alarm has no municipality): the
     * 30-minute window, the default ladder, all four answers, and no duties (rule 17: duties are off until a contract
     * states them). Every rule is cited as the assumption it is.
     */
    public static RuleProfile defaults(String id, String name) {
        Map<String, Citation> citations = new LinkedHashMap<>();
        citations.put("response-window", Citation.assumption(
                "no profile: the 30 minutes of 002 Viborg §6, the only response time the seed contracts state"));
        citations.put("permitted-responses", Citation.assumption("no profile: all four answers of DOMAIN.md rule 3"));
        citations.put("justification", Citation.assumption("no profile: duties are off until a contract states them"));
        citations.put("justification-redo", Citation.assumption("no profile: the same as the justification period"));
        citations.put("action-plan", Citation.assumption("no profile: duties are off until a contract states them"));
        citations.put("reportable-outcomes", Citation.assumption("no profile: none"));
        citations.put("supplier-change-notice", Citation.assumption("no profile: no notice required"));
        return new RuleProfile(id, name, null, ResponseWindow.DEFAULT,
                EscalationLadder.defaultLadder(ResponseWindow.DEFAULT_LENGTH), Duties.NONE,
                EnumSet.allOf(ResponseKind.class), Set.of(), ChangeNotice.NONE, citations);
    }

    public Duration justificationDue() {
        return duties.justificationDue();
    }

    public Duration justificationRedo() {
        return duties.justificationRedo();
    }

    public ActionPlanRule actionPlan() {
        return duties.actionPlan();
    }

    public Map<ForwardTarget, BigDecimal> forwardCharges() {
        return duties.forwardCharges();
    }

    /** The charge for a forward to {@code target}, zero when the profile names none. */
    public BigDecimal chargeFor(ForwardTarget target) {
        return duties.chargeFor(target);
    }

    /** The citation of the rule {@code key}, or null when it has none. */
    public Citation citation(String key) {
        return citations.get(key);
    }

    /**
     * Field errors, named as the profile keys ({@code ladder[1].after}, {@code action-plan.threshold},
     * {@code justification-redo}, {@code response-window.source} ...). Besides the values: every rule must be cited,
     * and a step that forwards a call before its response window has ended must cite a contract clause
     * ({@code source:}), not an assumption (rule 14).
     */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "id", id);
        Checks.text(errors, "name", name);
        Checks.present(errors, "response-window", responseWindow);
        if (ladder == null) {
            errors.add(new FieldError("ladder", "is required (may be an empty list)"));
        } else {
            errors.addAll(ladder.validate());
            if (responseWindow != null) {
                errors.addAll(ladder.validateEarlyForwards(responseWindow.length()));
            }
        }
        if (duties == null) {
            errors.add(new FieldError("justification", "is required"));
        } else {
            if (!positive(duties.justificationDue())) {
                errors.add(new FieldError("justification.due", "must be a positive duration, got "
                        + duties.justificationDue()));
            }
            if (!positive(duties.justificationRedo())) {
                errors.add(new FieldError("justification-redo", "must be a positive duration, got "
                        + duties.justificationRedo()));
            }
            ActionPlanRule plan = duties.actionPlan();
            if (plan == null) {
                errors.add(new FieldError("action-plan", "is required"));
            } else {
                Checks.present(errors, "action-plan.counting", plan.counting());
                if (plan.threshold() < 1) {
                    errors.add(new FieldError("action-plan.threshold", "must be at least 1, got " + plan.threshold()));
                }
                if (!positive(plan.followUp())) {
                    errors.add(new FieldError("action-plan.follow-up", "must be a positive duration, got "
                            + plan.followUp()));
                }
            }
            duties.forwardCharges().forEach((target, amount) -> {
                if (amount == null || amount.signum() < 0) {
                    errors.add(new FieldError("forward-charges." + target, "must be an amount of 0 DKK or more"));
                } else if (amount.stripTrailingZeros().scale() > 2) {
                    errors.add(new FieldError("forward-charges." + target,
                            "must have at most two decimals (øre), got " + amount));
                }
                if (!citations.containsKey("forward-charges." + target)) {
                    errors.add(new FieldError("forward-charges." + target + ".source",
                            "is required: the contract clause that charges the supplier, or an assumption"));
                }
            });
        }
        if (permittedResponses.isEmpty()) {
            errors.add(new FieldError("permitted-responses", "must name at least one of "
                    + EnumSet.allOf(ResponseKind.class)));
        }
        for (String key : CITED_RULES) {
            if (!citations.containsKey(key)) {
                errors.add(new FieldError(key + ".source", "is required: cite the contract clause (source:) or say"
                        + " why the rule is assumed (assumption:)"));
            }
        }
        return errors;
    }

    /**
     * This profile with every duration divided by {@code factor} (response window, ladder steps, justification due and
     * redo, the action plan's follow-up period), for demo and training runs ({@code --time-scale N}). The action
     * plan's counting windows (30 calendar days, calendar month) and the notice period are calendar rules and stay
     * as they are. A factor of 1 returns this profile.
     */
    public RuleProfile timeScaled(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("time scale must be at least 1, got " + factor);
        }
        if (factor == 1) {
            return this;
        }
        return new RuleProfile(id, name, source, responseWindow.timeScaled(factor), ladder.timeScaled(factor),
                duties.timeScaled(factor), permittedResponses, reportableOutcomes, supplierChangeNotice, citations);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
