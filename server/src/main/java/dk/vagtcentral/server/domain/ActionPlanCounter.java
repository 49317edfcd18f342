package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Counts forwarded calls towards an action plan (handlingsplan): "Hvis der to gange inden for 30 dage ikke er svaret
 * på kald, vil kommunen kræve en handlingsplan" (002 Viborg §6); "viderestilling af kald ... to gange inden for samme
 * måned" (003 Odder §4.11). The caller passes only forwards of calls the supplier had to answer, of one supplier.
 *
 * <p>Counting windows, both in Copenhagen dates ({@link CopenhagenCalendar}):
 * <ul>
 *   <li>{@link ActionPlanRule.Counting#ROLLING_30_DAYS}: forwards whose Copenhagen date is within 30 calendar days
 *       before the latest forward's Copenhagen date, inclusive at both ends. A forward on day 0 and another on day 30
 *       count together; one on day 31 does not. "Inden for 30 dage" is counted in calendar days, not in 720 hours,
 *       so the time of day and a DST change in between make no difference.</li>
 *   <li>{@link ActionPlanRule.Counting#CALENDAR_MONTH}: forwards in the same Copenhagen month ({@link YearMonth})
 *       as the latest; 31 Oct 23:30 and 1 Nov 00:30 are in different months although an hour apart.</li>
 * </ul>
 * Each call (alarm) counts once: a call forwarded to municipal home care and then on to fire-and-rescue is one
 * unanswered call, represented by its earliest forward in the window. Forwards after the latest one are not
 * counted (the count is as of the latest forward).
 */
public final class ActionPlanCounter {
    /** The number of calendar days back from the latest forward's date that still count (inclusive). */
    public static final int ROLLING_DAYS = 30;

    private ActionPlanCounter() {
    }

    /** One forward of a call the supplier had to answer. */
    public record Forward(long alarmId, Instant at) {
        public Forward {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The forwards, earlier ones and {@code latest}, that fall in the same counting window as {@code latest}, ordered
     * by time (then alarm id), one per alarm (its earliest forward in the window).
     */
    public static List<Forward> countingTowards(ActionPlanRule rule, List<Forward> earlierForwards, Forward latest) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(latest, "latest");
        List<Forward> all = new ArrayList<>(earlierForwards == null ? List.of() : earlierForwards);
        all.add(latest);
        all.sort(Comparator.comparing(Forward::at).thenComparingLong(Forward::alarmId));
        LocalDate latestDate = CopenhagenCalendar.dateAt(latest.at());
        List<Forward> result = new ArrayList<>();
        Set<Long> alarms = new HashSet<>();
        for (Forward f : all) {
            if (f.at().isAfter(latest.at()) || !inWindow(rule.counting(), CopenhagenCalendar.dateAt(f.at()), latestDate)) {
                continue;
            }
            if (alarms.add(f.alarmId())) {
                result.add(f);
            }
        }
        return List.copyOf(result);
    }

    /** Whether the forwards counting towards {@code latest}'s window reach the rule's threshold. */
    public static boolean requiresActionPlan(ActionPlanRule rule, List<Forward> earlierForwards, Forward latest) {
        return countingTowards(rule, earlierForwards, latest).size() >= rule.threshold();
    }

    private static boolean inWindow(ActionPlanRule.Counting counting, LocalDate date, LocalDate latestDate) {
        switch (counting) {
            case ROLLING_30_DAYS:
                return !date.isBefore(latestDate.minusDays(ROLLING_DAYS)) && !date.isAfter(latestDate);
            case CALENDAR_MONTH:
                return YearMonth.from(date).equals(YearMonth.from(latestDate));
            default:
                throw new IllegalArgumentException("unknown counting " + counting);
        }
    }
}
