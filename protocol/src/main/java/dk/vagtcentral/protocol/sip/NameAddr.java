package dk.vagtcentral.protocol.sip;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code From}, {@code To} or {@code Contact} value: {@code ["Display"] <sip:user@host;uri-params>;tag=...} or the
 * bare {@code sip:user@host;tag=...} form (RFC 3261 §20.10).
 *
 * @param uri    the URI without angle brackets
 * @param params the header parameters after the URI (tag...), names lower-cased
 */
public record NameAddr(String uri, Map<String, String> params) {
    public NameAddr {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Parses a value; null when it holds no URI. */
    public static NameAddr parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        String uri;
        String rest;
        int lt = v.indexOf('<');
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            if (gt < 0) {
                return null;
            }
            uri = v.substring(lt + 1, gt).strip();
            rest = v.substring(gt + 1);
        } else {
            // without brackets, parameters after the URI are header parameters (RFC 3261 §20.10)
            int semi = v.indexOf(';');
            uri = (semi < 0 ? v : v.substring(0, semi)).strip();
            rest = semi < 0 ? "" : v.substring(semi);
        }
        if (uri.isEmpty()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : rest.split(";")) {
            String t = p.strip();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            params.put((eq < 0 ? t : t.substring(0, eq)).strip().toLowerCase(Locale.ROOT),
                    eq < 0 ? "" : t.substring(eq + 1).strip());
        }
        return new NameAddr(uri, params);
    }

    public String tag() {
        return params.get("tag");
    }

    /** The user part of a sip:/sips: URI ({@code 4510001000} in {@code sip:4510001000@host}), or null. */
    public String user() {
        String u = uri;
        int colon = u.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return null;
        }
        int at = u.indexOf('@', colon);
        return at < 0 ? null : u.substring(colon + 1, at);
    }
}
