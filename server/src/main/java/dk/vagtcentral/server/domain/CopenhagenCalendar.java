package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The calendar the contracts are written in. Instants are UTC everywhere; dates, midnights and months are
 * Danish local time ({@code Europe/Copenhagen}: CET = UTC+1 in winter, CEST = UTC+2 in summer).
 */
public final class CopenhagenCalendar {
    public static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");

    private CopenhagenCalendar() {
    }

    /** Local midnight at the start of {@code date}, as an instant (22:00Z or 23:00Z the day before). */
    public static Instant startOfDay(LocalDate date) {
        return date.atStartOfDay(ZONE).toInstant();
    }

    /** The Danish calendar date at {@code instant}. */
    public static LocalDate dateAt(Instant instant) {
        return LocalDate.ofInstant(instant, ZONE);
    }
}
