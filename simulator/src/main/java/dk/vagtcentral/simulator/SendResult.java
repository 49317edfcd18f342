package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.scaip.Mrs;
import java.time.Instant;

/**
 * How one message ended.
 *
 * @param message        the logical message
 * @param outcome        ACKED, DUH, REFUSED, FAILED or CANCELLED
 * @param attempts       transmissions made (0 when it never went out); for SCAIP the SIP requests, not counting
 *                       their retransmissions over UDP
 * @param naks           DC-09 NAK replies received (each one corrected the clock and caused a retransmission)
 * @param challenges     SCAIP digest challenges (401) answered
 * @param reply          the final DC-09 ACK or DUH, or null
 * @param mrs            the SCAIP {@code <mrs>} that ended the message (snu 0 when ACKED), or null
 * @param detail         why it failed, or null
 * @param lastFrame      the last frame transmitted (printable; ciphertext for encrypted devices; a SCAIP request as
 *                       its request line and body), or null
 * @param scheduledNanos {@link System#nanoTime()} when the message was due (load runs) or submitted
 * @param firstSendNanos nanoTime of the first transmission (0 when none)
 * @param lastSendNanos  nanoTime of the last transmission (0 when none)
 * @param completedNanos nanoTime of the reply or failure
 * @param firstSentAt    wall-clock time of the first transmission, or null
 */
public record SendResult(Message message, SendOutcome outcome, int attempts, int naks, int challenges,
                         Dc09Message reply, Mrs mrs, String detail, String lastFrame, long scheduledNanos,
                         long firstSendNanos, long lastSendNanos, long completedNanos, Instant firstSentAt) {

    public boolean acked() {
        return outcome == SendOutcome.ACKED;
    }

    /** Micros from the first transmission to the reply; -1 when never transmitted. */
    public long firstSendToReplyMicros() {
        return attempts == 0 ? -1 : (completedNanos - firstSendNanos) / 1000;
    }

    /** Micros from the last transmission to the reply; -1 when never transmitted. */
    public long lastAttemptToReplyMicros() {
        return attempts == 0 ? -1 : (completedNanos - lastSendNanos) / 1000;
    }

    /** Micros from when the message was due to the reply (includes queueing behind the device's earlier messages). */
    public long scheduledToReplyMicros() {
        return (completedNanos - scheduledNanos) / 1000;
    }

    /** The record of an ACKed message; only for {@link #acked()}. */
    public AckedMessage toAcked() {
        if (!acked()) {
            throw new IllegalStateException("not acked: " + outcome);
        }
        return new AckedMessage(message.account(), message.sequence(), message.id(), message.data(), firstSentAt,
                firstSendToReplyMicros(), lastAttemptToReplyMicros(), attempts, naks);
    }

    @Override
    public String toString() {
        return "SendResult[" + outcome + " " + message.id() + " #" + message.account() + " " + message.describe()
                + " attempts=" + attempts + " naks=" + naks + (challenges == 0 ? "" : " challenges=" + challenges)
                + (mrs == null ? "" : " snu=" + mrs.snu()) + (detail == null ? "" : " detail=" + detail) + "]";
    }
}
