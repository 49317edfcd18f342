package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BreachRuleTest {
    static final Instant APPROVED = Instant.parse("2026-11-23T10:00:00Z");
    static final ActionPlanRule RULE = ActionPlanRule.DEFAULT; // 90 days' follow-up

    @Test
    void relapseInsideTheFollowUpIsABreachCandidate() {
        assertThat(BreachRule.isBreachCandidate(RULE, APPROVED, APPROVED.plusSeconds(1))).isTrue();
        assertThat(BreachRule.isBreachCandidate(RULE, APPROVED, Instant.parse("2027-01-15T03:00:00Z"))).isTrue();
        // The last instant of the follow-up still counts: 2026-11-23T10:00Z + 90 x 24 h.
        assertThat(BreachRule.isBreachCandidate(RULE, APPROVED, Instant.parse("2027-02-21T10:00:00Z"))).isTrue();
    }

    @Test
    void relapseOutsideTheFollowUpOrNotAfterTheApprovalIsNot() {
        assertThat(BreachRule.isBreachCandidate(RULE, APPROVED, Instant.parse("2027-02-21T10:00:01Z"))).isFalse();
        assertThat(BreachRule.isBreachCandidate(RULE, APPROVED, APPROVED)).isFalse();
        assertThat(BreachRule.isBreachCandidate(RULE, APPROVED, APPROVED.minusSeconds(1))).isFalse();
    }

    @Test
    void theFollowUpIsTheProfiles() {
        ActionPlanRule thirty = new ActionPlanRule(ActionPlanRule.Counting.CALENDAR_MONTH, 2, Duration.ofDays(30));
        Instant day31 = APPROVED.plus(Duration.ofDays(31));
        assertThat(BreachRule.isBreachCandidate(thirty, APPROVED, day31)).isFalse();
        assertThat(BreachRule.isBreachCandidate(RULE, APPROVED, day31)).isTrue();
    }
}
