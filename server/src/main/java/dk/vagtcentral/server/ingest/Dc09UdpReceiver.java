package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.server.domain.AlarmSource;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The DC-09 receiver over UDP: one frame per datagram, the reply sent back to the sender's address. */
public final class Dc09UdpReceiver extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Dc09UdpReceiver.class);

    private final String host;
    private final int port;
    private final Dc09Ingest ingest;
    private final DeviceRegistry devices;
    private final IngestMetrics metrics;
    private DatagramSocket socket;

    public Dc09UdpReceiver(String host, int port, Dc09Ingest ingest, DeviceRegistry devices, IngestMetrics metrics) {
        this.host = host;
        this.port = port;
        this.ingest = ingest;
        this.devices = devices;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        socket = vertx.createDatagramSocket(new DatagramSocketOptions());
        socket.handler(this::received);
        return socket.listen(port, host).onSuccess(s ->
                LOG.info("event=dc09.udp.listening host={} port={}", host, s.localAddress().port()));
    }

    public int actualPort() {
        return socket.localAddress().port();
    }

    private void received(DatagramPacket packet) {
        long started = System.nanoTime();
        SocketAddress sender = packet.sender();
        byte[] bytes = packet.data().getBytes();
        Future.fromCompletionStage(
                        ingest.handle(Dc09Codec.decodeFrame(bytes, devices), AlarmSource.DC09_UDP, sender.toString()),
                        context)
                .onSuccess(reply -> {
                    if (reply.frame() != null) {
                        socket.send(Buffer.buffer(reply.frame()), sender.port(), sender.host());
                        if (reply.result() == IngestMetrics.Result.ACK) {
                            metrics.ackLatency(System.nanoTime() - started);
                        }
                    }
                });
    }

    @Override
    public Future<?> stop() {
        return socket == null ? Future.succeededFuture() : socket.close();
    }
}
