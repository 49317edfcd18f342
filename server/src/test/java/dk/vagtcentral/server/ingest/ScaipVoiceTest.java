package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.DeviceBinding;
import dk.vagtcentral.server.domain.RoutingData;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChoice;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.domain.VoiceCallTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The voice lookup never costs a device its answer: a read that fails or does not return within the bound is "no
 * redirection", decided while the read is still blocked; a read nobody waits for any more is not made.
 */
class ScaipVoiceTest {
    static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    static final String CID = "4510001000";
    static final RoutingData DATA = new RoutingData(
            List.of(new DeviceBinding(CID, "c-1", AT.minus(Duration.ofDays(1)), null)),
            List.of(new Citizen("c-1", "791", "Anna", "Skovvej 1", null, Citizen.Status.ACTIVE)),
            List.of(new SupplierChoice("ch-1", "c-1", "omsorg", LocalDate.parse("2026-01-01"), null)),
            List.of(new Shift("s1", "omsorg", "w", "Pia", Shift.Role.PRIMARY, AT.minusSeconds(60),
                    AT.plusSeconds(3600))),
            List.of(new Supplier("omsorg", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE, null, "70 20 30 40", null,
                    null, null, true)), null);

    Vertx vertx;
    SimpleMeterRegistry registry;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    ScaipVoice voice(ScaipVoice.RoutingReader reader, Duration bound) {
        return new ScaipVoice(vertx.createSharedWorkerExecutor("test-voice", 1), reader, bound, registry);
    }

    static VoiceCallTarget get(Future<VoiceCallTarget> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    double counted(String decision) {
        var c = registry.find("vagtcentral.scaip.voice").tag("decision", decision).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theRoutedDesksPhoneIsFoundOffTheCallersThread() throws Exception {
        Thread caller = Thread.currentThread();
        AtomicInteger reads = new AtomicInteger();
        ScaipVoice voice = voice((account, at) -> {
            assertThat(Thread.currentThread()).isNotSameAs(caller);
            assertThat(account).isEqualTo(CID);
            assertThat(at).isEqualTo(AT);
            reads.incrementAndGet();
            return DATA;
        }, ScaipVoice.BOUND);
        VoiceCallTarget t = get(voice.start(CID, EventCategory.EMERGENCY, "gsm:+4520001000", AT).await());
        assertThat(t.number()).isEqualTo("+4570203040");
        assertThat(reads).hasValue(1);
        assertThat(counted("desk")).isEqualTo(1);
    }

    @Test
    void aFailingReadIsNoRedirectionAndNeverAFailure() throws Exception {
        ScaipVoice voice = voice((account, at) -> {
            throw new SQLException("connection refused");
        }, ScaipVoice.BOUND);
        VoiceCallTarget t = get(voice.start(CID, EventCategory.EMERGENCY, null, AT).await());
        assertThat(t.redirects()).isFalse();
        assertThat(t.reason()).isEqualTo("unavailable");
        assertThat(counted("unavailable")).isEqualTo(1);
    }

    @Test
    void aReadThatHangsIsGivenUpAtTheBoundAndTheLookupsQueuedBehindItAreSkipped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        ScaipVoice voice = voice((account, at) -> {
            reads.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            return DATA;
        }, Duration.ofMillis(200));
        try {
            ScaipVoice.Lookup first = voice.start(CID, EventCategory.EMERGENCY, null, AT);
            ScaipVoice.Lookup second = voice.start(CID, EventCategory.EMERGENCY, null, AT);
            // decided while the read is still blocked: the answer does not wait for it
            assertThat(get(first.await()).reason()).isEqualTo("unavailable");
            assertThat(get(second.await()).reason()).isEqualTo("unavailable");
            assertThat(release.getCount()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        // the second lookup's turn came after its alarm was answered: it is not read at all (a task queued on the
        // same one-thread pool after it runs after it)
        vertx.createSharedWorkerExecutor("test-voice", 1).executeBlocking(() -> null).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aDeviceThatPlacesNoVoiceCallCostsNoRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        ScaipVoice voice = voice((account, at) -> {
            reads.incrementAndGet();
            return DATA;
        }, ScaipVoice.BOUND);
        assertThat(get(voice.start(CID, EventCategory.EMERGENCY, "no-voice:", AT).await()).reason())
                .isEqualTo("no_voice");
        assertThat(reads).hasValue(0);
    }
}
