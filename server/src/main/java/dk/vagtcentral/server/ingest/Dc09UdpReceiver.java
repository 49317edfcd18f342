package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09Encoder;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.net.LogGate;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DC-09 receiver over UDP: one frame per datagram, the reply sent back to the sender's address. A source may
 * send {@code invalidPerSecond} datagrams that fail (damaged, unknown account, unsupported) each second; beyond
 * that they go unanswered until the next second, so a flood does not turn this receiver into a reflector (what it
 * records of them is aggregated per account, see {@link dk.vagtcentral.server.store.AlarmWriter}). Frames from
 * registered devices are always handled and answered.
 */
public final class Dc09UdpReceiver extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Dc09UdpReceiver.class);
    /** Sources tracked at most; beyond it the table starts over (a few more failures get through). */
    private static final int MAX_SOURCES = 100_000;

    private final String host;
    private final int port;
    private final int invalidPerSecond;
    private final Dc09Ingest ingest;
    private final DeviceRegistry devices;
    private final IngestMetrics metrics;
    private final LogGate dropLog = new LogGate(TimeUnit.MINUTES.toNanos(1), 10_000);
    /** Failing datagrams per source in the current second; used on the event loop only. */
    private final Map<String, int[]> failures = new HashMap<>();
    private long second;
    private DatagramSocket socket;

    public Dc09UdpReceiver(String host, int port, int invalidPerSecond, Dc09Ingest ingest, DeviceRegistry devices,
                           IngestMetrics metrics) {
        this.host = host;
        this.port = port;
        this.invalidPerSecond = invalidPerSecond;
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
        String source = sender.hostAddress();
        byte[] bytes = packet.data().getBytes();
        ingest.handle(Dc09Codec.decodeFrame(bytes, devices), AlarmSource.DC09_UDP, sender.toString())
                .onSuccess(reply -> {
                    if (reply.account() == null && failed(source, System.nanoTime())) {
                        drop(source, started);
                        return;
                    }
                    if (reply.frame() != null) {
                        socket.send(Buffer.buffer(Dc09Encoder.encode(reply.frame())), sender.port(), sender.host());
                        if (reply.result() == IngestMetrics.Result.ACK) {
                            metrics.ackLatency(System.nanoTime() - started);
                        }
                    }
                });
    }

    /** Counts a failing datagram; true when it is beyond the source's budget (then it goes unanswered). */
    private boolean failed(String source, long now) {
        rollSecond(now);
        if (failures.size() >= MAX_SOURCES) {
            failures.clear();
        }
        int[] count = failures.computeIfAbsent(source, s -> new int[1]);
        return ++count[0] > invalidPerSecond;
    }

    private void rollSecond(long now) {
        long s = TimeUnit.NANOSECONDS.toSeconds(now);
        if (s != second) {
            second = s;
            failures.clear();
        }
    }

    private void drop(String source, long now) {
        metrics.udpDropped();
        long held = dropLog.admit(source, now);
        if (held >= 0) {
            LOG.warn("event=dc09.udp.dropped reason=failing_frames source={} per_second={} similar_not_logged={}",
                    source, invalidPerSecond, held);
        }
    }

    @Override
    public Future<?> stop() {
        return socket == null ? Future.succeededFuture() : socket.close();
    }
}
