package dk.vagtcentral.simulator.storm;

import dk.vagtcentral.simulator.abuse.AccountRange;
import java.time.Duration;
import java.util.Objects;

/**
 * A storm: {@code devices} transmitters on {@code connections} TCP connections each send a link-supervision NULL
 * every {@code nullInterval} (spread evenly over the interval); at {@code burstAt} a fraction of them sends a power
 * restore (SIA {@code AR}) within {@code burstWindow}, and within the same window another fraction (default 1 %)
 * presses the emergency button. Devices of the burst and of the emergencies are chosen at random ({@code seed}),
 * the two groups apart. Build with {@link #builder(String, int)}.
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

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /**
     * Defaults: 100,000 devices from account 100000, 64 connections, NULL every 60 s, 30 % power restores within 3 s
     * at 10 s, 1 % emergencies in the same window, 60 s run, ACK timeout 2 s, 10 attempts, 60 s deadline.
     */
    public static final class Builder {
        private final String host;
        private final int port;
        private long devices = 100_000;
        private long firstAccount = DEFAULT_FIRST_ACCOUNT;
        private int connections = 64;
        private Duration nullInterval = Duration.ofSeconds(60);
        private double burstFraction = 0.3;
        private Duration burstAt = Duration.ofSeconds(10);
        private Duration burstWindow = Duration.ofSeconds(3);
        private double emergencyFraction = 0.01;
        private Duration duration = Duration.ofSeconds(60);
        private Duration ackTimeout = Duration.ofSeconds(2);
        private int maxAttempts = 10;
        private Duration deadline = Duration.ofSeconds(60);
        private int ioThreads;
        private long seed = 1;

        private Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        public Builder devices(long n) {
            this.devices = n;
            return this;
        }

        public Builder firstAccount(long first) {
            this.firstAccount = first;
            return this;
        }

        public Builder connections(int n) {
            this.connections = n;
            return this;
        }

        public Builder nullInterval(Duration d) {
            this.nullInterval = d;
            return this;
        }

        public Builder burstFraction(double f) {
            this.burstFraction = f;
            return this;
        }

        public Builder burstAt(Duration d) {
            this.burstAt = d;
            return this;
        }

        public Builder burstWindow(Duration d) {
            this.burstWindow = d;
            return this;
        }

        public Builder emergencyFraction(double f) {
            this.emergencyFraction = f;
            return this;
        }

        public Builder duration(Duration d) {
            this.duration = d;
            return this;
        }

        public Builder ackTimeout(Duration d) {
            this.ackTimeout = d;
            return this;
        }

        public Builder maxAttempts(int n) {
            this.maxAttempts = n;
            return this;
        }

        public Builder deadline(Duration d) {
            this.deadline = d;
            return this;
        }

        /** Client event-loop threads (0: available processors). */
        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public StormConfig build() {
            return new StormConfig(host, port, devices, firstAccount, connections, nullInterval, burstFraction, burstAt,
                    burstWindow, emergencyFraction, duration, ackTimeout, maxAttempts, deadline, ioThreads, seed);
        }
    }
}
