package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.domain.ActionPlanCounter.Forward;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionPlanCounterTest {
    static final ActionPlanRule ROLLING = new ActionPlanRule(ActionPlanRule.Counting.ROLLING_30_DAYS, 2);
    static final ActionPlanRule MONTH = new ActionPlanRule(ActionPlanRule.Counting.CALENDAR_MONTH, 2);

    static Forward fwd(long alarmId, String utc) {
        return new Forward(alarmId, Instant.parse(utc));
    }

    // --- rolling 30 days (002 Viborg §6), counted in Copenhagen calendar days ---

    @Test
    void secondForwardOnDay30CountsAndOnDay31DoesNot() {
        Forward day0 = fwd(1, "2026-11-01T10:00:00Z");
        Forward day30 = fwd(2, "2026-12-01T10:00:00Z");
        Forward day31 = fwd(3, "2026-12-02T10:00:00Z");

        assertThat(ActionPlanCounter.countingTowards(ROLLING, List.of(day0), day30)).containsExactly(day0, day30);
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(day0), day30)).isTrue();

        assertThat(ActionPlanCounter.countingTowards(ROLLING, List.of(day0), day31)).containsExactly(day31);
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(day0), day31)).isFalse();
    }

    @Test
    void rollingDaysAreCopenhagenDatesSoTheTimeOfDayDoesNotMatter() {
        // Day 0 is Sunday 1 Nov 2026 from 00:00 CET (2026-10-31T23:00Z) to 24:00 CET (2026-11-01T23:00Z).
        Forward day0Early = fwd(1, "2026-10-31T23:00:00Z"); // 1 Nov 00:00 local
        Forward day30Late = fwd(2, "2026-12-01T22:59:59Z"); // 1 Dec 23:59:59 local: more than 30 x 24 h later
        Forward day31Early = fwd(3, "2026-12-01T23:00:00Z"); // 2 Dec 00:00 local
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(day0Early), day30Late)).isTrue();
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(day0Early), day31Early)).isFalse();

        // From 31 Oct 23:59 CET: 30 Nov 23:59 CET is day 30; 2026-11-30T23:00Z is still 30 Nov in UTC but
        // 1 Dec 00:00 in Copenhagen, so it is day 31 (UTC dates would wrongly count it).
        Forward oct31Late = fwd(4, "2026-10-31T22:59:00Z");
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(oct31Late),
                fwd(5, "2026-11-30T22:59:00Z"))).isTrue(); // 30 Nov 23:59 local
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(oct31Late),
                fwd(6, "2026-11-30T23:00:00Z"))).isFalse(); // 1 Dec 00:00 local
    }

    @Test
    void rollingWindowAcrossTheOctoberDstChange() {
        // 1 Oct 00:30 CEST (UTC+2) and 31 Oct 23:30 CET (UTC+1): day 0 and day 30 across 25 Oct 2026.
        Forward oct1 = fwd(1, "2026-09-30T22:30:00Z");
        Forward oct31 = fwd(2, "2026-10-31T22:30:00Z");
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(oct1), oct31)).isTrue();
        // 30 Sep 23:30 CEST is day 31 before 31 Oct.
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(fwd(3, "2026-09-30T21:30:00Z")), oct31))
                .isFalse();
    }

    @Test
    void onlyForwardsUpToTheLatestCountOrderedByTimeAndOneCallCountsOnce() {
        Forward a = fwd(1, "2026-11-10T10:00:00Z");
        Forward b = fwd(2, "2026-11-05T10:00:00Z");
        Forward later = fwd(9, "2026-11-20T10:00:00Z");
        Forward latest = fwd(3, "2026-11-12T10:00:00Z");
        assertThat(ActionPlanCounter.countingTowards(ROLLING, List.of(a, later, b), latest))
                .containsExactly(b, a, latest);

        // Alarm 7 forwarded to municipal home care and 10 minutes later to fire-and-rescue: one unanswered call.
        Forward municipal = fwd(7, "2026-11-12T10:00:00Z");
        Forward fire = fwd(7, "2026-11-12T10:10:00Z");
        assertThat(ActionPlanCounter.countingTowards(ROLLING, List.of(municipal), fire)).containsExactly(municipal);
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(municipal), fire)).isFalse();
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(), fire)).isFalse();
        assertThat(ActionPlanCounter.requiresActionPlan(new ActionPlanRule(ActionPlanRule.Counting.ROLLING_30_DAYS, 1),
                List.of(), fire)).isTrue();
    }

    @Test
    void thresholdThreeNeedsThreeCalls() {
        ActionPlanRule three = new ActionPlanRule(ActionPlanRule.Counting.ROLLING_30_DAYS, 3);
        List<Forward> earlier = List.of(fwd(1, "2026-11-01T10:00:00Z"));
        assertThat(ActionPlanCounter.requiresActionPlan(three, earlier, fwd(2, "2026-11-02T10:00:00Z"))).isFalse();
        assertThat(ActionPlanCounter.requiresActionPlan(three, List.of(earlier.get(0), fwd(2, "2026-11-02T10:00:00Z")),
                fwd(3, "2026-11-03T10:00:00Z"))).isTrue();
    }

    // --- calendar month (003 Odder §4.11), Copenhagen months ---

    @Test
    void thirtyFirstOctober2330AndFirstNovember0030AreDifferentMonthsAlthoughAnHourApart() {
        Forward oct31 = fwd(1, "2026-10-31T22:30:00Z"); // 31 Oct 23:30 CET
        Forward nov1 = fwd(2, "2026-10-31T23:30:00Z"); // 1 Nov 00:30 CET (still 31 Oct in UTC)
        assertThat(ActionPlanCounter.countingTowards(MONTH, List.of(oct31), nov1)).containsExactly(nov1);
        assertThat(ActionPlanCounter.requiresActionPlan(MONTH, List.of(oct31), nov1)).isFalse();
        // The same two under the rolling rule are one day apart and count together.
        assertThat(ActionPlanCounter.requiresActionPlan(ROLLING, List.of(oct31), nov1)).isTrue();
    }

    @Test
    void theMonthBoundaryIsCopenhagenMidnightInSummerTimeAndInWinterTime() {
        // October 2026 begins at 1 Oct 00:00 CEST = 2026-09-30T22:00Z and ends at 1 Nov 00:00 CET = 2026-10-31T23:00Z;
        // the clocks go back in between, on 25 Oct 2026.
        Forward firstInstantOfOctober = fwd(1, "2026-09-30T22:00:00Z");
        Forward lastSecondOfSeptember = fwd(2, "2026-09-30T21:59:59Z");
        Forward lastSecondOfOctober = fwd(3, "2026-10-31T22:59:59Z");
        Forward firstInstantOfNovember = fwd(4, "2026-10-31T23:00:00Z");

        assertThat(ActionPlanCounter.requiresActionPlan(MONTH, List.of(firstInstantOfOctober), lastSecondOfOctober))
                .isTrue();
        assertThat(ActionPlanCounter.requiresActionPlan(MONTH, List.of(lastSecondOfSeptember), lastSecondOfOctober))
                .isFalse();
        assertThat(ActionPlanCounter.requiresActionPlan(MONTH, List.of(lastSecondOfSeptember), firstInstantOfOctober))
                .isFalse();
        assertThat(ActionPlanCounter.requiresActionPlan(MONTH, List.of(lastSecondOfOctober), firstInstantOfNovember))
                .isFalse();
    }

    @Test
    void forwardsOnEitherSideOfTheOctoberDstChangeAreTheSameMonth() {
        // 25 Oct 2026: 03:00 CEST becomes 02:00 CET at 01:00Z; 02:30 local happens twice.
        Forward beforeChange = fwd(1, "2026-10-25T00:30:00Z"); // 02:30 CEST
        Forward afterChange = fwd(2, "2026-10-25T01:30:00Z"); // 02:30 CET
        assertThat(CopenhagenCalendar.dateAt(beforeChange.at())).isEqualTo(CopenhagenCalendar.dateAt(afterChange.at()));
        assertThat(ActionPlanCounter.requiresActionPlan(MONTH, List.of(beforeChange), afterChange)).isTrue();
        // And the midnight that starts the DST day: 24 Oct 23:59:59 CEST vs 25 Oct 00:00 CEST, same month.
        assertThat(ActionPlanCounter.requiresActionPlan(MONTH, List.of(fwd(3, "2026-10-24T21:59:59Z")),
                fwd(4, "2026-10-24T22:00:00Z"))).isTrue();
    }

    // --- the rule itself ---

    @Test
    void followUpDefaultsTo90DaysIsValidatedAndTimeScaledButCountingWindowsAreNot() {
        assertThat(ActionPlanRule.DEFAULT).isEqualTo(
                new ActionPlanRule(ActionPlanRule.Counting.ROLLING_30_DAYS, 2, Duration.ofDays(90)));
        assertThat(new ActionPlanRule(ActionPlanRule.Counting.CALENDAR_MONTH, 2).followUp())
                .isEqualTo(Duration.ofDays(90));
        ActionPlanRule scaled = MONTH.timeScaled(60);
        assertThat(scaled.followUp()).isEqualTo(Duration.ofHours(36));
        assertThat(scaled.counting()).isEqualTo(ActionPlanRule.Counting.CALENDAR_MONTH);
        assertThat(MONTH.timeScaled(1)).isSameAs(MONTH);
        assertThat(RuleProfile.defaults("x", "X").timeScaled(60).actionPlan().followUp())
                .isEqualTo(Duration.ofHours(36));

        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofDays(-1), null}) {
            RuleProfile p = TestProfiles.dutiful("x", new ActionPlanRule(ActionPlanRule.Counting.ROLLING_30_DAYS, 2, bad),
                    Map.of());
            assertThat(p.validate()).extracting(FieldError::field).containsExactly("action-plan.follow-up");
        }
    }
}
