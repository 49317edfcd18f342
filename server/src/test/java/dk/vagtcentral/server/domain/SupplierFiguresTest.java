package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.domain.SupplierFigures.Call;
import dk.vagtcentral.server.domain.SupplierFigures.Figures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupplierFiguresTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(30);

    /** A call received at T0 + i hours, answered after {@code minutes} (null = never). */
    static Call call(int i, Integer minutes, boolean forwarded) {
        Instant received = T0.plus(Duration.ofHours(i));
        return new Call(i, received, minutes == null ? null : received.plus(Duration.ofMinutes(minutes)),
                received.plus(WINDOW), forwarded);
    }

    @Test
    void tenAnsweredCallsGiveNearestRankPercentiles() {
        List<Call> calls = new ArrayList<>();
        int[] minutes = {7, 3, 10, 1, 5, 2, 9, 4, 8, 6}; // shuffled 1..10
        for (int i = 0; i < minutes.length; i++) {
            calls.add(call(i, minutes[i], false));
        }
        Figures f = SupplierFigures.of(calls, 0);
        assertThat(f.calls()).isEqualTo(10);
        assertThat(f.answeredInTime()).isEqualTo(10);
        assertThat(f.shareAnsweredInTime()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(f.p50()).isEqualTo(Duration.ofMinutes(5)); // rank ceil(0.5 x 10) = 5
        assertThat(f.p90()).isEqualTo(Duration.ofMinutes(9)); // rank ceil(0.9 x 10) = 9
        assertThat(f.max()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void nearestRankRoundsTheRankUp() {
        List<Duration> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add(Duration.ofMinutes(i));
        }
        assertThat(SupplierFigures.nearestRank(eleven, 90)).isEqualTo(Duration.ofMinutes(10)); // ceil(9.9) = 10
        assertThat(SupplierFigures.nearestRank(eleven, 50)).isEqualTo(Duration.ofMinutes(6)); // ceil(5.5) = 6
        List<Duration> four = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3),
                Duration.ofMinutes(4));
        assertThat(SupplierFigures.nearestRank(four, 50)).isEqualTo(Duration.ofMinutes(2)); // not 2.5
        assertThat(SupplierFigures.nearestRank(four, 90)).isEqualTo(Duration.ofMinutes(4));
        assertThat(SupplierFigures.nearestRank(List.of(Duration.ofSeconds(42)), 90)).isEqualTo(Duration.ofSeconds(42));
        assertThat(SupplierFigures.nearestRank(List.of(), 50)).isNull();
    }

    @Test
    void aResponseAtTheDeadlineIsLateAndUnansweredCallsHaveNoResponseTime() {
        List<Call> calls = List.of(
                call(0, 29, false),
                call(1, 30, false), // the supplier's own answer at the deadline: late, but a response time of its own
                call(2, 30, true), // answered at the deadline after the forward: municipal home care's answer
                call(3, null, true));
        Figures f = SupplierFigures.of(calls, 2);
        assertThat(f.calls()).isEqualTo(4);
        assertThat(f.answeredInTime()).isEqualTo(1);
        assertThat(f.shareAnsweredInTime()).isEqualTo(new BigDecimal("0.2500"));
        assertThat(f.p50()).isEqualTo(Duration.ofMinutes(29));
        assertThat(f.p90()).isEqualTo(Duration.ofMinutes(30));
        assertThat(f.max()).isEqualTo(Duration.ofMinutes(30));
        assertThat(f.forwards()).isEqualTo(2);
        assertThat(f.overdueJustifications()).isEqualTo(2);
    }

    @Test
    void shareIsRoundedHalfUpToFourDecimals() {
        Figures f = SupplierFigures.of(List.of(call(0, 1, false), call(1, 2, false), call(2, null, true)), 0);
        assertThat(f.shareAnsweredInTime()).isEqualTo(new BigDecimal("0.6667"));
    }

    @Test
    void noCallsMeansNoShareAndNoTimes() {
        Figures none = SupplierFigures.of(List.of(), 1);
        assertThat(none).isEqualTo(new Figures(0, 0, null, null, null, null, 0, 1, 0));
        Figures unanswered = SupplierFigures.of(List.of(call(0, null, true)), 0);
        assertThat(unanswered.shareAnsweredInTime()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(unanswered.p50()).isNull();
        assertThat(unanswered.p90()).isNull();
        assertThat(unanswered.max()).isNull();
    }

    @Test
    void onlyTheSuppliersOwnAnswerCountsInTimeAndACancelledUnansweredCallIsUnanswered() {
        Call own = call(0, 29, false);
        Call afterForward = call(1, 31, true); // municipal home care answered after the forward
        Call forwardedAnsweredEarly = call(2, 5, true); // any answer on a forwarded call is not the supplier's
        Instant received = T0.plus(Duration.ofHours(3));
        Call cancelled = new Call(3, received, null, received.plus(WINDOW), false, true);
        Figures f = SupplierFigures.of(List.of(own, afterForward, forwardedAnsweredEarly, cancelled), 0);
        assertThat(f.calls()).isEqualTo(4);
        assertThat(f.answeredInTime()).isEqualTo(1);
        assertThat(f.forwards()).isEqualTo(2);
        assertThat(f.cancelledUnanswered()).isEqualTo(1);
        assertThat(f.max()).as("response times are the supplier's own answers").isEqualTo(Duration.ofMinutes(29));
    }
}
