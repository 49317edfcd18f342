package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.sip.SipCodec;
import dk.vagtcentral.protocol.sip.SipDecodeResult;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCAIP receiver over UDP: one SIP message per datagram. Responses go back to the packet's source address and
 * port (the flow the request came on, so they pass NAT; the top Via is stamped with {@code received}/{@code rport}
 * by RFC 3581). Retransmitted requests are absorbed or answered again by the {@link SipTransactions} table. An
 * {@code <mrs>} MESSAGE to a registered controller is retransmitted by RFC 3261 §17.1.2 (T1 = 500 ms doubling to
 * T2 = 4 s) until the device answers it or 32 s pass; to any other sender it is sent once. A source may send {@code invalidPerSecond} requests a second that prove no
 * registered controller; beyond that they go unanswered until the next second, so a flood does not turn this
 * receiver into a reflector.
 */
public final class ScaipUdpReceiver extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ScaipUdpReceiver.class);
    static final long T1_MILLIS = 500;
    static final long T2_MILLIS = 4_000;
    static final long TIMER_F_MILLIS = 64 * T1_MILLIS;
    /** Outgoing {@code <mrs>} MESSAGEs waiting for their answer at most; beyond, they are sent once, untracked. */
    static final int MAX_OUTBOUND = 50_000;
    private static final int MAX_SOURCES = 100_000;
    private static final long SWEEP_MILLIS = 5_000;

    private final String host;
    private final int port;
    private final int invalidPerSecond;
    private final ScaipIngest ingest;
    private final ScaipMetrics metrics;
    private final SipTransactions transactions = new SipTransactions();
    private final LogGate dropLog = new LogGate(TimeUnit.MINUTES.toNanos(1), 10_000);
    /** Failing requests per source in the current second; event loop only. */
    private final Map<String, int[]> failures = new HashMap<>();
    /** Outgoing MESSAGEs by their Via branch, oldest first; event loop only. */
    private final Map<String, Outbound> outbound = new LinkedHashMap<>();
    private long second;
    private DatagramSocket socket;

    private static final class Outbound {
        final byte[] bytes;
        final String ref;
        final int port;
        final String host;
        final long deadline;
        long interval = T1_MILLIS;
        long timer = -1;

        Outbound(byte[] bytes, String ref, int port, String host, long deadline) {
            this.bytes = bytes;
            this.ref = ref;
            this.port = port;
            this.host = host;
            this.deadline = deadline;
        }
    }

    public ScaipUdpReceiver(String host, int port, int invalidPerSecond, ScaipIngest ingest, ScaipMetrics metrics) {
        this.host = host;
        this.port = port;
        this.invalidPerSecond = invalidPerSecond;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        socket = vertx.createDatagramSocket(new DatagramSocketOptions());
        socket.handler(this::received);
        vertx.setPeriodic(SWEEP_MILLIS, id -> transactions.sweep(System.nanoTime()));
        return socket.listen(port, host).onSuccess(s ->
                LOG.info("event=scaip.udp.listening host={} port={}", host, s.localAddress().port()));
    }

    public int actualPort() {
        return socket.localAddress().port();
    }

    private void received(DatagramPacket packet) {
        long started = System.nanoTime();
        SocketAddress sender = packet.sender();
        ScaipIngest.Flow flow = new ScaipIngest.Flow(AlarmSource.SCAIP_UDP, sender.hostAddress(), sender.port(),
                "UDP", host, actualPort());
        SipDecodeResult decoded = SipCodec.decodeDatagram(packet.data().getBytes());
        if (decoded.isKeepalive()) {
            return;
        }
        if (!decoded.isSuccess()) {
            SipResponse error = ingest.malformed(decoded, flow);
            if (error != null && !failed(flow.remoteIp(), started)) {
                send(SipCodec.encode(error), sender.port(), sender.hostAddress());
            }
            LOG.debug("event=scaip.udp.invalid reason={} detail=\"{}\" remote={}", decoded.failure(),
                    ScaipIngest.loggable(String.valueOf(decoded.detail())), flow.remote());
            return;
        }
        if (decoded.message() instanceof SipResponse response) {
            responseReceived(response, flow);
            return;
        }
        SipRequest request = (SipRequest) decoded.message();
        if (request.method().equals(SipRequest.ACK)) {
            return;
        }
        SipTransactions.Arrival arrival = transactions.arrived(request, started);
        if (arrival instanceof SipTransactions.Absorb) {
            return;
        }
        if (arrival instanceof SipTransactions.Resend resend) {
            send(resend.response(), sender.port(), sender.hostAddress());
            return;
        }
        String key = ((SipTransactions.Handle) arrival).key();
        ingest.handle(request, flow).onComplete(ar -> {
            ScaipReply reply = ar.succeeded() ? ar.result() : null;
            if (reply == null || reply.response() == null) {
                transactions.forget(key);
                return;
            }
            if (reply.controllerId() == null && failed(flow.remoteIp(), System.nanoTime())) {
                transactions.forget(key);
                drop(flow.remoteIp(), started);
                return;
            }
            byte[] bytes = SipCodec.encode(reply.response());
            transactions.answered(key, bytes, System.nanoTime());
            send(bytes, sender.port(), sender.hostAddress());
            if (reply.followUp() != null && reply.controllerId() != null) {
                sendTracked(reply.followUp(), reply.followUpRef(), sender.port(), sender.hostAddress());
            } else if (reply.followUp() != null) {
                // to a sender that proved no registered controller (a refusal, a spoofed source) the <mrs> goes once:
                // retransmitting it would turn one datagram into eight
                send(SipCodec.encode(reply.followUp()), sender.port(), sender.hostAddress());
            }
            if (reply.answered()) {
                metrics.answerLatency(System.nanoTime() - started);
            }
        });
    }

    private void send(byte[] bytes, int toPort, String toHost) {
        socket.send(Buffer.buffer(bytes), toPort, toHost);
    }

    /** Sends an {@code <mrs>} MESSAGE and retransmits it until the device answers or Timer F fires. */
    private void sendTracked(SipRequest message, String ref, int toPort, String toHost) {
        byte[] bytes = SipCodec.encode(message);
        send(bytes, toPort, toHost);
        String branch = message.topVia().branch();
        if (outbound.size() >= MAX_OUTBOUND) {
            return;
        }
        Outbound o = new Outbound(bytes, ref, toPort, toHost, System.currentTimeMillis() + TIMER_F_MILLIS);
        outbound.put(branch, o);
        schedule(branch, o);
    }

    private void schedule(String branch, Outbound o) {
        o.timer = vertx.setTimer(o.interval, id -> {
            if (outbound.get(branch) != o) {
                return;
            }
            if (System.currentTimeMillis() >= o.deadline) {
                outbound.remove(branch);
                metrics.mrsUnanswered();
                LOG.warn("event=scaip.mrs_unanswered ref={} target={}:{} note=\"the alarm is stored; the device got no"
                        + " <mrs> and may send it again\"", o.ref, o.host, o.port);
                return;
            }
            send(o.bytes, o.port, o.host);
            o.interval = Math.min(o.interval * 2, T2_MILLIS);
            schedule(branch, o);
        });
    }

    /** A device's response to an {@code <mrs>} MESSAGE: a final one ends its retransmission. */
    private void responseReceived(SipResponse response, ScaipIngest.Flow flow) {
        String branch = response.topVia() == null ? null : response.topVia().branch();
        Outbound o = branch == null ? null : outbound.get(branch);
        if (o == null || !response.isFinal()) {
            return;
        }
        outbound.remove(branch);
        vertx.cancelTimer(o.timer);
        if (response.status() >= 300) {
            LOG.warn("event=scaip.mrs_refused ref={} status={} remote={}", o.ref, response.status(), flow.remote());
        } else {
            LOG.debug("event=scaip.mrs_delivered ref={} remote={}", o.ref, flow.remote());
        }
    }

    /** Counts a failing request; true when it is beyond the source's budget (then it goes unanswered). */
    private boolean failed(String source, long now) {
        long s = TimeUnit.NANOSECONDS.toSeconds(now);
        if (s != second) {
            second = s;
            failures.clear();
        }
        if (failures.size() >= MAX_SOURCES) {
            failures.clear();
        }
        int[] count = failures.computeIfAbsent(source, x -> new int[1]);
        return ++count[0] > invalidPerSecond;
    }

    private void drop(String source, long now) {
        metrics.udpDropped();
        long held = dropLog.admit(source, now);
        if (held >= 0) {
            LOG.warn("event=scaip.udp.dropped reason=failing_requests source={} per_second={} similar_not_logged={}",
                    source, invalidPerSecond, held);
        }
    }

    /** For tests: the server transactions held. */
    int transactionsHeld() {
        return transactions.size();
    }

    @Override
    public Future<?> stop() {
        return socket == null ? Future.succeededFuture() : socket.close();
    }

}
