package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.event.EventCodeTable;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.store.NewAlarm;
import dk.vagtcentral.server.store.RetransmissionKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a JSON alarm submitted by an integration ({@code POST /api/v1/alarms}) and turns it into a
 * {@link NewAlarm}. Every problem is reported as an {@link InvalidRequest} naming the field.
 */
public final class ApiAlarmRequest {
    private static final Set<String> FIELDS = Set.of("account", "eventCode", "qualifier", "zone", "text", "time");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Fa-f]{3,16}");
    private static final Pattern SIA_CODE = Pattern.compile("[A-Z]{2}");
    private static final Pattern CID_CODE = Pattern.compile("[0-9]{3}");
    private static final Pattern ZONE = Pattern.compile("[0-9A-Za-z]{1,8}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,100}");
    private static final int MAX_TEXT = 1000;

    /** A request that cannot be accepted; {@code unknownDevice} distinguishes a well-formed but unregistered account. */
    public static final class InvalidRequest extends RuntimeException {
        private final boolean unknownDevice;

        InvalidRequest(String message, boolean unknownDevice) {
            super(message);
            this.unknownDevice = unknownDevice;
        }

        public boolean unknownDevice() {
            return unknownDevice;
        }
    }

    private ApiAlarmRequest() {
    }

    /**
     * @param body           the parsed JSON object
     * @param idempotencyKey the Idempotency-Key header, or null
     * @param maxAhead       how far in the future {@code time} may lie
     */
    public static NewAlarm parse(Map<String, Object> body, String idempotencyKey, DeviceRegistry devices,
                                 Instant now, Duration maxAhead) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw invalid("unknown field '" + field + "'; allowed: account, eventCode, qualifier, zone, text, time");
            }
        }
        String account = requiredString(body, "account").toUpperCase(Locale.ROOT);
        if (!ACCOUNT.matcher(account).matches()) {
            throw invalid("account must be 3-16 hex digits");
        }
        if (devices.find(account) == null) {
            throw new InvalidRequest("no device is registered with account " + account, true);
        }
        String code = requiredString(body, "eventCode").toUpperCase(Locale.ROOT);
        String qualifier = optionalString(body, "qualifier");
        EventCodeTable.Entry entry;
        String messageId;
        if (SIA_CODE.matcher(code).matches()) {
            if (qualifier != null) {
                throw invalid("qualifier applies to Contact ID codes only, not to SIA code " + code);
            }
            entry = EventCodeTable.sia(code);
            messageId = "API-SIA";
            qualifier = "N";
        } else if (CID_CODE.matcher(code).matches()) {
            qualifier = qualifier == null ? "1" : qualifier;
            if (!Set.of("1", "3", "6").contains(qualifier)) {
                throw invalid("qualifier must be 1 (new event), 3 (restore) or 6 (status)");
            }
            entry = EventCodeTable.contactId(qualifier.charAt(0), code);
            messageId = "API-CID";
        } else {
            throw invalid("eventCode must be a SIA code (two letters, e.g. QA) or a Contact ID code (three digits, e.g. 101)");
        }
        String zone = optionalString(body, "zone");
        if (zone != null && !ZONE.matcher(zone).matches()) {
            throw invalid("zone must be 1-8 letters or digits");
        }
        String text = optionalString(body, "text");
        if (text != null && text.length() > MAX_TEXT) {
            throw invalid("text must be at most " + MAX_TEXT + " characters");
        }
        Instant time = null;
        String timeText = optionalString(body, "time");
        if (timeText != null) {
            try {
                time = Instant.parse(timeText);
            } catch (DateTimeParseException e) {
                throw invalid("time must be an ISO-8601 instant such as 2026-11-23T09:30:00Z");
            }
            if (time.isAfter(now.plus(maxAhead))) {
                throw invalid("time lies in the future (more than " + maxAhead.toSeconds() + " s ahead of the server clock)");
            }
        }
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw invalid("Idempotency-Key header must be 1-100 printable ASCII characters without spaces");
        }
        String events = code + (zone == null ? "" : zone);
        String detail = "JSON API " + code + (zone == null ? "" : " zone " + zone)
                + (idempotencyKey == null ? "" : " idempotency key " + idempotencyKey);
        return new NewAlarm(account, AlarmSource.API, messageId, null, events, null, entry.category(), code, qualifier,
                zone, null, events, text, time, now, false, null, idempotencyKey,
                RetransmissionKeys.forApi(account, idempotencyKey), detail);
    }

    private static String requiredString(Map<String, Object> body, String field) {
        String value = optionalString(body, field);
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        return value;
    }

    private static String optionalString(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw invalid(field + " must be a string");
        }
        return s;
    }

    private static InvalidRequest invalid(String message) {
        return new InvalidRequest(message, false);
    }

    static List<String> fields() {
        return List.copyOf(FIELDS);
    }
}
