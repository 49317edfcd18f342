package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.KeyResolver;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends messages of simulated devices to a receiver and retransmits them until they are acknowledged, as
 * alarm transmitters do. It speaks DC-09, or SCAIP when built with {@link Builder#protocol} (then see
 * {@link ScaipWire} for what answers mean; the queues, retransmissions, connections and failover below are
 * the same). For DC-09:
 * <ul>
 * <li>no reply within the ACK timeout: the same message (same sequence and data, fresh timestamp) is
 *     sent again, up to {@code maxAttempts} transmissions and within the message deadline;</li>
 * <li>NAK: the device clock is set from the receiver time in the NAK and the message is sent again at
 *     once with the corrected timestamp;</li>
 * <li>DUH: the device gives up on that message;</li>
 * <li>lost connection: messages in flight are sent again as soon as the connection is back; the client
 *     reconnects with backoff for as long as messages wait (or, once connected, for good).</li>
 * <li>with a {@linkplain Builder#secondary secondary receiver}: a device whose primary refuses the
 *     connection or lets the ACK timeout pass sends the same message to the secondary, stays there for
 *     {@linkplain Builder#failbackAfter failback-after} and then goes back to the primary, or at once
 *     when the secondary fails too; switches and gaps are in {@link MessageLog#failover()}.</li>
 * </ul>
 * Messages are spread over {@code connections} slots (persistent TCP connections, UDP sockets, or
 * sources of one-shot TCP connections); a device always uses the same slot and has at most one
 * message in flight, its later messages queue behind it. DC-09 replies are matched by account and sequence
 * (SCAIP answers by Call-ID and ref); encrypted replies are decrypted with the keys of the devices that sent
 * through this client. The name is older than SCAIP support.
 *
 * <pre>{@code
 * try (Dc09Client client = Dc09Client.builder("127.0.0.1", port).transport(Transport.TCP).build()) {
 *     SimulatedDevice device = SimulatedDevice.of("1000");
 *     SendResult r = client.send(device, EventKind.EMERGENCY).get();
 *     List<AckedMessage> acked = client.log().acked();
 * }
 * try (Dc09Client client = Dc09Client.builder("127.0.0.1", scaipPort).protocol(Protocol.SCAIP)
 *         .transport(Transport.UDP).build()) {
 *     SendResult r = client.send(ScaipDevice.of("4510001000").withPassword("pw"), ScaipKind.BUTTON).get();
 *     Mrs answer = r.mrs();   // snu 0 when ACKED
 * }
 * }</pre>
 */
public final class Dc09Client implements AutoCloseable {

    /** Retransmission settings shared by all slots. */
    record Settings(Duration ackTimeout, int maxAttempts, Duration deadline, Duration connectTimeout,
                    Duration nakTolerance, Duration failbackAfter) {
    }

    static {
        warmUp();
    }

    private final InetSocketAddress remote;
    private final InetSocketAddress secondary;
    private final Transport transport;
    private final Protocol protocol;
    private final Settings settings;
    private final MessageLog log;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Slot[] slots;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final KeyResolver keyResolver = keys::get;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;

    private Dc09Client(Builder b) {
        InetSocketAddress address = new InetSocketAddress(b.host, b.port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + b.host + "'");
        }
        this.remote = address;
        this.secondary = b.secondaryHost == null ? null : new InetSocketAddress(b.secondaryHost, b.secondaryPort);
        if (secondary != null && secondary.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + b.secondaryHost + "'");
        }
        if (b.protocol == Protocol.SCAIP && b.transport == Transport.TCP_ONESHOT) {
            throw new IllegalArgumentException("a SCAIP device keeps its TCP connection (the <mrs> may come on it"
                    + " after the 200 OK): use tcp or udp");
        }
        this.transport = b.transport;
        this.protocol = b.protocol;
        this.settings = new Settings(b.ackTimeout, b.maxAttempts, b.deadline, b.connectTimeout, b.nakTolerance,
                b.failbackAfter);
        this.log = b.log != null ? b.log : new MessageLog(b.keepAcked);
        if (b.group != null) {
            this.group = b.group;
            this.ownGroup = false;
        } else {
            int threads = b.ioThreads > 0 ? b.ioThreads : Math.max(1, Runtime.getRuntime().availableProcessors());
            this.group = new MultiThreadIoEventLoopGroup(Math.min(threads, b.connections),
                    new DefaultThreadFactory("dc09-client", true), NioIoHandler.newFactory());
            this.ownGroup = true;
        }
        this.slots = new Slot[b.connections];
        try {
            for (int i = 0; i < slots.length; i++) {
                slots[i] = new Slot(this, i, group.next());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A builder for a client sending to {@code host:port}. */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /**
     * Opens the persistent TCP connections now instead of at the first message; completes when all are
     * up (exceptionally when one could not connect — it keeps retrying in the background). Completes at
     * once for UDP and one-shot TCP.
     */
    public CompletableFuture<Void> connect() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Slot slot : slots) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            all.add(f);
            slot.loop.execute(() -> slot.connectNow(f));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Creates the device's next message of {@code kind} and sends it. */
    public CompletableFuture<SendResult> send(SimulatedDevice device, EventKind kind) {
        return send(device.message(kind));
    }

    /** Creates the SCAIP device's next message of {@code kind} (a new ref) and sends it. */
    public CompletableFuture<SendResult> send(ScaipDevice device, ScaipKind kind) {
        return send(device.message(kind));
    }

    /** Sends a message on the device's slot (chosen by account). */
    public CompletableFuture<SendResult> send(Message message) {
        return send(message, slotOf(message.account()), System.nanoTime());
    }

    /**
     * Sends a message on a given connection slot. Latency "from scheduled" is measured from
     * {@code scheduledNanos} ({@link System#nanoTime()} time base), so an open-model load run can
     * pass the time the message was due rather than the time it got sent. A device must always use the
     * same slot.
     */
    public CompletableFuture<SendResult> send(Message message, int connection, long scheduledNanos) {
        Objects.requireNonNull(message, "message");
        if (connection < 0 || connection >= slots.length) {
            throw new IllegalArgumentException("connection must be 0.." + (slots.length - 1) + ": " + connection);
        }
        if (message.protocol() != protocol) {
            throw new IllegalArgumentException("a " + message.protocol() + " message on a " + protocol + " client");
        }
        if (message instanceof DeviceMessage m) {
            registerKey(m.device().profile());
        }
        Pending p = new Pending(message, scheduledNanos);
        log.submitted.increment();
        pending.incrementAndGet();
        if (closed) {
            completeOutsideLoop(p, "client closed");
        } else {
            slots[connection].submit(p);
        }
        return p.future;
    }

    /** The default slot of an account. */
    public int slotOf(String account) {
        return Math.floorMod(account.hashCode(), slots.length);
    }

    /** Registers a device's key for decrypting replies before it sends anything (optional). */
    public void registerKey(DeviceProfile profile) {
        if (profile.encrypted()) {
            keys.putIfAbsent(profile.account(), profile.keyRef());
        }
    }

    /** Cancels every message that has not been transmitted yet (outcome CANCELLED); returns how many. */
    public int cancelUnsent(String why) {
        int total = 0;
        for (Slot slot : slots) {
            total += runOnLoop(slot, () -> slot.cancelUnsent(why));
        }
        return total;
    }

    /** Messages submitted and not finished yet. */
    public int pending() {
        return pending.get();
    }

    public MessageLog log() {
        return log;
    }

    public Transport transport() {
        return transport;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The primary receiver. */
    public InetSocketAddress remote() {
        return remote;
    }

    /** The secondary receiver, or null when the devices have none. */
    public InetSocketAddress secondary() {
        return secondary;
    }

    public int connections() {
        return slots.length;
    }

    /** Fails every unfinished message ("client closed"), closes the connections and stops the threads it owns. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Slot slot : slots) {
            if (slot != null) {
                runOnLoop(slot, () -> {
                    slot.shutdown();
                    return 0;
                });
            }
        }
        if (ownGroup) {
            io.netty.util.concurrent.Future<?> terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            boolean onOwnLoop = false;
            for (Slot slot : slots) {
                onOwnLoop |= slot != null && slot.loop.inEventLoop();
            }
            if (!onOwnLoop) { // closing from a callback on one of its own threads: cannot wait for itself
                terminated.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    // ------------------------------------------------------------------ package-private

    Settings settings() {
        return settings;
    }

    KeyResolver keyResolver() {
        return keyResolver;
    }

    EventLoop loopOf(int slot) {
        return slots[slot].loop;
    }

    void released() {
        pending.decrementAndGet();
    }

    void completeOutsideLoop(Pending p, String why) {
        SendResult result = new SendResult(p.msg, SendOutcome.FAILED, 0, 0, 0, null, null, why, null,
                p.scheduledNanos, 0, 0, System.nanoTime(), null);
        log.record(result);
        released();
        p.future.complete(result);
    }

    private static int runOnLoop(Slot slot, java.util.concurrent.Callable<Integer> task) {
        if (slot.loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (slot.loop.isShuttingDown()) {
            return 0;
        }
        Future<Integer> f = slot.loop.submit(task);
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("slot " + slot.index + " did not respond: " + e, e);
        }
    }

    /**
     * Runs the codec and Netty's direct-buffer allocation once per JVM, so that the first message
     * measured does not carry class loading (Netty registers its JFR events on the first allocation,
     * which takes ~100 ms).
     */
    private static void warmUp() {
        try {
            io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(256).release();
            io.netty.buffer.Unpooled.directBuffer(256).release();
            SimulatedDevice probe = SimulatedDevice.of("000");
            byte[] frame = probe.message(EventKind.EMERGENCY).encode(probe.now(), java.util.concurrent.ThreadLocalRandom.current());
            dk.vagtcentral.protocol.dc09.Dc09Message decoded =
                    dk.vagtcentral.protocol.dc09.Dc09Codec.decodeFrame(frame, KeyResolver.NONE).message();
            dk.vagtcentral.protocol.dc09.Dc09Codec.decodeFrame(
                    dk.vagtcentral.protocol.dc09.Dc09Codec.encode(decoded.ack(java.time.Instant.now())), KeyResolver.NONE);
        } catch (RuntimeException e) {
            // only an optimisation
        }
    }

    /** Settings of a {@link Dc09Client}; defaults: DC-09 over TCP, 1 connection, ACK timeout 2 s, 10 attempts, 60 s deadline. */
    public static final class Builder {
        private final String host;
        private final int port;
        private Transport transport = Transport.TCP;
        private Protocol protocol = Protocol.DC09;
        private int connections = 1;
        private Duration ackTimeout = Duration.ofSeconds(2);
        private int maxAttempts = 10;
        private Duration deadline = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration nakTolerance = Duration.ofSeconds(3);
        private String secondaryHost;
        private int secondaryPort;
        private Duration failbackAfter = Duration.ofSeconds(60);
        private int ioThreads;
        private EventLoopGroup group;
        private boolean keepAcked = true;
        private MessageLog log;

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
            this.port = port;
        }

        public Builder transport(Transport t) {
            this.transport = Objects.requireNonNull(t);
            return this;
        }

        /** What the devices speak (default DC-09); SCAIP runs over TCP or UDP. */
        public Builder protocol(Protocol p) {
            this.protocol = Objects.requireNonNull(p);
            return this;
        }

        /**
         * The secondary receiver: a device whose primary refuses the connection or does not ACK within
         * the ACK timeout sends the same message there (and later ones, until it fails back).
         */
        public Builder secondary(String host, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("secondary port must be 1..65535: " + port);
            }
            this.secondaryHost = Objects.requireNonNull(host, "host");
            this.secondaryPort = port;
            return this;
        }

        /** How long a device stays on the secondary before it tries the primary again (default 60 s). */
        public Builder failbackAfter(Duration d) {
            this.failbackAfter = positive(d, "failbackAfter");
            return this;
        }

        /** Persistent TCP connections / UDP sockets / one-shot slots to spread the devices over. */
        public Builder connections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("connections must be >= 1: " + n);
            }
            this.connections = n;
            return this;
        }

        /** How long to wait for a reply before retransmitting. */
        public Builder ackTimeout(Duration d) {
            this.ackTimeout = positive(d, "ackTimeout");
            return this;
        }

        /** Transmissions per message, the first included. */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1: " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        /** How long a message may take, from its first attempt, before it is given up (FAILED). */
        public Builder deadline(Duration d) {
            this.deadline = positive(d, "deadline");
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /**
         * A NAK names no message. When several are in flight on the link it applies to those whose
         * timestamp is off the receiver time in the NAK by more than this (default 3 s).
         */
        public Builder nakTolerance(Duration d) {
            this.nakTolerance = Objects.requireNonNull(d);
            return this;
        }

        /** Event-loop threads when the client makes its own group (default: available processors). */
        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        /** Shares an existing event-loop group (not shut down on close). */
        public Builder eventLoopGroup(EventLoopGroup g) {
            this.group = g;
            return this;
        }

        /** Whether {@link MessageLog#acked()} keeps every ACKed message (default true). */
        public Builder keepAcked(boolean keep) {
            this.keepAcked = keep;
            return this;
        }

        /** Records into an existing log. */
        public Builder log(MessageLog messageLog) {
            this.log = messageLog;
            return this;
        }

        public Dc09Client build() {
            return new Dc09Client(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
