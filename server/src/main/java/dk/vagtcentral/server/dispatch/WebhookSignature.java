package dk.vagtcentral.server.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook delivery is signed, and how a receiver checks it (docs/webhooks.md describes the same algorithm for
 * receivers in other languages). Self-contained on purpose (JDK only), so that a receiver written in Java can copy
 * this class as it is.
 *
 * <p>Each delivery carries two headers:
 * <ul>
 *   <li>{@value #TIMESTAMP_HEADER}: when it was signed, in unix seconds (decimal digits);</li>
 *   <li>{@value #SIGNATURE_HEADER}: {@code v1=<hex>}, one for every secret the supplier has in force, separated by
 *       commas ({@code v1=<hex>,v1=<hex>} while a rotated secret is still honoured).</li>
 * </ul>
 * {@code <hex>} is the lowercase hex HMAC-SHA256, keyed with the secret's UTF-8 bytes (the whole secret as shown,
 * {@code whsec_} prefix included), of the bytes {@code <timestamp>.<body>}: the timestamp header's value,
 * a full stop, then the request body exactly as received. A receiver accepts a delivery when any {@code v1} value
 * equals its own computation (compared in constant time) and the timestamp lies within a tolerance of its own clock
 * ({@link #DEFAULT_TOLERANCE}), which bounds how long a captured delivery could be replayed; the
 * {@code X-Vagtcentral-Delivery} id then lets it drop a delivery it has already handled.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-Vagtcentral-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Vagtcentral-Signature";
    /** The version tag of the scheme above; a future scheme would get another tag beside it. */
    public static final String VERSION = "v1";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String HMAC = "HmacSHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int MAX_TIMESTAMP_DIGITS = 12;

    /** Why a delivery was accepted or refused; only {@link #VALID} is accepted. */
    public enum Verdict {
        VALID,
        /** no timestamp header, or not decimal unix seconds */
        BAD_TIMESTAMP,
        /** signed longer ago (or further ahead) than the tolerance: perhaps a replay */
        OUTSIDE_TOLERANCE,
        /** no signature header, or no {@code v1=} value in it */
        NO_SIGNATURE,
        /** no {@code v1=} value matches: another secret, or the body or timestamp was changed */
        MISMATCH
    }

    private WebhookSignature() {
    }

    /** The lowercase hex HMAC-SHA256 of {@code <timestamp>.<body>} under {@code secret}. */
    public static String sign(String secret, long timestamp, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the secret must not be empty");
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return hex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The {@value #SIGNATURE_HEADER} value: {@code v1=<hex>} for each secret, in the order given, comma-separated. */
    public static String header(List<String> secrets, long timestamp, byte[] body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed to sign");
        }
        StringBuilder b = new StringBuilder();
        for (String secret : secrets) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(VERSION).append('=').append(sign(secret, timestamp, body));
        }
        return b.toString();
    }

    /** Whether a delivery is genuine and fresh: {@link #check} is {@link Verdict#VALID}. */
    public static boolean verify(String secret, String timestampHeader, byte[] body, String signatureHeader,
                                 Instant now, Duration tolerance) {
        return check(secret, timestampHeader, body, signatureHeader, now, tolerance) == Verdict.VALID;
    }

    /**
     * Checks a received delivery against the receiver's {@code secret}: the timestamp header must be unix seconds no
     * further than {@code tolerance} from {@code now} either way, and one {@code v1=} value of the signature header
     * must equal the HMAC of {@code <timestamp>.<body>}. Values of other versions are ignored.
     */
    public static Verdict check(String secret, String timestampHeader, byte[] body, String signatureHeader,
                                Instant now, Duration tolerance) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(tolerance, "tolerance");
        Long timestamp = parseTimestamp(timestampHeader);
        if (timestamp == null) {
            return Verdict.BAD_TIMESTAMP;
        }
        long skew = Math.abs(now.getEpochSecond() - timestamp);
        if (skew > tolerance.getSeconds()) {
            return Verdict.OUTSIDE_TOLERANCE;
        }
        if (signatureHeader == null) {
            return Verdict.NO_SIGNATURE;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean any = false;
        boolean match = false;
        for (String part : signatureHeader.split(",")) {
            String item = part.strip();
            int eq = item.indexOf('=');
            if (eq <= 0 || !item.substring(0, eq).equals(VERSION)) {
                continue;
            }
            any = true;
            byte[] given = item.substring(eq + 1).strip().getBytes(StandardCharsets.US_ASCII);
            // every value is compared, in constant time, so timing does not tell which one matched
            match |= MessageDigest.isEqual(expected, given);
        }
        if (!any) {
            return Verdict.NO_SIGNATURE;
        }
        return match ? Verdict.VALID : Verdict.MISMATCH;
    }

    private static Long parseTimestamp(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.isEmpty() || t.length() > MAX_TIMESTAMP_DIGITS) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(t);
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
