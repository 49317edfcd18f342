package dk.vagtcentral.server.domain;

import java.time.Duration;

/**
 * When repeated forwarded (unanswered) calls make the municipality demand an action plan (handlingsplan):
 * {@code threshold} forwards within the counting window ({@link ActionPlanCounter}); and how long after the plan is
 * approved a further forward is a material-breach candidate (væsentlig misligholdelse, {@link BreachRule}).
 *
 * <p>The contracts say only "Hvis der efterfølgende ikke rettes op på problemerne" (002 Viborg §6, 003 Odder §4.11)
 * and give no period: {@code followUp} is an operational default set by the municipality ({@link #DEFAULT_FOLLOW_UP}
 * = 90 days). Values are checked by {@link RuleProfile#validate()} ({@code actionPlan.threshold},
 * {@code actionPlan.followUp}), not here, so that a profile offered from outside gets field errors.
 *
 * @param counting  how forwards are counted towards the threshold
 * @param threshold forwards within one counting window that demand an action plan (2 in the seeds), at least 1
 * @param followUp  the follow-up period after the plan's approval, a positive duration
 */
public record ActionPlanRule(Counting counting, int threshold, Duration followUp) {
    /** The follow-up period when the profile names none. Not from a contract: set by the municipality. */
    public static final Duration DEFAULT_FOLLOW_UP = Duration.ofDays(90);
    public static final ActionPlanRule DEFAULT = new ActionPlanRule(Counting.ROLLING_30_DAYS, 2);

    /** A rule with the default follow-up period ({@link #DEFAULT_FOLLOW_UP}). */
    public ActionPlanRule(Counting counting, int threshold) {
        this(counting, threshold, DEFAULT_FOLLOW_UP);
    }

    /**
     * This rule with the follow-up period divided by {@code factor} (demo and training runs: {@code --time-scale N}).
     * The counting windows (30 calendar days, calendar month) are calendar rules and are NOT scaled.
     */
    public ActionPlanRule timeScaled(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("time scale must be at least 1, got " + factor);
        }
        if (factor == 1 || followUp == null) {
            return this;
        }
        return new ActionPlanRule(counting, threshold, followUp.dividedBy(factor));
    }

    /** How forwards are counted. */
    public enum Counting {
        /** Within 30 calendar days, Copenhagen dates (002 Viborg §6: "to gange inden for 30 dage"). */
        ROLLING_30_DAYS,
        /** Within the same calendar month, Copenhagen time (003 Odder §4.11: "to gange inden for samme måned"). */
        CALENDAR_MONTH
    }
}
