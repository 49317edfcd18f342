package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.ExtendedData;
import dk.vagtcentral.protocol.event.AlarmEvent;
import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.protocol.event.EventData;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.domain.ClockCheck;
import dk.vagtcentral.server.store.NewAlarm;
import dk.vagtcentral.server.store.RetransmissionKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a received DC-09 message and its parsed data into the {@link NewAlarm} to commit. Data that was not
 * understood becomes an UNKNOWN alarm whose text shows the reason and the raw data, so the desk sees at once
 * what the device sent.
 */
final class Dc09NewAlarms {
    /** The event code stored for data that was not understood: no code was read. */
    static final String NO_CODE = "";

    private Dc09NewAlarms() {
    }

    static NewAlarm of(Dc09Message m, String account, EventData.Result data, AlarmSource source, String remote,
                       Instant now, ClockCheck.Result clockResult, boolean clockSuspect) {
        String extended = m.extendedData().isEmpty() ? null
                : m.extendedData().stream().map(x -> "[" + x + "]").collect(Collectors.joining());
        String compact = data.compact();
        String detail = m.id() + (m.encrypted() ? " (encrypted)" : "") + " seq " + m.sequence() + " via " + source
                + " from " + remote
                + (data.understood() ? "; events " + compact : "; DATA NOT UNDERSTOOD (" + data.reason() + ")")
                + (clockSuspect ? "; CLOCK SUSPECT: device clock off by " + clockResult.driftMillis() + " ms" : "");
        List<String> keys = RetransmissionKeys.forDc09(account, m.sequence(), m.data(), extended, m.timestamp());
        if (!data.understood()) {
            String text = "Data not understood (" + data.reason() + "): " + m.data()
                    + (extended == null ? "" : " " + extended);
            return new NewAlarm(account, source, m.id(), m.sequence(), m.data(), extended, EventCategory.UNKNOWN,
                    NO_CODE, null, null, null, "", text, m.timestamp(), now, clockSuspect, clockResult.driftMillis(),
                    null, keys, detail);
        }
        AlarmEvent primary = data.primary().orElseThrow();
        return new NewAlarm(account, source, m.id(), m.sequence(), m.data(), extended, data.category(),
                primary.code(), String.valueOf(primary.qualifier()), primary.zone(), primary.partition(), compact,
                text(data, m), m.timestamp(), now, clockSuspect, clockResult.driftMillis(), null, keys, detail);
    }

    /** The events' text, then the descriptive extended data (alarm text, room, location...); null when none. */
    static String text(EventData.Result data, Dc09Message m) {
        List<String> parts = new ArrayList<>();
        for (AlarmEvent e : data.events()) {
            if (!e.text().isEmpty() && !parts.contains(e.text())) {
                parts.add(e.text());
            }
        }
        for (ExtendedData x : m.extendedDataBlocks()) {
            String label = switch (x.type()) {
                case ALARM_TEXT -> "text";
                case ROOM -> "room";
                case LOCATION -> "location";
                case BUILDING_NAME -> "building";
                case SITE_NAME -> "site";
                default -> null;
            };
            if (label != null && !x.value().isBlank()) {
                parts.add(label + ": " + x.value().strip());
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
