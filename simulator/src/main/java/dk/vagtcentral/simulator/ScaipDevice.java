package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.sip.DigestAuth;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * One simulated SCAIP device (a controller, the local unit in a citizen's home): its controller id ({@code cid}), the
 * device type of its own alarms ({@code dty}), the password it answers a digest challenge with, the voice call-back
 * address it sends with an alarm, and the state a device keeps — the next {@code ref} (unique per message: a counter
 * from a random start, so that runs do not repeat refs within a receiver's retransmission window) and the last digest
 * challenge, answered again with the next nonce count on every later message (as SIP user agents reuse a nonce until
 * the receiver calls it stale). Thread-safe.
 */
public final class ScaipDevice {
    /** The {@code dty} of a personal trigger (a pendant). */
    public static final int DEFAULT_DEVICE_TYPE = 3;
    private static final Pattern CID = Pattern.compile("[0-9]{1,16}");
    /** Refs are ten base-36 digits: from 36^9 to 36^10 - 1. */
    private static final long FIRST_REF = 101_559_956_668_416L;
    private static final long REF_SPAN = 3_554_598_483_394_560L;

    private final String cid;
    private final int deviceType;
    private final String password;
    private final String callback;
    private final AtomicLong nextRef;
    private final AtomicLong nonceCount = new AtomicLong();
    private volatile String challenge;

    /**
     * @param cid        the controller id, 1-16 digits
     * @param deviceType the {@code dty} of the device's own alarms (button, battery, reset), 0-9999
     * @param password   the digest password, or null for a device registered without one
     * @param callback   the voice address sent as {@code crd} with an alarm ({@code sip:...}, {@code gsm:+45...}),
     *                   or null for none
     */
    public ScaipDevice(String cid, int deviceType, String password, String callback) {
        if (cid == null || !CID.matcher(cid).matches()) {
            throw new IllegalArgumentException("controller id (cid) must be 1-16 digits, got '" + cid + "'");
        }
        if (deviceType < 0 || deviceType > 9999) {
            throw new IllegalArgumentException("device type (dty) must be 0..9999, got " + deviceType);
        }
        if (callback != null && (callback.isBlank() || callback.length() > 256)) {
            throw new IllegalArgumentException("call-back address must be 1-256 characters");
        }
        this.cid = cid;
        this.deviceType = deviceType;
        this.password = password == null || password.isEmpty() ? null : password;
        this.callback = callback;
        this.nextRef = new AtomicLong(FIRST_REF + ThreadLocalRandom.current().nextLong(REF_SPAN / 2));
    }

    /** A personal trigger without password or call-back address. */
    public static ScaipDevice of(String cid) {
        return new ScaipDevice(cid, DEFAULT_DEVICE_TYPE, null, null);
    }

    public ScaipDevice withPassword(String pw) {
        return new ScaipDevice(cid, deviceType, pw, callback);
    }

    public ScaipDevice withDeviceType(int type) {
        return new ScaipDevice(cid, type, password, callback);
    }

    public ScaipDevice withCallback(String crd) {
        return new ScaipDevice(cid, deviceType, password, crd);
    }

    public String cid() {
        return cid;
    }

    public int deviceType() {
        return deviceType;
    }

    public boolean hasPassword() {
        return password != null;
    }

    public String callback() {
        return callback;
    }

    /** Takes the next ref: ten base-36 digits, one more than the last. */
    public String nextRef() {
        return Long.toString(nextRef.getAndIncrement(), 36).toUpperCase(Locale.ROOT);
    }

    /** A new message of {@code kind} with the next ref. */
    public ScaipMessage message(ScaipKind kind) {
        return message(kind, nextRef());
    }

    /** A message of {@code kind} with a given ref (sending a ref again: the receiver takes it for a retransmission). */
    public ScaipMessage message(ScaipKind kind, String ref) {
        return new ScaipMessage(this, kind.mrq(ref, cid, deviceType, callback), kind);
    }

    /** A message with an arbitrary request, which must carry this device's cid. */
    public ScaipMessage message(Mrq mrq) {
        return new ScaipMessage(this, mrq, null);
    }

    /**
     * Remembers the receiver's digest challenge ({@code WWW-Authenticate}) to answer it on this and later messages;
     * false, remembering nothing, when the device has no password or cannot answer it ({@link DigestAuth#answer}).
     */
    boolean challenged(String wwwAuthenticate) {
        if (password == null
                || DigestAuth.answer(wwwAuthenticate, "MESSAGE", "sip:" + cid, cid, password, "0", 1) == null) {
            return false;
        }
        nonceCount.set(0);
        challenge = wwwAuthenticate;
        return true;
    }

    /**
     * The {@code Authorization} for a request, answering the last challenge with the next nonce count; null without a
     * challenge or a password, or when the challenge cannot be answered (see {@link DigestAuth#answer}).
     */
    String authorization(String method, String uri) {
        String c = challenge;
        if (c == null || password == null) {
            return null;
        }
        return DigestAuth.answer(c, method, uri, cid, password, ScaipWire.token(), nonceCount.incrementAndGet());
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ScaipDevice[cid=" + cid + ", dty=" + deviceType + ", password=" + (password != null)
                + (callback == null ? "" : ", crd=" + callback) + "]";
    }
}
