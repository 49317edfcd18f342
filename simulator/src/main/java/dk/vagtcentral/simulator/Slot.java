package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.protocol.scaip.Mrs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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
import java.util.concurrent.TimeUnit;

/**
 * One connection slot of a {@link Dc09Client}: the state of every message of the devices assigned to
 * it, sent over the {@link Link} of the client's transport (a persistent TCP connection to each receiver,
 * a UDP socket, or one-shot TCP connections) and encoded and answered by the {@link Wire} of its protocol
 * (DC-09 or SCAIP). All state is confined to the slot's event loop; {@link #submit} is the only entry
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
    private final Wire wire;
    private final Link link;

    private final Map<String, DeviceQueue> devices = new HashMap<>();
    private final Map<String, Route> routes = new HashMap<>();
    /** Messages in flight on a shared link, by what their replies name them by ({@link Wire#replyKey}). */
    private final Map<Object, Pending> outstanding = new HashMap<>();
    private boolean closed;

    Slot(Dc09Client client, int index, EventLoop loop) {
        this.client = client;
        this.index = index;
        this.loop = loop;
        this.settings = client.settings();
        this.log = client.log();
        this.primary = client.remote();
        this.secondary = client.secondary();
        this.wire = Wire.open(this, client.protocol());
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

    Wire wire() {
        return wire;
    }

    Link link() {
        return link;
    }

    Transport transport() {
        return client.transport();
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

    /** A datagram from {@code from}: decoded and read by the wire. */
    void onDatagram(byte[] bytes, Channel ch, Receiver from) {
        wire.onReply(wire.decodeDatagram(bytes), ch, from);
    }

    /** A reply decoded by a TCP connection's decoder; {@code from} is null on a one-shot connection. */
    void onReply(Object decoded, Channel ch, Receiver from) {
        wire.onReply(decoded, ch, from);
    }

    /** The message in flight whose replies carry {@code key}, or null. */
    Pending outstanding(Object key) {
        return outstanding.get(key);
    }

    /** The messages in flight on a shared channel. */
    List<Pending> inFlightOn(Channel ch) {
        List<Pending> on = new ArrayList<>();
        for (Pending p : outstanding.values()) {
            if (p.state == Pending.State.IN_FLIGHT && p.channel == ch) {
                on.add(p);
            }
        }
        return on;
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

    /** Ends the message: {@code reply} is the DC-09 ACK or DUH, or the SCAIP {@code <mrs>}, or null. */
    void finish(Pending p, SendOutcome outcome, Object reply, String detail) {
        if (p.state == Pending.State.DONE) {
            return;
        }
        Pending.State previous = p.state;
        p.state = Pending.State.DONE;
        p.cancelTimer();
        if (p.replyKey != null) {
            outstanding.remove(p.replyKey, p);
        }
        wire.forget(p);
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
        String frame = p.lastFrame == null ? null : wire.printable(p.lastFrame);
        SendResult result = new SendResult(p.msg, outcome, p.attempts, p.naks, p.challenges,
                reply instanceof Dc09Message d ? d : null, reply instanceof Mrs m ? m : null, detail, frame,
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
        byte[] frame;
        try {
            frame = wire.encode(p, ch, target);
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
        p.lastFrame = frame;
        p.channel = ch;
        p.receiver = target;
        p.state = Pending.State.IN_FLIGHT;
        if (link.shared()) {
            if (p.replyKey == null) {
                p.replyKey = wire.replyKey(p);
            }
            outstanding.put(p.replyKey, p);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        ch.writeAndFlush(link.wrap(buf, target), ch.voidPromise());
        int attemptNo = p.attempts;
        p.cancelTimer();
        p.timer = loop.schedule(() -> onTimeout(p, attemptNo), settings.ackTimeout().toNanos(), TimeUnit.NANOSECONDS);
        wire.transmitted(p, ch, target, frame);
    }

    private void onTimeout(Pending p, int attemptNo) {
        if (p.state != Pending.State.IN_FLIGHT || p.attempts != attemptNo) {
            return;
        }
        p.timer = null;
        p.cancelRetransmission();
        log.timeouts.increment();
        p.lastError = "no reply within " + settings.ackTimeout().toMillis() + " ms from " + address(p.receiver);
        link.attemptEnded(p);
        route(p).failed(p.receiver, System.nanoTime(), p.beganNanos);
        attempt(p); // the same message again, to the other receiver if the device switched
    }

    // ------------------------------------------------------------------ what the wire tells

    /** The receiver {@code from} acknowledged the message ({@code reply}: the DC-09 ACK or the SCAIP {@code <mrs>}). */
    void acked(Pending p, Object reply, Receiver from) {
        route(p).acked(from, System.nanoTime());
        finish(p, SendOutcome.ACKED, reply, null);
    }

    /** The receiver asked for the message again at once (a NAK, a digest challenge): a new attempt now. */
    void retryNow(Pending p, String why) {
        p.cancelTimer();
        p.lastError = why;
        link.attemptEnded(p);
        attempt(p);
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
