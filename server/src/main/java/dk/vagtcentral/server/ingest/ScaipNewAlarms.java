package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.scaip.ScaipEvent;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.domain.Restores;
import dk.vagtcentral.server.store.NewAlarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a received {@code <mrq>} and its meaning into the {@link NewAlarm} to commit. Every element is kept: the
 * request's XML, as received element by element, is the alarm's data (what does not fit the data column goes on in
 * the extended data column). The event code is the status code as a number, with qualifier
 * {@value Restores#SCAIP_QUALIFIER} (so a restore is paired by SCAIP's codes), the zone is the device id
 * ({@code did}), the area the device component ({@code dco}); the call-back address ({@code crd}) is kept for the
 * desk.
 */
final class ScaipNewAlarms {
    static final String MESSAGE_ID = "SCAIP";

    private ScaipNewAlarms() {
    }

    /** The request's XML in the data column, and what does not fit it in the extended column; null when too long. */
    record Data(String data, String extended) {
    }

    static Data data(Mrq m) {
        String xml = m.xml();
        if (xml.length() <= NewAlarm.RAW_DATA) {
            return new Data(xml, null);
        }
        // element by element, in the order received, into the first column while it fits, then the second
        List<Mrq.Element> first = new ArrayList<>();
        List<Mrq.Element> rest = new ArrayList<>();
        for (Mrq.Element e : m.elements()) {
            List<Mrq.Element> candidate = new ArrayList<>(first);
            candidate.add(e);
            if (rest.isEmpty() && new Mrq(candidate).xml().length() <= NewAlarm.RAW_DATA) {
                first.add(e);
            } else {
                rest.add(e);
            }
        }
        String extended = new Mrq(rest).xml();
        return extended.length() <= NewAlarm.RAW_DATA ? new Data(new Mrq(first).xml(), extended) : null;
    }

    /** The keys a retransmission of the same request is recognised by: the same controller, ref and content. */
    static List<String> keys(Mrq m) {
        return List.of("s|" + m.cid() + "|" + m.ref() + "|" + m.xml());
    }

    static NewAlarm of(Mrq m, ScaipEvent event, Data data, AlarmSource source, String remote, Instant now) {
        String crd = m.crd();
        String callback = crd != null && crd.length() <= NewAlarm.CALLBACK_ADDRESS ? crd : null;
        String events = compact(m);
        String detail = "SCAIP MESSAGE ref " + m.ref() + " via " + source + " from " + remote + "; " + events
                + (event.understood() ? "" : "; NOT UNDERSTOOD (" + event.description() + ")")
                + (callback == null ? "" : "; call back " + callback);
        EventCategory category = event.understood() ? event.category() : EventCategory.UNKNOWN;
        String text = text(m, event);
        return new NewAlarm(m.cid(), source, MESSAGE_ID, null, data.data(), data.extended(), category, event.code(),
                Restores.SCAIP_QUALIFIER, nullIfEmpty(m.value(Mrq.DID)), nullIfEmpty(m.value(Mrq.DCO)), events, text,
                null, now, false, null, null, keys(m), detail, callback);
    }

    /** "mty=ME dty=5 stc=9 did=01 dco=17": the codes as sent, for lists and logs. */
    static String compact(Mrq m) {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of(Mrq.MTY, Mrq.DTY, Mrq.STC, Mrq.DID, Mrq.DCO)) {
            String v = m.value(name);
            if (v != null && !v.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : " ").append(name).append('=').append(v);
            }
        }
        return sb.toString();
    }

    /** The meaning, then the device's own texts: status, device, location, info. */
    static String text(Mrq m, ScaipEvent event) {
        List<String> parts = new ArrayList<>();
        parts.add(event.understood() ? event.description() : "Data not understood (" + event.description() + ")");
        for (String[] t : new String[][]{{Mrq.STT, "status"}, {Mrq.DTE, "device"}, {Mrq.LTE, "location"},
                {Mrq.ITE, "info"}}) {
            String v = m.value(t[0]);
            if (v != null && !v.isBlank()) {
                parts.add(t[1] + ": " + v.strip());
            }
        }
        return String.join("; ", parts);
    }

    private static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
