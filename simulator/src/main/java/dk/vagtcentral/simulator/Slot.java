package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One connection slot of a {@link Dc09Client}: the state of every message of the devices assigned to
 * it, sent over the {@link Link} of the client's transport (a persistent TCP connection to each receiver,
 * a UDP socket, or one-shot TCP connections). All state is confined to the slot's event loop; {@link #submit} is the only entry
 * from other threads. A device has at most one message in flight; its later messages queue behind it,
 * like a real transmitter's event buffer. Each device has its own {@link Route}: a device whose
 * primary receiver fails retransmits the same message to the secondary, if the client has one.
 */
final class Slot {

    private static final class DeviceQueue {
        Pending inFlight;
        final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    }

    private final Dc09Client client;
    final int index;
    final EventLoop loop;
    private final Dc09Client.Settings settings;
    private final MessageLog log;
    private final InetSocketAddress primary;
    private final InetSocketAddress secondary;
    private final Link link;

    private final Map<String, DeviceQueue> devices = new HashMap<>();
    private final Map<String, Route> routes = new HashMap<>();
    private final Map<Pending.ReplyKey, Pending> outstanding = new HashMap<>();
    private boolean closed;

    Slot(Dc09Client client, int index, EventLoop loop) {
        this.client = client;
        this.index = index;
        this.loop = loop;
        this.settings = client.settings();
        this.log = client.log();
        this.primary = client.remote();
        this.secondary = client.secondary();
        this.link = Link.open(this, client.transport());
    }

    InetSocketAddress address(Receiver r) {
        return r == Receiver.PRIMARY ? primary : secondary;
    }

    boolean hasSecondary() {
        return secondary != null;
    }

    Dc09Client.Settings settings() {
        return settings;
    }

    MessageLog log() {
        return log;
    }

    Route route(Pending p) {
        return routes.computeIfAbsent(p.msg.account(), account -> new Route(account, secondary != null,
                settings.failbackAfter().toNanos(), log.failover));
    }

    KeyResolver keys() {
        return client.keyResolver();
    }

    /** The receiver a datagram came from, or null when it came from neither. */
    Receiver receiverOf(SocketAddress sender) {
        if (sameAddress(sender, primary)) {
            return Receiver.PRIMARY;
        }
        return secondary != null && sameAddress(sender, secondary) ? Receiver.SECONDARY : null;
    }

    private static boolean sameAddress(SocketAddress sender, InetSocketAddress remote) {
        return sender instanceof InetSocketAddress s && s.getPort() == remote.getPort()
                && s.getAddress() != null && s.getAddress().equals(remote.getAddress());
    }

    void strayDatagram() {
        log.unmatchedReplies.increment();
    }

    // ------------------------------------------------------------------ entry points (any thread)

    void submit(Pending p) {
        if (loop.inEventLoop()) {
            enqueue(p);
            return;
        }
        try {
            loop.execute(() -> enqueue(p));
        } catch (RejectedExecutionException e) {
            client.completeOutsideLoop(p, "client closed");
        }
    }

    /** Opens the persistent TCP connections (to the secondary when the primary fails); completes at once otherwise. */
    void connectNow(CompletableFuture<Void> done) {
        if (closed) {
            done.completeExceptionally(new IllegalStateException("client closed"));
            return;
        }
        link.connectNow(done);
    }

    /** Cancels messages that were never transmitted; returns how many. On the loop. */
    int cancelUnsent(String why) {
        int count = 0;
        for (DeviceQueue q : new ArrayList<>(devices.values())) {
            for (Pending p : new ArrayList<>(q.waiting)) {
                finish(p, SendOutcome.CANCELLED, null, why);
                count++;
            }
            Pending p = q.inFlight;
            if (p != null && p.attempts == 0) {
                finish(p, SendOutcome.CANCELLED, null, why);
                count++;
            }
        }
        return count;
    }

