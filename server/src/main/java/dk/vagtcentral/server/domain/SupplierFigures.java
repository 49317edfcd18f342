package dk.vagtcentral.server.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A supplier's key figures for the municipal supervisor over a set of calls (the caller picks the calls: one
 * supplier, one period).
 *
 * <p>A call is answered in time only when the supplier itself answered it strictly before its response deadline
 * (DOMAIN.md rule 16, {@link ResponseWindow#answeredByItsSupplierInTime}): a call answered by municipal home care
 * after a forward is a forward, and a call a dispatcher cancelled before anyone answered it counts as unanswered.
 * Response times are respondedAt − receivedAt of every call the supplier answered itself, late ones included. Percentiles use the <b>nearest-rank method</b>: with the N response times sorted ascending, the
 * p-th percentile is the value at 1-based rank ⌈p/100 × N⌉ (so p50 of 4 values is the 2nd, p90 of 10 values is the
 * 9th, p90 of 11 values is the 10th, and every percentile of a single value is that value). It is always one of
 * the observed times, never an interpolation.
 */
public final class SupplierFigures {

    private SupplierFigures() {
    }

    /**
     * One call.
     *
     * @param respondedAt      the first response, or {@code null} when the call was never answered
     * @param responseDeadline receipt + response window
     * @param forwarded        whether the call was forwarded (viderestillet)
     * @param cancelledUnanswered whether a dispatcher cancelled it before anyone answered it
     */
    public record Call(long alarmId, Instant receivedAt, Instant respondedAt, Instant responseDeadline,
                       boolean forwarded, boolean cancelledUnanswered) {
        public Call {
            Objects.requireNonNull(receivedAt, "receivedAt");
            Objects.requireNonNull(responseDeadline, "responseDeadline");
        }

        public Call(long alarmId, Instant receivedAt, Instant respondedAt, Instant responseDeadline,
                    boolean forwarded) {
            this(alarmId, receivedAt, respondedAt, responseDeadline, forwarded, false);
        }

        /** Whether the supplier answered it itself (not municipal home care or fire-and-rescue after a forward). */
        boolean answeredBySupplier() {
            return respondedAt != null && !forwarded;
        }
    }

    /**
     * The figures.
     *
     * @param calls                 number of calls
     * @param answeredInTime        calls with a response strictly before their deadline
     * @param shareAnsweredInTime   answeredInTime / calls, 0..1, scale 4, HALF_UP; {@code null} when there are no calls
     * @param p50                   nearest-rank median response time of answered calls; {@code null} when none
     * @param p90                   nearest-rank 90th percentile; {@code null} when none
     * @param max                   longest response time; {@code null} when none
     * @param forwards              forwarded calls
     * @param overdueJustifications justifications overdue, as passed in
     * @param cancelledUnanswered   calls a dispatcher cancelled before anyone answered them
     */
    public record Figures(int calls, int answeredInTime, BigDecimal shareAnsweredInTime, Duration p50, Duration p90,
                          Duration max, int forwards, int overdueJustifications, int cancelledUnanswered) {
    }

    /** The figures of {@code calls}; {@code overdueJustifications} is counted by the caller and passed through. */
    public static Figures of(List<Call> calls, int overdueJustifications) {
        int inTime = 0;
        int forwards = 0;
        int cancelled = 0;
        List<Duration> times = new ArrayList<>();
        for (Call c : calls) {
            if (c.answeredBySupplier()) {
                times.add(Duration.between(c.receivedAt(), c.respondedAt()));
                if (c.respondedAt().isBefore(c.responseDeadline())) {
                    inTime++;
                }
            }
            if (c.forwarded()) {
                forwards++;
            }
            if (c.cancelledUnanswered()) {
                cancelled++;
            }
        }
        times.sort(null);
        BigDecimal share = calls.isEmpty() ? null
                : BigDecimal.valueOf(inTime).divide(BigDecimal.valueOf(calls.size()), 4, RoundingMode.HALF_UP);
        return new Figures(calls.size(), inTime, share, nearestRank(times, 50), nearestRank(times, 90),
                times.isEmpty() ? null : times.get(times.size() - 1), forwards, overdueJustifications, cancelled);
    }

    /**
     * The {@code percentile}-th percentile (1..100) of ascending {@code sorted} by the nearest-rank method; null when
     * empty.
     */
    static Duration nearestRank(List<Duration> sorted, int percentile) {
        if (percentile < 1 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be 1..100, got " + percentile);
        }
        if (sorted.isEmpty()) {
            return null;
        }
        long n = sorted.size();
        int rank = (int) ((percentile * n + 99) / 100); // ceil(percentile / 100 * n), exact in integers
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
