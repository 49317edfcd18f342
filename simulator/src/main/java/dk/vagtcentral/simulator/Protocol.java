package dk.vagtcentral.simulator;

import java.util.Locale;

/** What a simulated device speaks; each has its {@link Wire} (encoding, replies) behind the same links and routes. */
public enum Protocol {
    /** SIA DC-09 frames: alarm panels and carephones with a DC-09 transmitter ({@link DeviceMessage}). */
    DC09("dc09"),
    /**
     * SCAIP: a SIP {@code MESSAGE} carrying an {@code <mrq>}, answered with an {@code <mrs>} ({@link ScaipMessage}),
     * the protocol of Nordic social-alarm devices (SS 91100).
     */
    SCAIP("scaip");

    private final String cliName;

    Protocol(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Parses "dc09" or "scaip" (case-insensitive). */
    public static Protocol parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Protocol p : values()) {
            if (p.cliName.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("expected dc09 or scaip, got '" + text + "'");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
