package dk.vagtcentral.simulator.abuse;

import dk.vagtcentral.protocol.dc09.Dc09FrameDecoder;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.simulator.EventKind;
import dk.vagtcentral.simulator.SimulatedDevice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Slowloris: many connections that each trickle a request so slowly that a receiver without a deadline for a
 * whole frame keeps them for ever.
 * <ul>
 * <li>{@link Target#DC09}: a valid DC-09 frame of a known account, one byte every {@code interval}; when a frame
 *     is complete the next one starts (next sequence number, fresh timestamp).</li>
 * <li>{@link Target#HTTP}: an HTTP/1.1 request to the HTTP port whose header never ends: the request line and the
 *     Host header, then one more header line every {@code interval}.</li>
 * </ul>
 */
public final class SlowSender extends AbstractAbuseRun<SlowSender> {
    /** What the slow requests are sent to. */
    public enum Target {
        /** The DC-09 receiver port. */
        DC09,
        /** The HTTP API port. */
        HTTP;

        public static Target parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "dc09", "dc-09" -> DC09;
                case "http" -> HTTP;
                default -> throw new IllegalArgumentException("expected dc09 or http, got '" + text + "'");
            };
        }
    }

    private final int connections;
    private final Duration interval;
    private final Target target;
    private AccountRange accounts = AccountRange.parse("1000");
    private EventKind event = EventKind.TEST;
    private final AtomicLong nextAccount = new AtomicLong();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder framesCompleted = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final Map<String, LongAdder> httpStatus = new ConcurrentHashMap<>();
    private final ReplyCounter replies = new ReplyCounter(null);
    private volatile Frozen frozen;

    private record Frozen(long bytesSent, long framesCompleted, long bytesReceived, String replies,
                          Map<String, Long> httpStatus) {
    }

    /**
     * What the slow connections saw.
     *
     * @param bytesSent       bytes trickled out
     * @param framesCompleted whole DC-09 frames (or never for HTTP: the header never ends)
     * @param replies         DC-09 replies counted ("n ACK, n NAK, ..."), or the HTTP status lines received
     */
    public record Report(Target target, int connections, Duration interval, double seconds, ConnectionStats stats,
                         long bytesSent, long framesCompleted, long bytesReceived, String replies)
            implements AbuseReport {
        @Override
        public String mode() {
            return "slow";
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "%s, %d of %d connections closed by the server, %d still open after %.1f s",
                    target == Target.HTTP ? "HTTP" : "DC-09", stats.closedByServer(), stats.opened(), stats.open(), seconds);
        }

        @Override
        public List<String[]> figures() {
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"connections", stats.line()});
            f.add(new String[] {"time to close", stats.closeLine()});
            f.add(new String[] {"sent", String.format(Locale.ROOT, "%d bytes, one %s every %d ms%s", bytesSent,
                    target == Target.HTTP ? "header line" : "byte", interval.toMillis(),
                    target == Target.HTTP ? "" : "; " + framesCompleted + " frames completed")});
            f.add(new String[] {"replies", replies + " (" + bytesReceived + " bytes)"});
            for (String e : stats.errors()) {
                f.add(new String[] {"connect error", e});
            }
            return f;
        }
    }

    /** {@code connections} slow senders to {@code host:port}, one byte (DC-09) or header line (HTTP) per {@code interval}. */
    public SlowSender(String host, int port, int connections, Duration interval, Target target) {
        super(host, port);
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1: " + connections);
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.connections = connections;
        this.interval = interval;
        this.target = Objects.requireNonNull(target, "target");
    }

    /** The accounts the DC-09 frames come from, one per connection in turn (default 1000). */
    public SlowSender accounts(AccountRange range) {
        this.accounts = Objects.requireNonNull(range, "range");
        return this;
    }

    /** The kind of the DC-09 frames (default TEST). */
    public SlowSender event(EventKind kind) {
        this.event = Objects.requireNonNull(kind, "kind");
        return this;
    }

    @Override
    protected String mode() {
        return "slow";
    }

    @Override
    protected void begin() throws InterruptedException {
        openAll(connections, tcp(ch -> {
            if (target == Target.DC09) {
                ch.pipeline().addLast(new ByteCounter(), new Dc09FrameDecoder(KeyResolver.NONE), replies);
            } else {
                ch.pipeline().addLast(new ByteCounter(), new HttpStatusReader());
            }
        }), this::trickle);
    }

    /** Starts one connection's trickle; on its loop. */
    private void trickle(Channel ch) {
        Trickle t = target == Target.DC09
                ? new Trickle(SimulatedDevice.of(accounts.account(Math.floorMod(nextAccount.getAndIncrement(), accounts.size()))))
                : new Trickle(null);
        t.future = ch.eventLoop().scheduleAtFixedRate(() -> t.tick(ch), 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        ch.closeFuture().addListener(f -> t.future.cancel(false));
    }

    private final class Trickle {
        final SimulatedDevice device;
        byte[] pending;
        int position;
        int headerLines;
        ScheduledFuture<?> future;

        Trickle(SimulatedDevice device) {
            this.device = device;
        }

        void tick(Channel ch) {
            if (!ch.isActive() || isStopping()) {
                future.cancel(false);
                return;
            }
            ByteBuf out;
            if (device != null) {
                if (pending == null || position == pending.length) {
                    pending = device.message(event).encode(device.now(), ThreadLocalRandom.current());
                    position = 0;
                }
                out = Unpooled.wrappedBuffer(pending, position, 1);
                position++;
                if (position == pending.length) {
                    framesCompleted.increment();
                }
            } else {
                String line = headerLines++ == 0
                        ? "GET /health HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                        : "X-Slow-" + headerLines + ": " + headerLines + "\r\n";
                out = Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII);
            }
            bytesSent.add(out.readableBytes());
            ch.writeAndFlush(out, ch.voidPromise());
        }
    }

    private final class ByteCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                bytesReceived.add(b.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Records the status of the first response line on a connection ("HTTP/1.1 408"). */
    private final class HttpStatusReader extends ChannelInboundHandlerAdapter {
        private final StringBuilder first = new StringBuilder();
        private boolean done;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf b)) {
                return;
            }
            try {
                while (!done && b.isReadable()) {
                    char c = (char) b.readByte();
                    if (c == '\n' || first.length() >= 64) {
                        done = true;
                        String[] parts = first.toString().strip().split(" ");
                        String status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? parts[1] : "unparsable";
                        httpStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
                    } else {
                        first.append(c);
                    }
                }
            } finally {
                b.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    protected void onStop() {
        frozen = new Frozen(bytesSent.sum(), framesCompleted.sum(), bytesReceived.sum(), replyText(), statusMap());
    }

    private Map<String, Long> statusMap() {
        Map<String, Long> m = new TreeMap<>();
        httpStatus.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    private String replyText() {
        if (target == Target.DC09) {
            return replies.line();
        }
        Map<String, Long> m = statusMap();
        if (m.isEmpty()) {
            return "no HTTP response";
        }
        StringBuilder sb = new StringBuilder("HTTP status");
        m.forEach((k, v) -> sb.append(' ').append(k).append(" x").append(v));
        return sb.toString();
    }

    /** HTTP status lines received, by status code (HTTP target only). */
    public Map<String, Long> httpStatuses() {
        Frozen f = frozen;
        return f != null ? f.httpStatus() : statusMap();
    }

    @Override
    public Report report() {
        Frozen f = frozen;
        if (f == null) {
            f = new Frozen(bytesSent.sum(), framesCompleted.sum(), bytesReceived.sum(), replyText(), statusMap());
        }
        return new Report(target, connections, interval, elapsedSeconds(), connectionStats(), f.bytesSent(),
                f.framesCompleted(), f.bytesReceived(), f.replies());
    }
}
