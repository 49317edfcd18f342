package dk.vagtcentral.protocol.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP Digest authentication as SIP uses it (RFC 3261 §22.4; RFC 2617, RFC 7616 §3.4): the challenge a receiver
 * sends in {@code WWW-Authenticate}, and the check of the {@code Authorization} a device answers with. MD5 and
 * MD5-sess, with and without {@code qop=auth}: what social-alarm devices implement. Nonces come from
 * {@link DigestNonces}. The device's side, {@link #answer}, is what the simulator's SCAIP devices send.
 */
public final class DigestAuth {
    /** What a check of credentials found. */
    public enum Verdict {
        /** The response matches the password, for a nonce this receiver issued and that is still fresh. */
        VALID,
        /** Right password, but the nonce expired: challenge again with {@code stale=true} (the device retries). */
        STALE,
        /** Wrong password, a foreign or forged nonce, another realm, or unreadable credentials. */
        INVALID
    }

    /** The parameters of a {@code Digest} credential, names lower-cased, quotes removed. */
    public record Credentials(Map<String, String> params) {
        public String get(String name) {
            return params.get(name);
        }

        public String username() {
            return params.get("username");
        }
    }

    private DigestAuth() {
    }

    /** The {@code WWW-Authenticate} value for a challenge. */
    public static String challenge(String realm, String nonce, boolean stale) {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", algorithm=MD5, qop=\"auth\""
                + (stale ? ", stale=true" : "");
    }

    /**
     * The {@code Authorization} value a device answers a {@code WWW-Authenticate} challenge with (RFC 2617 §3.2.2, RFC
     * 3261 §22.4): MD5 or MD5-sess as the challenge names it, {@code qop=auth} when the challenge offers it, its
     * {@code opaque} echoed. Null when this class cannot answer the challenge (another scheme, no realm or nonce, another
     * algorithm, only {@code qop=auth-int}). The challenge is read by {@link #parse}, whose syntax it shares.
     *
     * @param cnonce the device's nonce (any token without quotes)
     * @param nc     the nonce count: requests sent with this nonce, this one included (1 for the first)
     */
    public static String answer(String challenge, String method, String uri, String username, String password,
                                String cnonce, long nc) {
        Credentials c = parse(challenge);
        if (c == null || c.get("realm") == null || c.get("nonce") == null) {
            return null;
        }
        String algorithm = c.get("algorithm");
        if (algorithm != null && !algorithm.equalsIgnoreCase("MD5") && !algorithm.equalsIgnoreCase("MD5-sess")) {
            return null;
        }
        boolean qop = false;
        if (c.get("qop") != null) {
            for (String offered : c.get("qop").split(",")) {
                qop |= offered.strip().equalsIgnoreCase("auth");
            }
            if (!qop) {
                return null;
            }
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("username", username);
        p.put("realm", c.get("realm"));
        p.put("nonce", c.get("nonce"));
        p.put("uri", uri);
        if (algorithm != null) {
            p.put("algorithm", algorithm);
        }
        if (qop) {
            p.put("qop", "auth");
            p.put("nc", String.format(Locale.ROOT, "%08x", nc));
        }
        if (qop || (algorithm != null && algorithm.equalsIgnoreCase("MD5-sess"))) {
            p.put("cnonce", cnonce);
        }
        String response = response(new Credentials(p), method, password);
        StringBuilder sb = new StringBuilder("Digest username=").append(quoted(username))
                .append(", realm=").append(quoted(p.get("realm")))
                .append(", nonce=").append(quoted(p.get("nonce")))
                .append(", uri=").append(quoted(uri))
                .append(", response=\"").append(response).append('"');
        if (algorithm != null) {
            sb.append(", algorithm=").append(algorithm);
        }
        if (qop) {
            sb.append(", qop=auth, nc=").append(p.get("nc"));
        }
        if (p.containsKey("cnonce")) {
            sb.append(", cnonce=").append(quoted(cnonce));
        }
        if (c.get("opaque") != null) {
            sb.append(", opaque=").append(quoted(c.get("opaque")));
        }
        return sb.toString();
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Parses an {@code Authorization} value of scheme Digest; null for another scheme or an unreadable one. */
    public static Credentials parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        String v = authorization.strip();
        if (v.length() < 7 || !v.regionMatches(true, 0, "Digest", 0, 6) || !Character.isWhitespace(v.charAt(6))) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = 6;
        while (i < v.length()) {
            while (i < v.length() && (v.charAt(i) == ',' || Character.isWhitespace(v.charAt(i)))) {
                i++;
            }
            int eq = v.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = v.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < v.length() && Character.isWhitespace(v.charAt(j))) {
                j++;
            }
            String value;
            if (j < v.length() && v.charAt(j) == '"') {
                StringBuilder sb = new StringBuilder();
                int k = j + 1;
                for (; k < v.length() && v.charAt(k) != '"'; k++) {
                    char c = v.charAt(k);
                    if (c == '\\' && k + 1 < v.length()) {
                        c = v.charAt(++k);
                    }
                    sb.append(c);
                }
                if (k >= v.length()) {
                    return null; // unterminated quote
                }
                value = sb.toString();
                i = k + 1;
            } else {
                int comma = v.indexOf(',', j);
                value = (comma < 0 ? v.substring(j) : v.substring(j, comma)).strip();
                i = comma < 0 ? v.length() : comma + 1;
            }
            if (name.isEmpty()) {
                return null;
            }
            params.put(name, value);
        }
        return params.isEmpty() ? null : new Credentials(params);
    }

