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

    record ReplyKey(String account, int sequence) {
    }

    final DeviceMessage msg;
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
    ScheduledFuture<?> timer;
    Channel channel;
    /** The receiver of the last transmission or connection attempt. */
    Receiver receiver = Receiver.PRIMARY;
    /** The persistent link it waits for, in WAITING_LINK. */
    PersistentLink link;
    ReplyKey replyKey;
    String lastError;

    Pending(DeviceMessage msg, long scheduledNanos) {
        this.msg = msg;
        this.scheduledNanos = scheduledNanos;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
