package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The action-plan rule on a supplier's failure, at its edges (002 Viborg §6, 003 Odder §4.11). */
class ActionPlansTest {
    static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    static final ActionPlanRule ROLLING = new ActionPlanRule(ActionPlanRule.Counting.ROLLING_30_DAYS, 2,
            Duration.ofDays(90));

    static Effect.CountTowardsActionPlan failure(long alarmId, Instant at) {
        return new Effect.CountTowardsActionPlan(alarmId, "care", "m", at, ROLLING);
    }

    static ActionPlans.SupplierPlans plans(Optional<ActionPlans.Plan> approved, Optional<ActionPlans.Plan> open,
                                           ActionPlanCounter.Forward... earlier) {
        return new ActionPlans.SupplierPlans(approved, open, List.of(earlier));
    }

    @Test
    void theFirstFailureRequiresNothingTheSecondWithinThirtyDaysRequiresAPlanNamingBoth() {
        assertThat(ActionPlans.decide(failure(1, AT), plans(Optional.empty(), Optional.empty()))).isEmpty();
        List<Effect> second = ActionPlans.decide(failure(2, AT.plus(Duration.ofDays(30))),
                plans(Optional.empty(), Optional.empty(), new ActionPlanCounter.Forward(1, AT)));
        assertThat(second).singleElement().isInstanceOfSatisfying(Effect.RequireActionPlan.class, r ->
                assertThat(r.triggers()).extracting(ActionPlanCounter.Forward::alarmId).containsExactly(1L, 2L));
        assertThat(ActionPlans.decide(failure(2, AT.plus(Duration.ofDays(31))),
                plans(Optional.empty(), Optional.empty(), new ActionPlanCounter.Forward(1, AT)))).isEmpty();
    }

    @Test
    void theSameIncidentCountsOnce() {
        assertThat(ActionPlans.decide(failure(1, AT.plusSeconds(60)),
                plans(Optional.empty(), Optional.empty(), new ActionPlanCounter.Forward(1, AT)))).isEmpty();
    }

    @Test
    void whileAPlanIsOpenAFailureIsAttachedToIt() {
        assertThat(ActionPlans.decide(failure(3, AT), plans(Optional.empty(), Optional.of(new ActionPlans.Plan(7, null)),
                new ActionPlanCounter.Forward(1, AT.minusSeconds(60)))))
                .containsExactly(new Effect.AttachToActionPlan(7, 3, "care", AT));
    }

    @Test
    void aRelapseWithinTheFollowUpOfAnApprovedPlanIsABreachCandidateAndNotAfterIt() {
        Instant approved = AT.minus(Duration.ofDays(90));
        assertThat(ActionPlans.decide(failure(4, AT), plans(Optional.of(new ActionPlans.Plan(9, approved)),
                Optional.empty()))).containsExactly(new Effect.RaiseBreachCandidate(9, 4, "care", "m"));
        assertThat(ActionPlans.decide(failure(4, AT.plusSeconds(1)), plans(Optional.of(new ActionPlans.Plan(9, approved)),
                Optional.empty()))).isEmpty();
    }
}
