package dk.vagtcentral.server.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Judges a device's timestamp against the receiver's clock (ANSI/SIA DC-09: at most 20 s ahead and
 * 40 s behind). Outside that window the device gets a NAK with our time; but a drifting clock must not
 * silence a life-safety alarm, so only a timestamp beyond {@code maxDrift} is treated as a replay.
 */
public record ClockCheck(Duration maxAhead, Duration maxBehind, Duration maxDrift) {

    public enum Verdict {
        /** No timestamp in the message (allowed for unencrypted messages). */
        ABSENT,
        IN_WINDOW,
        /** Outside the window but within a plausible drift: NAK, and raise life-safety alarms anyway. */
        DRIFTED,
        /** Too far off to be a drifting clock: an old frame replayed. NAK only. */
        REPLAY
    }

    public record Result(Verdict verdict, Duration drift) {
        public Long driftMillis() {
            return drift == null ? null : drift.toMillis();
        }
    }

    /** @param deviceTime the message's timestamp, or null; @param receivedAt our clock at receipt */
    public Result check(Instant deviceTime, Instant receivedAt) {
        if (deviceTime == null) {
            return new Result(Verdict.ABSENT, null);
        }
        Duration drift = Duration.between(receivedAt, deviceTime); // positive: device ahead
        boolean inWindow = drift.compareTo(maxAhead) <= 0 && drift.negated().compareTo(maxBehind) <= 0;
        if (inWindow) {
            return new Result(Verdict.IN_WINDOW, drift);
        }
        return new Result(drift.abs().compareTo(maxDrift) <= 0 ? Verdict.DRIFTED : Verdict.REPLAY, drift);
    }
}
