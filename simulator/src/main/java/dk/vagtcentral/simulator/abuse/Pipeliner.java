package dk.vagtcentral.simulator.abuse;

import dk.vagtcentral.protocol.dc09.Dc09FrameDecoder;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.simulator.EventKind;
import dk.vagtcentral.simulator.LatencySummary;
import dk.vagtcentral.simulator.SimulatedDevice;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * A device that does not wait for its ACKs: {@code connections} TCP connections each write frames of known
 * accounts, with each account's sequence numbers increasing, as fast as the socket takes them. A receiver that
 * bounds the unACKed frames per connection stops reading the socket; that shows here as unanswered frames and
 * stalled sockets, while the ACKs that do come are counted with their latency from the write.
 * A connection the server closes is opened again after 100 ms (counted in the connection figures).
 */
public final class Pipeliner extends AbstractAbuseRun<Pipeliner> {
    private static final AttributeKey<Map<String, Long>> SENT_AT = AttributeKey.valueOf("vagtcentral.abuse.sentAt");
    /** Write times remembered per connection for the ACK latency; beyond this, frames are not timed. */
    private static final int MAX_TIMED = 100_000;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final int connections;
    private final AccountRange accounts;
    private EventKind event = EventKind.TEST;
    private double rate;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final PumpStats pumps = new PumpStats();
    private final Histogram ackLatency = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    private final ReplyCounter replies = new ReplyCounter(this::onReply);
    private volatile Report frozen;

    /**
     * What the pipeliner saw.
     *
     * @param seconds    from the first frame written to the stop (or now)
     * @param sent       frames written to the sockets
     * @param acks       ACKs received ({@code naks}, {@code duhs} likewise)
     * @param unanswered frames sent that got no reply (yet)
     * @param ackLatency from writing a frame to its ACK (ms)
     * @param stalls     how often and how long the sockets were full
     */
    public record Report(int connections, AccountRange accounts, double seconds, ConnectionStats stats, long sent,
                         long acks, long naks, long duhs, long otherReplies, long unanswered,
                         LatencySummary ackLatency, String stalls) implements AbuseReport {
        @Override
        public String mode() {
            return "pipeline";
        }

        public double sentPerSecond() {
            return sent / seconds;
        }

        public double ackedPerSecond() {
            return acks / seconds;
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "sent %d, ACKed %d, unanswered %d in %.1f s on %d connections "
                    + "(%.0f sent/s, %.0f ACKed/s)", sent, acks, unanswered, seconds, connections, sentPerSecond(),
                    ackedPerSecond());
        }

        @Override
        public List<String[]> figures() {
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"replies", String.format(Locale.ROOT, "%d ACK, %d NAK, %d DUH, %d other", acks, naks,
                    duhs, otherReplies)});
            f.add(new String[] {"ack latency", String.format(Locale.ROOT,
                    "p50 %.3f  p90 %.3f  p99 %.3f  max %.3f  (ms from the write, n=%d)", ackLatency.p50(),
                    ackLatency.p90(), ackLatency.p99(), ackLatency.max(), ackLatency.count())});
            f.add(new String[] {"socket full", stalls});
            f.add(new String[] {"connections", stats.line()});
            f.add(new String[] {"accounts", accounts + " (" + accounts.size() + ")"});
            for (String e : stats.errors()) {
                f.add(new String[] {"connect error", e});
            }
            return f;
        }
    }

    /** {@code connections} connections sending frames of {@code accounts} without waiting for ACKs. */
    public Pipeliner(String host, int port, int connections, AccountRange accounts) {
        super(host, port);
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1: " + connections);
        }
        this.connections = connections;
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        if (accounts.size() > 1_000_000) {
            throw new IllegalArgumentException("at most 1,000,000 accounts: " + accounts);
        }
    }

    /** The kind of frame sent (default TEST; NULL sends link-supervision messages). */
    public Pipeliner event(EventKind kind) {
        this.event = Objects.requireNonNull(kind, "kind");
        return this;
    }

    /** Caps the frames per second over all connections; 0 (default) is as fast as the sockets take them. */
    public Pipeliner rate(double framesPerSecond) {
        if (framesPerSecond < 0) {
            throw new IllegalArgumentException("rate must be >= 0: " + framesPerSecond);
        }
        this.rate = framesPerSecond;
        return this;
    }

    @Override
    protected String mode() {
        return "pipeline";
    }

    @Override
    protected void begin() {
        for (long i = 0; i < accounts.size(); i++) {
            devices.add(SimulatedDevice.of(accounts.account(i)));
        }
        for (int c = 0; c < connections; c++) {
            int index = c;
            List<SimulatedDevice> mine = new ArrayList<>();
            for (int d = index % devices.size(); d < devices.size(); d += connections) {
                mine.add(devices.get(d));
            }
            if (mine.isEmpty()) { // fewer accounts than connections: share them
                mine.add(devices.get(index % devices.size()));
            }
            double share = rate / connections;
            keepConnected(tcp(ch -> {
                ch.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024));
                ch.attr(SENT_AT).set(new HashMap<>());
                ch.pipeline().addLast(new Pump(frames(mine), share, this::isStopping, pumps),
                        new Dc09FrameDecoder(KeyResolver.NONE), replies);
            }), Duration.ofMillis(100), ch -> ch.pipeline().get(Pump.class).start(ch));
        }
    }

    private Pump.Frames frames(List<SimulatedDevice> mine) {
        int[] next = {0};
        return ch -> {
            SimulatedDevice d = mine.get(next[0]);
            next[0] = next[0] + 1 == mine.size() ? 0 : next[0] + 1;
            var message = d.message(event);
            Map<String, Long> sentAt = ch.attr(SENT_AT).get();
            if (sentAt.size() < MAX_TIMED) {
                sentAt.put(d.account() + "|" + message.sequence(), System.nanoTime());
            }
            return Unpooled.wrappedBuffer(message.encode(d.now(), ThreadLocalRandom.current()));
        };
    }

    private void onReply(Channel ch, Dc09Message reply) {
        Map<String, Long> sentAt = ch.attr(SENT_AT).get();
        if (sentAt == null || reply.account() == null) {
            return;
        }
        Long at = sentAt.remove(reply.account() + "|" + reply.sequence());
        if (at != null && Dc09Ids.ACK.equals(reply.id())) {
            ackLatency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (System.nanoTime() - at) / 1000)));
        }
    }

    @Override
    protected void onStop() {
        frozen = snapshot();
    }

    /** Frames written so far. */
    public long sent() {
        return pumps.sent.sum();
    }

    /** ACKs received so far. */
    public long acks() {
        return replies.acks.sum();
    }

    @Override
    public Report report() {
        Report r = frozen;
        return r != null ? r : snapshot();
    }

    private Report snapshot() {
        long sent = pumps.sent.sum();
        long answered = replies.replies();
        return new Report(connections, accounts, secondsSince(pumps.firstStartNanos.get()), connectionStats(), sent, replies.acks.sum(),
                replies.naks.sum(), replies.duhs.sum(), replies.other.sum(), Math.max(0, sent - answered),
                LatencySummary.of(ackLatency.copy()), pumps.stallLine());
    }
}
