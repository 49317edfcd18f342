package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockCheckTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    final ClockCheck check = new ClockCheck(Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofHours(3));

    @Test
    void windowEdgesAreInclusive() {
        assertThat(check.check(NOW.plusSeconds(20), NOW).verdict()).isEqualTo(ClockCheck.Verdict.IN_WINDOW);
        assertThat(check.check(NOW.plusSeconds(21), NOW).verdict()).isEqualTo(ClockCheck.Verdict.DRIFTED);
        assertThat(check.check(NOW.minusSeconds(40), NOW).verdict()).isEqualTo(ClockCheck.Verdict.IN_WINDOW);
        assertThat(check.check(NOW.minusSeconds(41), NOW).verdict()).isEqualTo(ClockCheck.Verdict.DRIFTED);
    }

    @Test
    void driftBeyondTheBoundIsAReplay() {
        assertThat(check.check(NOW.minus(Duration.ofHours(3)), NOW).verdict()).isEqualTo(ClockCheck.Verdict.DRIFTED);
        assertThat(check.check(NOW.minus(Duration.ofHours(3)).minusSeconds(1), NOW).verdict()).isEqualTo(ClockCheck.Verdict.REPLAY);
        assertThat(check.check(NOW.plus(Duration.ofHours(4)), NOW).verdict()).isEqualTo(ClockCheck.Verdict.REPLAY);
    }

    @Test
    void driftIsDeviceMinusReceiverAndAbsentWithoutTimestamp() {
        assertThat(check.check(NOW.minusSeconds(5), NOW).driftMillis()).isEqualTo(-5000L);
        assertThat(check.check(null, NOW).verdict()).isEqualTo(ClockCheck.Verdict.ABSENT);
        assertThat(check.check(null, NOW).driftMillis()).isNull();
    }
}
