package dk.vagtcentral.simulator.storm;

import dk.vagtcentral.simulator.abuse.AccountRange;
import java.time.Duration;
import java.util.Objects;

/**
 * A storm: {@code devices} transmitters on {@code connections} TCP connections each send a link-supervision NULL
 * every {@code nullInterval} (spread evenly over the interval); at {@code burstAt} a fraction of them sends a power
 * restore (SIA {@code AR}) within {@code burstWindow}, and within the same window another fraction (default 1 %)
 * presses the emergency button. Devices of the burst and of the emergencies are chosen at random ({@code seed}),
 * the two groups apart. Start from {@link #defaults(String, int)} and change what differs with the
 * {@code with...} methods.
 */
public record StormConfig(String host, int port, long devices, long firstAccount, int connections,
                          Duration nullInterval, double burstFraction, Duration burstAt, Duration burstWindow,
                          double emergencyFraction, Duration duration, Duration ackTimeout, int maxAttempts,
                          Duration deadline, int ioThreads, long seed) {

    /** The default first account: 100000 hex, outside the demo's 1000-10FF and 2000-2002. */
    public static final long DEFAULT_FIRST_ACCOUNT = 0x100000L;

    public StormConfig {
        Objects.requireNonNull(host, "host");
        check(port >= 1 && port <= 65535, "port must be 1..65535: " + port);
        check(devices >= 1 && devices <= 10_000_000, "devices must be 1..10,000,000: " + devices);
        check(firstAccount >= 0 && Long.toHexString(firstAccount + devices - 1).length() <= 16, "accounts out of range");
        check(connections >= 1, "connections must be >= 1: " + connections);
        check(burstFraction >= 0 && emergencyFraction >= 0 && burstFraction + emergencyFraction <= 1,
                "burst and emergency fractions must be >= 0 and add up to at most 1");
        for (Duration d : new Duration[] {nullInterval, burstWindow, duration, ackTimeout, deadline}) {
            check(d != null && !d.isNegative() && !d.isZero(), "durations must be positive");
        }
        check(burstAt != null && !burstAt.isNegative(), "burstAt must not be negative");
        check(maxAttempts >= 1, "maxAttempts must be >= 1");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public AccountRange accounts() {
        return AccountRange.of(firstAccount, devices);
    }

    /** Devices that send a power restore in the burst. */
    public long burstDevices() {
        return Math.round(devices * burstFraction);
    }

    /** Devices that press the emergency button (at least one when the fraction is above zero). */
    public long emergencyDevices() {
        return emergencyFraction == 0 ? 0 : Math.max(1, Math.round(devices * emergencyFraction));
    }

    /**
     * Defaults: 100,000 devices from account 100000, 64 connections, NULL every 60 s, 30 % power restores within 3 s
     * at 10 s, 1 % emergencies in the same window, 60 s run, ACK timeout 2 s, 10 attempts, 60 s deadline.
     */
    public static StormConfig defaults(String host, int port) {
        return new StormConfig(host, port, 100_000, DEFAULT_FIRST_ACCOUNT, 64, Duration.ofSeconds(60), 0.3,
                Duration.ofSeconds(10), Duration.ofSeconds(3), 0.01, Duration.ofSeconds(60), Duration.ofSeconds(2), 10,
                Duration.ofSeconds(60), 0, 1);
    }

    public StormConfig withDevices(long devices) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withFirstAccount(long firstAccount) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withConnections(int connections) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withNullInterval(Duration nullInterval) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withBurstFraction(double burstFraction) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withBurstAt(Duration burstAt) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withBurstWindow(Duration burstWindow) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withEmergencyFraction(double emergencyFraction) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withDuration(Duration duration) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withAckTimeout(Duration ackTimeout) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withMaxAttempts(int maxAttempts) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    public StormConfig withDeadline(Duration deadline) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    /** Client event-loop threads (0: available processors). */
    public StormConfig withIoThreads(int ioThreads) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }

    /** Seed of the random choice of burst and emergency devices. */
    public StormConfig withSeed(long seed) {
        return new StormConfig(host, port, devices, firstAccount, connections, nullInterval,
                burstFraction, burstAt, burstWindow, emergencyFraction, duration, ackTimeout,
                maxAttempts, deadline, ioThreads, seed);
    }
}
