package dk.vagtcentral.protocol.sip;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code Via} value: {@code SIP/2.0/UDP host[:port];branch=...;rport} (RFC 3261 §20.42, RFC 3581).
 *
 * @param transport upper-case transport (UDP, TCP, TLS...)
 * @param host      the sent-by host (an IPv6 reference keeps its brackets)
 * @param port      the sent-by port, or -1 when none was given
 * @param params    the parameters in order, names lower-cased; a parameter without value maps to ""
 */
public record Via(String transport, String host, int port, Map<String, String> params) {
    /** The branch prefix of RFC 3261 transactions (§8.1.1.7). */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    public Via {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Parses one Via value; null when it is not {@code SIP/2.0/<transport> <sent-by>}. */
    public static Via parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        int slash2 = v.indexOf('/', v.indexOf('/') + 1);
        if (!v.regionMatches(true, 0, "SIP", 0, 3) || slash2 < 0) {
            return null;
        }
        int space = slash2 + 1;
        while (space < v.length() && !Character.isWhitespace(v.charAt(space))) {
            space++;
        }
        String transport = v.substring(slash2 + 1, space).strip().toUpperCase(Locale.ROOT);
        if (transport.isEmpty() || space >= v.length()) {
            return null;
        }
        String rest = v.substring(space).strip();
        String[] parts = rest.split(";");
        String sentBy = parts[0].strip();
        String host;
        int port = -1;
        if (sentBy.startsWith("[")) {
            int close = sentBy.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = sentBy.substring(0, close + 1);
            String tail = sentBy.substring(close + 1);
            if (tail.startsWith(":")) {
                port = port(tail.substring(1));
            } else if (!tail.isEmpty()) {
                return null;
            }
        } else {
            int colon = sentBy.indexOf(':');
            host = colon < 0 ? sentBy : sentBy.substring(0, colon);
            if (colon >= 0) {
                port = port(sentBy.substring(colon + 1));
            }
        }
        if (host.isEmpty() || port == -2) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            params.put(name, eq < 0 ? "" : p.substring(eq + 1).strip());
        }
        return new Via(transport, host, port, params);
    }

    private static int port(String text) {
        String t = text.strip();
        if (!t.matches("[0-9]{1,5}")) {
            return -2;
        }
        int p = Integer.parseInt(t);
        return p > 65535 ? -2 : p;
    }

    public String branch() {
        return params.get("branch");
    }

    /** Whether the sender asked for symmetric response routing (RFC 3581). */
    public boolean rportRequested() {
        return params.containsKey("rport");
    }

    /**
     * This Via as a receiver stamps it (RFC 3261 §18.2.1, RFC 3581 §4): {@code received} with the packet's source
     * address when the sent-by host differs from it or {@code rport} was asked for, and {@code rport} filled in with
     * the source port when asked for.
     */
    public Via stamped(String sourceIp, int sourcePort) {
        Map<String, String> p = new LinkedHashMap<>(params);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!bare.equalsIgnoreCase(sourceIp) || rportRequested()) {
            p.put("received", sourceIp);
        }
        if (rportRequested()) {
            p.put("rport", Integer.toString(sourcePort));
        }
        return new Via(transport, host, port, p);
    }

    public String render() {
        StringBuilder sb = new StringBuilder("SIP/2.0/").append(transport).append(' ').append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(';').append(e.getKey());
            if (!e.getValue().isEmpty()) {
                sb.append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }
}
