package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.FieldError;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JSON request body of the admin API, read field by field: every problem (unknown field, wrong type, bad
 * format) becomes a {@link FieldError} named after the field, collected rather than thrown.
 */
final class AdminBody {
    private final JsonObject json;
    private final List<FieldError> errors = new ArrayList<>();

    AdminBody(JsonObject json, Set<String> allowed) {
        this.json = json;
        for (String name : json.fieldNames()) {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(name, "is not a known field"));
            }
        }
    }

    boolean has(String name) {
        return json.getValue(name) != null;
    }

    String string(String name) {
        Object v = json.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String)) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        return (String) v;
    }

    Integer integer(String name) {
        Object v = json.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) {
            errors.add(new FieldError(name, "must be a whole number"));
            return null;
        }
        return ((Number) v).intValue();
    }

    /** A true/false field; {@code absent} when it is missing or null. */
    boolean bool(String name, boolean absent) {
        Object v = json.getValue(name);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Boolean)) {
            errors.add(new FieldError(name, "must be true or false"));
            return absent;
        }
        return (Boolean) v;
    }

    Instant instant(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 instant with offset, e.g. 2026-04-01T08:00:00Z"));
            return null;
        }
    }

    LocalDate date(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 date, e.g. 2026-04-01"));
            return null;
        }
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", "))));
            return null;
        }
    }

    /**
     * The string {@code field} of the nested object {@code name} (e.g. {@code noticeOverride.reason}); null when the
     * object is absent. Problems are named {@code name.field}: another field in the object, a missing or blank value.
     */
    String nestedString(String name, String field) {
        Object v = json.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject object)) {
            errors.add(new FieldError(name, "must be an object, e.g. {\"" + field + "\": \"...\"}"));
            return null;
        }
        for (String key : object.fieldNames()) {
            if (!key.equals(field)) {
                errors.add(new FieldError(name + "." + key, "is not a known field"));
            }
        }
        Object value = object.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            errors.add(new FieldError(name + "." + field, "is required: a non-blank string"));
            return null;
        }
        return text;
    }

    /** The array {@code name}, or null when absent. */
    io.vertx.core.json.JsonArray array(String name) {
        Object v = json.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof io.vertx.core.json.JsonArray a)) {
            errors.add(new FieldError(name, "must be an array"));
            return null;
        }
        return a;
    }

    void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** The body's errors, then the record's own validation errors for fields not already reported. */
    List<FieldError> errors(List<FieldError> validation) {
        List<FieldError> all = new ArrayList<>(errors);
        Set<String> reported = new HashSet<>();
        errors.forEach(e -> reported.add(e.field()));
        for (FieldError e : validation) {
            if (reported.add(e.field())) {
                all.add(e);
            }
        }
        return all;
    }
}
