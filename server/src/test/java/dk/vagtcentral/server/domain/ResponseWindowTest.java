package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResponseWindowTest {
    static final Instant RECEIVED = Instant.parse("2026-11-23T10:00:00Z");
    final ResponseWindow window = ResponseWindow.DEFAULT;

    @Test
    void defaultWindowIsThirtyMinutesAndTheDeadlineIsReceiptPlusWindow() {
        assertThat(window.length()).isEqualTo(Duration.ofMinutes(30));
        assertThat(window.deadline(RECEIVED)).isEqualTo(Instant.parse("2026-11-23T10:30:00Z"));
    }

    @Test
    void responseAt29m59sIsInTime() {
        assertThat(window.answeredInTime(RECEIVED, RECEIVED.plus(Duration.ofMinutes(29).plusSeconds(59)))).isTrue();
        assertThat(window.answeredInTime(RECEIVED, RECEIVED.plus(Duration.ofMinutes(30)).minusNanos(1))).isTrue();
    }

    @Test
    void responseAtExactly30mIsNotInTimeBecauseEscalationFiresThen() {
        assertThat(window.answeredInTime(RECEIVED, RECEIVED.plus(Duration.ofMinutes(30)))).isFalse();
        assertThat(window.answeredInTime(RECEIVED, RECEIVED.plus(Duration.ofMinutes(31)))).isFalse();
    }

    @Test
    void overdueFromTheDeadlineOnAndRemainingNeverNegative() {
        assertThat(window.isOverdue(RECEIVED, RECEIVED.plus(Duration.ofMinutes(30)).minusSeconds(1))).isFalse();
        assertThat(window.isOverdue(RECEIVED, RECEIVED.plus(Duration.ofMinutes(30)))).isTrue();
        assertThat(window.remaining(RECEIVED, RECEIVED.plusSeconds(60))).isEqualTo(Duration.ofMinutes(29));
        assertThat(window.remaining(RECEIVED, RECEIVED.plus(Duration.ofHours(1)))).isZero();
    }

    @Test
    void windowIsANumberPerProfileAndMustBePositive() {
        ResponseWindow twenty = new ResponseWindow(Duration.ofMinutes(20));
        assertThat(twenty.answeredInTime(RECEIVED, RECEIVED.plus(Duration.ofMinutes(20)))).isFalse();
        assertThat(twenty.timeScaled(60).length()).isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> new ResponseWindow(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResponseWindow(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
