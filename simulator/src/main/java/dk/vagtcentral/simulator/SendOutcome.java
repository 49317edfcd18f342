package dk.vagtcentral.simulator;

/** How the transmission of one message ended. */
public enum SendOutcome {
    /** The receiver acknowledged the message. */
    ACKED,
    /** The receiver answered DUH ("unable to process"); the device gave up on the message. */
    DUH,
    /** SCAIP: the receiver's {@code <mrs>} has a status number other than 0 ({@link SendResult#mrs()}). */
    REFUSED,
    /** Attempt budget or deadline exhausted without ACK, or the client was closed. */
    FAILED,
    /** Never transmitted: dropped from the device's queue when a load run stopped. */
    CANCELLED
}
