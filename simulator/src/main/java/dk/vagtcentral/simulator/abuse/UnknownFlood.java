package dk.vagtcentral.simulator.abuse;

import dk.vagtcentral.protocol.dc09.Dc09FrameDecoder;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.simulator.EventKind;
import dk.vagtcentral.simulator.SimulatedDevice;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Frames from accounts nobody registered ({@link UnknownAccounts}: "F" and seven random-looking hex digits, each
 * account once), as fast as the sockets take them or at a capped rate, over TCP, UDP or both. A receiver answers
 * each with DUH and should spend little on them (rate-limited handling of unknown accounts). Over TCP a connection
 * the server closes is opened again after 100 ms.
 */
public final class UnknownFlood extends AbstractAbuseRun<UnknownFlood> {
    /** Which sockets the flood uses. */
    public enum Transport {
        TCP, UDP, BOTH;

        public static Transport parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "tcp" -> TCP;
                case "udp" -> UDP;
                case "both", "tcp+udp" -> BOTH;
                default -> throw new IllegalArgumentException("expected tcp, udp or both, got '" + text + "'");
            };
        }
    }

    private final Transport transport;
    private int connections = 4;
    private double rate;
    private EventKind event = EventKind.EMERGENCY;
    private UnknownAccounts accounts = new UnknownAccounts();
    private final PumpStats pumps = new PumpStats();
    private final ReplyCounter replies = new ReplyCounter(null);
    private final List<Channel> udpChannels = new ArrayList<>();
    private volatile Report frozen;

    /**
     * What the flood saw.
     *
     * @param seconds from the first frame written to the stop (or now)
     * @param sent    frames written (each from another unknown account)
     * @param duhs    DUH replies, the answer expected for an unknown account
     */
    public record Report(Transport transport, double seconds, ConnectionStats stats, long sent, long acks, long naks,
                         long duhs, long otherReplies, String stalls) implements AbuseReport {
        @Override
        public String mode() {
            return "unknown-flood";
        }

        public long replies() {
            return acks + naks + duhs + otherReplies;
        }

        public double sentPerSecond() {
            return sent / seconds;
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "sent %d frames from unknown accounts over %s in %.1f s (%.0f/s), "
                            + "%d replies (%d DUH, %.0f/s)", sent, transport.name(), seconds, sentPerSecond(),
                    replies(), duhs, replies() / seconds);
        }

        @Override
        public List<String[]> figures() {
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"replies", String.format(Locale.ROOT, "%d DUH, %d ACK, %d NAK, %d other; %d unanswered",
                    duhs, acks, naks, otherReplies, Math.max(0, sent - replies()))});
            f.add(new String[] {"socket full", stalls});
            if (transport != Transport.UDP) {
                f.add(new String[] {"connections", stats.line()});
                for (String e : stats.errors()) {
                    f.add(new String[] {"connect error", e});
                }
            }
            return f;
        }
    }

    public UnknownFlood(String host, int port, Transport transport) {
        super(host, port);
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** TCP connections, and separately UDP sockets, to flood over (default 4). */
    public UnknownFlood connections(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("connections must be >= 1: " + n);
        }
        this.connections = n;
        return this;
    }

    /** Caps the frames per second over all sockets; 0 (default) is as fast as they take them. */
    public UnknownFlood rate(double framesPerSecond) {
        if (framesPerSecond < 0) {
            throw new IllegalArgumentException("rate must be >= 0: " + framesPerSecond);
        }
        this.rate = framesPerSecond;
        return this;
    }

    /** The kind of frame (default EMERGENCY). */
    public UnknownFlood event(EventKind kind) {
        this.event = Objects.requireNonNull(kind, "kind");
        return this;
    }

    /** Where the accounts come from (default: "F" + 7 digits from a random start). */
    public UnknownFlood accounts(UnknownAccounts generator) {
        this.accounts = Objects.requireNonNull(generator, "generator");
        return this;
    }

    @Override
    protected String mode() {
        return "unknown-flood";
    }

    @Override
    protected void begin() throws InterruptedException {
        int sockets = transport == Transport.BOTH ? 2 * connections : connections;
        double share = rate / sockets;
        if (transport != Transport.UDP) {
            for (int c = 0; c < connections; c++) {
                keepConnected(tcp(ch -> {
                    ch.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024));
                    ch.pipeline().addLast(new Pump(c2 -> Unpooled.wrappedBuffer(frame()), share, this::isStopping, pumps),
                            new Dc09FrameDecoder(KeyResolver.NONE), replies);
                }), Duration.ofMillis(100), ch -> ch.pipeline().get(Pump.class).start(ch));
            }
        }
        if (transport != Transport.TCP) {
            for (int c = 0; c < connections; c++) {
                Pump pump = new Pump(ch -> new DatagramPacket(Unpooled.wrappedBuffer(frame()), remote), share,
                        this::isStopping, pumps);
                Bootstrap b = new Bootstrap().group(group()).channel(NioDatagramChannel.class)
                        .option(ChannelOption.SO_SNDBUF, 1 << 20)
                        .option(ChannelOption.SO_RCVBUF, 4 << 20)
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                        .handler(new ChannelInitializer<NioDatagramChannel>() {
                            @Override
                            protected void initChannel(NioDatagramChannel ch) {
                                ch.pipeline().addLast(pump, replies);
                            }
                        });
                InetSocketAddress local = sources().next();
                ChannelFuture bound = b.bind(local == null ? new InetSocketAddress(0) : local).awaitUninterruptibly();
                if (!bound.isSuccess()) {
                    throw new IllegalStateException("cannot open a UDP socket: " + bound.cause(), bound.cause());
                }
                Channel ch = bound.channel();
                udpChannels.add(ch);
                channels().add(ch);
                ch.eventLoop().execute(() -> pump.start(ch));
            }
        }
    }

    private byte[] frame() {
        SimulatedDevice d = SimulatedDevice.of(accounts.next());
        return d.message(event).encode(d.now(), ThreadLocalRandom.current());
    }

    @Override
    protected void onStop() {
        frozen = snapshot();
    }

    public long sent() {
        return pumps.sent.sum();
    }

    public long duhs() {
        return replies.duhs.sum();
    }

    @Override
    public Report report() {
        Report r = frozen;
        return r != null ? r : snapshot();
    }

    private Report snapshot() {
        return new Report(transport, secondsSince(pumps.firstStartNanos.get()), connectionStats(), pumps.sent.sum(), replies.acks.sum(),
                replies.naks.sum(), replies.duhs.sum(), replies.other.sum(), pumps.stallLine());
    }

}
