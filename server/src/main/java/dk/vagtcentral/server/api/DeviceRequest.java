package dk.vagtcentral.server.api;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.scaip.MrsStyle;
import dk.vagtcentral.server.store.Device;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The body of {@code PUT /api/v1/admin/devices/{account}}, validated field by field. */
final class DeviceRequest {
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Fa-f]{3,16}");
    /** A SCAIP controller id, the {@code <cid>} (1-16 digits). */
    private static final Pattern CONTROLLER = Pattern.compile("[0-9]{1,16}");
    private static final Set<String> FIELDS = Set.of("label", "aesKey", "supervisionInterval", "municipalityId",
            "protocol", "password", "mrsStyle");
    private static final int MAX_PASSWORD = 64;
    private static final Duration MIN_SUPERVISION = Duration.ofMinutes(1);

    private DeviceRequest() {
    }

    static Device parse(String account, JsonObject body) {
        for (String field : body.fieldNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest(field + ": is not a known field (label, protocol, aesKey, password, "
                        + "mrsStyle, supervisionInterval, municipalityId)");
            }
        }
        String protocolText = text(body, "protocol");
        Device.Protocol protocol;
        try {
            protocol = protocolText == null ? Device.Protocol.DC09
                    : Device.Protocol.valueOf(protocolText.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("protocol: must be DC09 or SCAIP");
        }
        if (protocol == Device.Protocol.SCAIP) {
            if (account == null || !CONTROLLER.matcher(account).matches()) {
                throw ApiException.badRequest("account: a SCAIP controller id must be 1-16 digits (its <cid>)");
            }
            if (body.containsKey("aesKey")) {
                throw ApiException.badRequest("aesKey: a SCAIP controller has no DC-09 key (use password)");
            }
        } else {
            if (account == null || !ACCOUNT.matcher(account).matches()) {
                throw ApiException.badRequest("account: must be 3-16 hex digits");
            }
            for (String scaipOnly : List.of("password", "mrsStyle")) {
                if (body.containsKey(scaipOnly)) {
                    throw ApiException.badRequest(scaipOnly + ": only for a SCAIP controller (\"protocol\": \"SCAIP\")");
                }
            }
        }
        String label = text(body, "label");
        if (label != null && label.length() > 200) {
            throw ApiException.badRequest("label: must be at most 200 characters");
        }
        String key = text(body, "aesKey");
        if (key != null) {
            key = key.strip().toUpperCase(Locale.ROOT);
            try {
                Dc09Cipher.parseKey(key);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("aesKey: must be 32, 48 or 64 hex digits (AES-128/192/256)");
            }
        }
        Duration supervision = null;
        String interval = text(body, "supervisionInterval");
        if (interval != null) {
            try {
                supervision = Duration.parse(interval.strip());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("supervisionInterval: must be an ISO-8601 duration such as PT25H");
            }
            if (supervision.compareTo(MIN_SUPERVISION) < 0) {
                throw ApiException.badRequest("supervisionInterval: must be at least PT1M, got " + interval);
            }
        }
        String municipality = text(body, "municipalityId");
        if (municipality != null && municipality.length() > 64) {
            throw ApiException.badRequest("municipalityId: must be at most 64 characters");
        }
        if (protocol == Device.Protocol.SCAIP) {
            String password = text(body, "password");
            if (password != null && password.length() > MAX_PASSWORD) {
                throw ApiException.badRequest("password: must be at most " + MAX_PASSWORD + " characters");
            }
            String styleText = text(body, "mrsStyle");
            MrsStyle style;
            try {
                style = styleText == null ? null : MrsStyle.valueOf(styleText.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("mrsStyle: must be MESSAGE or BODY");
            }
            return Device.scaip(account, label, password, style, supervision,
                    municipality == null ? null : municipality.strip());
        }
        return Device.register(account.toUpperCase(Locale.ROOT), key, label, supervision,
                municipality == null ? null : municipality.strip());
    }

    /** Whether a device's municipality is on record; an unknown one is refused by the caller with this message. */
    static String unknownMunicipality(String municipalityId) {
        return "municipalityId: no municipality with id " + municipalityId;
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw ApiException.badRequest(field + ": must be a non-empty string");
        }
        return s;
    }
}
