package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DutyRosterTest {
    static final Instant FROM = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-24T00:00:00Z");

    static Shift shift(String worker, Shift.Role role, String start, String end) {
        return shift("sup-a", worker, role, start, end);
    }

    static Shift shift(String supplier, String worker, Shift.Role role, String start, String end) {
        return new Shift("s-" + worker + start, supplier, worker, "Name " + worker, role,
                Instant.parse("2026-11-23T" + start + ":00Z"),
                end.equals("24:00") ? TO : Instant.parse("2026-11-23T" + end + ":00Z"));
    }

    static Interval gap(String start, String end) {
        return new Interval(Instant.parse("2026-11-23T" + start + ":00Z"),
                end.equals("24:00") ? TO : Instant.parse("2026-11-23T" + end + ":00Z"));
    }

    @Test
    void primaryWorkersComeBeforeBackupsAndOtherSuppliersAreLeftOut() {
        List<Shift> shifts = List.of(
                shift("backup", Shift.Role.BACKUP, "06:00", "18:00"),
                shift("late-primary", Shift.Role.PRIMARY, "09:00", "17:00"),
                shift("early-primary", Shift.Role.PRIMARY, "08:00", "16:00"),
                shift("sup-b", "other", Shift.Role.PRIMARY, "00:00", "24:00"));
        assertThat(DutyRoster.onDuty(shifts, "sup-a", Instant.parse("2026-11-23T10:00:00Z")))
                .extracting(Shift::workerId).containsExactly("early-primary", "late-primary", "backup");
        assertThat(DutyRoster.backupsOnDuty(shifts, "sup-a", Instant.parse("2026-11-23T10:00:00Z")))
                .extracting(Shift::workerId).containsExactly("backup");
    }

    @Test
    void backupIsFirstOnDutyWhenNoPrimaryAndShiftEndIsExclusive() {
        List<Shift> shifts = List.of(shift("primary", Shift.Role.PRIMARY, "08:00", "16:00"),
                shift("backup", Shift.Role.BACKUP, "08:00", "20:00"));
        assertThat(DutyRoster.firstOnDuty(shifts, "sup-a", Instant.parse("2026-11-23T15:59:59Z")).orElseThrow()
                .workerId()).isEqualTo("primary");
        assertThat(DutyRoster.firstOnDuty(shifts, "sup-a", Instant.parse("2026-11-23T16:00:00Z")).orElseThrow()
                .workerId()).isEqualTo("backup");
        assertThat(DutyRoster.firstOnDuty(shifts, "sup-a", Instant.parse("2026-11-23T20:00:00Z"))).isEmpty();
    }

    @Test
    void aWorkerOnTwoOverlappingShiftsIsListedOnce() {
        List<Shift> shifts = List.of(shift("w", Shift.Role.BACKUP, "06:00", "18:00"),
                shift("w", Shift.Role.PRIMARY, "08:00", "16:00"));
        assertThat(DutyRoster.onDuty(shifts, "sup-a", Instant.parse("2026-11-23T10:00:00Z")))
                .extracting(Shift::role).containsExactly(Shift.Role.PRIMARY);
    }

    @Test
    void noGapsWhenTouchingShiftsCoverTheWholeDay() {
        List<Shift> shifts = List.of(shift("night", Shift.Role.PRIMARY, "00:00", "08:00"),
                shift("day", Shift.Role.PRIMARY, "08:00", "16:00"),
                shift("evening", Shift.Role.BACKUP, "16:00", "24:00"));
        assertThat(DutyRoster.coverageGaps(shifts, FROM, TO)).isEmpty();
    }

    @Test
    void oneHoleBetweenShiftsIsOneGap() {
        List<Shift> shifts = List.of(shift("night", Shift.Role.PRIMARY, "00:00", "08:00"),
                shift("day", Shift.Role.PRIMARY, "09:30", "24:00"));
        assertThat(DutyRoster.coverageGaps(shifts, FROM, TO)).containsExactly(gap("08:00", "09:30"));
    }

    @Test
    void overlappingShiftsAreMergedAndGapsComeOutOrdered() {
        List<Shift> shifts = List.of(shift("c", Shift.Role.PRIMARY, "14:00", "20:00"),
                shift("a", Shift.Role.PRIMARY, "00:00", "10:00"),
                shift("b", Shift.Role.BACKUP, "02:00", "06:00"),
                shift("d", Shift.Role.PRIMARY, "12:00", "15:00"),
                shift("e", Shift.Role.PRIMARY, "21:00", "24:00"));
        assertThat(DutyRoster.coverageGaps(shifts, FROM, TO))
                .containsExactly(gap("10:00", "12:00"), gap("20:00", "21:00"));
    }

    @Test
    void gapsAtTheEdgesOfTheWindowAndShiftsClippedToIt() {
        List<Shift> shifts = List.of(
                new Shift("x", "sup-a", "x", "X", Shift.Role.PRIMARY, FROM.minusSeconds(3600),
                        Instant.parse("2026-11-23T00:00:00Z")),
                shift("day", Shift.Role.PRIMARY, "06:00", "22:00"),
                new Shift("y", "sup-a", "y", "Y", Shift.Role.PRIMARY, TO, TO.plusSeconds(3600)));
        assertThat(DutyRoster.coverageGaps(shifts, FROM, TO)).containsExactly(gap("00:00", "06:00"), gap("22:00", "24:00"));
        assertThat(DutyRoster.coverageGaps(shifts, Instant.parse("2026-11-23T07:00:00Z"),
                Instant.parse("2026-11-23T21:00:00Z"))).isEmpty();
    }

    @Test
    void noShiftsIsOneGapOverTheWholeWindowAndAnEmptyWindowHasNone() {
        assertThat(DutyRoster.coverageGaps(List.of(), FROM, TO)).containsExactly(new Interval(FROM, TO));
        assertThat(DutyRoster.coverageGaps(List.of(), TO, FROM)).isEmpty();
    }

    @Test
    void gapsForOneSupplierIgnoreOtherSuppliersShifts() {
        List<Shift> shifts = List.of(shift("a", Shift.Role.PRIMARY, "00:00", "12:00"),
                shift("sup-b", "b", Shift.Role.PRIMARY, "12:00", "24:00"));
        assertThat(DutyRoster.coverageGaps(shifts, "sup-a", FROM, TO)).containsExactly(gap("12:00", "24:00"));
    }

    @Test
    void shiftValidationNamesTheFields() {
        Shift backwards = shift("w", Shift.Role.PRIMARY, "16:00", "08:00");
        assertThat(backwards.validate()).containsExactly(new FieldError("end", "must be after start"));
        assertThat(new Shift("", "s", "w", " ", null, null, null).validate()).extracting(FieldError::field)
                .containsExactly("id", "workerName", "role", "start", "end");
    }
}
