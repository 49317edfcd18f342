package dk.vagtcentral.protocol.sip;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Builds responses to requests by RFC 3261 §8.2.6 and the Via rules of §18.2.1 and RFC 3581. */
public final class SipResponses {
    /**
     * Tags and branches must be unguessable (RFC 3261 §19.3), so cryptographically random; one generator per thread,
     * because the default one reads through a process-wide lock that every event loop would contend for.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SipResponses::generator);
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Trying"), Map.entry(200, "OK"), Map.entry(202, "Accepted"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(413, "Request Entity Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(481, "Call/Transaction Does Not Exist"), Map.entry(500, "Server Internal Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"),
            Map.entry(505, "Version Not Supported"), Map.entry(513, "Message Too Large"));

    private SipResponses() {
    }

    public static String reason(int status) {
        return REASONS.getOrDefault(status, status < 300 ? "OK" : status < 500 ? "Client Error" : "Server Error");
    }

    /** A random tag or branch suffix: 64 bits of hex. */
    public static String randomToken() {
        byte[] b = new byte[8];
        RANDOM.get().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /**
     * The response to {@code request}: every {@code Via} copied in order, the top one stamped with {@code received}
     * and {@code rport} from the packet's source; {@code From}, {@code Call-ID}, {@code CSeq} copied; {@code To}
     * copied with {@code toTag} added when it has none (not for 100 Trying, §8.2.6.2).
     */
    public static SipResponse to(SipRequest request, int status, String toTag, String sourceIp, int sourcePort,
                                 SipHeaders extra, byte[] body) {
        SipHeaders h = SipHeaders.EMPTY;
        List<String> vias = request.headers().all(SipHeaders.VIA);
        for (int i = 0; i < vias.size(); i++) {
            Via via = i == 0 ? Via.parse(vias.get(0)) : null;
            h = h.with(SipHeaders.VIA, via == null ? vias.get(i) : via.stamped(sourceIp, sourcePort).render());
        }
        h = copy(request, h, SipHeaders.FROM);
        String to = request.header(SipHeaders.TO);
        if (to != null) {
            NameAddr addr = NameAddr.parse(to);
            boolean tagged = addr != null && addr.tag() != null;
            h = h.with(SipHeaders.TO, tagged || status == 100 || toTag == null ? to : to + ";tag=" + toTag);
        }
        h = copy(request, h, SipHeaders.CALL_ID);
        h = copy(request, h, SipHeaders.CSEQ);
        for (SipHeaders.Field f : (extra == null ? SipHeaders.EMPTY : extra).fields()) {
            h = h.with(f.name(), f.value());
        }
        return new SipResponse(status, reason(status), h, body);
    }

    private static SipHeaders copy(SipRequest request, SipHeaders h, String name) {
        String v = request.header(name);
        return v == null ? h : h.with(name, v);
    }
}
