package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SupplierChangeNoticeTest {
    static final ChangeNotice VIBORG = new ChangeNotice(30, true);
    static final ChangeNotice ODDER = new ChangeNotice(14, false);

    static LocalDate d(String text) {
        return LocalDate.parse(text);
    }

    @ParameterizedTest(name = "30 days to the end of a month, asked {0}: from {1}")
    @CsvSource({
            // +30 lands on a 1st: that 1st; the old supplier serves 2-31 March, 30 days to the end of March
            "2026-03-02, 2026-04-01",
            // +30 = 31 March: the 1st after it
            "2026-03-01, 2026-04-01",
            // +30 = 2 April: the month after
            "2026-03-03, 2026-05-01",
            // +30 = 14 April (AdminApiTest's clock)
            "2026-03-15, 2026-05-01",
            // asked on the last day of a month: +30 = 30 April
            "2026-03-31, 2026-05-01",
            // 31-day month: +30 = 31 January, still January
            "2026-01-01, 2026-02-01",
            // +30 = 1 February
            "2026-01-02, 2026-02-01",
            // February (28 days): 31 January + 30 = 2 March
            "2026-01-31, 2026-04-01",
            // 30 January + 30 = 1 March in a common year
            "2026-01-30, 2026-03-01",
            // leap year: 31 January + 30 = 1 March
            "2028-01-31, 2028-03-01",
            // asked in February: +30 = 30 March (common year), 29 March (leap year)
            "2026-02-28, 2026-04-01",
            "2028-02-29, 2028-04-01",
            // over the year's end
            "2026-12-02, 2027-01-01",
            "2026-12-03, 2027-02-01",
            // the days around the clock changes are plain dates
            "2026-02-27, 2026-04-01",
            "2026-09-25, 2026-11-01",
    })
    void viborgThirtyDaysToTheEndOfAMonth(String requestedOn, String earliest) {
        assertThat(SupplierChangeNotice.earliestFirstDay(VIBORG, d(requestedOn))).isEqualTo(d(earliest));
    }

    @ParameterizedTest(name = "14 days, asked {0}: from {1}")
    @CsvSource({
            "2026-03-01, 2026-03-15",
            "2026-02-20, 2026-03-06",
            "2028-02-20, 2028-03-05",
            "2026-12-25, 2027-01-08",
            "2026-03-18, 2026-04-01",
    })
    void odderAndHorsensFourteenDays(String requestedOn, String earliest) {
        assertThat(SupplierChangeNotice.earliestFirstDay(ODDER, d(requestedOn))).isEqualTo(d(earliest));
    }

    @Test
    void theEarliestDayPassesTheDayBeforeDoesNotAndLaterDaysPassWhetherOrNotA1st() {
        LocalDate asked = d("2026-03-15");
        assertThat(SupplierChangeNotice.check(VIBORG, asked, d("2026-05-01")).tooShort()).isFalse();
        assertThat(SupplierChangeNotice.check(VIBORG, asked, d("2026-04-30")).tooShort()).isTrue();
        assertThat(SupplierChangeNotice.check(VIBORG, asked, d("2026-04-01")).tooShort()).isTrue();
        assertThat(SupplierChangeNotice.check(VIBORG, asked, d("2026-05-15")).tooShort()).isFalse();
        assertThat(SupplierChangeNotice.check(ODDER, asked, d("2026-03-29")).tooShort()).isFalse();
        SupplierChangeNotice.Verdict shortOne = SupplierChangeNotice.check(ODDER, asked, d("2026-03-28"));
        assertThat(shortOne.tooShort()).isTrue();
        assertThat(shortOne.earliest()).isEqualTo(d("2026-03-29"));
        assertThat(shortOne.requestedOn()).isEqualTo(asked);
        assertThat(shortOne.firstDay()).isEqualTo(d("2026-03-28"));
    }

    @Test
    void noNoticeAllowsEveryDayEvenOneBeforeTheRequest() {
        assertThat(SupplierChangeNotice.requiresNotice(ChangeNotice.NONE)).isFalse();
        assertThat(SupplierChangeNotice.earliestFirstDay(ChangeNotice.NONE, d("2026-03-15"))).isEqualTo(d("2026-03-15"));
        assertThat(SupplierChangeNotice.check(ChangeNotice.NONE, d("2026-03-15"), d("2026-03-15")).tooShort()).isFalse();
        assertThat(SupplierChangeNotice.check(ChangeNotice.NONE, d("2026-03-15"), d("2026-03-01")).tooShort()).isFalse();
    }

    @Test
    void aNoticeRuleRefusesADayBeforeTheRequest() {
        assertThat(SupplierChangeNotice.check(ODDER, d("2026-03-15"), d("2026-03-10")).tooShort()).isTrue();
    }

    @Test
    void zeroDaysToTheEndOfAMonthIsTheNext1stOrTodayWhenItIsOne() {
        ChangeNotice monthEnd = new ChangeNotice(0, true);
        assertThat(SupplierChangeNotice.requiresNotice(monthEnd)).isTrue();
        assertThat(SupplierChangeNotice.earliestFirstDay(monthEnd, d("2026-03-01"))).isEqualTo(d("2026-03-01"));
        assertThat(SupplierChangeNotice.earliestFirstDay(monthEnd, d("2026-03-02"))).isEqualTo(d("2026-04-01"));
        assertThat(SupplierChangeNotice.earliestFirstDay(monthEnd, d("2026-02-28"))).isEqualTo(d("2026-03-01"));
    }

    @Test
    void oneDayNoticeIsTomorrow() {
        assertThat(SupplierChangeNotice.earliestFirstDay(new ChangeNotice(1, false), d("2026-02-28")))
                .isEqualTo(d("2026-03-01"));
    }

    @Test
    void theRuleInWords() {
        assertThat(SupplierChangeNotice.describe(VIBORG)).isEqualTo("30 days to the end of a month");
        assertThat(SupplierChangeNotice.describe(ODDER)).isEqualTo("14 days");
        assertThat(SupplierChangeNotice.describe(new ChangeNotice(1, false))).isEqualTo("1 day");
        assertThat(SupplierChangeNotice.describe(new ChangeNotice(0, true))).isEqualTo("to the end of a month");
        assertThat(SupplierChangeNotice.describe(ChangeNotice.NONE)).isEqualTo("no notice");
    }
}
