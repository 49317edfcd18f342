package dk.vagtcentral.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe record of what a {@link Dc09Client} did: counters, and every ACKed message (unless
 * turned off for long runs).
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

    /** Frames transmitted, retransmissions included. */
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
                + ", acked=" + ackedCount() + ", naks=" + naks() + ", duh=" + duh() + ", failed=" + failed()
                + ", cancelled=" + cancelled() + ", timeouts=" + timeouts() + ", badReplies=" + badReplies()
                + ", unmatchedReplies=" + unmatchedReplies() + ", connectFailures=" + connectFailures()
                + ", disconnects=" + disconnects() + "]";
    }
}