    /**
     * Checks credentials for a request of {@code method} against {@code password}, for {@code realm}, with nonces
     * checked by {@code nonces}.
     */
    public static Verdict verify(Credentials c, String method, String realm, String password, DigestNonces nonces,
                                 java.time.Instant now) {
        if (c == null || c.username() == null || c.get("nonce") == null || c.get("uri") == null
                || c.get("response") == null || !realm.equals(c.get("realm"))) {
            return Verdict.INVALID;
        }
        String algorithm = c.get("algorithm") == null ? "MD5" : c.get("algorithm").toUpperCase(Locale.ROOT);
        if (!algorithm.equals("MD5") && !algorithm.equals("MD5-SESS")) {
            return Verdict.INVALID;
        }
        String qop = c.get("qop");
        if (qop != null && !qop.equalsIgnoreCase("auth")) {
            return Verdict.INVALID;
        }
        if (qop != null && (c.get("nc") == null || c.get("cnonce") == null)) {
            return Verdict.INVALID;
        }
        if (algorithm.equals("MD5-SESS") && c.get("cnonce") == null) {
            return Verdict.INVALID;
        }
        String expected = response(c, method, password);
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                c.get("response").toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!matches) {
            return Verdict.INVALID;
        }
        return switch (nonces.check(c.get("nonce"), now)) {
            case VALID -> Verdict.VALID;
            case STALE -> Verdict.STALE;
            case INVALID -> Verdict.INVALID;
        };
    }

    /** The response a client with {@code password} computes for these credentials' other fields (lower-case hex). */
    public static String response(Credentials c, String method, String password) {
        String ha1 = md5(c.username() + ":" + c.get("realm") + ":" + password);
        String algorithm = c.get("algorithm") == null ? "MD5" : c.get("algorithm").toUpperCase(Locale.ROOT);
        if (algorithm.equals("MD5-SESS")) {
            ha1 = md5(ha1 + ":" + c.get("nonce") + ":" + c.get("cnonce"));
        }
        String ha2 = md5(method + ":" + c.get("uri"));
        String qop = c.get("qop");
        return qop == null ? md5(ha1 + ":" + c.get("nonce") + ":" + ha2)
                : md5(ha1 + ":" + c.get("nonce") + ":" + c.get("nc") + ":" + c.get("cnonce") + ":" + qop + ":" + ha2);
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
    }
}
