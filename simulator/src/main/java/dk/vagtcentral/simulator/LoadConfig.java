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
 * The settings of a {@link LoadRunner} run: start from {@link #defaults(String, int)} and change what
 * differs with the {@code with...} methods, each of which checks the whole. Defaults: TCP, 256 devices
 * from account 1000 (hex, so 1000..10FF), 64 connections, open model at 5000 messages/s, 30 s after a
 * 5 s warmup, mix emergency=80,test=15,null=5, SIA DC format, ACK timeout 2 s, 10 attempts, 60 s
 * deadline per message, no secondary receiver (failback after 60 s once one is set), DC-09.
 * {@link #defaults(String, int, Protocol)} with SCAIP: controller ids from 4510001000 and
 * {@link ScaipSettings#defaults()}, the rest the same.
 *
 * @param rate          messages per second over all devices (open model), or 0 for as fast as possible (closed model)
 * @param outstanding   closed model: messages in flight per connection slot
 * @param secondaryHost the secondary receiver's host, or null without one
 * @param protocol      what the devices speak; SCAIP devices have controller ids (decimal, from
 *                      {@code firstAccount}) and send by {@code scaip}, not by {@code mix} and the DC-09 fields
 * @param scaip         what SCAIP devices send
 */
public record LoadConfig(String host,
                         int port,
                         Transport transport,
                         int devices,
                         long firstAccount,
                         int connections,
                         double rate,
                         int outstanding,
                         Duration duration,
                         Duration warmup,
                         Map<EventKind, Integer> mix,
                         Formats formats,
                         Map<String, byte[]> encryptedAccounts,
                         Duration clockSkew,
                         Duration ackTimeout,
                         int maxAttempts,
                         Duration deadline,
                         long messageLimit,
                         boolean keepAcked,
                         int ioThreads,
                         String receiver,
                         String linePrefix,
                         String secondaryHost,
                         int secondaryPort,
                         Duration failbackAfter,
                         Protocol protocol,
                         ScaipSettings scaip) {

    /** The event format of the devices. */
    public enum Formats {
        SIA, CID,
        /** Even-numbered devices SIA DC, odd ones Contact ID. */
        MIXED
    }

    public LoadConfig {
        Objects.requireNonNull(host, "host");
        check(port >= 1 && port <= 65535, "port must be 1..65535: " + port);
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(scaip, "scaip");
        check(devices >= 1, "devices must be >= 1: " + devices);
        if (protocol == Protocol.SCAIP) {
            check(firstAccount >= 0 && firstAccount + devices - 1 <= MAX_CONTROLLER,
                    "controller id range does not fit 16 digits");
            check(transport != Transport.TCP_ONESHOT, "SCAIP devices use tcp or udp, not tcp-oneshot");
            check(encryptedAccounts.isEmpty(), "encrypted accounts are DC-09's (SCAIP devices use a password)");
        } else {
            check(firstAccount >= 0 && firstAccount + devices - 1 <= 0x0FFF_FFFF_FFFF_FFFFL,
                    "account range does not fit 16 hex digits");
        }
        check(connections >= 1, "connections must be >= 1: " + connections);
        check(rate >= 0 && !Double.isInfinite(rate), "rate must be > 0: " + rate);
        check(outstanding >= 1, "outstanding must be >= 1: " + outstanding);
        check(positive(duration), "duration must be positive: " + duration);
        check(warmup != null && !warmup.isNegative(), "warmup must not be negative: " + warmup);
        mix = Collections.unmodifiableMap(new EnumMap<>(mix));
        check(mix.values().stream().mapToInt(Integer::intValue).sum() > 0, "mix has no positive weight");
        Objects.requireNonNull(formats, "formats");
        Map<String, byte[]> keys = new LinkedHashMap<>();
        encryptedAccounts.forEach((a, k) -> keys.put(a.toUpperCase(Locale.ROOT), k.clone()));
        encryptedAccounts = Collections.unmodifiableMap(keys);
        Objects.requireNonNull(clockSkew, "clockSkew");
        check(positive(ackTimeout), "ackTimeout must be positive: " + ackTimeout);
        check(maxAttempts >= 1, "maxAttempts must be >= 1: " + maxAttempts);
        check(positive(deadline), "deadline must be positive: " + deadline);
        check(messageLimit >= 0, "messageLimit must be >= 0: " + messageLimit);
        Objects.requireNonNull(linePrefix, "linePrefix");
        check(secondaryHost == null || (secondaryPort >= 1 && secondaryPort <= 65535),
                "secondary port must be 1..65535: " + secondaryPort);
        check(positive(failbackAfter), "failback-after must be positive: " + failbackAfter);
    }

    /** The first controller id of the demo's SCAIP devices (to 4510001255), the default first of a SCAIP run. */
    public static final long FIRST_DEMO_CONTROLLER = 4_510_001_000L;
    private static final long MAX_CONTROLLER = 9_999_999_999_999_999L;

    /** The defaults for a DC-09 run against {@code host:port}. */
    public static LoadConfig defaults(String host, int port) {
        return defaults(host, port, Protocol.DC09);
    }

    /** The defaults for a run of {@code protocol} devices against {@code host:port}. */
    public static LoadConfig defaults(String host, int port, Protocol protocol) {
        Map<EventKind, Integer> mix = new EnumMap<>(EventKind.class);
        mix.put(EventKind.EMERGENCY, 80);
        mix.put(EventKind.TEST, 15);
        mix.put(EventKind.NULL, 5);
        long first = protocol == Protocol.SCAIP ? FIRST_DEMO_CONTROLLER : 0x1000;
        return new LoadConfig(host, port, Transport.TCP, 256, first, 64, 5000, 4, Duration.ofSeconds(30),
                Duration.ofSeconds(5), mix, Formats.SIA, Map.of(), Duration.ZERO, Duration.ofSeconds(2), 10,
                Duration.ofSeconds(60), 0, true, 0, null, "0", null, 0, Duration.ofSeconds(60), protocol,
                ScaipSettings.defaults());
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** How the devices reach the receiver. */
    public LoadConfig withTransport(Transport transport) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Devices in the account range. */
    public LoadConfig withDevices(int devices) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** First account of the range, as a number (0x1000 is account "1000"). */
    public LoadConfig withFirstAccount(long firstAccount) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Connections (or UDP sockets) the devices share. */
    public LoadConfig withConnections(int connections) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Open model: this many messages per second over all devices. */
    public LoadConfig withRate(double rate) {
        check(rate > 0, "rate must be > 0: " + rate);
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Measured time. */
    public LoadConfig withDuration(Duration duration) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Time before measuring. */
    public LoadConfig withWarmup(Duration warmup) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Event kinds by weight. */
    public LoadConfig withMix(Map<EventKind, Integer> mix) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Event format of the devices. */
    public LoadConfig withFormats(Formats formats) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** AES keys by account; accounts outside the range become extra devices. */
    public LoadConfig withEncryptedAccounts(Map<String, byte[]> encryptedAccounts) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Clock skew of every device at start (provokes one NAK per device when beyond the receiver's window). */
    public LoadConfig withClockSkew(Duration clockSkew) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Reply timeout before retransmitting (or failing over). */
    public LoadConfig withAckTimeout(Duration ackTimeout) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Transmissions per message at most. */
    public LoadConfig withMaxAttempts(int maxAttempts) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Per-message deadline. */
    public LoadConfig withDeadline(Duration deadline) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Stop after this many messages (warmup included); 0 for no limit. */
    public LoadConfig withMessageLimit(long messageLimit) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Whether the result lists every ACKed message (needed for verification). */
    public LoadConfig withKeepAcked(boolean keepAcked) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Client event-loop threads (0: available processors). */
    public LoadConfig withIoThreads(int ioThreads) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** The DC-09 receiver number "R" field, or null. */
    public LoadConfig withReceiver(String receiver) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** The DC-09 line prefix "L" field. */
    public LoadConfig withLinePrefix(String linePrefix) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** How long a device stays on the secondary before it tries the primary again. */
    public LoadConfig withFailbackAfter(Duration failbackAfter) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** Closed model: as fast as the receiver answers, {@code outstanding} messages in flight per connection. */
    public LoadConfig withMax(int outstanding) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, 0,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** What the devices speak; the first account and the mixes are kept (see {@link #defaults(String, int, Protocol)}). */
    public LoadConfig withProtocol(Protocol protocol) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** What SCAIP devices send (their mix, device type, passwords, call-back address). */
    public LoadConfig withScaip(ScaipSettings scaip) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** The receiver devices fail over to when the primary refuses them or does not ACK in time. */
    public LoadConfig withSecondary(String secondaryHost, int secondaryPort) {
        return new LoadConfig(host, port, transport, devices, firstAccount, connections, rate,
                outstanding, duration, warmup, mix, formats, encryptedAccounts, clockSkew,
                ackTimeout, maxAttempts, deadline, messageLimit, keepAcked, ioThreads, receiver,
                linePrefix, secondaryHost, secondaryPort, failbackAfter, protocol, scaip);
    }

    /** The DC-09 devices of the run: the account range, plus encrypted accounts outside it. */
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

    /** The SCAIP devices of the run: controller ids {@code firstAccount} .. {@code firstAccount + devices - 1}. */
    public List<ScaipDevice> buildScaipDevices() {
        List<ScaipDevice> list = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            list.add(scaip.device(Long.toString(firstAccount + i)));
        }
        return list;
    }

    /** The first device's account as the protocol writes it: hex for DC-09, decimal for a SCAIP controller id. */
    public String firstAccountText() {
        return protocol == Protocol.SCAIP ? Long.toString(firstAccount)
                : String.format(Locale.ROOT, "%04X", firstAccount);
    }

    /** Devices in the run: the range plus encrypted accounts outside it. */
    public int totalDevices() {
        if (protocol == Protocol.SCAIP) {
            return devices;
        }
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

    /** Picks a DC-09 event kind by the mix weights. */
    public EventKind pickKind(RandomGenerator random) {
        return Weights.pick(mix, random);
    }

    /** Parses "emergency=80,test=15,null=5" (kinds: emergency, fire, test, null). */
    public static Map<EventKind, Integer> parseMix(String text) {
        return Weights.parse(text, EventKind::parse, new EnumMap<>(EventKind.class));
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

    public boolean openModel() {
        return rate > 0;
    }

    /** Whether the devices have a secondary receiver to fail over to. */
    public boolean hasSecondary() {
        return secondaryHost != null;
    }

}
