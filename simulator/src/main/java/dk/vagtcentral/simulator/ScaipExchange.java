package dk.vagtcentral.simulator;

/**
 * The SIP identity of one SCAIP message and of its current request. Every request of the message has the same
 * {@code Call-ID} and {@code From} tag; each new request (a new attempt: after a timeout, after a digest challenge, on
 * another connection) gets the next {@code CSeq} and a new {@code Via} branch, while a retransmission of the current
 * request over UDP repeats it byte for byte (RFC 3261 §8.1.3.5, §17.1.2), so the receiver can absorb it.
 */
final class ScaipExchange {
    final String callId;
    final String fromTag;
    /** The CSeq number of the current request. */
    long cseq;
    /** The Via branch of the current request. */
    String branch;
    /** Whether the current request has had its final response (then it is not retransmitted). */
    boolean answered;

    ScaipExchange(String callId, String fromTag) {
        this.callId = callId;
        this.fromTag = fromTag;
    }
}
