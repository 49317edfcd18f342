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

    private Dc09DecodeResult(Dc09Message message, DecodeFailure failure, String detail, Dc09Message header) {
        this.message = message;
        this.failure = failure;
        this.detail = detail;
        this.header = header;
    }

    public static Dc09DecodeResult success(Dc09Message message) {
        return new Dc09DecodeResult(Objects.requireNonNull(message), null, null, message);
    }

    public static Dc09DecodeResult failure(DecodeFailure failure, String detail) {
        return failure(failure, detail, null);
    }

    public static Dc09DecodeResult failure(DecodeFailure failure, String detail, Dc09Message header) {
        return new Dc09DecodeResult(null, Objects.requireNonNull(failure), detail, header);
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

    @Override
    public String toString() {
        return isSuccess() ? "Decoded[" + message + "]" : "Failed[" + failure + ": " + detail + "]";
    }
}
