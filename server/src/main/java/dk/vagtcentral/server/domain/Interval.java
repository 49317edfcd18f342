package dk.vagtcentral.server.domain;

import java.time.Duration;
import java.time.Instant;

/** A half-open span of time {@code [start, end)}. */
public record Interval(Instant start, Instant end) {

    public Interval {
        if (start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("interval needs start <= end, got " + start + " .. " + end);
        }
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    public boolean contains(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
