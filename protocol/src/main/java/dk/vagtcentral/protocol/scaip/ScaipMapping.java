package dk.vagtcentral.protocol.scaip;

import dk.vagtcentral.protocol.event.EventCategory;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The one table from SCAIP to the domain: which {@code <mrq>} is a call, a fire, a technical notice, a restore, a
 * cancel, a test or a heartbeat. Codes compare as numbers ({@code 0016} is 16).
 *
 * <p>Sources: code numbers and names from the public field model of caruhome/scaip-gateway
 * ({@code scaip_gateway/spec.py}: {@code DeviceType}, {@code StatusCode}, {@code MessageType}); the message types ME
 * (alarm), RE (reset), IN (information), PI (heartbeat) from the same file; what each means for dispatch from
 * DOMAIN.md (rules 4, 12, 13) and the issue that introduced SCAIP (#14). The same table, in prose, is
 * docs/scaip.md.
 *
 * <p>Order of the decision, first match wins:
 * <ol>
 *   <li>{@code mty} PI → SUPERVISION (heartbeat: device health only, nothing stored as an alarm);</li>
 *   <li>{@code mty} neither ME, RE, IN, PI nor absent → UNKNOWN (raised like an emergency: nobody can tell it was
 *       not one);</li>
 *   <li>{@code mty} RE → RESTORE (a reset: a hint on the open call it resets, never closes it, rule 13);</li>
 *   <li>status code: cancel, abort, intervention complete → CANCEL; a restore → RESTORE; a test transmission or
 *       "normal state" → TEST; a battery, mains, link, tamper or equipment fault → TECHNICAL; assistance →
 *       EMERGENCY; a status code that is not a number → UNKNOWN;</li>
 *   <li>{@code mty} IN (information) with any other status → OTHER (stored, shown, no window);</li>
 *   <li>device type: smoke, heat, gas, carbon monoxide, sprinkler, fire alarm system → FIRE; system, link, power,
 *       router, printer, tamper, flood, heating, lighting, environment monitors → TECHNICAL; a device type that is
 *       not a number → UNKNOWN; every other and unknown device type (personal trigger, fall, man-down, bed, mat, door,
 *       wandering, epilepsy...) → EMERGENCY: a call with the response window.</li>
 * </ol>
 */
public final class ScaipMapping {
    static final Map<Integer, String> DEVICE_TYPES = Map.ofEntries(
            Map.entry(0, "Unknown device"), Map.entry(1, "Undefined device"),
            Map.entry(2, "Local unit and controller"), Map.entry(3, "Personal trigger"),
            Map.entry(4, "Fixed trigger"), Map.entry(5, "Fall detector"), Map.entry(6, "Personal attack trigger"),
            Map.entry(7, "Panic button"), Map.entry(8, "Duty switch (remote)"), Map.entry(9, "Duty switch (local)"),
            Map.entry(10, "Activity detector"), Map.entry(11, "Pill dispenser"), Map.entry(12, "Bed monitor"),
            Map.entry(13, "Mat sensor"), Map.entry(14, "Door sensor"), Map.entry(15, "Wandering sensor"),
            Map.entry(16, "Enuresis detector"), Map.entry(17, "Epilepsy detector"),
            Map.entry(18, "Occupancy detector"), Map.entry(19, "Heart rate monitor"),
            Map.entry(20, "Environmental monitor"), Map.entry(21, "Gas detector"),
            Map.entry(22, "Lighting circuit monitor"), Map.entry(23, "Smoke detector"),
            Map.entry(24, "Heating system monitor"), Map.entry(25, "Heat detector"),
            Map.entry(26, "Carbon monoxide detector"), Map.entry(27, "Bogus caller switch"),
            Map.entry(28, "Intruder detector"), Map.entry(29, "Boundary detector"),
            Map.entry(30, "Automatic man-down detector"), Map.entry(31, "System monitor"),
            Map.entry(32, "Communication link monitor"), Map.entry(33, "Flood detector"),
            Map.entry(34, "Bath sensor"), Map.entry(35, "Latch key"), Map.entry(36, "Perimeter"),
            Map.entry(37, "Sprinkler"), Map.entry(38, "Tamper"), Map.entry(39, "Printer"), Map.entry(40, "Router"),
            Map.entry(41, "Power supply"), Map.entry(43, "Access controller"), Map.entry(44, "Chair monitor"),
            Map.entry(45, "Controller"), Map.entry(46, "Elevator alarm unit"), Map.entry(47, "Fire alarm system"),
            Map.entry(48, "Local unit"), Map.entry(49, "Monitoring device"), Map.entry(50, "Radio unit"),
            Map.entry(51, "Tracking device"));

    static final Map<Integer, String> STATUS_CODES = Map.ofEntries(
            Map.entry(0, "unknown status"), Map.entry(1, "undefined status"), Map.entry(2, "abort"),
            Map.entry(3, "absent"), Map.entry(6, "activated"), Map.entry(7, "active"),
            Map.entry(9, "automatic alarm"), Map.entry(10, "manual alarm"), Map.entry(11, "alert"),
            Map.entry(14, "battery failure"), Map.entry(15, "battery OK"), Map.entry(16, "battery low"),
            Map.entry(19, "cancel"), Map.entry(21, "closed"), Map.entry(22, "closed too long"),
            Map.entry(23, "IP connection failure"), Map.entry(24, "mobile network connection failure"),
            Map.entry(25, "POTS connection failure"), Map.entry(26, "primary communication link failure"),
            Map.entry(27, "redundant communication link failure"), Map.entry(42, "failure"),
            Map.entry(52, "jammed"), Map.entry(63, "loss"), Map.entry(65, "maintenance needed"),
            Map.entry(66, "urgent maintenance needed"), Map.entry(67, "malfunction"), Map.entry(68, "memory full"),
            Map.entry(70, "normal state"), Map.entry(73, "offline"), Map.entry(76, "open"),
            Map.entry(77, "open too long"), Map.entry(78, "out of service"), Map.entry(81, "pill not taken"),
            Map.entry(82, "pill reminder"), Map.entry(83, "pill taken"), Map.entry(85, "power failure"),
            Map.entry(86, "power restored"), Map.entry(88, "presence after alarm"), Map.entry(91, "reestablished"),
            Map.entry(92, "automatic reset"), Map.entry(93, "manual reset"), Map.entry(94, "restoral"),
            Map.entry(95, "RF interference"), Map.entry(100, "temperature high"), Map.entry(101, "temperature low"),
            Map.entry(102, "test transmission (primary channel)"),
            Map.entry(103, "test transmission (redundant channel)"), Map.entry(105, "trouble"),
            Map.entry(110, "assistance"), Map.entry(111, "intervention complete"),
            Map.entry(112, "IP connection reestablished"), Map.entry(113, "mobile network connection reestablished"),
            Map.entry(114, "POTS connection reestablished"),
            Map.entry(115, "primary communication link reestablished"),
            Map.entry(116, "redundant communication link reestablished"), Map.entry(117, "lying in bed"),
            Map.entry(119, "movement"), Map.entry(121, "present"), Map.entry(122, "radio interference"),
            Map.entry(123, "radio test transmission missing"),
            Map.entry(124, "radio test transmission reestablished"), Map.entry(125, "tamper alarm"));

    /** A device's cancel, an aborted alarm, a carer's "intervention complete": a hint on the open call (rule 13). */
    static final Set<Integer> CANCEL = Set.of(2, 19, 111);
    /** Resets and restores. */
    static final Set<Integer> RESTORE = Set.of(15, 86, 91, 92, 93, 94, 112, 113, 114, 115, 116, 124);
    /** Test transmissions and "normal state" reports: supervision, nobody is told. */
    static final Set<Integer> TEST = Set.of(70, 102, 103);
    /** Battery, mains, communication link and equipment faults: a notice to the supplier's desk. */
    static final Set<Integer> TECHNICAL = Set.of(14, 16, 23, 24, 25, 26, 27, 42, 52, 63, 65, 66, 67, 68, 73, 78, 85,
            95, 105, 122, 123, 125);
    /** A carer on site asks for help: a call. */
    static final Set<Integer> ASSISTANCE = Set.of(110);
    static final Set<Integer> FIRE_DEVICES = Set.of(21, 23, 25, 26, 37, 47);
    static final Set<Integer> TECHNICAL_DEVICES = Set.of(20, 22, 24, 31, 32, 33, 38, 39, 40, 41);

    /** Which condition codes each restore code restores (same device, rule 13). */
    private static final Map<String, Set<String>> RESTORES = Map.ofEntries(
            Map.entry("15", Set.of("14", "16")), Map.entry("86", Set.of("85")),
            Map.entry("112", Set.of("23")), Map.entry("113", Set.of("24")), Map.entry("114", Set.of("25")),
            Map.entry("115", Set.of("26")), Map.entry("116", Set.of("27")), Map.entry("124", Set.of("123")));
    /** Generic "reestablished"/"restoral": any technical condition of the same device. */
    private static final Set<String> GENERIC_RESTORE = Set.of("91", "94");
    /** Resets: of an alarm (a call), never of a technical condition. */
    private static final Set<String> RESETS = Set.of("RE", "92", "93");

    private ScaipMapping() {
    }

    public static ScaipEvent classify(Mrq m) {
        String mty = m.mty();
        OptionalInt stc = m.code(Mrq.STC);
        OptionalInt dty = m.code(Mrq.DTY);
        String device = dty.isPresent() ? DEVICE_TYPES.getOrDefault(dty.getAsInt(), "Device type " + dty.getAsInt())
                : "Device type '" + m.value(Mrq.DTY) + "'";
        String status = stc.isPresent() ? STATUS_CODES.getOrDefault(stc.getAsInt(), "status " + stc.getAsInt())
                : m.unreadableCode(Mrq.STC) ? "status '" + m.value(Mrq.STC) + "'" : null;
        String code = stc.isPresent() ? Integer.toString(stc.getAsInt()) : mty == null ? "ME" : mty;
        String what = device + (status == null ? "" : ": " + status);
        if ("PI".equals(mty)) {
            return new ScaipEvent(EventCategory.SUPERVISION, "PI", device + ": heartbeat", true);
        }
        if (mty != null && !Set.of("ME", "RE", "IN").contains(mty)) {
            return new ScaipEvent(EventCategory.UNKNOWN, "", what + " (message type '" + mty + "' not understood)",
                    false);
        }
        if ("RE".equals(mty)) {
            return new ScaipEvent(EventCategory.RESTORE, stc.isPresent() && RESTORE.contains(stc.getAsInt()) ? code
                    : "RE", what + (status == null ? ": reset" : " (reset)"), true);
        }
        if (m.unreadableCode(Mrq.STC)) {
            return new ScaipEvent(EventCategory.UNKNOWN, "", what + " not understood", false);
        }
        if (stc.isPresent()) {
            int s = stc.getAsInt();
            EventCategory byStatus = CANCEL.contains(s) ? EventCategory.CANCEL
                    : RESTORE.contains(s) ? EventCategory.RESTORE
                    : TEST.contains(s) ? EventCategory.TEST
                    : TECHNICAL.contains(s) ? EventCategory.TECHNICAL
                    : ASSISTANCE.contains(s) ? EventCategory.EMERGENCY : null;
            if (byStatus != null) {
                return new ScaipEvent(byStatus, code, what, true);
            }
        }
        if ("IN".equals(mty)) {
            return new ScaipEvent(EventCategory.OTHER, code, what + " (information)", true);
        }
        if (dty.isEmpty()) {
            return new ScaipEvent(EventCategory.UNKNOWN, "", what + " not understood", false);
        }
        int d = dty.getAsInt();
        EventCategory byDevice = FIRE_DEVICES.contains(d) ? EventCategory.FIRE
                : TECHNICAL_DEVICES.contains(d) ? EventCategory.TECHNICAL : EventCategory.EMERGENCY;
        return new ScaipEvent(byDevice, code, what, true);
    }

    /**
     * Whether an event with {@code restoreCode} (a RESTORE from the same device) restores a condition with
     * {@code conditionCode} of {@code conditionCategory}: a reset restores an alarm (only as a hint on the call); a
     * battery, mains or link restore restores its own fault; a generic restoral any technical fault.
     */
    public static boolean restores(String restoreCode, String conditionCode, EventCategory conditionCategory) {
        String r = number(restoreCode);
        String c = number(conditionCode);
        if (RESETS.contains(r)) {
            return conditionCategory.isLifeSafety();
        }
        if (GENERIC_RESTORE.contains(r)) {
            return conditionCategory == EventCategory.TECHNICAL && c.matches("[0-9]+")
                    && TECHNICAL.contains(Integer.parseInt(c));
        }
        return RESTORES.getOrDefault(r, Set.of()).contains(c);
    }

    /** A code as this table writes it: a number without leading zeros; anything else upper-cased. */
    private static String number(String code) {
        String t = code == null ? "" : code.strip();
        return t.matches("[0-9]{1,9}") ? Integer.toString(Integer.parseInt(t)) : t.toUpperCase(java.util.Locale.ROOT);
    }
}
