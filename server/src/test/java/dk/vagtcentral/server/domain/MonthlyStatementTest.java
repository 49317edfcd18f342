package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.domain.Charges.Charge;
import dk.vagtcentral.server.domain.MonthlyStatement.Registration;
import dk.vagtcentral.server.domain.MonthlyStatement.Statement;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonthlyStatementTest {
    static final YearMonth OCTOBER = YearMonth.of(2026, 10);

    static Charge charge(long alarmId, String supplier, String utc, String amount) {
        return new Charge(alarmId, supplier, ForwardTarget.FIRE_AND_RESCUE, new BigDecimal(amount), Instant.parse(utc));
    }

    static Registration reg(long alarmId, String utc, String detail) {
        return new Registration(alarmId, Instant.parse(utc), "EMERGENCY_CALL", detail);
    }

    @Test
    void theMonthRunsFromCopenhagenMidnightToCopenhagenMidnightAcrossTheDstChange() {
        assertThat(MonthlyStatement.monthStart(OCTOBER)).isEqualTo(Instant.parse("2026-09-30T22:00:00Z")); // CEST
        assertThat(MonthlyStatement.monthStart(OCTOBER.plusMonths(1)))
                .isEqualTo(Instant.parse("2026-10-31T23:00:00Z")); // CET

        List<Charge> charges = List.of(
                charge(1, "sup-a", "2026-09-30T21:59:59Z", "100.00"), // 30 Sep 23:59:59 CEST
                charge(2, "sup-a", "2026-09-30T22:00:00Z", "2500.00"), // 1 Oct 00:00 CEST
                charge(3, "sup-a", "2026-10-25T01:30:00Z", "1200.50"), // 25 Oct 02:30 CET, after the change
                charge(4, "sup-a", "2026-10-31T22:59:59Z", "0.25"), // 31 Oct 23:59:59 CET
                charge(5, "sup-a", "2026-10-31T23:00:00Z", "100.00"), // 1 Nov 00:00 CET (31 Oct in UTC)
                charge(6, "sup-b", "2026-10-10T10:00:00Z", "2500.00")); // another supplier
        List<Registration> regs = List.of(
                reg(10, "2026-10-31T23:30:00Z", null), // 1 Nov 00:30 CET
                reg(11, "2026-10-31T22:30:00Z", null), // 31 Oct 23:30 CET
                reg(12, "2026-09-30T22:00:00Z", null)); // 1 Oct 00:00 CEST

        Statement s = MonthlyStatement.of("sup-a", OCTOBER, charges, regs);
        assertThat(s.supplierId()).isEqualTo("sup-a");
        assertThat(s.month()).isEqualTo(OCTOBER);
        assertThat(s.charges()).extracting(Charge::alarmId).containsExactly(2L, 3L, 4L);
        assertThat(s.totalDkk()).isEqualTo(new BigDecimal("3700.75"));
        assertThat(s.registrations()).extracting(Registration::alarmId).containsExactly(12L, 11L);

        Statement november = MonthlyStatement.of("sup-a", OCTOBER.plusMonths(1), charges, regs);
        assertThat(november.charges()).extracting(Charge::alarmId).containsExactly(5L);
        assertThat(november.registrations()).extracting(Registration::alarmId).containsExactly(10L);
    }

    @Test
    void anEmptyMonthTotalsZeroWithTwoDecimals() {
        Statement s = MonthlyStatement.of("sup-a", OCTOBER, List.of(), List.of());
        assertThat(s.totalDkk().toPlainString()).isEqualTo("0.00");
        assertThat(MonthlyStatement.csv(s)).isEqualTo(MonthlyStatement.CSV_HEADER + "\r\n" + "total,,,,,0.00,\r\n");
    }

    @Test
    void csvHasOneRowPerChargeThenPerRegistrationThenTheTotalAndQuotesWhereNeeded() {
        Statement s = MonthlyStatement.of("sup-a", OCTOBER,
                List.of(charge(2, "sup-a", "2026-10-31T22:30:00Z", "2500"),
                        charge(1, "sup-a", "2026-10-01T08:00:00Z", "1200.5")),
                List.of(
                        new Registration(3, Instant.parse("2026-10-25T00:30:00Z"), "ACUTE_RESPONSE",
                                "fall, bathroom"),
                        new Registration(4, Instant.parse("2026-10-25T01:30:00Z"), "EMERGENCY_CALL",
                                "said \"help\"\nthen hung up"),
                        new Registration(5, Instant.parse("2026-10-26T09:00:00Z"), "EMERGENCY_CALL", null)));
        String csv = MonthlyStatement.csv(s);
        assertThat(csv).isEqualTo(String.join("\r\n",
                "type,alarm_id,time_utc,time_copenhagen,target_or_kind,amount_dkk,detail",
                "charge,1,2026-10-01T08:00:00Z,2026-10-01T10:00:00+02:00,FIRE_AND_RESCUE,1200.50,",
                "charge,2,2026-10-31T22:30:00Z,2026-10-31T23:30:00+01:00,FIRE_AND_RESCUE,2500.00,",
                "registration,3,2026-10-25T00:30:00Z,2026-10-25T02:30:00+02:00,ACUTE_RESPONSE,,\"fall, bathroom\"",
                "registration,4,2026-10-25T01:30:00Z,2026-10-25T02:30:00+01:00,EMERGENCY_CALL,,"
                        + "\"said \"\"help\"\"\nthen hung up\"",
                "registration,5,2026-10-26T09:00:00Z,2026-10-26T10:00:00+01:00,EMERGENCY_CALL,,",
                "total,,,,,3700.50,") + "\r\n");
    }

    @Test
    void fieldsAreQuotedOnlyWhenTheyHoldACommaQuoteOrLineBreak() {
        assertThat(MonthlyStatement.field("plain text")).isEqualTo("plain text");
        assertThat(MonthlyStatement.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(MonthlyStatement.field("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(MonthlyStatement.field("a\rb")).isEqualTo("\"a\rb\"");
        assertThat(MonthlyStatement.field("")).isEqualTo("");
    }
}
