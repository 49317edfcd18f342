package dk.vagtcentral.server.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Rule profiles built in code for tests: the defaults with other duties, each charge cited. */
public final class TestProfiles {
    private TestProfiles() {
    }

    /** {@code base} with {@code duties}; a forward charge gets a test citation. */
    public static RuleProfile withDuties(RuleProfile base, Duties duties) {
        Map<String, Citation> citations = new HashMap<>(base.citations());
        duties.forwardCharges().keySet().forEach(t ->
                citations.put("forward-charges." + t, Citation.assumption("set by the test")));
        return new RuleProfile(base.id(), base.name(), base.source(), base.responseWindow(), base.ladder(), duties,
                base.permittedResponses(), base.reportableOutcomes(), base.supplierChangeNotice(), citations);
    }

    /** The defaults with every duty on (7 days to justify and to redo, the given plan rule and charges). */
    public static RuleProfile dutiful(String id, ActionPlanRule plan, Map<ForwardTarget, BigDecimal> charges) {
        return withDuties(RuleProfile.defaults(id, id),
                new Duties(true, Duration.ofDays(7), Duration.ofDays(7), true, plan, charges));
    }

    /** {@code base} with a justification period and a redo period. */
    public static RuleProfile justifying(RuleProfile base, Duration due, Duration redo) {
        Duties d = base.duties();
        return withDuties(base, new Duties(true, due, redo, d.actionPlanRequired(), d.actionPlan(),
                d.forwardCharges()));
    }
}
