package dk.vagtcentral.protocol.scaip;

import java.util.Objects;

/**
 * The outcome of reading an {@code <mrq>}: the request, or the status number to answer with ({@code snu} 1, 2, 3
 * or 7) and why, with the {@code ref} and {@code cid} when they could be read (the answer echoes the ref).
 */
public final class MrqDecodeResult {
    private final Mrq mrq;
    private final ScaipStatus status;
    private final String detail;
    private final String ref;
    private final String cid;

    private MrqDecodeResult(Mrq mrq, ScaipStatus status, String detail, String ref, String cid) {
        this.mrq = mrq;
        this.status = status;
        this.detail = detail;
        this.ref = ref;
        this.cid = cid;
    }

    public static MrqDecodeResult success(Mrq mrq) {
        return new MrqDecodeResult(Objects.requireNonNull(mrq), ScaipStatus.OK, null, mrq.ref(), mrq.cid());
    }

    public static MrqDecodeResult failure(ScaipStatus status, String detail, String ref, String cid) {
        if (status == ScaipStatus.OK) {
            throw new IllegalArgumentException("a failure needs a status other than OK");
        }
        return new MrqDecodeResult(null, status, detail, ref, cid);
    }

    public boolean isSuccess() {
        return mrq != null;
    }

    public Mrq mrq() {
        if (mrq == null) {
            throw new IllegalStateException("not decoded: snu " + status.number() + " (" + detail + ")");
        }
        return mrq;
    }

    public ScaipStatus status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    /** The ref to echo (null when none could be read). */
    public String ref() {
        return ref;
    }

    /** The controller id, when it could be read. */
    public String cid() {
        return cid;
    }

    @Override
    public String toString() {
        return isSuccess() ? "Mrq" + mrq.elements() : "Failed[snu " + status.number() + ": " + detail + "]";
    }
}
