package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which citizen an alarm transmitter (DC-09 account) belongs to, and when.
 *
 * @param validFrom first instant the binding holds
 * @param validTo   first instant it no longer holds (exclusive), or null while the device is installed
 */
public record DeviceBinding(String account, String citizenId, Instant validFrom, Instant validTo) {

    public boolean isValidAt(Instant at) {
        return !at.isBefore(validFrom) && (validTo == null || at.isBefore(validTo));
    }

    /** Whether the two bindings hold at a common instant (for the same account this is a conflict). */
    public boolean overlaps(DeviceBinding other) {
        boolean thisEndsAfterOtherStarts = validTo == null || validTo.isAfter(other.validFrom);
        boolean otherEndsAfterThisStarts = other.validTo == null || other.validTo.isAfter(validFrom);
        return thisEndsAfterOtherStarts && otherEndsAfterThisStarts;
    }

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "account", account);
        Checks.text(errors, "citizenId", citizenId);
        Checks.present(errors, "validFrom", validFrom);
        Checks.after(errors, "validTo", validTo, "validFrom", validFrom);
        return errors;
    }
}