    /** Fails everything still open and closes the link. On the loop. */
    void shutdown() {
        closed = true;
        for (DeviceQueue q : new ArrayList<>(devices.values())) {
            for (Pending p : new ArrayList<>(q.waiting)) {
                finish(p, SendOutcome.FAILED, null, "client closed");
            }
        }
        for (DeviceQueue q : new ArrayList<>(devices.values())) {
            if (q.inFlight != null) {
                finish(q.inFlight, SendOutcome.FAILED, null, "client closed");
            }
        }
        link.close();
    }

    // ------------------------------------------------------------------ per-device queue

    private void enqueue(Pending p) {
        if (closed) {
            finish(p, SendOutcome.FAILED, null, "client closed");
            return;
        }
        DeviceQueue q = devices.computeIfAbsent(p.msg.account(), a -> new DeviceQueue());
        if (q.inFlight == null) {
            q.inFlight = p;
            begin(p);
        } else {
            p.state = Pending.State.QUEUED;
            q.waiting.add(p);
        }
    }

    private void begin(Pending p) {
        p.beganNanos = System.nanoTime();
        p.deadlineNanos = p.beganNanos + settings.deadline().toNanos();
        attempt(p);
    }

    void finish(Pending p, SendOutcome outcome, Dc09Message reply, String detail) {
        if (p.state == Pending.State.DONE) {
            return;
        }
        Pending.State previous = p.state;
        p.state = Pending.State.DONE;
        p.cancelTimer();
        if (p.replyKey != null) {
            outstanding.remove(p.replyKey, p);
        }
        if (previous == Pending.State.WAITING_LINK && p.link != null) {
            p.link.forget(p);
            p.link = null;
        }
        link.attemptEnded(p);
        Pending next = null;
        String account = p.msg.account();
        DeviceQueue q = devices.get(account);
        if (q != null) {
            if (q.inFlight == p) {
                next = q.waiting.poll();
                q.inFlight = next;
                if (next == null) {
                    devices.remove(account);
                }
            } else {
                q.waiting.remove(p);
            }
        }
        long now = System.nanoTime();
        String frame = p.lastFrame == null ? null
                : new String(p.lastFrame, 1, p.lastFrame.length - 2, StandardCharsets.US_ASCII);
        SendResult result = new SendResult(p.msg, outcome, p.attempts, p.naks, reply, detail, frame,
                p.scheduledNanos, p.firstSendNanos, p.lastSendNanos, now, p.firstSentAt);
        log.record(result);
        client.released();
        if (next != null) {
            begin(next); // before completing, so a callback that submits for this device queues behind it
        }
        p.future.complete(result);
    }

    // ------------------------------------------------------------------ transmissions

    void attempt(Pending p) {
        if (p.state == Pending.State.DONE) {
            return;
        }
        if (closed) {
            finish(p, SendOutcome.FAILED, null, "client closed");
            return;
        }
        if (p.attempts >= settings.maxAttempts()) {
            finish(p, SendOutcome.FAILED, null, "no ACK after " + p.attempts + " attempt(s)" + lastError(p));
            return;
        }
        if (System.nanoTime() - p.deadlineNanos >= 0) {
            finish(p, SendOutcome.FAILED, null, "deadline of " + seconds(settings.deadline()) + " passed after "
                    + p.attempts + " attempt(s)" + lastError(p));
            return;
        }
        link.send(p, route(p).target(System.nanoTime()));
    }

