package dk.vagtcentral.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The system clock plus an offset a test moves forward, instead of sleeping through a wait. */
public final class AdvancingClock extends Clock {
    private final AtomicLong offsetNanos = new AtomicLong();

    public void advance(Duration by) {
        offsetNanos.addAndGet(by.toNanos());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
