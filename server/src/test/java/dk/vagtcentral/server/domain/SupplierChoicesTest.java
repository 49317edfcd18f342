package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupplierChoicesTest {

    static SupplierChoice choice(String id, String supplier, String from, String to) {
        return new SupplierChoice(id, "c-1", supplier, LocalDate.parse(from), to == null ? null : LocalDate.parse(to));
    }

    static String supplierAt(List<SupplierChoice> choices, String instant) {
        return SupplierChoices.validAt(choices, "c-1", Instant.parse(instant)).map(SupplierChoice::supplierId)
                .orElse("none");
    }

    @Test
    void switchOnThe1stOfNovemberTakesEffectAtMidnightCetWhichIs2300ZTheDayBefore() {
        List<SupplierChoice> choices = List.of(choice("a", "A", "2026-06-01", "2026-11-01"),
                choice("b", "B", "2026-11-01", null));
        assertThat(supplierAt(choices, "2026-10-31T22:59:59Z")).isEqualTo("A");
        assertThat(supplierAt(choices, "2026-10-31T23:00:00Z")).isEqualTo("B");
    }

    @Test
    void switchOnThe1stOfAprilTakesEffectAtMidnightCestWhichIs2200ZTheDayBefore() {
        List<SupplierChoice> choices = List.of(choice("a", "A", "2026-01-01", "2026-04-01"),
                choice("b", "B", "2026-04-01", null));
        assertThat(supplierAt(choices, "2026-03-31T21:59:59Z")).isEqualTo("A");
        assertThat(supplierAt(choices, "2026-03-31T22:00:00Z")).isEqualTo("B");
    }

    @Test
    void switchOnTheNightSummerTimeEndsHappensAtMidnightStillInSummerTime() {
        // 2026-10-25: clocks go back at 03:00 CEST to 02:00 CET; midnight before it is still CEST (UTC+2).
        List<SupplierChoice> choices = List.of(choice("a", "A", "2026-06-01", "2026-10-25"),
                choice("b", "B", "2026-10-25", "2026-10-26"), choice("c", "C", "2026-10-26", null));
        assertThat(supplierAt(choices, "2026-10-24T21:59:59Z")).isEqualTo("A");
        assertThat(supplierAt(choices, "2026-10-24T22:00:00Z")).isEqualTo("B");
        // both 02:30 local times of that night (CEST and CET) belong to the 25th
        assertThat(supplierAt(choices, "2026-10-25T00:30:00Z")).isEqualTo("B");
        assertThat(supplierAt(choices, "2026-10-25T01:30:00Z")).isEqualTo("B");
        // the next midnight is CET (UTC+1): the 25th lasted 25 hours
        assertThat(supplierAt(choices, "2026-10-25T22:59:59Z")).isEqualTo("B");
        assertThat(supplierAt(choices, "2026-10-25T23:00:00Z")).isEqualTo("C");
        assertThat(Duration.between(choices.get(1).startsAt(), choices.get(1).endsAt())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void switchOnTheNightSummerTimeStartsHappensAtMidnightStillInWinterTime() {
        // 2026-03-29: clocks go forward at 02:00 CET to 03:00 CEST; midnight before it is CET (UTC+1).
        List<SupplierChoice> choices = List.of(choice("a", "A", "2026-01-01", "2026-03-29"),
                choice("b", "B", "2026-03-29", "2026-03-30"), choice("c", "C", "2026-03-30", null));
        assertThat(supplierAt(choices, "2026-03-28T22:59:59Z")).isEqualTo("A");
        assertThat(supplierAt(choices, "2026-03-28T23:00:00Z")).isEqualTo("B");
        assertThat(supplierAt(choices, "2026-03-29T21:59:59Z")).isEqualTo("B");
        assertThat(supplierAt(choices, "2026-03-29T22:00:00Z")).isEqualTo("C");
        assertThat(Duration.between(choices.get(1).startsAt(), choices.get(1).endsAt())).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void noChoiceBeforeTheFirstOrForAnotherCitizen() {
        List<SupplierChoice> choices = List.of(choice("a", "A", "2026-06-01", null));
        assertThat(supplierAt(choices, "2026-05-31T21:59:59Z")).isEqualTo("none");
        assertThat(SupplierChoices.validAt(choices, "c-2", Instant.parse("2026-07-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void overlappingChoicesOfTheSameCitizenAreConflicts() {
        SupplierChoice a = choice("a", "A", "2026-06-01", "2026-11-01");
        SupplierChoice open = choice("o", "O", "2027-01-01", null);
        List<SupplierChoice> existing = List.of(a, open);

        assertThat(SupplierChoices.overlapping(choice("n", "B", "2026-10-01", "2026-12-01"), existing)).containsExactly(a);
        assertThat(SupplierChoices.overlapping(choice("n", "B", "2026-12-01", null), existing)).containsExactly(open);
        assertThat(SupplierChoices.overlapping(choice("n", "B", "2026-01-01", null), existing)).containsExactly(a, open);
    }

    @Test
    void adjacentChoicesOtherCitizensAndTheChoiceItselfAreNotConflicts() {
        SupplierChoice a = choice("a", "A", "2026-06-01", "2026-11-01");
        SupplierChoice otherCitizen = new SupplierChoice("x", "c-2", "X", LocalDate.parse("2026-01-01"), null);
        List<SupplierChoice> existing = List.of(a, otherCitizen);

        assertThat(SupplierChoices.overlapping(choice("b", "B", "2026-11-01", null), existing)).isEmpty();
        assertThat(SupplierChoices.overlapping(choice("b", "B", "2026-01-01", "2026-06-01"), existing)).isEmpty();
        assertThat(SupplierChoices.overlapping(choice("a", "A", "2026-06-01", "2026-12-01"), existing)).isEmpty();
    }

    @Test
    void validationNamesTheFields() {
        assertThat(choice("a", "A", "2026-06-01", "2026-06-01").validate())
                .containsExactly(new FieldError("validTo", "must be after validFrom"));
        assertThat(new SupplierChoice(" ", null, "", null, null).validate()).extracting(FieldError::field)
                .containsExactly("id", "citizenId", "supplierId", "validFrom");
        assertThat(choice("a", "A", "2026-06-01", null).validate()).isEmpty();
    }

    @Test
    void aChangeIsFromAChoiceOfAnotherSupplierHoldingOnTheFirstDayOrEndingOnIt() {
        SupplierChoice next = choice("b", "B", "2026-05-01", null);
        // the usual switch: the old choice ends on the day the new one starts
        assertThat(SupplierChoices.changeFrom(next, List.of(choice("a", "A", "2026-01-01", "2026-05-01"))))
                .map(SupplierChoice::id).contains("a");
        // still open-ended (the store will refuse the overlap; the notice is about it all the same)
        assertThat(SupplierChoices.changeFrom(next, List.of(choice("a", "A", "2026-01-01", null))))
                .map(SupplierChoice::id).contains("a");
        // a first choice, a choice after a gap, and a continuation with the same supplier are no change
        assertThat(SupplierChoices.changeFrom(next, List.of())).isEmpty();
        assertThat(SupplierChoices.changeFrom(next, List.of(choice("a", "A", "2026-01-01", "2026-04-30")))).isEmpty();
        assertThat(SupplierChoices.changeFrom(next, List.of(choice("a", "B", "2026-01-01", "2026-05-01")))).isEmpty();
        // another citizen's choice, or the candidate's own old version, is not it
        assertThat(SupplierChoices.changeFrom(next, List.of(new SupplierChoice("x", "c-2", "A",
                LocalDate.parse("2026-01-01"), null)))).isEmpty();
        assertThat(SupplierChoices.changeFrom(next, List.of(choice("b", "A", "2026-01-01", null)))).isEmpty();
        // a choice that starts later is not left behind
        assertThat(SupplierChoices.changeFrom(next, List.of(choice("a", "A", "2026-06-01", null)))).isEmpty();
    }

    @Test
    void theChoiceHoldingOnTheFirstDayWinsOverOneEndingOnIt() {
        SupplierChoice next = choice("c", "C", "2026-05-01", null);
        assertThat(SupplierChoices.changeFrom(next, List.of(choice("a", "A", "2026-01-01", "2026-05-01"),
                choice("b", "B", "2026-04-15", null)))).map(SupplierChoice::id).contains("b");
    }

    @Test
    void holdsOnIsTheDayCalendar() {
        SupplierChoice a = choice("a", "A", "2026-03-01", "2026-04-01");
        assertThat(a.holdsOn(LocalDate.parse("2026-02-28"))).isFalse();
        assertThat(a.holdsOn(LocalDate.parse("2026-03-01"))).isTrue();
        assertThat(a.holdsOn(LocalDate.parse("2026-03-31"))).isTrue();
        assertThat(a.holdsOn(LocalDate.parse("2026-04-01"))).isFalse();
        assertThat(choice("o", "A", "2026-03-01", null).holdsOn(LocalDate.parse("2099-01-01"))).isTrue();
    }

    @Test
    void endingAChoiceKeepsItsNoticeOverride() {
        SupplierChoice overridden = choice("a", "A", "2026-03-01", null).withNoticeOverride("flytter i plejebolig");
        assertThat(overridden.endingOn(LocalDate.parse("2026-06-01")).noticeOverrideReason())
                .isEqualTo("flytter i plejebolig");
        assertThat(overridden.validate()).isEmpty();
        assertThat(overridden.withNoticeOverride(" ").validate()).extracting(FieldError::field)
                .containsExactly("noticeOverride.reason");
    }
}
