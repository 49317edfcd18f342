package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.domain.AlarmFacts;
import dk.vagtcentral.server.domain.RoutingData;
import dk.vagtcentral.server.domain.VoiceCallTarget;
import dk.vagtcentral.server.net.LogGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the voice call that follows a SCAIP alarm should go ({@link VoiceCallTarget}), found off the event loop and
 * never at the cost of the answer. The routing data is read on a worker of its own (one thread, so a slow database
 * cannot take the workers the HTTP API needs), {@linkplain #start started at receipt} beside the alarm's commit and
 * {@linkplain Lookup#await awaited after it} for at most {@link #BOUND}: a lookup that fails, takes longer, or finds
 * too many before it ({@link #MAX_PENDING}) is {@link VoiceCallTarget#unavailable()}, and the device gets its
 * {@code snu 0} without {@code cre}/{@code tnu} (it follows its own configuration). A lookup nobody waits for any
 * more is skipped when its turn comes.
 */
public final class ScaipVoice {
    private static final Logger LOG = LoggerFactory.getLogger(ScaipVoice.class);
    /** How long after the commit the answer may wait for the lookup. */
    public static final Duration BOUND = Duration.ofMillis(500);
    /** Lookups queued or running beyond which a new alarm is not looked up. */
    static final int MAX_PENDING = 256;

    /** Reads what routing needs for an account at a moment; blocking, called on the voice worker only. */
    @FunctionalInterface
    public interface RoutingReader {
        RoutingData routingDataFor(String account, Instant at) throws Exception;
    }

    private final WorkerExecutor worker;
    private final RoutingReader reader;
    private final long boundMillis;
    private final AtomicInteger pending = new AtomicInteger();
    private final MeterRegistry registry;
    private final LogGate logGate = new LogGate(TimeUnit.MINUTES.toNanos(1), 1_000);

    /**
     * @param worker where the reads run; one thread, since {@code reader} may keep a cache of its own
     * @param bound  how long after the commit the answer waits for the lookup
     */
    public ScaipVoice(WorkerExecutor worker, RoutingReader reader, Duration bound, MeterRegistry registry) {
        this.worker = worker;
        this.reader = reader;
        this.boundMillis = bound.toMillis();
        this.registry = registry;
    }

    /** A lookup under way for one alarm. */
    public final class Lookup {
        private final String account;
        private volatile boolean abandoned;
        private Future<VoiceCallTarget> result;

        private Lookup(String account) {
            this.account = account;
        }

        /**
         * The decision, within the bound from now (call it once the alarm is committed); never fails. Completes on
         * the caller's context.
         */
        public Future<VoiceCallTarget> await() {
            return result.timeout(boundMillis, TimeUnit.MILLISECONDS).otherwise(e -> {
                abandoned = true;
                return unavailable(account, e);
            }).andThen(ar -> count(ar.result()));
        }
    }

    /** Starts the lookup for an alarm from controller {@code account} received at {@code receivedAt}. */
    public Lookup start(String account, EventCategory category, String callbackAddress, Instant receivedAt) {
        Lookup lookup = new Lookup(account);
        if (VoiceCallTarget.placesNoVoiceCall(callbackAddress)) {
            // nothing to read: the device says no voice call follows
            lookup.result = Future.succeededFuture(VoiceCallTarget.noVoiceCall());
            return lookup;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            lookup.result = Future.failedFuture("more than " + MAX_PENDING + " voice lookups pending");
            return lookup;
        }
        AlarmFacts facts = new AlarmFacts(account, category, receivedAt);
        try {
            lookup.result = worker.executeBlocking(() -> {
                try {
                    if (lookup.abandoned) {
                        return VoiceCallTarget.unavailable();
                    }
                    return VoiceCallTarget.decide(facts, reader.routingDataFor(account, receivedAt), callbackAddress);
                } finally {
                    pending.decrementAndGet();
                }
            }, false);
        } catch (RuntimeException e) {
            // a closed executor (shutting down): answer without a number
            pending.decrementAndGet();
            lookup.result = Future.failedFuture(e);
        }
        return lookup;
    }

    private VoiceCallTarget unavailable(String account, Throwable e) {
        long held = logGate.admit("voice", System.nanoTime());
        if (held >= 0) {
            LOG.warn("event=scaip.voice_unavailable cid={} error=\"{}\" answered=snu0_without_cre"
                    + " similar_not_logged={}", account, ScaipIngest.loggable(String.valueOf(e.getMessage())), held);
        }
        return VoiceCallTarget.unavailable();
    }

    private void count(VoiceCallTarget target) {
        Counter.builder("vagtcentral.scaip.voice").tag("decision", target.reason())
                .description("SCAIP alarms by where their voice call was sent: desk (cre 62 + tnu) or, for any other"
                        + " decision, the device's own configuration").register(registry).increment();
    }
}
