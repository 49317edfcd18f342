package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.sip.CSeq;
import dk.vagtcentral.protocol.sip.NameAddr;
import dk.vagtcentral.protocol.sip.SipHeaders;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.Via;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The SCAIP receiver's UDP server transactions (RFC 3261 §17.2.2, non-INVITE): a retransmitted request is absorbed
 * while the first is being handled (its alarm committing) and answered with the same response once there is one,
 * for {@link #LIFETIME_NANOS} (Timer J, 64 × T1) after that response. A request whose handling gave no answer (the
 * commit failed) is forgotten, so its retransmission is handled afresh.
 *
 * <p>Matching (§17.2.3): the top Via's branch (with the RFC 3261 magic cookie), sent-by and method, and the CSeq
 * number too: some devices reuse one branch for the request they resend with credentials after a 401, and that is a
 * new request, not a retransmission. Without the cookie (RFC 2543 devices): Call-ID, CSeq, From tag, top Via.
 *
 * <p>Bounded: at {@link #MAX_ENTRIES} expired entries are dropped first; if none has, the request is handled without
 * being tracked (a retransmission of it is then handled again, and the alarm writer still stores it once). Not
 * thread-safe: the receiver's event loop only. Time is passed in (nanoTime).
 */
final class SipTransactions {
    static final long LIFETIME_NANOS = 32_000_000_000L;
    static final int MAX_ENTRIES = 100_000;

    /** What to do with an arriving request. */
    sealed interface Arrival permits Handle, Absorb, Resend {
    }

    /** A new request: handle it; {@code tracked} when it was entered in the table. */
    record Handle(String key, boolean tracked) implements Arrival {
    }

    /** A retransmission of one still being handled: drop it. */
    record Absorb() implements Arrival {
    }

    /** A retransmission of one answered: send {@code response} again. */
    record Resend(byte[] response) implements Arrival {
    }

    private static final class Entry {
        byte[] response;
        long expiresAt = Long.MAX_VALUE;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    Arrival arrived(SipRequest request, long now) {
        String key = key(request);
        Entry e = entries.get(key);
        if (e != null && e.expiresAt > now) {
            return e.response == null ? new Absorb() : new Resend(e.response);
        }
        if (entries.size() >= MAX_ENTRIES) {
            sweep(now);
            if (entries.size() >= MAX_ENTRIES) {
                return new Handle(key, false);
            }
        }
        entries.put(key, new Entry());
        return new Handle(key, true);
    }

    /** The response sent for the request of {@code key}: what a retransmission gets, until it expires. */
    void answered(String key, byte[] response, long now) {
        Entry e = entries.get(key);
        if (e != null) {
            e.response = response;
            e.expiresAt = now + LIFETIME_NANOS;
        }
    }

    /** The request of {@code key} was not answered: a retransmission is handled again. */
    void forget(String key) {
        entries.remove(key);
    }

    void sweep(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt <= now) {
                it.remove();
            }
        }
    }

    int size() {
        return entries.size();
    }

    static String key(SipRequest r) {
        Via via = r.topVia();
        CSeq cseq = r.cseq();
        String sentBy = via.host() + ":" + via.port();
        String branch = via.branch();
        if (branch != null && branch.startsWith(Via.MAGIC_COOKIE)) {
            return "b|" + branch + "|" + sentBy + "|" + r.method() + "|" + cseq.number();
        }
        NameAddr from = NameAddr.parse(r.header(SipHeaders.FROM));
        return "c|" + r.callId() + "|" + cseq + "|" + (from == null ? "" : from.tag()) + "|"
                + r.headers().all(SipHeaders.VIA).get(0);
    }
}
