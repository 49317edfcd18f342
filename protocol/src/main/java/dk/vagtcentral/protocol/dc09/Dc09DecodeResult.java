package dk.vagtcentral.protocol.dc09;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one frame: a message, or a failure with its reason. When a failed frame
 * got far enough to show its header (sequence, receiver, prefix, account), {@code header} holds
 * those fields so the receiver can address a DUH to the sender.
 */
public final class Dc09DecodeResult {
    private final Dc09Message message;
    private final DecodeFailure failure;
    private final String detail;
    private final Dc09Message header;
    private final String rawTail;

    private Dc09DecodeResult(Dc09Message message, DecodeFailure failure, String detail, Dc09Message header,
                             String rawTail) {
        this.message = message;
        this.failure = failure;
        this.detail = detail;
        this.header = header;
        this.rawTail = rawTail;
    }

    public static Dc09DecodeResult success(Dc09Message message) {
        return new Dc09DecodeResult(Objects.requireNonNull(message), null, null, message, null);
    }

    public static Dc09DecodeResult failure(DecodeFailure failure, String detail) {
        return failure(failure, detail, null);
    }

    public static Dc09DecodeResult failure(DecodeFailure failure, String detail, Dc09Message header) {
        return new Dc09DecodeResult(null, Objects.requireNonNull(failure), detail, header, null);
    }

    /**
     * An intact frame (its CRC and header read) whose data blocks or timestamp do not: {@code rawTail} is everything
     * after the header's '[' (decrypted, if it was encrypted), so a receiver can keep it whole.
     */
    public static Dc09DecodeResult tailFailure(DecodeFailure failure, String detail, Dc09Message header,
                                               String rawTail) {
        return new Dc09DecodeResult(null, Objects.requireNonNull(failure), detail, Objects.requireNonNull(header),
                Objects.requireNonNull(rawTail));
    }

    public boolean isSuccess() {
        return message != null;
    }

    /** The decoded message; only for a success. */
    public Dc09Message message() {
        if (message == null) {
            throw new IllegalStateException("not decoded: " + failure + " (" + detail + ")");
        }
        return message;
    }

    public DecodeFailure failure() {
        return failure;
    }

    public String detail() {
        return detail;
    }

    /** Header fields of a frame intact enough to be answered with DUH. */
    public Optional<Dc09Message> replyableHeader() {
        return failure != null && failure.frameIntact() ? Optional.ofNullable(header) : Optional.empty();
    }

    /**
     * For a frame whose header read but whose data blocks or timestamp did not: the text after the header's '['
     * (decrypted when it was encrypted). A message from a known device that arrives like this is still an alarm.
     */
    public Optional<String> rawTail() {
        return Optional.ofNullable(rawTail);
    }

    @Override
    public String toString() {
        return isSuccess() ? "Decoded[" + message + "]" : "Failed[" + failure + ": " + detail + "]";
    }
}
