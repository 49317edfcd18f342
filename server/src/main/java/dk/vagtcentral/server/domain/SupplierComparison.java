package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A municipality's care suppliers side by side, month by month: each supplier's {@link SupplierFigures} over the
 * calls received in each calendar month, the months in Copenhagen time (a call at 00:30 on 1 November Danish time is
 * November's, though it is still 31 October in UTC; March has 743 hours and October 745).
 */
public final class SupplierComparison {
    /** The most months one comparison spans. */
    public static final int MAX_MONTHS = 24;

    private SupplierComparison() {
    }

    /** One month of one supplier: {@code [start, end)} in UTC instants. */
    public record Month(YearMonth month, Instant start, Instant end, SupplierFigures.Figures figures) {
    }

    /** One supplier's months, oldest first, and its figures over the whole span. */
    public record Row(String supplierId, List<Month> months, SupplierFigures.Figures total) {
    }

    /** The months {@code from} to {@code to}, both included, oldest first; at least one, at most {@link #MAX_MONTHS}. */
    public static List<YearMonth> months(YearMonth from, YearMonth to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        List<YearMonth> out = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            out.add(m);
            if (out.size() > MAX_MONTHS) {
                throw new IllegalArgumentException("at most " + MAX_MONTHS + " months, " + from + " to " + to);
            }
        }
        return out;
    }

    /** Copenhagen midnight at the start of {@code month}, as an instant. */
    public static Instant start(YearMonth month) {
        return CopenhagenCalendar.startOfDay(month.atDay(1));
    }

    /**
     * One supplier's row over {@code months} (consecutive, oldest first) from its {@code calls}: each call counts in
     * the Copenhagen month it was received in; calls outside the months are left out. Overdue justifications are not
     * a monthly figure and count 0 here.
     */
    public static Row row(String supplierId, List<YearMonth> months, List<SupplierFigures.Call> calls) {
        Map<YearMonth, List<SupplierFigures.Call>> byMonth = new LinkedHashMap<>();
        months.forEach(m -> byMonth.put(m, new ArrayList<>()));
        List<SupplierFigures.Call> inSpan = new ArrayList<>();
        for (SupplierFigures.Call c : calls) {
            List<SupplierFigures.Call> bucket = byMonth.get(YearMonth.from(c.receivedAt().atZone(
                    CopenhagenCalendar.ZONE)));
            if (bucket != null) {
                bucket.add(c);
                inSpan.add(c);
            }
        }
        List<Month> out = new ArrayList<>();
        byMonth.forEach((m, list) -> out.add(new Month(m, start(m), start(m.plusMonths(1)),
                SupplierFigures.of(list, 0))));
        return new Row(supplierId, List.copyOf(out), SupplierFigures.of(inSpan, 0));
    }
}
