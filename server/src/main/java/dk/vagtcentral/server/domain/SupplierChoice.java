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
 * @param validTo              first day the choice no longer holds, or null while it stands
 * @param noticeOverrideReason why an administrator let this change of supplier take effect earlier than the
 *                             municipality's notice period allows ({@link SupplierChangeNotice}), or null
 */
public record SupplierChoice(String id, String citizenId, String supplierId, LocalDate validFrom, LocalDate validTo,
                             String noticeOverrideReason) {
    public static final int MAX_REASON = 1000;

    /** A choice with no notice override. */
    public SupplierChoice(String id, String citizenId, String supplierId, LocalDate validFrom, LocalDate validTo) {
        this(id, citizenId, supplierId, validFrom, validTo, null);
    }

    /** This choice with {@code reason} as its notice override (null for none). */
    public SupplierChoice withNoticeOverride(String reason) {
        return new SupplierChoice(id, citizenId, supplierId, validFrom, validTo, reason);
    }

    /** This choice ending on {@code newValidTo} (the first day it no longer holds; null for open-ended). */
    public SupplierChoice endingOn(LocalDate newValidTo) {
        return new SupplierChoice(id, citizenId, supplierId, validFrom, newValidTo, noticeOverrideReason);
    }

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

    /** Whether the choice holds on the Copenhagen calendar day {@code day}. */
    public boolean holdsOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validTo == null || day.isBefore(validTo));
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
        Checks.optionalText(errors, "noticeOverride.reason", noticeOverrideReason, MAX_REASON);
        return errors;
    }
}
