package dk.vagtcentral.protocol.event;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps SIA DC-03 and Contact ID event codes to {@link EventCategory}. Social-alarm transmitters report a
 * pendant press as personal emergency or medical and a fall detector as medical or personal emergency on
 * its own zone, so both map to EMERGENCY. Unknown codes map to OTHER and are still stored.
 */
public final class EventCodeTable {
    public record Entry(EventCategory category, String description) {
    }

    private static final Map<String, Entry> SIA = new HashMap<>();
    private static final Map<String, Entry> CID = new HashMap<>();

    static {
        sia("QA", EventCategory.EMERGENCY, "Emergency alarm");
        sia("QH", EventCategory.RESTORE, "Emergency alarm restore");
        sia("QR", EventCategory.RESTORE, "Emergency restoral");
        sia("MA", EventCategory.EMERGENCY, "Medical alarm");
        sia("MH", EventCategory.RESTORE, "Medical alarm restore");
        sia("MR", EventCategory.RESTORE, "Medical restoral");
        sia("PA", EventCategory.EMERGENCY, "Panic alarm");
        sia("PH", EventCategory.RESTORE, "Panic alarm restore");
        sia("PR", EventCategory.RESTORE, "Panic restoral");
        sia("HA", EventCategory.EMERGENCY, "Holdup (duress) alarm");
        sia("HH", EventCategory.RESTORE, "Holdup alarm restore");
        sia("FA", EventCategory.FIRE, "Fire alarm");
        sia("FH", EventCategory.RESTORE, "Fire alarm restore");
        sia("FR", EventCategory.RESTORE, "Fire restoral");
        sia("KA", EventCategory.FIRE, "Heat alarm");
        sia("KH", EventCategory.RESTORE, "Heat alarm restore");
        sia("GA", EventCategory.FIRE, "Gas alarm");
        sia("GH", EventCategory.RESTORE, "Gas alarm restore");
        sia("FT", EventCategory.TECHNICAL, "Fire trouble");
        sia("FJ", EventCategory.RESTORE, "Fire trouble restore");
        sia("YT", EventCategory.TECHNICAL, "System battery trouble");
        sia("YR", EventCategory.RESTORE, "System battery restoral");
        sia("YM", EventCategory.TECHNICAL, "System battery missing");
        sia("XT", EventCategory.TECHNICAL, "Transmitter battery trouble");
        sia("XR", EventCategory.RESTORE, "Transmitter battery restoral");
        sia("AT", EventCategory.TECHNICAL, "AC (mains) trouble");
        sia("AR", EventCategory.RESTORE, "AC (mains) restoral");
        sia("TA", EventCategory.TECHNICAL, "Tamper alarm");
        sia("TR", EventCategory.RESTORE, "Tamper restoral");
        sia("YC", EventCategory.TECHNICAL, "Communications fail");
        sia("YK", EventCategory.RESTORE, "Communications restoral");
        sia("YS", EventCategory.TECHNICAL, "Communications trouble");
        sia("UT", EventCategory.TECHNICAL, "Untyped zone trouble");
        sia("UJ", EventCategory.RESTORE, "Untyped zone trouble restore");
        sia("RP", EventCategory.TEST, "Automatic test");
        sia("RX", EventCategory.TEST, "Manual test");
        sia("TS", EventCategory.TEST, "Test start");
        sia("TE", EventCategory.TEST, "Test end");
        sia("BC", EventCategory.CANCEL, "Burglary cancel");
        sia("OC", EventCategory.CANCEL, "Cancel report");

        cid("100", EventCategory.EMERGENCY, "Medical alarm");
        cid("101", EventCategory.EMERGENCY, "Personal emergency");
        cid("102", EventCategory.TECHNICAL, "Fail to report in");
        cid("110", EventCategory.FIRE, "Fire alarm");
        cid("111", EventCategory.FIRE, "Smoke alarm");
        cid("112", EventCategory.FIRE, "Combustion alarm");
        cid("114", EventCategory.FIRE, "Heat alarm");
        cid("117", EventCategory.FIRE, "Flame alarm");
        cid("120", EventCategory.EMERGENCY, "Panic alarm");
        cid("121", EventCategory.EMERGENCY, "Duress");
        cid("122", EventCategory.EMERGENCY, "Silent panic");
        cid("123", EventCategory.EMERGENCY, "Audible panic");
        cid("137", EventCategory.TECHNICAL, "Tamper (control panel)");
        cid("144", EventCategory.TECHNICAL, "Sensor tamper");
        cid("151", EventCategory.FIRE, "Gas detected");
        cid("301", EventCategory.TECHNICAL, "AC (mains) loss");
        cid("302", EventCategory.TECHNICAL, "Low system battery");
        cid("309", EventCategory.TECHNICAL, "Battery test failure");
        cid("311", EventCategory.TECHNICAL, "Battery missing");
        cid("350", EventCategory.TECHNICAL, "Communication trouble");
        cid("354", EventCategory.TECHNICAL, "Failure to communicate event");
        cid("373", EventCategory.TECHNICAL, "Fire loop trouble");
        cid("381", EventCategory.TECHNICAL, "Loss of RF supervision");
        cid("383", EventCategory.TECHNICAL, "Sensor tamper");
        cid("384", EventCategory.TECHNICAL, "RF low battery");
        cid("406", EventCategory.CANCEL, "Cancel");
        cid("601", EventCategory.TEST, "Manual trigger test");
        cid("602", EventCategory.TEST, "Periodic test report");
        cid("603", EventCategory.TEST, "Periodic RF transmission");
    }

    private EventCodeTable() {
    }

    private static void sia(String code, EventCategory category, String description) {
        SIA.put(code, new Entry(category, description));
    }

    private static void cid(String code, EventCategory category, String description) {
        CID.put(code, new Entry(category, description));
    }

    public static Entry sia(String code) {
        return SIA.getOrDefault(code, new Entry(EventCategory.OTHER, "SIA code " + code));
    }

    /**
     * Contact ID: qualifier '3' turns an alarm or trouble into its restore; a restore of a cancel or
     * test keeps its category. On any other code '3' is not read as a restore: for the open/close codes
     * (400-series) it means "closing", i.e. armed, and a RESTORE would cancel an open call of the device.
     */
    public static Entry contactId(char qualifier, String code) {
        Entry entry = CID.getOrDefault(code, new Entry(EventCategory.OTHER, "Contact ID event " + code));
        if (qualifier == '3' && switch (entry.category()) {
            case FIRE, EMERGENCY, TECHNICAL -> true;
            default -> false;
        }) {
            return new Entry(EventCategory.RESTORE, entry.description() + " restore");
        }
        if (qualifier == '3' && entry.category() == EventCategory.OTHER) {
            return new Entry(EventCategory.OTHER, entry.description() + " (qualifier 3: restore or closing)");
        }
        return entry;
    }
}
