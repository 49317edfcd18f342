package dk.vagtcentral.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe record of what a {@link Dc09Client} did: counters (DC-09's and SCAIP's), and every ACKed
 * message (unless turned off for long runs).
 */
public final class MessageLog {
    private final boolean keepAcked;
    private final ConcurrentLinkedQueue<AckedMessage> acked = new ConcurrentLinkedQueue<>();
    final LongAdder submitted = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder transmissions = new LongAdder();
    final LongAdder ackedCount = new LongAdder();
    final LongAdder naks = new LongAdder();
    final LongAdder duh = new LongAdder();
    final LongAdder refused = new LongAdder();
    private final Map<Integer, LongAdder> refusedBySnu = new ConcurrentHashMap<>();
    final LongAdder challenges = new LongAdder();
    final LongAdder sipRetransmissions = new LongAdder();
    final LongAdder mrsInBody = new LongAdder();
    final LongAdder mrsInMessage = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder badReplies = new LongAdder();
    final LongAdder unmatchedReplies = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final FailoverLog failover = new FailoverLog();

    public MessageLog() {
        this(true);
    }

    /** @param keepAcked whether to keep the list of ACKed messages (counters are always kept) */
    public MessageLog(boolean keepAcked) {
        this.keepAcked = keepAcked;
    }

    void record(SendResult result) {
        switch (result.outcome()) {
            case ACKED -> {
                ackedCount.increment();
                if (keepAcked) {
                    acked.add(result.toAcked());
                }
            }
            case DUH -> duh.increment();
            case REFUSED -> {
                refused.increment();
                if (result.mrs() != null) {
                    refusedBySnu.computeIfAbsent(result.mrs().snu(), snu -> new LongAdder()).increment();
                }
            }
            case FAILED -> failed.increment();
            case CANCELLED -> cancelled.increment();
        }
    }

    /** A snapshot of the ACKed messages so far, in completion order. */
    public List<AckedMessage> acked() {
        return new ArrayList<>(acked);
    }

    /** Messages handed to the client. */
    public long submitted() {
        return submitted.sum();
    }

    /** Messages transmitted at least once. */
    public long sent() {
        return sent.sum();
    }

    /** Frames transmitted, retransmissions included (SCAIP's UDP retransmissions too). */
    public long transmissions() {
        return transmissions.sum();
    }

    /** Frames transmitted beyond each message's first. */
    public long retransmissions() {
        return transmissions.sum() - sent.sum();
    }

    public long ackedCount() {
        return ackedCount.sum();
    }

    /** NAK replies matched to a message. */
    public long naks() {
        return naks.sum();
    }

    public long duh() {
        return duh.sum();
    }

    /** SCAIP messages answered with an {@code <mrs>} whose snu is not 0. */
    public long refused() {
        return refused.sum();
    }

    /** The refused SCAIP messages by the snu they were answered with, lowest first. */
    public Map<Integer, Long> refusedBySnu() {
        Map<Integer, Long> out = new TreeMap<>();
        refusedBySnu.forEach((snu, n) -> out.put(snu, n.sum()));
        return out;
    }

    /** SCAIP digest challenges (401) received. */
    public long challenges() {
        return challenges.sum();
    }

    /** SCAIP requests retransmitted over UDP (unchanged, within their transaction). */
    public long sipRetransmissions() {
        return sipRetransmissions.sum();
    }

    /** SCAIP {@code <mrs>} received in the body of a 200 OK. */
    public long mrsInBody() {
        return mrsInBody.sum();
    }

    /** SCAIP {@code <mrs>} received in a MESSAGE of the receiver's (repeats included), each answered 200 OK. */
    public long mrsInMessage() {
        return mrsInMessage.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long cancelled() {
        return cancelled.sum();
    }

    /** Transmissions that got no reply within the ACK timeout. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Replies that did not decode (bad CRC, wrong key...). */
    public long badReplies() {
        return badReplies.sum();
    }

    /** Decoded replies that matched no outstanding message (late duplicates, ambiguous NAKs). */
    public long unmatchedReplies() {
        return unmatchedReplies.sum();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    /** Persistent connections that dropped. */
    public long disconnects() {
        return disconnects.sum();
    }

    /** Switches between the primary and the secondary receiver. */
    public FailoverLog failover() {
        return failover;
    }

    @Override
    public String toString() {
        return "MessageLog[submitted=" + submitted() + ", sent=" + sent() + ", transmissions=" + transmissions()
                + ", acked=" + ackedCount() + ", naks=" + naks() + ", duh=" + duh() + ", refused=" + refused()
                + ", challenges=" + challenges() + ", sipRetransmissions=" + sipRetransmissions() + ", failed=" + failed()
                + ", cancelled=" + cancelled() + ", timeouts=" + timeouts() + ", badReplies=" + badReplies()
                + ", unmatchedReplies=" + unmatchedReplies() + ", connectFailures=" + connectFailures()
                + ", disconnects=" + disconnects() + "]";
    }
}
