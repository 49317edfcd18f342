package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.event.EventFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** The kinds of message a simulated social-alarm transmitter sends. */
public enum EventKind {
    /** Pendant press: SIA {@code NQA<zone>}, Contact ID {@code 1101 01 <zone>}. */
    EMERGENCY,
    /** Smoke detector: SIA {@code NFA<zone>}, Contact ID {@code 1110 01 <zone>}. */
    FIRE,
    /** Periodic test: SIA {@code NRP000}, Contact ID {@code 1602 00 000}. */
    TEST,
    /** DC-09 link supervision: id "NULL", empty data block. Not an alarm. */
    NULL;

    public static final String DEFAULT_ZONE = "001";
    private static final Pattern ZONE = Pattern.compile("[0-9A-F]{3}");

    /** Whether the receiver stores this kind as an alarm (everything but NULL). */
    public boolean isAlarm() {
        return this != NULL;
    }

    /** The DC-09 id of this kind in the given event format. */
    public String dc09Id(EventFormat format) {
        if (this == NULL) {
            return Dc09Ids.NULL;
        }
        return format == EventFormat.CONTACT_ID ? Dc09Ids.ADM_CID : Dc09Ids.SIA_DCS;
    }

    /** The event part of the data block, without the "#acct|" prefix ("" for NULL). */
    public String content(EventFormat format, String zone) {
        String z = checkZone(zone);
        boolean cid = format == EventFormat.CONTACT_ID;
        return switch (this) {
            case EMERGENCY -> cid ? "1101 01 " + z : "NQA" + z;
            case FIRE -> cid ? "1110 01 " + z : "NFA" + z;
            case TEST -> cid ? "1602 00 000" : "NRP000";
            case NULL -> "";
        };
    }

    /** The whole data block content, e.g. {@code #1000|NQA001}; empty for NULL. */
    public String data(EventFormat format, String account, String zone) {
        return this == NULL ? "" : "#" + account + "|" + content(format, zone);
    }

    /** A zone is three hex digits ("001"); returned upper-case. */
    public static String checkZone(String zone) {
        String z = zone.toUpperCase(Locale.ROOT);
        if (!ZONE.matcher(z).matches()) {
            throw new IllegalArgumentException("zone must be 3 hex digits, got '" + zone + "'");
        }
        return z;
    }

    /** Parses "emergency", "fire", "test" or "null" (case-insensitive). */
    public static EventKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected emergency, fire, test or null, got '" + text + "'");
        }
    }
}
