package dk.vagtcentral.protocol.sip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless Digest nonces: the issue time and an HMAC-SHA256 of it under a secret, so any nonce this receiver issued
 * can be checked without a table, and a forged one cannot. A nonce older than {@code lifetime} is stale (the device is
 * challenged again with {@code stale=true} and retries without asking its user). Nonce counts are not tracked: a
 * captured request can be replayed within the lifetime, which for an alarm receiver yields at most the same alarm
 * again, recognised as a retransmission.
 */
public final class DigestNonces {
    public enum Check { VALID, STALE, INVALID }

    private final SecretKeySpec key;
    private final Duration lifetime;

    public DigestNonces(byte[] secret, Duration lifetime) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.lifetime = lifetime;
    }

    /** Nonces under a random secret: valid on this process only. */
    public static DigestNonces random(Duration lifetime) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new DigestNonces(secret, lifetime);
    }

    public String issue(Instant now) {
        long millis = now.toEpochMilli();
        byte[] mac = mac(millis);
        ByteBuffer b = ByteBuffer.allocate(8 + 16).putLong(millis).put(mac, 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public Check check(String nonce, Instant now) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        if (bytes.length != 24) {
            return Check.INVALID;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long millis = b.getLong();
        byte[] given = new byte[16];
        b.get(given);
        byte[] expected = new byte[16];
        System.arraycopy(mac(millis), 0, expected, 0, 16);
        if (!MessageDigest.isEqual(given, expected)) {
            return Check.INVALID;
        }
        Instant issued = Instant.ofEpochMilli(millis);
        if (issued.isAfter(now.plusSeconds(5)) || !issued.plus(lifetime).isAfter(now)) {
            return Check.STALE;
        }
        return Check.VALID;
    }

    private byte[] mac(long millis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(ByteBuffer.allocate(8).putLong(millis).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }
}
