package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The receivers' meters, exposed on /metrics as vagtcentral_dc09_* and vagtcentral_alarms_*. */
public final class IngestMetrics {
    /** What the receiver did with a frame. */
    public enum Result { ACK, NAK, DUH, INVALID, UNANSWERED }

    private final MeterRegistry registry;
    private final Timer ackLatency;
    private final AtomicInteger openConnections = new AtomicInteger();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ackLatency = Timer.builder("vagtcentral.dc09.ack.latency")
                .description("From a frame's arrival to its ACK being written, storage included")
                .publishPercentileHistogram()
                .register(registry);
        registry.gauge("vagtcentral.dc09.connections.open", openConnections);
    }

    public void frame(String id, Result result) {
        registry.counter("vagtcentral.dc09.frames", "id", idTag(id),
                "result", result.name().toLowerCase()).increment();
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
        registry.counter("vagtcentral.dc09.data.not_understood", "id", idTag(id)).increment();
    }

    public void decodeFailure(String reason) {
        registry.counter("vagtcentral.dc09.decode.failures", "reason", reason).increment();
    }

    public void ackLatency(long nanos) {
        ackLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void alarmStored(String category, String source) {
        registry.counter("vagtcentral.alarms.stored", "category", category, "source", source).increment();
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public Counter counter(String name, String... tags) {
        return registry.counter(name, tags);
    }
}
