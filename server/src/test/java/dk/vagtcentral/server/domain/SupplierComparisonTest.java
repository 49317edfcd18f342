package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.domain.SupplierComparison.Month;
import dk.vagtcentral.server.domain.SupplierComparison.Row;
import dk.vagtcentral.server.domain.SupplierFigures.Call;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Months are Copenhagen months: their edges move with summer time, and a call belongs to the Danish month. */
class SupplierComparisonTest {
    static int ids;

    /** A call received at {@code utc}, answered after {@code minutes} (null = never, forwarded). */
    static Call call(String utc, Integer minutes) {
        Instant received = Instant.parse(utc);
        return new Call(++ids, received, minutes == null ? null : received.plus(Duration.ofMinutes(minutes)),
                received.plus(Duration.ofMinutes(30)), minutes == null);
    }

    @Test
    void monthEdgesAreCopenhagenMidnightsAcrossSummerTime() {
        // winter (UTC+1) to summer (UTC+2) on Sunday 29 March 2026, back on Sunday 25 October 2026
        assertThat(SupplierComparison.start(YearMonth.of(2026, 3))).isEqualTo("2026-02-28T23:00:00Z");
        assertThat(SupplierComparison.start(YearMonth.of(2026, 4))).isEqualTo("2026-03-31T22:00:00Z");
        assertThat(SupplierComparison.start(YearMonth.of(2026, 11))).isEqualTo("2026-10-31T23:00:00Z");
        Row row = SupplierComparison.row("s", SupplierComparison.months(YearMonth.of(2026, 3), YearMonth.of(2026, 10)),
                List.of());
        Month march = row.months().get(0);
        Month october = row.months().get(7);
        assertThat(Duration.between(march.start(), march.end())).isEqualTo(Duration.ofHours(31 * 24 - 1));
        assertThat(Duration.between(october.start(), october.end())).isEqualTo(Duration.ofHours(31 * 24 + 1));
        assertThat(row.months().get(1).start()).isEqualTo(march.end()).as("months meet without a gap");
    }

    @Test
    void aCallCountsInTheDanishMonthItWasReceivedIn() {
        List<Call> calls = List.of(
                call("2026-03-31T21:59:59Z", 4),   // 23:59:59 CEST 31 March: March
                call("2026-03-31T22:00:00Z", 6),   // 00:00 CEST 1 April: April
                call("2026-10-31T22:30:00Z", null), // 23:30 CET 31 October: October, forwarded
                call("2026-10-31T23:30:00Z", 10),  // 00:30 CET 1 November (still 31 October in UTC): November
                call("2026-02-28T22:59:59Z", 1));  // 23:59:59 CET 28 February: before the span, left out
        Row row = SupplierComparison.row("s", SupplierComparison.months(YearMonth.of(2026, 3), YearMonth.of(2026, 11)),
                calls);
        assertThat(row.months()).extracting(m -> m.month().toString()).containsExactly("2026-03", "2026-04",
                "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11");
        assertThat(row.months()).extracting(m -> m.figures().calls()).containsExactly(1, 1, 0, 0, 0, 0, 0, 1, 1);
        assertThat(row.months().get(0).figures().p50()).isEqualTo(Duration.ofMinutes(4));
        assertThat(row.months().get(1).figures().p50()).isEqualTo(Duration.ofMinutes(6));
        assertThat(row.months().get(7).figures().forwards()).isEqualTo(1);
        assertThat(row.months().get(7).figures().answeredInTime()).isZero();
        assertThat(row.months().get(8).figures().max()).isEqualTo(Duration.ofMinutes(10));
        assertThat(row.months().get(2).figures().shareAnsweredInTime()).as("no calls: no share").isNull();
        // the span's total: the four calls inside it, not the one before
        assertThat(row.total().calls()).isEqualTo(4);
        assertThat(row.total().answeredInTime()).isEqualTo(3);
        assertThat(row.total().forwards()).isEqualTo(1);
    }

    @Test
    void theSpanIsOneToTwentyFourMonthsInOrder() {
        assertThat(SupplierComparison.months(YearMonth.of(2026, 12), YearMonth.of(2026, 12))).hasSize(1);
        assertThat(SupplierComparison.months(YearMonth.of(2025, 12), YearMonth.of(2026, 2)))
                .containsExactly(YearMonth.of(2025, 12), YearMonth.of(2026, 1), YearMonth.of(2026, 2));
        assertThat(SupplierComparison.months(YearMonth.of(2025, 1), YearMonth.of(2026, 12))).hasSize(24);
        assertThatThrownBy(() -> SupplierComparison.months(YearMonth.of(2025, 1), YearMonth.of(2027, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SupplierComparison.months(YearMonth.of(2026, 2), YearMonth.of(2026, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
