package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.event.EventFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The settings of a {@link LoadRunner} run. Build with {@link #builder(String, int)}; defaults: TCP,
 * 256 devices from account 1000 (hex, so 1000..10FF), 64 connections, open model at 5000 messages/s,
 * 30 s after a 5 s warmup, mix emergency=80,test=15,null=5, SIA DC format, ACK timeout 2 s,
 * 10 attempts, 60 s deadline per message.
 */
public final class LoadConfig {
    /** The event format of the devices. */
    public enum Formats {
        SIA, CID,
        /** Even-numbered devices SIA DC, odd ones Contact ID. */
        MIXED
    }

    private final String host;
    private final int port;
    private final Transport transport;
    private final int devices;
    private final long firstAccount;
    private final int connections;
    private final double rate;
    private final int outstanding;
    private final Duration duration;
    private final Duration warmup;
    private final Map<EventKind, Integer> mix;
    private final Formats formats;
    private final Map<String, byte[]> encryptedAccounts;
    private final Duration clockSkew;
    private final Duration ackTimeout;
    private final int maxAttempts;
    private final Duration deadline;
    private final long messageLimit;
    private final boolean keepAcked;
    private final int ioThreads;
    private final String receiver;
    private final String linePrefix;
    private final String secondaryHost;
    private final int secondaryPort;
    private final Duration failbackAfter;
    private final int[] cumulativeWeights;
    private final EventKind[] kinds;

    private LoadConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.transport = b.transport;
        this.devices = b.devices;
        this.firstAccount = b.firstAccount;
        this.connections = b.connections;
        this.rate = b.rate;
        this.outstanding = b.outstanding;
        this.duration = b.duration;
        this.warmup = b.warmup;
        this.mix = Collections.unmodifiableMap(new EnumMap<>(b.mix));
        this.formats = b.formats;
        Map<String, byte[]> keys = new LinkedHashMap<>();
        b.encryptedAccounts.forEach((k, v) -> keys.put(k, v.clone()));
        this.encryptedAccounts = Collections.unmodifiableMap(keys);
        this.clockSkew = b.clockSkew;
        this.ackTimeout = b.ackTimeout;
        this.maxAttempts = b.maxAttempts;
        this.deadline = b.deadline;
        this.messageLimit = b.messageLimit;
        this.keepAcked = b.keepAcked;
        this.ioThreads = b.ioThreads;
        this.receiver = b.receiver;
        this.linePrefix = b.linePrefix;
        this.secondaryHost = b.secondaryHost;
        this.secondaryPort = b.secondaryPort;
        this.failbackAfter = b.failbackAfter;
        List<EventKind> k = new ArrayList<>();
        List<Integer> w = new ArrayList<>();
        int sum = 0;
        for (Map.Entry<EventKind, Integer> e : mix.entrySet()) {
            if (e.getValue() > 0) {
                sum += e.getValue();
                k.add(e.getKey());
                w.add(sum);
            }
        }
        if (sum == 0) {
            throw new IllegalArgumentException("mix has no positive weight");
        }
        this.kinds = k.toArray(EventKind[]::new);
        this.cumulativeWeights = w.stream().mapToInt(Integer::intValue).toArray();
        if (firstAccount < 0 || firstAccount + devices - 1 > 0x0FFF_FFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("account range does not fit 16 hex digits");
        }
    }

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** The devices of the run: the account range, plus encrypted accounts outside it. */
    public List<SimulatedDevice> buildDevices() {
        List<SimulatedDevice> list = new ArrayList<>(devices + encryptedAccounts.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        // each run starts every device at a random sequence number, as devices that have been running a
        // while are, so consecutive runs do not repeat (account, sequence, data) within a receiver's
        // retransmission window
        java.util.SplittableRandom sequences = new java.util.SplittableRandom();
        for (int i = 0; i < devices; i++) {
            String account = String.format(Locale.ROOT, "%04X", firstAccount + i);
            SimulatedDevice device = new SimulatedDevice(profile(account, i));
            device.setNextSequence(1 + sequences.nextInt(SimulatedDevice.MAX_SEQUENCE));
            list.add(device);
            seen.add(account);
        }
        int i = devices;
        for (String account : encryptedAccounts.keySet()) {
            if (!seen.contains(account)) {
                list.add(new SimulatedDevice(profile(account, i++)));
            }
        }
        return list;
    }

    /** Devices in the run: the range plus encrypted accounts outside it. */
    public int totalDevices() {
        int extra = 0;
        for (String account : encryptedAccounts.keySet()) {
            long value = Long.parseUnsignedLong(account, 16);
            boolean inRange = value >= firstAccount && value < firstAccount + devices
                    && String.format(Locale.ROOT, "%04X", value).equals(account);
            if (!inRange) {
                extra++;
            }
        }
        return devices + extra;
    }

    private DeviceProfile profile(String account, int index) {
        EventFormat format = switch (formats) {
            case SIA -> EventFormat.SIA_DCS;
            case CID -> EventFormat.CONTACT_ID;
            case MIXED -> index % 2 == 0 ? EventFormat.SIA_DCS : EventFormat.CONTACT_ID;
        };
        return DeviceProfile.of(account).withFormat(format).withKey(encryptedAccounts.get(account))
                .withClockSkew(clockSkew).withReceiver(receiver).withLinePrefix(linePrefix);
    }

    /** Picks an event kind by the mix weights. */
    public EventKind pickKind(RandomGenerator random) {
        int r = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (r < cumulativeWeights[i]) {
                return kinds[i];
            }
        }
        return kinds[kinds.length - 1];
    }

    /** Parses "emergency=80,test=15,null=5" (kinds: emergency, fire, test, null). */
    public static Map<EventKind, Integer> parseMix(String text) {
        Map<EventKind, Integer> mix = new EnumMap<>(EventKind.class);
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected kind=weight, got '" + p + "'");
            }
            EventKind kind = EventKind.parse(p.substring(0, eq));
            int weight;
            try {
                weight = Integer.parseInt(p.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of " + p.substring(0, eq) + " is not a whole number");
            }
            if (weight < 0) {
                throw new IllegalArgumentException("weight of " + p.substring(0, eq) + " is negative");
            }
            if (mix.put(kind, weight) != null) {
                throw new IllegalArgumentException(p.substring(0, eq) + " given twice");
            }
        }
        if (mix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("all weights are zero");
        }
        return mix;
    }

    /** Parses "2000:HEXKEY,2001:HEXKEY". */
    public static Map<String, byte[]> parseEncryptedAccounts(String text) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected account:hexkey, got '" + p + "'");
            }
            String account = p.substring(0, colon).toUpperCase(Locale.ROOT);
            if (!account.matches("[0-9A-F]{3,16}")) {
                throw new IllegalArgumentException("account '" + p.substring(0, colon) + "' is not 3-16 hex digits");
            }
            byte[] key = Dc09Cipher.parseKey(p.substring(colon + 1).trim());
            if (keys.put(account, key) != null) {
                throw new IllegalArgumentException("account " + account + " given twice");
            }
        }
        return keys;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Transport transport() {
        return transport;
    }

    public int devices() {
        return devices;
    }

    public long firstAccount() {
        return firstAccount;
    }

    public int connections() {
        return connections;
    }

    /** Messages per second over all devices (open model), or 0 for as fast as possible (closed model). */
    public double rate() {
        return rate;
    }

    public boolean openModel() {
        return rate > 0;
    }

    /** Closed model: messages in flight per connection slot. */
    public int outstanding() {
        return outstanding;
    }

    public Duration duration() {
        return duration;
    }

    public Duration warmup() {
        return warmup;
    }

    public Map<EventKind, Integer> mix() {
        return mix;
    }

    public Formats formats() {
        return formats;
    }

    public Map<String, byte[]> encryptedAccounts() {
        return encryptedAccounts;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public Duration ackTimeout() {
        return ackTimeout;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration deadline() {
        return deadline;
    }

    /** Stop after this many messages (warmup included); 0 for no limit. */
    public long messageLimit() {
        return messageLimit;
    }

    public boolean keepAcked() {
        return keepAcked;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public String receiver() {
        return receiver;
    }

    public String linePrefix() {
        return linePrefix;
    }

    /** Whether the devices have a secondary receiver to fail over to. */
    public boolean hasSecondary() {
        return secondaryHost != null;
    }

    /** The secondary receiver's host, or null without one. */
    public String secondaryHost() {
        return secondaryHost;
    }

    public int secondaryPort() {
        return secondaryPort;
    }

    /** How long a device stays on the secondary before it tries the primary again. */
    public Duration failbackAfter() {
        return failbackAfter;
    }

    public static final class Builder {
        private final String host;
        private final int port;
        private Transport transport = Transport.TCP;
        private int devices = 256;
        private long firstAccount = 0x1000;
        private int connections = 64;
        private double rate = 5000;
        private int outstanding = 4;
        private Duration duration = Duration.ofSeconds(30);
        private Duration warmup = Duration.ofSeconds(5);
        private Map<EventKind, Integer> mix = defaultMix();
        private Formats formats = Formats.SIA;
        private Map<String, byte[]> encryptedAccounts = new LinkedHashMap<>();
        private Duration clockSkew = Duration.ZERO;
        private Duration ackTimeout = Duration.ofSeconds(2);
        private int maxAttempts = 10;
        private Duration deadline = Duration.ofSeconds(60);
        private long messageLimit;
        private boolean keepAcked = true;
        private int ioThreads;
        private String receiver;
        private String linePrefix = "0";
        private String secondaryHost;
        private int secondaryPort;
        private Duration failbackAfter = Duration.ofSeconds(60);

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
            this.port = port;
        }

        private static Map<EventKind, Integer> defaultMix() {
            Map<EventKind, Integer> m = new EnumMap<>(EventKind.class);
            m.put(EventKind.EMERGENCY, 80);
            m.put(EventKind.TEST, 15);
            m.put(EventKind.NULL, 5);
            return m;
        }

        public Builder transport(Transport t) {
            this.transport = Objects.requireNonNull(t);
            return this;
        }

        public Builder devices(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("devices must be >= 1: " + n);
            }
            this.devices = n;
            return this;
        }

        /** First account of the range, as a number (0x1000 is account "1000"). */
        public Builder firstAccount(long account) {
            this.firstAccount = account;
            return this;
        }

        public Builder connections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("connections must be >= 1: " + n);
            }
            this.connections = n;
            return this;
        }

        /** Open model: this many messages per second over all devices. */
        public Builder rate(double perSecond) {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("rate must be > 0: " + perSecond);
            }
            this.rate = perSecond;
            return this;
        }

        /** Closed model: as fast as the receiver answers, {@code outstanding} messages in flight per connection. */
        public Builder max(int outstandingPerConnection) {
            if (outstandingPerConnection < 1) {
                throw new IllegalArgumentException("outstanding must be >= 1: " + outstandingPerConnection);
            }
            this.rate = 0;
            this.outstanding = outstandingPerConnection;
            return this;
        }

        public Builder duration(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            this.duration = d;
            return this;
        }

        public Builder warmup(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("warmup must not be negative: " + d);
            }
            this.warmup = d;
            return this;
        }

        public Builder mix(Map<EventKind, Integer> weights) {
            this.mix = new EnumMap<>(weights);
            return this;
        }

        public Builder formats(Formats f) {
            this.formats = Objects.requireNonNull(f);
            return this;
        }

        /** AES keys by account; accounts outside the range become extra devices. */
        public Builder encryptedAccounts(Map<String, byte[]> keys) {
            this.encryptedAccounts = new LinkedHashMap<>();
            keys.forEach((a, k) -> encryptedAccounts.put(a.toUpperCase(Locale.ROOT), k.clone()));
            return this;
        }

        /** Clock skew of every device at start (provokes one NAK per device when beyond the receiver's window). */
        public Builder clockSkew(Duration d) {
            this.clockSkew = Objects.requireNonNull(d);
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

        /** Stop after this many messages (warmup included); 0 for no limit. */
        public Builder messageLimit(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("messageLimit must be >= 0: " + n);
            }
            this.messageLimit = n;
            return this;
        }

        /** Whether the result lists every ACKed message (needed for verification; default true). */
        public Builder keepAcked(boolean keep) {
            this.keepAcked = keep;
            return this;
        }

        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        public Builder receiver(String r) {
            this.receiver = r;
            return this;
        }

        public Builder linePrefix(String p) {
            this.linePrefix = Objects.requireNonNull(p);
            return this;
        }

        /** The receiver devices fail over to when the primary refuses them or does not ACK in time. */
        public Builder secondary(String host, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("secondary port must be 1..65535: " + port);
            }
            this.secondaryHost = Objects.requireNonNull(host, "host");
            this.secondaryPort = port;
            return this;
        }

        /** How long a device stays on the secondary before it tries the primary again (default 60 s). */
        public Builder failbackAfter(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("failback-after must be positive: " + d);
            }
            this.failbackAfter = d;
            return this;
        }

        public LoadConfig build() {
            return new LoadConfig(this);
        }
    }
}
