package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.scaip.Mrq;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of {@code <mrq>} a simulated SCAIP device sends, with the message type ({@code mty}), device type
 * ({@code dty}) and status code ({@code stc}) each is sent with. Codes as in the receiver's table
 * ({@link dk.vagtcentral.protocol.scaip.ScaipMapping}), which says what each becomes: a call, a fire, a technical
 * notice, a test, a heartbeat, a reset. The DC-09 kind names are accepted for the nearest SCAIP kind (emergency is a
 * button press, fire a smoke alarm, null a heartbeat), so one event mix reads for both protocols.
 */
public enum ScaipKind {
    /** A pendant press: {@code mty ME}, the device's own type (personal trigger by default), {@code stc 10} manual alarm. */
    BUTTON("button", "emergency", "ME", -1, 10),
    /** A fall detector: {@code mty ME}, {@code dty 5} fall detector, {@code stc 9} automatic alarm. */
    FALL("fall", null, "ME", 5, 9),
    /** A smoke detector: {@code mty ME}, {@code dty 23} smoke detector, {@code stc 9} automatic alarm. */
    SMOKE("smoke", "fire", "ME", 23, 9),
    /** The device's battery: {@code mty ME}, the device's own type, {@code stc 16} battery low. */
    BATTERY_LOW("battery-low", null, "ME", -1, 16),
    /** A periodic test: {@code mty ME}, {@code dty 2} local unit and controller, {@code stc 102} test transmission. */
    TEST("test", "test", "ME", 2, 102),
    /** A heartbeat: {@code mty PI}, {@code dty 2}, no status. Not stored as an alarm. */
    HEARTBEAT("heartbeat", "null", "PI", 2, -1),
    /** A reset of the device's alarm: {@code mty RE}, the device's own type, {@code stc 93} manual reset. */
    RESET("reset", null, "RE", -1, 93);

    private final String cliName;
    private final String dc09Alias;
    private final String messageType;
    private final int deviceType;
    private final int statusCode;

    ScaipKind(String cliName, String dc09Alias, String messageType, int deviceType, int statusCode) {
        this.cliName = cliName;
        this.dc09Alias = dc09Alias;
        this.messageType = messageType;
        this.deviceType = deviceType;
        this.statusCode = statusCode;
    }

    public String cliName() {
        return cliName;
    }

    /** The {@code mty}: ME alarm, PI heartbeat, RE reset. */
    public String messageType() {
        return messageType;
    }

    /** Whether the receiver stores it as an alarm (everything but a heartbeat). */
    public boolean isAlarm() {
        return this != HEARTBEAT;
    }

    /** The {@code dty} sent: this kind's own device type, or {@code ownType} (the device's) when it has none. */
    public int deviceType(int ownType) {
        return deviceType < 0 ? ownType : deviceType;
    }

    /**
     * The request: {@code ref}, {@code cid}, {@code mty}, {@code dty}, {@code stc} when the kind has one, and the
     * voice call-back address {@code crd} on an alarm when the device has one.
     */
    public Mrq mrq(String ref, String cid, int ownType, String callback) {
        List<Mrq.Element> e = new ArrayList<>();
        e.add(new Mrq.Element(Mrq.REF, ref));
        e.add(new Mrq.Element(Mrq.CID, cid));
        e.add(new Mrq.Element(Mrq.MTY, messageType));
        e.add(new Mrq.Element(Mrq.DTY, Integer.toString(deviceType(ownType))));
        if (statusCode >= 0) {
            e.add(new Mrq.Element(Mrq.STC, Integer.toString(statusCode)));
        }
        if (callback != null && "ME".equals(messageType)) {
            e.add(new Mrq.Element(Mrq.CRD, callback));
        }
        return new Mrq(e);
    }

    /** Parses a kind by its name (button, fall, smoke, battery-low, test, heartbeat, reset) or DC-09 alias. */
    public static ScaipKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (ScaipKind k : values()) {
            if (k.cliName.equals(t) || t.equals(k.dc09Alias)) {
                return k;
            }
        }
        throw new IllegalArgumentException("expected button, fall, smoke, battery-low, test, heartbeat or reset"
                + " (or emergency, fire, null), got '" + text + "'");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
