package dk.vagtcentral.protocol.dc09;

/**
 * Why bytes did not decode into a message. {@link #frameIntact()} tells whether the frame arrived
 * as sent (length and CRC check out): only then may the receiver answer it, with DUH; a damaged
 * frame is never answered, so the sender retransmits it.
 */
public enum DecodeFailure {
    /** Bytes outside any frame (before a line feed). */
    GARBAGE(false),
    /** A frame cut off by the start of the next one. */
    TRUNCATED(false),
    /** More than the frame cap without a closing carriage return. */
    OVERSIZED(false),
    /** A byte outside printable ASCII. */
    NON_ASCII(false),
    /** CRC or length field is not hex, or the frame is too short to hold them. */
    BAD_HEADER(false),
    BAD_LENGTH(false),
    BAD_CRC(false),
    /** Length and CRC check out, but the fields after them do not follow the DC-09 syntax. */
    MALFORMED(true),
    /** The timestamp field is present but not a valid {@code _HH:MM:SS,MM-DD-YYYY}. */
    BAD_TIMESTAMP(true),
    /** An encrypted message for an account without a key. */
    UNKNOWN_KEY(true),
    /** An encrypted message that does not decrypt with the account's key. */
    DECRYPT_FAILED(true),
    /** An encrypted message without the timestamp the standard requires. */
    MISSING_TIMESTAMP(true);

    private final boolean frameIntact;

    DecodeFailure(boolean frameIntact) {
        this.frameIntact = frameIntact;
    }

    public boolean frameIntact() {
        return frameIntact;
    }
}
