package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A citizen's choice of supplier (frit valg) for a period of Danish calendar days. The choice holds from local
 * midnight (Europe/Copenhagen) at the start of {@code validFrom} until local midnight at the start of
 * {@code validTo} (exclusive), so a switch "to the end of the month" is {@code validTo = } the 1st of the next month.
 *
 * @param validTo first day the choice no longer holds, or null while it stands
 */
public record SupplierChoice(String id, String citizenId, String supplierId, LocalDate validFrom, LocalDate validTo) {

    /** The instant the choice starts to hold. */
    public Instant startsAt() {
        return CopenhagenCalendar.startOfDay(validFrom);
    }

    /** The instant the choice stops holding, or null when open-ended. */
    public Instant endsAt() {
        return validTo == null ? null : CopenhagenCalendar.startOfDay(validTo);
    }

    public boolean isValidAt(Instant at) {
        Instant end = endsAt();
        return !at.isBefore(startsAt()) && (end == null || at.isBefore(end));
    }

    /** Whether the two periods share a day (regardless of citizen). */
    public boolean overlaps(SupplierChoice other) {
        boolean thisEndsAfterOtherStarts = validTo == null || validTo.isAfter(other.validFrom);
        boolean otherEndsAfterThisStarts = other.validTo == null || other.validTo.isAfter(validFrom);
        return thisEndsAfterOtherStarts && otherEndsAfterThisStarts;
    }

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "id", id);
        Checks.text(errors, "citizenId", citizenId);
        Checks.text(errors, "supplierId", supplierId);
        Checks.present(errors, "validFrom", validFrom);
        Checks.after(errors, "validTo", validTo, "validFrom", validFrom);
        return errors;
    }
}
