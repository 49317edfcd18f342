package dk.vagtcentral.server.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The response window: "Responstiden på servicekald er maks. 30 minutter" (002 Viborg §6). The deadline is
 * receipt + window; a response counts as in time only if recorded strictly before the deadline, because the
 * deadline is the instant the escalation fires (29:59 is in time, 30:00 is not).
 */
public record ResponseWindow(Duration length) {
    public static final Duration DEFAULT_LENGTH = Duration.ofMinutes(30);
    public static final ResponseWindow DEFAULT = new ResponseWindow(DEFAULT_LENGTH);

    public ResponseWindow {
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a response window must be a positive duration, got " + length);
        }
    }

    /** The instant the window closes and escalation fires. */
    public Instant deadline(Instant receivedAt) {
        return receivedAt.plus(length);
    }

    /** Whether a response recorded at {@code respondedAt} answered the call in time. */
    public boolean answeredInTime(Instant receivedAt, Instant respondedAt) {
        return respondedAt.isBefore(deadline(receivedAt));
    }

    /**
     * Rule 16: whether a call was answered in time by the supplier it was routed to: its own answer, strictly before
     * the deadline. A call answered by municipal home care or fire-and-rescue after a forward is a forward, not an
     * answer in time; a call never answered is not answered in time.
     */
    public static boolean answeredByItsSupplierInTime(AlarmStatus status, Instant deadline) {
        return status.respondedAt() != null && !status.isForwarded() && status.respondedAt().isBefore(deadline);
    }

    /** Whether, at {@code now}, a call still without response has overrun its window. */
    public boolean isOverdue(Instant receivedAt, Instant now) {
        return !now.isBefore(deadline(receivedAt));
    }

    /** Time left at {@code now}; zero once the deadline has passed. */
    public Duration remaining(Instant receivedAt, Instant now) {
        Duration left = Duration.between(now, deadline(receivedAt));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** This window divided by {@code factor} (demo and training runs: {@code --time-scale N}). */
    public ResponseWindow timeScaled(int factor) {
        return new ResponseWindow(length.dividedBy(factor));
    }
}
