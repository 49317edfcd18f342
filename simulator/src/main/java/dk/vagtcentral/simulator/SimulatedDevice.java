package dk.vagtcentral.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated alarm transmitter: a {@link DeviceProfile} plus the state a real device keeps — its
 * message sequence counter (1..9999, wrapping to 1) and its clock, which may be off by a skew and is
 * corrected from the receiver time in a NAK. Thread-safe.
 */
public final class SimulatedDevice {
    public static final int MAX_SEQUENCE = 9999;

    private final DeviceProfile profile;
    private final AtomicInteger nextSequence = new AtomicInteger(1);
    private volatile long clockOffsetMillis;
    private final Map<EventKind, String> defaultData = new EnumMap<>(EventKind.class);

    public SimulatedDevice(DeviceProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.clockOffsetMillis = profile.clockSkew().toMillis();
        for (EventKind kind : EventKind.values()) {
            defaultData.put(kind, kind.data(profile.format(), profile.account(), EventKind.DEFAULT_ZONE));
        }
    }

    /** An unencrypted SIA DC device with default settings. */
    public static SimulatedDevice of(String account) {
        return new SimulatedDevice(DeviceProfile.of(account));
    }

    public DeviceProfile profile() {
        return profile;
    }

    public String account() {
        return profile.account();
    }

    /** Takes the next sequence number: 1, 2, ... 9999, 1, ... */
    public int nextSequence() {
        return nextSequence.getAndUpdate(s -> s >= MAX_SEQUENCE ? 1 : s + 1);
    }

    /** Sets the sequence number the next message gets (1..9999). */
    public void setNextSequence(int sequence) {
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence must be 1..9999: " + sequence);
        }
        nextSequence.set(sequence);
    }

    /** The device clock: wall clock plus the current offset. */
    public Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis() + clockOffsetMillis);
    }

    /** How far the device clock is ahead of the local wall clock (negative when behind). */
    public Duration clockOffset() {
        return Duration.ofMillis(clockOffsetMillis);
    }

    public void setClockOffset(Duration offset) {
        clockOffsetMillis = offset.toMillis();
    }

    /**
     * Sets the clock to the receiver's time from a NAK. The DC-09 timestamp has whole seconds, so the
     * receiver's clock is estimated as the middle of that second.
     */
    public void correctClock(Instant receiverTime) {
        clockOffsetMillis = receiverTime.toEpochMilli() + 500 - System.currentTimeMillis();
    }

    /** A new message of the given kind on zone "001", taking the next sequence number. */
    public DeviceMessage message(EventKind kind) {
        return new DeviceMessage(this, kind.dc09Id(profile.format()), nextSequence(), defaultData.get(kind), kind);
    }

    /** A new message of the given kind on a zone (3 hex digits), taking the next sequence number. */
    public DeviceMessage message(EventKind kind, String zone) {
        return new DeviceMessage(this, kind.dc09Id(profile.format()), nextSequence(),
                kind.data(profile.format(), profile.account(), zone), kind);
    }

    /** A new message with an arbitrary DC-09 id and data block content, taking the next sequence number. */
    public DeviceMessage message(String dc09Id, String data) {
        return new DeviceMessage(this, dc09Id, nextSequence(), data, null);
    }

    @Override
    public String toString() {
        return "SimulatedDevice[" + profile.account() + ", offset " + clockOffset() + "]";
    }
}
