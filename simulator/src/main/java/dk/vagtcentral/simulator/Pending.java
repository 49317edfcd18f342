package dk.vagtcentral.simulator;

import io.netty.channel.Channel;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** The transmission state of one message; touched only on its slot's event loop. */
final class Pending {
    enum State {
        NEW,
        /** Behind an earlier message of the same device. */
        QUEUED,
        /** Persistent link down: waits for the reconnect. */
        WAITING_LINK,
        /** One-shot: connecting. */
        CONNECTING,
        /** One-shot: connect failed, waiting to try again. */
        BACKOFF,
        /** Transmitted, awaiting the reply. */
        IN_FLIGHT,
        DONE
    }

    /** How a DC-09 reply names its message. */
    record ReplyKey(String account, int sequence) {
    }

    final Message msg;
    final long scheduledNanos;
    final CompletableFuture<SendResult> future = new CompletableFuture<>();
    State state = State.NEW;
    long beganNanos;
    long deadlineNanos;
    int attempts;
    int naks;
    int connectFailures;
    long firstSendNanos;
    long lastSendNanos;
    Instant firstSentAt;
    Instant lastTimestamp;
    byte[] lastFrame;
    /** The reply timeout of the attempt, or a backoff / link deadline. */
    ScheduledFuture<?> timer;
    /** SIP over UDP: the next retransmission of the attempt's request (RFC 3261 §17.1.2.2). */
    ScheduledFuture<?> retransmitTimer;
    Channel channel;
    /** The receiver of the last transmission or connection attempt. */
    Receiver receiver = Receiver.PRIMARY;
    /** The persistent link it waits for, in WAITING_LINK. */
    PersistentLink link;
    /** What replies to it are matched by on a shared link: a {@link ReplyKey}, or the wire's own key. */
    Object replyKey;
    String lastError;
    /** SCAIP: digest challenges (401) answered. */
    int challenges;
    /** SCAIP: the SIP identity of the message and its current request; null for DC-09. */
    ScaipExchange sip;

    Pending(Message msg, long scheduledNanos) {
        this.msg = msg;
        this.scheduledNanos = scheduledNanos;
    }

    /** Cancels the attempt's timers: the reply timeout (or backoff) and any retransmission. */
    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        cancelRetransmission();
    }

    void cancelRetransmission() {
        if (retransmitTimer != null) {
            retransmitTimer.cancel(false);
            retransmitTimer = null;
        }
    }
}
