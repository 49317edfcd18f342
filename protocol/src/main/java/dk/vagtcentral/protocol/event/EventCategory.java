package dk.vagtcentral.protocol.event;

/** What an alarm event means for dispatch, most urgent first. */
public enum EventCategory {
    /** Fire, smoke, heat, gas: fire-and-rescue is involved at once. */
    FIRE,
    /** Personal emergency, medical, fall, panic: a human must answer within the response window. */
    EMERGENCY,
    /**
     * An intact message from a known device whose data this receiver does not understand (a shape no parser here
     * knows, or fields longer than any real panel sends). It is stored with its raw data and acknowledged, so the
     * device does not give up on it, and the desk must treat it as an emergency: it may well be one.
     */
    UNKNOWN,
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
    OTHER;

    /**
     * Categories whose events put a life at stake: they are raised even when the device clock is off. UNKNOWN is
     * one of them, because nobody can tell that a message we could not read was not an emergency.
     */
    public boolean isLifeSafety() {
        return this == FIRE || this == EMERGENCY || this == UNKNOWN;
    }
}
