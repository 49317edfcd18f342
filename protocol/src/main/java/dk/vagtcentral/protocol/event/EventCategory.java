package dk.vagtcentral.protocol.event;

/** What an alarm event means for dispatch, most urgent first. */
public enum EventCategory {
    /** Fire, smoke, heat, gas: fire-and-rescue is involved at once. */
    FIRE,
    /** Personal emergency, medical, fall, panic: a human must answer within the response window. */
    EMERGENCY,
    /** Low battery, mains loss, tamper, communication trouble: to the supplier's desk, no response window. */
    TECHNICAL,
    /** The citizen or the device cancelled an alarm. */
    CANCEL,
    /** A condition reported earlier has ended. */
    RESTORE,
    /** Periodic or manual test report. */
    TEST,
    /** Link supervision (DC-09 NULL message). */
    SUPERVISION,
    /** A known code with no dispatch meaning, or an unknown code: stored and shown, never dropped. */
    OTHER,
    /**
     * A frame from a known device whose data this receiver does not understand: stored with its raw data, ACKed,
     * and treated as an emergency by the desk (never DUH'd: a DUH'd emergency is an emergency lost).
     */
    UNKNOWN;

    /** Categories whose events put a life at stake: they are raised even when the device clock is off. */
    public boolean isLifeSafety() {
        return this == FIRE || this == EMERGENCY || this == UNKNOWN;
    }
}
