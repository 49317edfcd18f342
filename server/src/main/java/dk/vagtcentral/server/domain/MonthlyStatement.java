package dk.vagtcentral.server.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A supplier's monthly settlement statement: the charges for forwarded calls (003 Odder §4.11; 004 Horsens §4.3)
 * and the registrations of emergency calls and acute visits for settlement (003 Odder §4.9 "Alle akutte besøg,
 * herunder nødkald"; 002 Viborg §8.3).
 *
 * <p>A month runs from Copenhagen midnight on its 1st (inclusive) to Copenhagen midnight on the next month's 1st
 * (exclusive), so its length in hours follows the DST changes: October 2026 is 31 days and one hour, from
 * 2026-09-30T22:00Z to 2026-10-31T23:00Z.
 */
public final class MonthlyStatement {
    /** The CSV header. */
    public static final String CSV_HEADER = "type,alarm_id,time_utc,time_copenhagen,target_or_kind,amount_dkk,detail";
    private static final String CRLF = "\r\n";

    private MonthlyStatement() {
    }

    /**
     * One registration for settlement.
     *
     * @param kind   e.g. {@code EMERGENCY_CALL}, {@code ACUTE_RESPONSE}
     * @param detail free text, may be null
     */
    public record Registration(long alarmId, Instant at, String kind, String detail) {
        public Registration {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The statement; lists ordered by time (then alarm id) and unmodifiable.
     *
     * @param totalDkk the sum of the charges, scale 2
     */
    public record Statement(String supplierId, YearMonth month, List<Charges.Charge> charges, BigDecimal totalDkk,
                            List<Registration> registrations) {
        public Statement {
            charges = List.copyOf(charges);
            registrations = List.copyOf(registrations);
        }
    }

    /**
     * The statement of {@code supplierId} for {@code month}: the charges of that supplier and the registrations
     * whose instant falls in the Copenhagen month. Registrations carry no supplier: the caller passes that supplier's.
     */
    public static Statement of(String supplierId, YearMonth month, List<Charges.Charge> allCharges,
                               List<Registration> allRegistrations) {
        Instant start = monthStart(month);
        Instant end = monthStart(month.plusMonths(1));
        List<Charges.Charge> charges = new ArrayList<>();
        for (Charges.Charge c : allCharges) {
            if (Objects.equals(c.supplierId(), supplierId) && within(c.at(), start, end)) {
                charges.add(c);
            }
        }
        charges.sort(Comparator.comparing(Charges.Charge::at).thenComparingLong(Charges.Charge::alarmId));
        List<Registration> registrations = new ArrayList<>();
        for (Registration r : allRegistrations) {
            if (within(r.at(), start, end)) {
                registrations.add(r);
            }
        }
        registrations.sort(Comparator.comparing(Registration::at).thenComparingLong(Registration::alarmId));
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (Charges.Charge c : charges) {
            total = total.add(c.amountDkk());
        }
        return new Statement(supplierId, month, charges, total.setScale(2), registrations);
    }

    /** The instant the Copenhagen month begins: local midnight on its 1st. */
    public static Instant monthStart(YearMonth month) {
        return CopenhagenCalendar.startOfDay(month.atDay(1));
    }

    /**
     * The statement as RFC 4180 CSV (CRLF line ends, header first): one {@code charge} row per charge, then one
     * {@code registration} row per registration, then a {@code total} row. Times as ISO-8601 UTC
     * ({@code 2026-10-31T22:30:00Z}) and Copenhagen local time with its offset ({@code 2026-10-31T23:30:00+01:00}),
     * amounts with two decimals and a dot. A field with a comma, quote, CR or LF is quoted, quotes doubled; text a
     * spreadsheet would take for a formula starts with {@code '} ({@link CsvField}).
     */
    public static String csv(Statement s) {
        StringBuilder out = new StringBuilder();
        out.append(CSV_HEADER).append(CRLF);
        for (Charges.Charge c : s.charges()) {
            row(out, "charge", Long.toString(c.alarmId()), utc(c.at()), local(c.at()), c.target().name(),
                    c.amountDkk().setScale(2).toPlainString(), "");
        }
        for (Registration r : s.registrations()) {
            row(out, "registration", Long.toString(r.alarmId()), utc(r.at()), local(r.at()), nullToEmpty(r.kind()), "",
                    nullToEmpty(r.detail()));
        }
        row(out, "total", "", "", "", "", s.totalDkk().setScale(2).toPlainString(), "");
        return out.toString();
    }

    private static boolean within(Instant at, Instant start, Instant end) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    private static String utc(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }

    private static String local(Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(CopenhagenCalendar.ZONE));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void row(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields[i]));
        }
        out.append(CRLF);
    }

    /** A field as {@link CsvField} writes it: quoted when needed, never a formula. */
    static String field(String value) {
        return CsvField.of(value);
    }
}
