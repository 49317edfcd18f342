package dk.vagtcentral.server.domain;

import java.time.LocalDate;

/**
 * Whether a change of supplier (leverandørskift) keeps the municipality's notice period ({@link ChangeNotice}). Pure:
 * the caller passes the Copenhagen calendar dates in; these are whole days, so daylight saving plays no part.
 *
 * <p>A citizen asks on day {@code R} to have the new supplier from day {@code F} (the old supplier serves through
 * {@code F - 1}). The reading:
 * <ul>
 *   <li><b>n days</b> (003 Odder §4.16, 004 Horsens »14 dages varsel«): {@code F >= R + n}. The day of the request
 *       counts as the first day of notice, so the old supplier keeps the citizen at least n calendar days
 *       ({@code R .. F - 1}). Asked on 1 March with 14 days: from 15 March.</li>
 *   <li><b>n days to the end of a month</b> (002 Viborg §10.6 »30 dages varsel til udgangen af en måned«): the notice
 *       runs at least n days and ends with a month, so the earliest {@code F} is the first 1st of a month on or after
 *       {@code R + n}: {@code R + n} itself when it is a 1st, else the 1st of the following month. Asked on 2 March:
 *       {@code R + 30} = 1 April, a 1st, so from 1 April (the old supplier serves 2-31 March, 30 days, to the end of
 *       March). Asked on 3 March: {@code R + 30} = 2 April, so from 1 May.</li>
 *   <li>A later {@code F} passes too, a 1st or not: the notice protects the old supplier from too short a notice, and
 *       a later change gives it more.</li>
 *   <li><b>0 days, not to a month's end</b> ({@link ChangeNotice#NONE}, 000 Norddjurs): no notice applies; every
 *       {@code F} passes, one before {@code R} too (recording a change already made).</li>
 *   <li><b>0 days to the end of a month</b>: the first 1st of a month on or after {@code R}.</li>
 * </ul>
 *
 * <p>The stricter reading of Danish time limits leaves the day of the request out (the notice starts the next day, so
 * {@code F >= R + n + 1}); it differs by one day, or by a whole month when {@code R + n} is a 1st. This class takes
 * the reading that favours the citizen: every seed contract lets the municipality accept a shorter notice in special
 * cases, so a notice found too short is refused only until an administrator overrides it with a reason.
 */
public final class SupplierChangeNotice {

    /**
     * The answer for one change.
     *
     * @param earliest the earliest first day with the new supplier the notice allows
     * @param tooShort whether the requested first day is before {@code earliest} under a rule that requires notice
     */
    public record Verdict(ChangeNotice rule, LocalDate requestedOn, LocalDate firstDay, LocalDate earliest,
                          boolean tooShort) {
    }

    private SupplierChangeNotice() {
    }

    /** Whether the rule requires any notice at all ({@link ChangeNotice#NONE} does not). */
    public static boolean requiresNotice(ChangeNotice rule) {
        return rule.days() > 0 || rule.toEndOfMonth();
    }

    /** The earliest first day with the new supplier for a change asked for on {@code requestedOn}. */
    public static LocalDate earliestFirstDay(ChangeNotice rule, LocalDate requestedOn) {
        LocalDate earliest = requestedOn.plusDays(rule.days());
        if (rule.toEndOfMonth() && earliest.getDayOfMonth() != 1) {
            earliest = earliest.withDayOfMonth(1).plusMonths(1);
        }
        return earliest;
    }

    /** Checks a change asked for on {@code requestedOn} to take effect on {@code firstDay}. */
    public static Verdict check(ChangeNotice rule, LocalDate requestedOn, LocalDate firstDay) {
        LocalDate earliest = earliestFirstDay(rule, requestedOn);
        return new Verdict(rule, requestedOn, firstDay, earliest,
                requiresNotice(rule) && firstDay.isBefore(earliest));
    }

    /** The rule in words, e.g. "30 days to the end of a month", "14 days", "no notice". */
    public static String describe(ChangeNotice rule) {
        if (!requiresNotice(rule)) {
            return "no notice";
        }
        String monthEnd = rule.toEndOfMonth() ? "to the end of a month" : "";
        if (rule.days() == 0) {
            return monthEnd;
        }
        return (rule.days() + (rule.days() == 1 ? " day " : " days ") + monthEnd).strip();
    }
}
