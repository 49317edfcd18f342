package dk.vagtcentral.protocol.scaip;

/**
 * The status number ({@code snu}) of an {@code <mrs>}: what the receiver did with the {@code <mrq>}. Numbers and
 * meanings as in the public field model of caruhome/scaip-gateway ({@code StatusNumber} in spec.py).
 */
public enum ScaipStatus {
    OK(0, "OK"),
    TOO_LONG(1, "message too long"),
    INVALID_FORMAT(2, "invalid format"),
    WRONG_DATA(3, "wrong data content"),
    HOLD(4, "hold"),
    NOT_TREATED(5, "not treated"),
    BUSY(6, "busy"),
    MANDATORY_MISSING(7, "mandatory tag missing");

    private final int number;
    private final String text;

    ScaipStatus(int number, String text) {
        this.number = number;
        this.text = text;
    }

    public int number() {
        return number;
    }

    public String text() {
        return text;
    }

    public static ScaipStatus of(int number) {
        for (ScaipStatus s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalArgumentException("no SCAIP status number " + number);
    }
}
