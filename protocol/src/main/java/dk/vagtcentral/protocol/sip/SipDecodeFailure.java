package dk.vagtcentral.protocol.sip;

/**
 * Why bytes did not decode into a SIP message. {@link #answerable()}: a request whose {@code Via}, {@code From},
 * {@code To}, {@code Call-ID} and {@code CSeq} were read may still be answered with an error response (400, 505, 513);
 * anything else is dropped. {@link #framingLost()}: on a stream the bytes after it cannot be trusted to start a
 * message, so the connection is closed (after the answer, if any).
 */
public enum SipDecodeFailure {
    /** More bytes than a SCAIP message may have (header section or body). */
    OVERSIZED(true, true),
    /** The first line is neither a request line nor a status line. */
    BAD_START_LINE(false, true),
    /** A request for a SIP version other than 2.0. */
    UNSUPPORTED_VERSION(true, false),
    /** A header line without a colon, or a malformed value of a header the receiver needs. */
    BAD_HEADER(true, false),
    /** A mandatory header ({@code Via}, {@code From}, {@code To}, {@code Call-ID}, {@code CSeq}) is missing. */
    MISSING_HEADER(true, false),
    /** {@code Content-Length} is not a number, or (UDP) says more than the datagram holds; on TCP it is mandatory. */
    BAD_CONTENT_LENGTH(true, true),
    /** A byte that has no place in a header section (NUL and other control characters). */
    BINARY(false, true);

    private final boolean answerable;
    private final boolean framingLost;

    SipDecodeFailure(boolean answerable, boolean framingLost) {
        this.answerable = answerable;
        this.framingLost = framingLost;
    }

    public boolean answerable() {
        return answerable;
    }

    public boolean framingLost() {
        return framingLost;
    }
}
