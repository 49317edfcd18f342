package dk.vagtcentral.server.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The SCAIP receiver's meters, exposed on /metrics as vagtcentral_scaip_*. */
public final class ScaipMetrics {
    /** What the receiver did with a request. */
    public enum Result {
        /** {@code snu 0}: the alarm committed (or recognised as a retransmission), or a heartbeat recorded. */
        OK,
        /** An {@code <mrs>} with another snu: invalid, mandatory element missing, unknown controller... */
        REFUSED,
        /** 401: a controller registered with a password, without valid credentials. */
        CHALLENGED,
        /** OPTIONS answered. */
        OPTIONS,
        /** A SIP-level error response (400, 405, 415, 503...). */
        SIP_ERROR,
        /** Nothing sent: a damaged datagram, an ACK, or a commit that failed over UDP (the device retransmits). */
        UNANSWERED
    }

    private static final Set<String> METHODS = Set.of("MESSAGE", "OPTIONS");

    private final MeterRegistry registry;
    private final Timer answerLatency;
    private final Counter mrsUnanswered;
    private final Counter udpDropped;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    public ScaipMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.answerLatency = Timer.builder("vagtcentral.scaip.answer.latency")
                .description("From a SCAIP alarm's arrival to its snu 0 answer being sent, storage included")
                .publishPercentileHistogram().register(registry);
        this.mrsUnanswered = Counter.builder("vagtcentral.scaip.mrs.unanswered")
                .description("<mrs> MESSAGEs to devices that no device answered within 32 s (UDP, retransmitted)")
                .register(registry);
        this.udpDropped = Counter.builder("vagtcentral.scaip.udp.dropped")
                .description("SCAIP UDP datagrams dropped unanswered because their source sent too many failing ones")
                .register(registry);
    }

    public void request(String method, Result result) {
        String m = method != null && METHODS.contains(method) ? method : "other";
        requests.computeIfAbsent(m + "|" + result, k -> Counter.builder("vagtcentral.scaip.requests")
                .tag("method", m).tag("result", result.name().toLowerCase(Locale.ROOT))
                .description("SIP requests received by the SCAIP receiver, by method and what it answered")
                .register(registry)).increment();
    }

    /** An {@code <mrq>} refused, by the snu it was answered with. */
    public void refused(int snu) {
        Counter.builder("vagtcentral.scaip.refused").tag("snu", Integer.toString(snu))
                .description("<mrq> answered with an snu other than 0, by snu (2 invalid, 5 unknown controller, 7 "
                        + "mandatory element missing...)").register(registry).increment();
    }

    /** An {@code <mrq>} from a registered controller whose type or codes were not understood: raised as UNKNOWN. */
    public void notUnderstood() {
        Counter.builder("vagtcentral.scaip.data.not_understood")
                .description("<mrq> from registered controllers whose message type or codes were not understood: "
                        + "stored as UNKNOWN, raised and answered snu 0").register(registry).increment();
    }

    public void answerLatency(long nanos) {
        answerLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void mrsUnanswered() {
        mrsUnanswered.increment();
    }

    public void udpDropped() {
        udpDropped.increment();
    }

    public void connectionGauges(Supplier<Integer> held, Supplier<Integer> unspoken) {
        Gauge.builder("vagtcentral.scaip.connections.held", held::get)
                .description("SCAIP TCP connections the receiver holds").register(registry);
        Gauge.builder("vagtcentral.scaip.connections.unspoken", unspoken::get)
                .description("SCAIP TCP connections that have not yet sent a MESSAGE from a registered controller")
                .register(registry);
    }

    public void connectionClosed(String reason) {
        Counter.builder("vagtcentral.scaip.connections.closed").tag("reason", reason)
                .description("SCAIP TCP connections refused or closed by a limit or a lost framing, by reason")
                .register(registry).increment();
    }
}
