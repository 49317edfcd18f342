package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.domain.Charges;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.MonthlyStatement;
import dk.vagtcentral.server.domain.SupplierFigures;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervisors' reads over a November 2026 in Copenhagen (2026-10-31T23:00Z to 2026-11-30T23:00Z) with calls of
 * supplier "omsorg" answered in time, late, forwarded and not answered, and calls of others around it.
 */
class ReportQueriesTest {
    static final Instant NOV_START = Instant.parse("2026-10-31T23:00:00Z");
    static final Instant DEC_START = Instant.parse("2026-11-30T23:00:00Z");
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(30);

    @TempDir
    Path dir;
    Database db;
    ReportQueries queries;

    long a1;
    long a2;
    long a3;
    long a4;
    long a5;
    long a6;
    long a7;
    long a8;

    @BeforeEach
    void setUp() throws SQLException {
        db = StoreRows.open(dir);
        queries = new ReportQueries(db);
        try (Connection c = db.connection()) {
            StoreRows.reference(c, "791", "omsorg", "andre");
            StoreRows.reference(c, "727", "odder-care");
            // Nov 1, 00:30 in Copenhagen: a November call, answered in 10 minutes
            a1 = StoreRows.alarm(c, t("2026-10-31T23:30:00Z"), "EMERGENCY", "E101");
            StoreRows.dispatch(c, a1, "CALL", "791", "omsorg", "c1", "CLOSED", t("2026-10-31T23:30:00Z").plus(WINDOW),
                    t("2026-10-31T23:40:00Z"), "HELP_SENT", null, null);
            // answered after 40 minutes, forwarded to municipal home care at 30
            a2 = StoreRows.alarm(c, t("2026-11-10T10:00:00Z"), "EMERGENCY", "E101");
            StoreRows.dispatch(c, a2, "CALL", "791", "omsorg", "c1", "CLOSED", t("2026-11-10T10:30:00Z"),
                    t("2026-11-10T10:40:00Z"), "NURSE_REQUESTED", t("2026-11-10T10:30:00Z"), null);
            // never answered: municipal home care, then fire-and-rescue
            a3 = StoreRows.alarm(c, t("2026-11-12T08:00:00Z"), "FIRE", "E110");
            StoreRows.dispatch(c, a3, "CALL", "791", "omsorg", "c2", "FORWARDED_FIRE", t("2026-11-12T08:30:00Z"),
                    null, null, t("2026-11-12T08:10:30Z"), t("2026-11-12T08:20:00Z"));
            // Oct 31, 23:30 in Copenhagen: October
            a4 = StoreRows.alarm(c, t("2026-10-31T22:30:00Z"), "EMERGENCY", "E101");
            StoreRows.dispatch(c, a4, "CALL", "791", "omsorg", "c1", "CLOSED", t("2026-10-31T23:00:00Z"),
                    t("2026-10-31T22:40:00Z"), "HELP_SENT", null, null);
            // not a call
            a5 = StoreRows.alarm(c, t("2026-11-05T09:00:00Z"), "TEST", "E602");
            StoreRows.dispatch(c, a5, "RECORD_ONLY", "791", "omsorg", "c1", "RECEIVED", null, null, null, null, null);
            // another supplier's call
            a6 = StoreRows.alarm(c, t("2026-11-06T09:00:00Z"), "EMERGENCY", "E101");
            StoreRows.dispatch(c, a6, "CALL", "791", "andre", "c3", "CLOSED", t("2026-11-06T09:30:00Z"),
                    t("2026-11-06T09:05:00Z"), "HELP_SENT", null, null);
            // Nov 30, 23:50 in Copenhagen, answered 00:05 on Dec 1: the call is November's, the response December's
            a7 = StoreRows.alarm(c, t("2026-11-30T22:50:00Z"), "EMERGENCY", "E101");
            StoreRows.dispatch(c, a7, "CALL", "791", "omsorg", "c2", "RESPONDED", t("2026-11-30T23:20:00Z"),
                    t("2026-11-30T23:05:00Z"), "DOCTOR_CONTACTED", null, null);
            // Odder, September
            a8 = StoreRows.alarm(c, t("2026-09-15T12:00:00Z"), "EMERGENCY", "E101");
            StoreRows.dispatch(c, a8, "CALL", "727", "odder-care", "c9", "FORWARDED_FIRE", t("2026-09-15T12:30:00Z"),
                    null, null, null, t("2026-09-15T12:05:00Z"));

            // escalations: ladder steps that acted, one that was disarmed, and manual forwards
            StoreRows.deadline(c, a2, "forward-municipal-unanswered", t("2026-11-10T10:30:00Z"), t("2026-11-10T10:30:00Z"),
                    "ACTED", false);
            StoreRows.timeline(c, a2, t("2026-11-10T10:30:00Z"), "system:escalation", "FORWARDED_MUNICIPAL");
            StoreRows.deadline(c, a3, "renotify-backup", t("2026-11-12T08:03:00Z"), t("2026-11-12T08:03:00Z"), "ACTED",
                    false);
            StoreRows.timeline(c, a3, t("2026-11-12T08:03:00Z"), "system:escalation", "RENOTIFIED");
            StoreRows.deadline(c, a3, "forward-municipal-unacknowledged", t("2026-11-12T08:10:00Z"),
                    t("2026-11-12T08:10:30Z"), "ACTED", true);
            StoreRows.timeline(c, a3, t("2026-11-12T08:10:30Z"), "system:escalation", "FORWARDED_MUNICIPAL");
            // no timeline line: the forward timestamps on the dispatch row tell what it did
            StoreRows.deadline(c, a3, "forward-fire", t("2026-11-12T08:20:00Z"), t("2026-11-12T08:20:00Z"), "ACTED",
                    false);
            StoreRows.deadline(c, a1, "renotify-backup", t("2026-10-31T23:33:00Z"), t("2026-10-31T23:32:00Z"),
                    "DISARMED", false);
            StoreRows.deadline(c, a6, "renotify-backup", t("2026-11-06T09:03:00Z"), t("2026-11-06T09:03:00Z"), "ACTED",
                    false);
            StoreRows.timeline(c, a6, t("2026-11-06T09:03:00Z"), "system:escalation", "RENOTIFIED");
            StoreRows.timeline(c, a4, t("2026-10-31T22:35:00Z"), "desk:anna", "FORWARDED_MUNICIPAL");
            StoreRows.timeline(c, a4, t("2026-10-31T22:36:00Z"), "desk:anna", "NOTE");
            StoreRows.timeline(c, a8, t("2026-09-15T12:05:00Z"), "supervisor:bo", "FORWARDED_FIRE");

            // justifications: overdue are OPEN or REJECTED past due
            StoreRows.justification(c, a2, "omsorg", "OPEN", t("2026-11-17T10:30:00Z"));
            StoreRows.justification(c, a3, "omsorg", "ACCEPTED", t("2026-11-19T08:10:00Z"));
            StoreRows.justification(c, a7, "omsorg", "REJECTED", t("2026-11-30T12:00:00Z"));
            StoreRows.justification(c, a4, "omsorg", "OPEN", t("2026-12-10T00:00:00Z"));
            StoreRows.justification(c, a6, "andre", "OPEN", t("2026-11-13T09:00:00Z"));

            // charges: two in November, one a second before it, one of another supplier
            StoreRows.charge(c, a2, "omsorg", "MUNICIPAL_HOME_CARE", "500.00", t("2026-11-10T10:30:00Z"));
            StoreRows.charge(c, a3, "omsorg", "FIRE_AND_RESCUE", "1234.50", t("2026-11-12T08:20:00Z"));
            StoreRows.charge(c, a4, "omsorg", "MUNICIPAL_HOME_CARE", "500.00", t("2026-10-31T22:59:59Z"));
            StoreRows.charge(c, a6, "andre", "MUNICIPAL_HOME_CARE", "500.00", t("2026-11-06T09:30:00Z"));
            c.commit();
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void callsOfASupplierInACopenhagenMonthGiveItsFigures() throws SQLException {
        List<SupplierFigures.Call> calls = queries.calls("omsorg", NOV_START, DEC_START);

        assertThat(calls).extracting(SupplierFigures.Call::alarmId).containsExactly(a1, a2, a3, a7);
        SupplierFigures.Call late = calls.get(1);
        assertThat(late.respondedAt()).isEqualTo(t("2026-11-10T10:40:00Z"));
        assertThat(late.responseDeadline()).isEqualTo(t("2026-11-10T10:30:00Z"));
        assertThat(late.forwarded()).isTrue();
        assertThat(calls.get(0).forwarded()).isFalse();
        assertThat(calls.get(2).respondedAt()).isNull();
        assertThat(calls.get(2).forwarded()).isTrue();

        int overdue = queries.overdueJustifications("omsorg", NOW);
        assertThat(overdue).isEqualTo(2);

        SupplierFigures.Figures f = SupplierFigures.of(calls, overdue);
        assertThat(f.calls()).isEqualTo(4);
        assertThat(f.answeredInTime()).isEqualTo(2);
        assertThat(f.shareAnsweredInTime()).isEqualByComparingTo(new BigDecimal("0.5"));
        // the answer at 10:40 came after the forward: municipal home care's, not the supplier's own
        assertThat(f.p50()).isEqualTo(Duration.ofMinutes(10));
        assertThat(f.p90()).isEqualTo(Duration.ofMinutes(15));
        assertThat(f.max()).isEqualTo(Duration.ofMinutes(15));
        assertThat(f.forwards()).isEqualTo(2);
        assertThat(f.overdueJustifications()).isEqualTo(2);
    }

    @Test
    void periodIsHalfOpenAndOtherSuppliersAndNonCallsAreLeftOut() throws SQLException {
        assertThat(queries.calls("omsorg", t("2026-10-31T22:30:00Z"), t("2026-10-31T23:30:00Z")))
                .extracting(SupplierFigures.Call::alarmId).containsExactly(a4);
        assertThat(queries.calls("andre", NOV_START, DEC_START)).extracting(SupplierFigures.Call::alarmId)
                .containsExactly(a6);
        assertThat(queries.calls("nobody", NOV_START, DEC_START)).isEmpty();
        assertThat(queries.overdueJustifications("omsorg", t("2026-11-20T00:00:00Z"))).isEqualTo(1);
        assertThat(queries.overdueJustifications("andre", NOW)).isEqualTo(1);
        assertThat(queries.supplierExists("omsorg")).isTrue();
        assertThat(queries.supplierExists("nobody")).isFalse();
    }

    @Test
    void escalationsNewestFirstWithWhatTheyDid() throws SQLException {
        List<ReportQueries.Escalation> all = queries.escalations(null, null, null, null, null, 100);

        assertThat(all).extracting(ReportQueries.Escalation::alarmId, ReportQueries.Escalation::step,
                        ReportQueries.Escalation::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a3, "forward-fire", "FORWARDED_FIRE"),
                        org.assertj.core.groups.Tuple.tuple(a3, "forward-municipal-unacknowledged", "FORWARDED_MUNICIPAL"),
                        org.assertj.core.groups.Tuple.tuple(a3, "renotify-backup", "RENOTIFIED"),
                        org.assertj.core.groups.Tuple.tuple(a2, "forward-municipal-unanswered", "FORWARDED_MUNICIPAL"),
                        org.assertj.core.groups.Tuple.tuple(a6, "renotify-backup", "RENOTIFIED"),
                        org.assertj.core.groups.Tuple.tuple(a4, "manual", "FORWARDED_MUNICIPAL"),
                        org.assertj.core.groups.Tuple.tuple(a8, "manual", "FORWARDED_FIRE"));
        ReportQueries.Escalation late = all.get(1);
        assertThat(late.late()).isTrue();
        assertThat(late.dueAt()).isEqualTo(t("2026-11-12T08:10:00Z"));
        assertThat(late.firedAt()).isEqualTo(t("2026-11-12T08:10:30Z"));
        assertThat(late.municipalityId()).isEqualTo("791");
        assertThat(late.supplierId()).isEqualTo("omsorg");
        ReportQueries.Escalation manual = all.get(5);
        assertThat(manual.dueAt()).isNull();
        assertThat(manual.late()).isFalse();
        assertThat(manual.firedAt()).isEqualTo(t("2026-10-31T22:35:00Z"));
    }

    @Test
    void escalationsCarryTheSuppliersPhoneAndContactPersonAsOnRecordNow() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("UPDATE suppliers SET phone = ?, contact_person = ? WHERE id = ?")) {
            p.setString(1, "70 20 30 40");
            p.setString(2, "Vagthavende Mette Holm");
            p.setString(3, "omsorg");
            p.executeUpdate();
            c.commit();
        }
        List<ReportQueries.Escalation> all = queries.escalations(null, null, null, null, null, 100);
        // a ladder step and a manual forward of omsorg's calls, and one of andre's, which has no phone on record
        ReportQueries.Escalation ladder = all.stream().filter(e -> e.alarmId() == a2).findFirst().orElseThrow();
        ReportQueries.Escalation manual = all.stream().filter(e -> e.alarmId() == a4).findFirst().orElseThrow();
        ReportQueries.Escalation other = all.stream().filter(e -> e.alarmId() == a6).findFirst().orElseThrow();
        assertThat(ladder.supplierPhone()).isEqualTo("70 20 30 40");
        assertThat(ladder.supplierContactPerson()).isEqualTo("Vagthavende Mette Holm");
        assertThat(manual.step()).isEqualTo(ReportQueries.MANUAL_STEP);
        assertThat(manual.supplierPhone()).isEqualTo("70 20 30 40");
        assertThat(manual.supplierContactPerson()).isEqualTo("Vagthavende Mette Holm");
        assertThat(other.supplierPhone()).isNull();
        assertThat(other.supplierContactPerson()).isNull();
    }

    @Test
    void escalationFilters() throws SQLException {
        assertThat(queries.escalations(null, "omsorg", null, null, null, 100))
                .extracting(ReportQueries.Escalation::alarmId).containsExactly(a3, a3, a3, a2, a4);
        assertThat(queries.escalations("727", null, null, null, null, 100))
                .extracting(ReportQueries.Escalation::alarmId).containsExactly(a8);
        assertThat(queries.escalations(null, null, null, null, "manual", 100))
                .extracting(ReportQueries.Escalation::alarmId).containsExactly(a4, a8);
        assertThat(queries.escalations(null, null, null, null, "forward-fire", 100))
                .extracting(ReportQueries.Escalation::alarmId, ReportQueries.Escalation::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a3, "FORWARDED_FIRE"));
        assertThat(queries.escalations(null, null, t("2026-11-12T00:00:00Z"), null, null, 100))
                .extracting(ReportQueries.Escalation::step)
                .containsExactly("forward-fire", "forward-municipal-unacknowledged", "renotify-backup");
        assertThat(queries.escalations("791", null, NOV_START, t("2026-11-12T08:10:30Z"), null, 100))
                .extracting(ReportQueries.Escalation::alarmId).containsExactly(a3, a2, a6);
        assertThat(queries.escalations(null, null, null, null, null, 2))
                .extracting(ReportQueries.Escalation::step)
                .containsExactly("forward-fire", "forward-municipal-unacknowledged");
        assertThat(queries.escalations(null, null, null, null, "no-such-step", 100)).isEmpty();
    }

    @Test
    void registrationsAndChargesOfACopenhagenMonth() throws SQLException {
        YearMonth november = YearMonth.of(2026, 11);
        Instant start = MonthlyStatement.monthStart(november);
        Instant end = MonthlyStatement.monthStart(november.plusMonths(1));
        assertThat(start).isEqualTo(NOV_START);
        assertThat(end).isEqualTo(DEC_START);

        List<MonthlyStatement.Registration> registrations = queries.registrations("omsorg", start, end);
        assertThat(registrations).extracting(MonthlyStatement.Registration::alarmId,
                        MonthlyStatement.Registration::kind, MonthlyStatement.Registration::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a1, "EMERGENCY_CALL", "EMERGENCY E101, CLOSED"),
                        org.assertj.core.groups.Tuple.tuple(a1, "ACUTE_RESPONSE", "HELP_SENT, in time"),
                        org.assertj.core.groups.Tuple.tuple(a2, "EMERGENCY_CALL", "EMERGENCY E101, CLOSED"),
                        org.assertj.core.groups.Tuple.tuple(a2, "ACUTE_RESPONSE", "NURSE_REQUESTED, late, after forward"),
                        org.assertj.core.groups.Tuple.tuple(a3, "EMERGENCY_CALL", "FIRE E110, FORWARDED_FIRE"),
                        org.assertj.core.groups.Tuple.tuple(a7, "EMERGENCY_CALL", "EMERGENCY E101, RESPONDED"));
        assertThat(registrations.get(0).at()).isEqualTo(t("2026-10-31T23:30:00Z"));
        assertThat(registrations.get(1).at()).isEqualTo(t("2026-10-31T23:40:00Z"));
        assertThat(queries.registrations("omsorg", DEC_START, t("2027-01-01T00:00:00Z")))
                .extracting(MonthlyStatement.Registration::alarmId, MonthlyStatement.Registration::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a7, "ACUTE_RESPONSE"));

        List<Charges.Charge> charges = queries.charges("omsorg", start, end);
        assertThat(charges).extracting(Charges.Charge::alarmId, Charges.Charge::target, Charges.Charge::amountDkk)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a2, ForwardTarget.MUNICIPAL_HOME_CARE, new BigDecimal("500.00")),
                        org.assertj.core.groups.Tuple.tuple(a3, ForwardTarget.FIRE_AND_RESCUE, new BigDecimal("1234.50")));

        MonthlyStatement.Statement s = MonthlyStatement.of("omsorg", november, charges, registrations);
        assertThat(s.totalDkk()).isEqualTo(new BigDecimal("1734.50"));
        assertThat(s.registrations()).hasSize(6);
        assertThat(MonthlyStatement.csv(s)).contains("charge," + a3 + ",2026-11-12T08:20:00Z,")
                .contains("registration," + a1 + ",2026-10-31T23:30:00Z,2026-11-01T00:30:00+01:00,EMERGENCY_CALL")
                .endsWith("total,,,,,1734.50,\r\n");
    }

    static Instant t(String text) {
        return Instant.parse(text);
    }
}
