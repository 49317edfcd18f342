package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09Encoder;
import dk.vagtcentral.protocol.dc09.Dc09FrameDecoder;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.net.LogGate;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DC-09 receiver over TCP, for persistent and one-shot connections alike. Vert.x accepts the connections; the
 * Netty {@link Dc09FrameDecoder} and the shared {@link Dc09Encoder} sit in each connection's pipeline, so framing,
 * decoding and encoding run on the event loop and only storing leaves it.
 *
 * <p>No client can hold up the others: {@link Dc09Connections} closes connections that do not speak (a valid frame
 * from a registered account) in time, caps them per address and in all, and lets the oldest silent one give way at
 * the cap; a connection with {@code maxInFlight} frames waiting for their replies is not read until they are
 * answered (Netty auto-read off), so a client that pipelines without waiting only slows itself; a connection that
 * has not spoken and keeps sending frames that fail is closed.
 */
public final class Dc09TcpReceiver extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Dc09TcpReceiver.class);
    /** Frames that fail (damaged, unknown account) a connection may send before it has spoken. */
    static final int FAILURES_BEFORE_SPEAKING = 8;
    private static final long SWEEP_MILLIS = 500;
    /** Bytes read from a connection at a time: a few dozen frames at most. */
    static final int MAX_READ = 2048;

    /**
     * @param maxInFlight   frames of one connection waiting for their reply before reading pauses
     * @param tls           configures TLS on the server options (identity when off)
     */
    public record Settings(String host, int port, int maxFrame, int maxInFlight, Dc09Connections.Limits limits,
                           UnaryOperator<NetServerOptions> tls) {
    }

    private final Settings settings;
    private final Dc09Ingest ingest;
    private final DeviceRegistry devices;
    private final IngestMetrics metrics;
    private final Dc09Connections<NetSocket> connections;
    private final LogGate closeLog = new LogGate(TimeUnit.MINUTES.toNanos(1), 10_000);
    private NetServer server;

    public Dc09TcpReceiver(Settings settings, Dc09Ingest ingest, DeviceRegistry devices, IngestMetrics metrics) {
        this.settings = settings;
        this.ingest = ingest;
        this.devices = devices;
        this.metrics = metrics;
        this.connections = new Dc09Connections<>(settings.limits());
    }

    @Override
    public Future<?> start() {
        NetServerOptions options = settings.tls().apply(new NetServerOptions().setTcpKeepAlive(true)
                .setTcpNoDelay(true));
        server = vertx.createNetServer(options).connectHandler(this::connected);
        vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
        metrics.connectionGauges(connections::size, connections::unspoken);
        return server.listen(settings.port(), settings.host()).onSuccess(s ->
                LOG.info("event=dc09.tcp.listening host={} port={} tls={} max_connections={} max_in_flight={}",
                        settings.host(), s.actualPort(), options.isSsl(), settings.limits().maxConnections(),
                        settings.maxInFlight()));
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** Per connection, on the event loop: frames waiting for their reply, and failed frames before speaking. */
    private static final class Flow {
        int inFlight;
        int failures;
        /** Not read: too many frames wait for their replies. */
        boolean paused;
        /** Not read: the client does not read its replies and they pile up in our write queue. */
        boolean writeBlocked;
    }

    private void connected(NetSocket socket) {
        NetSocketInternal so = (NetSocketInternal) socket;
        SocketAddress remoteAddress = socket.remoteAddress();
        String source = remoteAddress == null ? "?" : remoteAddress.hostAddress();
        String remote = String.valueOf(remoteAddress);
        Dc09Connections.Admission<NetSocket> admission = connections.opened(socket, source, System.nanoTime());
        for (NetSocket evicted : admission.evict()) {
            closeFor(evicted, Dc09Connections.Reason.EVICTED, source);
        }
        if (admission.refused() != null) {
            closeFor(socket, admission.refused(), source);
            return;
        }
        ChannelHandlerContext ctx = so.channelHandlerContext();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addBefore("handler", "dc09-encoder", Dc09Encoder.INSTANCE);
        pipeline.addBefore("handler", "dc09-decoder", new Dc09FrameDecoder(devices, settings.maxFrame()));
        ChannelConfig channel = ctx.channel().config();
        // small reads: when reading pauses at the in-flight limit, at most one read's frames are beyond it
        channel.setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 512, MAX_READ));
        Flow flow = new Flow();
        metrics.connectionOpened();
        socket.closeHandler(v -> {
            metrics.connectionClosed();
            connections.closed(socket);
        });
        socket.exceptionHandler(e -> LOG.debug("event=dc09.tcp.error remote={} error=\"{}\"", remote, e.getMessage()));
        so.messageHandler(message -> {
            if (!(message instanceof Dc09DecodeResult decoded)) {
                return;
            }
            long started = System.nanoTime();
            if (decoded.isSuccess() && !connections.hasSpoken(socket)) {
                // a valid frame from a registered account: the connection has spoken, also while it waits for
                // the reply (it must not be taken for a silent one and give way at the cap meanwhile)
                DeviceRegistry.Entry device = devices.findDc09(decoded.message().account());
                if (device != null) {
                    spoke(socket, device, source);
                }
            }
            // a client keeping up to maxInFlight frames outstanding is never paused; one beyond it is, until a
            // quarter of its frames are answered
            if (++flow.inFlight > settings.maxInFlight() && !flow.paused) {
                flow.paused = true;
                channel.setAutoRead(false);
                metrics.readPaused("in_flight");
            }
            ingest.handle(decoded, AlarmSource.DC09_TCP, remote).onComplete(ar -> {
                flow.inFlight--;
                if (flow.paused && flow.inFlight <= settings.maxInFlight() * 3 / 4) {
                    flow.paused = false;
                    channel.setAutoRead(!flow.writeBlocked);
                }
                Dc09Reply reply = ar.succeeded() ? ar.result() : null;
                answered(socket, flow, reply, source);
                if (reply != null && reply.frame() != null) {
                    so.writeMessage(reply.frame());
                    if (so.writeQueueFull() && !flow.writeBlocked) {
                        // a client that sends without reading its ACKs would grow our write queue without end
                        flow.writeBlocked = true;
                        channel.setAutoRead(false);
                        metrics.readPaused("write_queue");
                        so.drainHandler(v -> {
                            flow.writeBlocked = false;
                            channel.setAutoRead(!flow.paused);
                        });
                    }
                    if (reply.result() == IngestMetrics.Result.ACK) {
                        metrics.ackLatency(System.nanoTime() - started);
                    }
                }
            });
        });
    }

    /** Marks the connection as spoken for its account, or counts a failure against one that has not spoken. */
    private void answered(NetSocket socket, Flow flow, Dc09Reply reply, String source) {
        String account = reply == null ? null : reply.account();
        DeviceRegistry.Entry device = account == null ? null : devices.findDc09(account);
        if (device != null) {
            spoke(socket, device, source);
        } else if (!connections.hasSpoken(socket) && reply != null && reply.result() != IngestMetrics.Result.UNANSWERED
                && ++flow.failures >= FAILURES_BEFORE_SPEAKING) {
            connections.closed(socket);
            closeFor(socket, Dc09Connections.Reason.FAILING, source);
        } else {
            connections.frame(socket, null, null, System.nanoTime());
        }
    }

    private void spoke(NetSocket socket, DeviceRegistry.Entry device, String source) {
        String account = device.device().account();
        for (NetSocket older : connections.frame(socket, account.toUpperCase(java.util.Locale.ROOT),
                device.device().supervisionInterval(), System.nanoTime())) {
            closeFor(older, Dc09Connections.Reason.ACCOUNT_CAP, source);
        }
    }

    private void sweep() {
        Map<NetSocket, Dc09Connections.Reason> expired = connections.expired(System.nanoTime());
        for (Map.Entry<NetSocket, Dc09Connections.Reason> e : expired.entrySet()) {
            SocketAddress a = e.getKey().remoteAddress();
            closeFor(e.getKey(), e.getValue(), a == null ? "?" : a.hostAddress());
        }
    }

    private void closeFor(NetSocket socket, Dc09Connections.Reason reason, String source) {
        metrics.connectionRefused(reason.name().toLowerCase());
        long held = closeLog.admit(reason + ":" + source, System.nanoTime());
        if (held >= 0) {
            LOG.info("event=dc09.tcp.closed reason={} source={} similar_not_logged={} open={} unspoken={}",
                    reason.name().toLowerCase(), source, held, connections.size(), connections.unspoken());
        }
        socket.close();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
