package dk.vagtcentral.simulator;

/**
 * Which receiver one device transmits to, as a DC-09 transmitter with a primary and a secondary
 * receiver address decides it: it stays on the primary while that answers, goes to the secondary when
 * the primary fails (connect refused, no ACK within the ACK timeout), and comes back to the primary
 * after {@code failbackAfterNanos} on the secondary or as soon as the secondary fails too.
 * Without a secondary the device always uses the primary. Confined to the device's slot event loop.
 */
final class Route {
    private final String account;
    private final boolean hasSecondary;
    private final long failbackAfterNanos;
    private final FailoverLog log;
    private Receiver current = Receiver.PRIMARY;
    private long onSecondarySinceNanos;
    private boolean primaryAcked;
    private long lastPrimaryAckNanos;
    private boolean gapOpen;
    private long gapStartNanos;

    Route(String account, boolean hasSecondary, long failbackAfterNanos, FailoverLog log) {
        this.account = account;
        this.hasSecondary = hasSecondary;
        this.failbackAfterNanos = failbackAfterNanos;
        this.log = log;
    }

    /** The receiver of the next transmission; fails back when the device has been on the secondary long enough. */
    Receiver target(long nowNanos) {
        if (current == Receiver.SECONDARY && nowNanos - onSecondarySinceNanos >= failbackAfterNanos) {
            current = Receiver.PRIMARY;
            gapOpen = false;
            log.failback(account);
        }
        return current;
    }

    /**
     * A transmission to {@code failed} got no ACK in time, or its connection could not be made.
     * Returns whether the device switched receivers; a failure of a receiver it has already left
     * (a late timeout) changes nothing.
     *
     * @param attemptStartNanos when the device began trying the message, the start of the gap when the
     *                          primary has never ACKed anything
     */
    boolean failed(Receiver failed, long nowNanos, long attemptStartNanos) {
        if (!hasSecondary || failed != current) {
            return false;
        }
        if (current == Receiver.PRIMARY) {
            current = Receiver.SECONDARY;
            onSecondarySinceNanos = nowNanos;
            gapOpen = true;
            gapStartNanos = primaryAcked ? lastPrimaryAckNanos : attemptStartNanos;
            log.failover(account);
        } else {
            current = Receiver.PRIMARY;
            gapOpen = false;
            log.failback(account);
        }
        return true;
    }

    /** An ACK from {@code from}; the first from the secondary after a failover closes the gap. */
    void acked(Receiver from, long nowNanos) {
        if (from == Receiver.PRIMARY) {
            primaryAcked = true;
            lastPrimaryAckNanos = nowNanos;
        } else if (gapOpen) {
            gapOpen = false;
            log.gap(account, nowNanos - gapStartNanos);
        }
    }

    Receiver current() {
        return current;
    }
}
