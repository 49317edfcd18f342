package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.sip.SipDecodeResult;
import dk.vagtcentral.protocol.sip.SipEncoder;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;
import dk.vagtcentral.protocol.sip.SipStreamDecoder;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.net.LogGate;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCAIP receiver over TCP (or TLS): SIP messages framed by {@code Content-Length} ({@link SipStreamDecoder}) and
 * encoded by the shared {@link SipEncoder}, both in the connection's pipeline; responses and {@code <mrs>} MESSAGEs go
 * back on the same connection. Built like the DC-09 TCP receiver and held to the same limits
 * ({@link Dc09Connections}): a connection that has not sent a MESSAGE from a registered controller in time is
 * closed, connections are capped per address and in all, and one with {@code maxInFlight} requests waiting for their
 * answers is not read until they are answered. A connection whose framing is lost (no Content-Length, a header section
 * without end) gets its 400 if one can be addressed, and is closed. An empty-line keep-alive (RFC 5626) is answered with
 * one CRLF.
 */
public final class ScaipTcpReceiver extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ScaipTcpReceiver.class);
    private static final long SWEEP_MILLIS = 500;
    private static final Buffer PONG = Buffer.buffer("\r\n");

    /** @param tls configures TLS on the server options (identity when off) */
    public record Settings(String host, int port, int maxInFlight, Dc09Connections.Limits limits,
                           UnaryOperator<NetServerOptions> tls) {
    }

    private final Settings settings;
    private final ScaipIngest ingest;
    private final DeviceRegistry devices;
    private final ScaipMetrics metrics;
    private final Dc09Connections<NetSocket> connections;
    private final LogGate closeLog = new LogGate(TimeUnit.MINUTES.toNanos(1), 10_000);
    private String transport = "TCP";
    private NetServer server;

    public ScaipTcpReceiver(Settings settings, ScaipIngest ingest, DeviceRegistry devices, ScaipMetrics metrics) {
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
        transport = options.isSsl() ? "TLS" : "TCP";
        server = vertx.createNetServer(options).connectHandler(this::connected);
        vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
        metrics.connectionGauges(connections::size, connections::unspoken);
        return server.listen(settings.port(), settings.host()).onSuccess(s ->
                LOG.info("event=scaip.tcp.listening host={} port={} tls={} max_connections={}", settings.host(),
                        s.actualPort(), options.isSsl(), settings.limits().maxConnections()));
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** Per connection, on the event loop. */
    private static final class Flow {
        int inFlight;
        boolean paused;
        boolean closing;
    }

    private void connected(NetSocket socket) {
        NetSocketInternal so = (NetSocketInternal) socket;
        SocketAddress remoteAddress = socket.remoteAddress();
        String source = remoteAddress == null ? "?" : remoteAddress.hostAddress();
        Dc09Connections.Admission<NetSocket> admission = connections.opened(socket, source, System.nanoTime());
        for (NetSocket evicted : admission.evict()) {
            closeFor(evicted, Dc09Connections.Reason.EVICTED.name(), source);
        }
        if (admission.refused() != null) {
            closeFor(socket, admission.refused().name(), source);
            return;
        }
        SocketAddress local = socket.localAddress();
        ScaipIngest.Flow flow = new ScaipIngest.Flow(AlarmSource.SCAIP_TCP, source,
                remoteAddress == null ? 0 : remoteAddress.port(), transport,
                local == null ? settings.host() : local.hostAddress(), actualPort());
        ChannelHandlerContext ctx = so.channelHandlerContext();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addBefore("handler", "sip-encoder", SipEncoder.INSTANCE);
        pipeline.addBefore("handler", "sip-decoder", new SipStreamDecoder());
        ChannelConfig channel = ctx.channel().config();
        Flow state = new Flow();
        socket.closeHandler(v -> connections.closed(socket));
        socket.exceptionHandler(e -> LOG.debug("event=scaip.tcp.error remote={} error=\"{}\"", flow.remote(),
                e.getMessage()));
        so.messageHandler(message -> {
            if (!(message instanceof SipDecodeResult decoded) || state.closing) {
                return;
            }
            if (decoded.isKeepalive()) {
                socket.write(PONG);
                return;
            }
            if (!decoded.isSuccess()) {
                failed(socket, so, decoded, flow, state, source);
                return;
            }
            if (decoded.message() instanceof SipResponse response) {
                LOG.debug("event=scaip.mrs_answered status={} remote={}", response.status(), flow.remote());
                return;
            }
            long started = System.nanoTime();
            if (++state.inFlight > settings.maxInFlight() && !state.paused) {
                state.paused = true;
                channel.setAutoRead(false);
            }
            ingest.handle((SipRequest) decoded.message(), flow).onComplete(ar -> {
                state.inFlight--;
                if (state.paused && state.inFlight <= settings.maxInFlight() * 3 / 4) {
                    state.paused = false;
                    channel.setAutoRead(true);
                }
                ScaipReply reply = ar.succeeded() ? ar.result() : null;
                if (reply == null) {
                    return;
                }
                if (reply.controllerId() != null) {
                    spoke(socket, reply.controllerId(), source);
                } else {
                    connections.frame(socket, null, null, System.nanoTime());
                }
                if (reply.response() != null) {
                    so.writeMessage(reply.response());
                }
                if (reply.followUp() != null) {
                    so.writeMessage(reply.followUp());
                }
                if (reply.answered()) {
                    metrics.answerLatency(System.nanoTime() - started);
                }
            });
        });
    }

    /** A message that did not decode: its 400 if it can be addressed; a lost framing closes the connection. */
    private void failed(NetSocket socket, NetSocketInternal so, SipDecodeResult decoded, ScaipIngest.Flow flow,
                        Flow state, String source) {
        SipResponse error = ingest.malformed(decoded, flow);
        if (error != null) {
            so.writeMessage(error);
        }
        LOG.debug("event=scaip.tcp.invalid reason={} detail=\"{}\" remote={}", decoded.failure(),
                ScaipIngest.loggable(String.valueOf(decoded.detail())), flow.remote());
        if (decoded.failure().framingLost()) {
            state.closing = true;
            connections.closed(socket);
            closeFor(socket, "framing_lost", source);
        }
    }

    private void spoke(NetSocket socket, String controllerId, String source) {
        DeviceRegistry.Entry device = devices.findScaip(controllerId);
        for (NetSocket older : connections.frame(socket, controllerId.toUpperCase(Locale.ROOT),
                device == null ? null : device.device().supervisionInterval(), System.nanoTime())) {
            closeFor(older, Dc09Connections.Reason.ACCOUNT_CAP.name(), source);
        }
    }

    private void sweep() {
        Map<NetSocket, Dc09Connections.Reason> expired = connections.expired(System.nanoTime());
        for (Map.Entry<NetSocket, Dc09Connections.Reason> e : expired.entrySet()) {
            SocketAddress a = e.getKey().remoteAddress();
            closeFor(e.getKey(), e.getValue().name(), a == null ? "?" : a.hostAddress());
        }
    }

    private void closeFor(NetSocket socket, String reason, String source) {
        String r = reason.toLowerCase(Locale.ROOT);
        metrics.connectionClosed(r);
        long held = closeLog.admit(r + ":" + source, System.nanoTime());
        if (held >= 0) {
            LOG.info("event=scaip.tcp.closed reason={} source={} similar_not_logged={} open={} unspoken={}", r, source,
                    held, connections.size(), connections.unspoken());
        }
        socket.close();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
