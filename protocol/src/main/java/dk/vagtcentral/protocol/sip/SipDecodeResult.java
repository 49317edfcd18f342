package dk.vagtcentral.protocol.sip;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one SIP message: the message, a keep-alive (an empty line, RFC 5626 §3.5.1), or a failure
 * with its reason. A failed request whose headers were read far enough to be answered carries them as
 * {@link #answerable()}, so the receiver can send an error response (RFC 3261 §21.4.1: 400 Bad Request).
 */
public final class SipDecodeResult {
    private static final SipDecodeResult KEEPALIVE = new SipDecodeResult(null, null, null, null, true);

    private final SipMessage message;
    private final SipDecodeFailure failure;
    private final String detail;
    private final SipRequest answerable;
    private final boolean keepalive;

    private SipDecodeResult(SipMessage message, SipDecodeFailure failure, String detail, SipRequest answerable,
                            boolean keepalive) {
        this.message = message;
        this.failure = failure;
        this.detail = detail;
        this.answerable = answerable;
        this.keepalive = keepalive;
    }

    public static SipDecodeResult success(SipMessage message) {
        return new SipDecodeResult(Objects.requireNonNull(message), null, null, null, false);
    }

    public static SipDecodeResult keepalive() {
        return KEEPALIVE;
    }

    public static SipDecodeResult failure(SipDecodeFailure failure, String detail) {
        return new SipDecodeResult(null, Objects.requireNonNull(failure), detail, null, false);
    }

    /** A failure of a request whose headers read: it can be answered with an error response. */
    public static SipDecodeResult failure(SipDecodeFailure failure, String detail, SipRequest headersRead) {
        return new SipDecodeResult(null, Objects.requireNonNull(failure), detail,
                failure.answerable() ? headersRead : null, false);
    }

    public boolean isSuccess() {
        return message != null;
    }

    public boolean isKeepalive() {
        return keepalive;
    }

    public SipMessage message() {
        if (message == null) {
            throw new IllegalStateException("not decoded: " + failure + " (" + detail + ")");
        }
        return message;
    }

    public SipDecodeFailure failure() {
        return failure;
    }

    public String detail() {
        return detail;
    }

    /** The request's headers, for an error response, when the failure allows one. */
    public Optional<SipRequest> answerable() {
        return Optional.ofNullable(answerable);
    }

    @Override
    public String toString() {
        return keepalive ? "Keepalive" : isSuccess() ? "Decoded[" + message + "]" : "Failed[" + failure + ": " + detail + "]";
    }
}
