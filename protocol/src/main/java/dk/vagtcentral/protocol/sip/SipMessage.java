package dk.vagtcentral.protocol.sip;

/** A SIP request or response: header fields and a body (empty when none). */
public sealed interface SipMessage permits SipRequest, SipResponse {
    SipHeaders headers();

    byte[] body();

    default String header(String name) {
        return headers().get(name);
    }

    default String callId() {
        return headers().get(SipHeaders.CALL_ID);
    }

    /** The top {@code Via} value parsed, or null when there is none or it does not parse. */
    default Via topVia() {
        java.util.List<String> vias = headers().all(SipHeaders.VIA);
        return vias.isEmpty() ? null : Via.parse(vias.get(0));
    }

    /** The CSeq header parsed, or null when absent or malformed. */
    default CSeq cseq() {
        return CSeq.parse(headers().get(SipHeaders.CSEQ));
    }
}