    /** Encodes and writes one transmission of the message, and arms its ACK timeout. Called by the link. */
    void transmit(Pending p, Channel ch, Receiver target) {
        SimulatedDevice device = p.msg.device();
        Instant timestamp = device.now();
        byte[] frame;
        try {
            frame = p.msg.encode(timestamp, ThreadLocalRandom.current());
        } catch (IllegalArgumentException e) {
            finish(p, SendOutcome.FAILED, null, "cannot encode: " + e.getMessage());
            return;
        }
        long now = System.nanoTime();
        p.attempts++;
        log.transmissions.increment();
        if (p.attempts == 1) {
            p.firstSendNanos = now;
            p.firstSentAt = Instant.now();
            log.sent.increment();
        }
        p.lastSendNanos = now;
        p.lastTimestamp = device.profile().timestamps() ? timestamp : null;
        p.lastFrame = frame;
        p.channel = ch;
        p.receiver = target;
        p.state = Pending.State.IN_FLIGHT;
        if (link.shared()) {
            if (p.replyKey == null) {
                p.replyKey = new Pending.ReplyKey(p.msg.account(), p.msg.sequence());
            }
            outstanding.put(p.replyKey, p);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        ch.writeAndFlush(link.wrap(buf, target), ch.voidPromise());
        int attemptNo = p.attempts;
        p.cancelTimer();
        p.timer = loop.schedule(() -> onTimeout(p, attemptNo), settings.ackTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onTimeout(Pending p, int attemptNo) {
        if (p.state != Pending.State.IN_FLIGHT || p.attempts != attemptNo) {
            return;
        }
        p.timer = null;
        log.timeouts.increment();
        p.lastError = "no reply within " + settings.ackTimeout().toMillis() + " ms from " + address(p.receiver);
        link.attemptEnded(p);
        route(p).failed(p.receiver, System.nanoTime(), p.beganNanos);
        attempt(p); // the same message again, to the other receiver if the device switched
    }

    // ------------------------------------------------------------------ replies

    /** @param from the receiver that answered; null on a connection of one message's own, whose message knows it */
    void onReply(Dc09DecodeResult result, Channel ch, Receiver from) {
        if (!link.shared()) {
            onOwnConnectionReply(ch.attr(OneShotLink.PENDING).get(), result, ch);
            return;
        }
        if (!result.isSuccess()) {
            log.badReplies.increment();
            return;
        }
        Dc09Message m = result.message();
        switch (m.id()) {
            case Dc09Ids.ACK, Dc09Ids.DUH -> {
                Pending p = match(m, ch);
                if (p == null) {
                    log.unmatchedReplies.increment();
                } else if (Dc09Ids.ACK.equals(m.id())) {
                    acked(p, m, from);
                } else {
                    finish(p, SendOutcome.DUH, m, "receiver answered DUH");
                }
            }
            case Dc09Ids.NAK -> onNak(m, ch);
            default -> log.unmatchedReplies.increment();
        }
    }

    private void acked(Pending p, Dc09Message ack, Receiver from) {
        route(p).acked(from, System.nanoTime());
        finish(p, SendOutcome.ACKED, ack, null);
    }

    private Pending match(Dc09Message reply, Channel ch) {
        if (reply.account() != null) {
            return outstanding.get(new Pending.ReplyKey(reply.account(), reply.sequence()));
        }
        Pending found = null;
        for (Pending p : outstanding.values()) {
            if (p.channel == ch && p.msg.sequence() == reply.sequence()) {
                if (found != null) {
                    return null; // ambiguous without the account
                }
                found = p;
            }
        }
        return found;
    }

    /**
     * A NAK names neither account nor sequence. It belongs to the only message in flight on the link,
     * or else to the messages whose timestamp is off the receiver's clock by more than the tolerance.
     * Otherwise it is ambiguous and ignored: the message it was meant for is retransmitted on timeout.
     */
    private void onNak(Dc09Message nak, Channel ch) {
        List<Pending> onLink = new ArrayList<>();
        for (Pending p : outstanding.values()) {
            if (p.state == Pending.State.IN_FLIGHT && p.channel == ch) {
                onLink.add(p);
            }
        }
        List<Pending> targets = new ArrayList<>();
        if (onLink.size() == 1) {
            targets.add(onLink.get(0));
        } else if (nak.timestamp() != null) {
            long tolerance = settings.nakTolerance().toMillis();
            for (Pending p : onLink) {
                if (p.lastTimestamp != null
                        && Math.abs(p.lastTimestamp.toEpochMilli() - nak.timestamp().toEpochMilli()) > tolerance) {
                    targets.add(p);
                }
            }
        }
        if (targets.isEmpty()) {
            log.unmatchedReplies.increment();
            return;
        }
        targets.sort(Comparator.comparingLong(p -> p.firstSendNanos));
        for (Pending p : targets) {
            retransmitAfterNak(p, nak);
        }
    }

    private void retransmitAfterNak(Pending p, Dc09Message nak) {
        log.naks.increment();
        p.naks++;
        if (nak.timestamp() != null) {
            p.msg.device().correctClock(nak.timestamp());
        }
        p.cancelTimer();
        p.lastError = "NAK from the receiver";
        link.attemptEnded(p);
        attempt(p);
    }

    private void onOwnConnectionReply(Pending p, Dc09DecodeResult result, Channel ch) {
        if (p == null || p.state != Pending.State.IN_FLIGHT || p.channel != ch) {
            log.unmatchedReplies.increment();
            return;
        }
        if (!result.isSuccess()) {
            log.badReplies.increment();
            return;
        }
        Dc09Message m = result.message();
        boolean sameMessage = m.sequence() == p.msg.sequence()
                && (m.account() == null || m.account().equals(p.msg.account()));
        switch (m.id()) {
            case Dc09Ids.ACK -> {
                if (sameMessage) {
                    acked(p, m, p.receiver);
                } else {
                    log.unmatchedReplies.increment();
                }
            }
            case Dc09Ids.DUH -> {
                if (sameMessage) {
                    finish(p, SendOutcome.DUH, m, "receiver answered DUH");
                } else {
                    log.unmatchedReplies.increment();
                }
            }
            case Dc09Ids.NAK -> retransmitAfterNak(p, m);
            default -> log.unmatchedReplies.increment();
        }
    }

    // ------------------------------------------------------------------ persistent TCP links

    /** Holds the message until the connection is up, at most until its deadline. */
    void waitForLink(Pending p, PersistentLink to) {
        p.cancelTimer();
        p.state = Pending.State.WAITING_LINK;
        p.link = to;
        long remaining = Math.max(0, p.deadlineNanos - System.nanoTime());
        p.timer = loop.schedule(() -> onLinkDeadline(p), remaining, TimeUnit.NANOSECONDS);
        to.await(p);
    }

    private void onLinkDeadline(Pending p) {
        if (p.state != Pending.State.WAITING_LINK) {
            return;
        }
        p.timer = null;
        String linkError = p.link == null ? null : p.link.lastError();
        finish(p, SendOutcome.FAILED, null, "not connected within the deadline of " + seconds(settings.deadline())
                + " after " + p.attempts + " attempt(s)" + (linkError == null ? "" : ": " + linkError));
    }

    /** A link came up: the messages that waited for it go out (to whichever receiver their device now uses). */
    void linkUp(List<Pending> ready) {
        for (Pending p : ready) {
            if (p.state == Pending.State.WAITING_LINK) {
                p.cancelTimer();
                p.link = null;
                attempt(p);
            }
        }
    }

    /** A link could not connect: devices with another receiver switch to it; the rest wait for the reconnect. */
    void connectFailed(PersistentLink failed, List<Pending> waiting) {
        long now = System.nanoTime();
        for (Pending p : waiting) {
            if (p.state != Pending.State.WAITING_LINK || p.link != failed) {
                continue;
            }
            p.lastError = "cannot connect to " + failed.remote + ": " + failed.lastError();
            if (route(p).failed(failed.receiver, now, p.beganNanos)) {
                failed.forget(p);
                p.link = null;
                p.cancelTimer();
                attempt(p);
            }
        }
    }

    /** A connection dropped: its messages in flight go out again as soon as a link is up. */
    void linkLost(Channel ch) {
        List<Pending> lost = new ArrayList<>();
        for (Pending p : outstanding.values()) {
            if (p.channel == ch && p.state == Pending.State.IN_FLIGHT) {
                lost.add(p);
            }
        }
        lost.sort(Comparator.comparingLong(p -> p.firstSendNanos));
        for (Pending p : lost) {
            p.lastError = "connection lost";
            p.cancelTimer();
            link.send(p, route(p).target(System.nanoTime())); // waits for the reconnect unless another link is up
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String lastError(Pending p) {
        return p.lastError == null ? "" : " (last: " + p.lastError + ")";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        if (t instanceof ConnectException && t.getMessage() != null) {
            return t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
