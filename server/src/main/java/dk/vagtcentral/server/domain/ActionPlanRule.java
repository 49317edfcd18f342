package dk.vagtcentral.server.domain;

/**
 * When repeated forwarded (unanswered) calls make the municipality demand an action plan (handlingsplan):
 * {@code threshold} forwards within the counting window. Carried only; the rule is applied by a later increment.
 */
public record ActionPlanRule(Counting counting, int threshold) {
    public static final ActionPlanRule DEFAULT = new ActionPlanRule(Counting.ROLLING_30_DAYS, 2);

    /** How forwards are counted. */
    public enum Counting {
        /** Within any 30 days (002 Viborg §6: "to gange inden for 30 dage"). */
        ROLLING_30_DAYS,
        /** Within the same calendar month, Copenhagen time (003 Odder §4.11: "to gange inden for samme måned"). */
        CALENDAR_MONTH
    }
}
