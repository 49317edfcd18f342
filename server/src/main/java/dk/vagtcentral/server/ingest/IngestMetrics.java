package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The receivers' meters, exposed on /metrics as vagtcentral_dc09_* and vagtcentral_alarms_*. */
public final class IngestMetrics {
    /** What the receiver did with a frame. */
    public enum Result { ACK, NAK, DUH, INVALID, UNANSWERED }

    private final MeterRegistry registry;
    private final Timer ackLatency;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Counter udpDropped;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ackLatency = Timer.builder("vagtcentral.dc09.ack.latency")
                .description("From a frame's arrival to its ACK being written, storage included")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("vagtcentral.dc09.connections.open", openConnections, AtomicInteger::get)
                .description("DC-09 TCP connections open now").register(registry);
        this.udpDropped = Counter.builder("vagtcentral.dc09.udp.dropped")
                .description("UDP datagrams dropped unanswered because their source sent too many failing frames")
                .register(registry);
    }

    /** Counters per id tag and result, looked up once: this runs for every frame. */
    private final Map<String, Counter[]> frames = new ConcurrentHashMap<>();

    public void frame(String id, Result result) {
        frames.computeIfAbsent(idTag(id), tag -> {
            Counter[] byResult = new Counter[Result.values().length];
            for (Result r : Result.values()) {
                byResult[r.ordinal()] = Counter.builder("vagtcentral.dc09.frames").tag("id", tag)
                        .tag("result", r.name().toLowerCase(Locale.ROOT))
                        .description("DC-09 frames received, by message id and what the receiver answered")
                        .register(registry);
            }
            return byResult;
        })[result.ordinal()].increment();
    }

    /** Only known ids become tag values: a sender must not be able to create meters at will. */
    private static String idTag(String id) {
        return id == null ? "none" : Dc09Ids.EVENT_IDS.contains(id) ? id : "other";
    }

    /**
     * An intact frame from a known device whose data was not understood: stored as UNKNOWN, raised and ACKed.
     * Each one is a panel shape to look at.
     */
    public void dataNotUnderstood(String id) {
        Counter.builder("vagtcentral.dc09.data.not_understood").tag("id", idTag(id))
                .description("Intact frames from known devices whose data was not understood: stored as UNKNOWN,"
                        + " raised and ACKed").register(registry).increment();
    }

    public void decodeFailure(String reason) {
        Counter.builder("vagtcentral.dc09.decode.failures").tag("reason", reason)
                .description("DC-09 frames that could not be decoded, by reason (no reply; the device retransmits)")
                .register(registry).increment();
    }

    public void ackLatency(long nanos) {
        ackLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void alarmStored(String category, String source) {
        Counter.builder("vagtcentral.alarms.stored").tag("category", category).tag("source", source)
                .description("Alarms committed to the database, by event category and ingest source")
                .register(registry).increment();
    }

    /** The TCP receiver's connections: all of them, and those that have not sent a valid frame yet. */
    public void connectionGauges(Supplier<Integer> held, Supplier<Integer> unspoken) {
        Gauge.builder("vagtcentral.dc09.connections.held", held::get)
                .description("TCP connections the receiver holds").register(registry);
        Gauge.builder("vagtcentral.dc09.connections.unspoken", unspoken::get)
                .description("TCP connections that have not yet sent a valid frame from a registered account")
                .register(registry);
    }

    /** A connection refused or closed by a limit ({@code reason}: cap, source_cap, pre_auth_timeout, ...). */
    public void connectionRefused(String reason) {
        Counter.builder("vagtcentral.dc09.connections.closed").tag("reason", reason)
                .description("DC-09 TCP connections refused or closed by a limit, by reason").register(registry)
                .increment();
    }

    /**
     * A connection is not read for a while: {@code in_flight}, it has too many frames waiting for their replies;
     * {@code write_queue}, it does not read the replies it has.
     */
    public void readPaused(String reason) {
        Counter.builder("vagtcentral.dc09.read.paused").tag("reason", reason)
                .description("Times a DC-09 connection was not read for a while, by reason (in_flight, write_queue)")
                .register(registry).increment();
    }

    /** A UDP datagram dropped unanswered: its source sent too many failing frames this second. */
    public void udpDropped() {
        udpDropped.increment();
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }
}
