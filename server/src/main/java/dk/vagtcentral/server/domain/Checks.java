package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/** Small field checks shared by the reference-data records; each adds a {@link FieldError} when it fails. */
final class Checks {
    /** DDMMYY-SSSS with or without the hyphen: a Danish CPR number, which must never be a citizen id. */
    private static final Pattern CPR = Pattern.compile("\\d{6}-?\\d{4}");

    private Checks() {
    }

    static void text(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
        }
    }

    /** Null, or text that is not blank and at most {@code max} characters. */
    static void optionalText(List<FieldError> errors, String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank when given (leave it out instead)"));
        } else if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters, got " + value.length()));
        }
    }

    static void present(List<FieldError> errors, String field, Object value) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        }
    }

    static void notCpr(List<FieldError> errors, String field, String value) {
        if (value != null && CPR.matcher(value.strip()).matches()) {
            errors.add(new FieldError(field, "must be a pseudonymous id, not a CPR number"));
        }
    }

    /** {@code end} (exclusive, may be null = open) must be after {@code start}. */
    static void after(List<FieldError> errors, String endField, Instant end, String startField, Instant start) {
        if (end != null && start != null && !end.isAfter(start)) {
            errors.add(new FieldError(endField, "must be after " + startField));
        }
    }

    static void after(List<FieldError> errors, String endField, LocalDate end, String startField, LocalDate start) {
        if (end != null && start != null && !end.isAfter(start)) {
            errors.add(new FieldError(endField, "must be after " + startField));
        }
    }
}
