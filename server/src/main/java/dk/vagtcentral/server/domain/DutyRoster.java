package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is on duty, and where the 24/7 duty (004 Horsens "Akut visitering"; 002 Viborg §5.10) has holes.
 * Shifts with {@code end <= start} are ignored as invalid.
 */
public final class DutyRoster {
    private static final Comparator<Shift> NOTIFY_ORDER = Comparator
            .comparing((Shift s) -> s.role() == Shift.Role.PRIMARY ? 0 : 1)
            .thenComparing(Shift::start)
            .thenComparing(Shift::workerId);

    private DutyRoster() {
    }

    /**
     * Everyone on duty for {@code supplierId} at {@code at}, in notification order: primary workers first, then
     * backups; within a role the one whose shift started first. A worker appears once (their first shift here).
     */
    public static List<Shift> onDuty(Collection<Shift> shifts, String supplierId, Instant at) {
        Set<String> seen = new HashSet<>();
        List<Shift> result = new ArrayList<>();
        shifts.stream()
                .filter(s -> Objects.equals(s.supplierId(), supplierId) && isValid(s) && s.covers(at))
                .sorted(NOTIFY_ORDER)
                .forEach(s -> {
                    if (seen.add(s.workerId())) {
                        result.add(s);
                    }
                });
        return result;
    }

    /** The worker to notify: the first primary on duty, else the first backup. */
    public static Optional<Shift> firstOnDuty(Collection<Shift> shifts, String supplierId, Instant at) {
        return onDuty(shifts, supplierId, at).stream().findFirst();
    }

    /** The backups on duty, for re-notification. */
    public static List<Shift> backupsOnDuty(Collection<Shift> shifts, String supplierId, Instant at) {
        return onDuty(shifts, supplierId, at).stream().filter(s -> s.role() == Shift.Role.BACKUP).toList();
    }

    /**
     * The parts of {@code [from, to)} where nobody (primary or backup) is on duty, ordered and merged, so
     * touching or overlapping shifts make one covered stretch. Empty when {@code from} is not before {@code to}.
     * Pass one supplier's shifts, or use {@link #coverageGaps(Collection, String, Instant, Instant)}.
     */
    public static List<Interval> coverageGaps(Collection<Shift> shifts, Instant from, Instant to) {
        List<Interval> gaps = new ArrayList<>();
        if (!from.isBefore(to)) {
            return gaps;
        }
        List<Shift> relevant = shifts.stream()
                .filter(s -> isValid(s) && s.end().isAfter(from) && s.start().isBefore(to))
                .sorted(Comparator.comparing(Shift::start))
                .toList();
        Instant coveredUntil = from;
        for (Shift s : relevant) {
            if (s.start().isAfter(coveredUntil)) {
                gaps.add(new Interval(coveredUntil, s.start()));
            }
            if (s.end().isAfter(coveredUntil)) {
                coveredUntil = s.end();
            }
            if (!coveredUntil.isBefore(to)) {
                break;
            }
        }
        if (coveredUntil.isBefore(to)) {
            gaps.add(new Interval(coveredUntil, to));
        }
        return gaps;
    }

    /** {@link #coverageGaps(Collection, Instant, Instant)} for one supplier's shifts out of a mixed collection. */
    public static List<Interval> coverageGaps(Collection<Shift> shifts, String supplierId, Instant from, Instant to) {
        return coverageGaps(shifts.stream().filter(s -> Objects.equals(s.supplierId(), supplierId)).toList(), from, to);
    }

    private static boolean isValid(Shift s) {
        return s.start() != null && s.end() != null && s.end().isAfter(s.start());
    }
}
