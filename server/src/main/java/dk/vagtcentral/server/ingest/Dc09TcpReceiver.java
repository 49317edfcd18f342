package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09FrameDecoder;
import dk.vagtcentral.server.domain.AlarmSource;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DC-09 receiver over TCP, for persistent and one-shot connections alike. Vert.x accepts the
 * connections; the Netty {@link Dc09FrameDecoder} is placed in each connection's pipeline, so framing
 * and decoding run on the event loop and only storing leaves it.
 */
public final class Dc09TcpReceiver extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Dc09TcpReceiver.class);

    private final String host;
    private final int port;
    private final int maxFrame;
    private final Dc09Ingest ingest;
    private final DeviceRegistry devices;
    private final IngestMetrics metrics;
    private NetServer server;

    public Dc09TcpReceiver(String host, int port, int maxFrame, Dc09Ingest ingest, DeviceRegistry devices,
                           IngestMetrics metrics) {
        this.host = host;
        this.port = port;
        this.maxFrame = maxFrame;
        this.ingest = ingest;
        this.devices = devices;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        server = vertx.createNetServer(new NetServerOptions().setTcpKeepAlive(true).setTcpNoDelay(true))
                .connectHandler(this::connected);
        return server.listen(port, host).onSuccess(s ->
                LOG.info("event=dc09.tcp.listening host={} port={}", host, s.actualPort()));
    }

    public int actualPort() {
        return server.actualPort();
    }

    private void connected(NetSocket socket) {
        NetSocketInternal so = (NetSocketInternal) socket;
        ChannelPipeline pipeline = so.channelHandlerContext().pipeline();
        pipeline.addBefore("handler", "dc09-decoder", new Dc09FrameDecoder(devices, maxFrame));
        String remote = String.valueOf(socket.remoteAddress());
        metrics.connectionOpened();
        socket.closeHandler(v -> metrics.connectionClosed());
        socket.exceptionHandler(e -> LOG.debug("event=dc09.tcp.error remote={} error=\"{}\"", remote, e.getMessage()));
        so.messageHandler(message -> {
            if (message instanceof Dc09DecodeResult decoded) {
                long started = System.nanoTime();
                Future.fromCompletionStage(ingest.handle(decoded, AlarmSource.DC09_TCP, remote), context)
                        .onSuccess(reply -> {
                            if (reply.frame() != null) {
                                socket.write(Buffer.buffer(reply.frame()));
                                if (reply.result() == IngestMetrics.Result.ACK) {
                                    metrics.ackLatency(System.nanoTime() - started);
                                }
                            }
                        });
            }
        });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
