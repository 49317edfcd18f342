package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.event.EventFormat;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The fixed configuration of one simulated transmitter. Immutable; the {@code with...} methods return
 * copies. Defaults: SIA DC format, no encryption, no receiver number, line prefix "0", no clock skew,
 * timestamps on every message.
 */
public final class DeviceProfile {
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-F]{3,16}");
    private static final Pattern HEX_1_6 = Pattern.compile("[0-9A-F]{1,6}");

    private final String account;
    private final byte[] key;
    private final EventFormat format;
    private final String receiver;
    private final String linePrefix;
    private final Duration clockSkew;
    private final boolean timestamps;

    private DeviceProfile(String account, byte[] key, EventFormat format, String receiver, String linePrefix,
                          Duration clockSkew, boolean timestamps) {
        String acct = Objects.requireNonNull(account, "account").toUpperCase(Locale.ROOT);
        if (!ACCOUNT.matcher(acct).matches()) {
            throw new IllegalArgumentException("account must be 3-16 hex digits, got '" + account + "'");
        }
        if (key != null && !Dc09Cipher.isValidKeyLength(key.length)) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
        String rcvr = receiver == null ? null : receiver.toUpperCase(Locale.ROOT);
        if (rcvr != null && !HEX_1_6.matcher(rcvr).matches()) {
            throw new IllegalArgumentException("receiver must be 1-6 hex digits, got '" + receiver + "'");
        }
        String prefix = Objects.requireNonNull(linePrefix, "linePrefix").toUpperCase(Locale.ROOT);
        if (!HEX_1_6.matcher(prefix).matches()) {
            throw new IllegalArgumentException("line prefix must be 1-6 hex digits, got '" + linePrefix + "'");
        }
        if (key != null && !timestamps) {
            throw new IllegalArgumentException("an encrypted device must send timestamps");
        }
        this.account = acct;
        this.key = key == null ? null : key.clone();
        this.format = Objects.requireNonNull(format, "format");
        this.receiver = rcvr;
        this.linePrefix = prefix;
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.timestamps = timestamps;
    }

    /** An unencrypted SIA DC device with the defaults. */
    public static DeviceProfile of(String account) {
        return new DeviceProfile(account, null, EventFormat.SIA_DCS, null, "0", Duration.ZERO, true);
    }

    public DeviceProfile withKey(byte[] aesKey) {
        return new DeviceProfile(account, aesKey, format, receiver, linePrefix, clockSkew, timestamps);
    }

    /** Sets the AES key from 32, 48 or 64 hex digits; null removes it. */
    public DeviceProfile withKeyHex(String hex) {
        return withKey(hex == null ? null : Dc09Cipher.parseKey(hex));
    }

    public DeviceProfile withFormat(EventFormat eventFormat) {
        return new DeviceProfile(account, key, eventFormat, receiver, linePrefix, clockSkew, timestamps);
    }

    /** Sets the receiver number ("R" field); null for none. */
    public DeviceProfile withReceiver(String receiverNumber) {
        return new DeviceProfile(account, key, format, receiverNumber, linePrefix, clockSkew, timestamps);
    }

    public DeviceProfile withLinePrefix(String prefix) {
        return new DeviceProfile(account, key, format, receiver, prefix, clockSkew, timestamps);
    }

    /** How far the device clock is off at start, e.g. +10 min to provoke a NAK. */
    public DeviceProfile withClockSkew(Duration skew) {
        return new DeviceProfile(account, key, format, receiver, linePrefix, skew, timestamps);
    }

    /** Whether messages carry a timestamp (default true; required for encrypted devices). */
    public DeviceProfile withTimestamps(boolean on) {
        return new DeviceProfile(account, key, format, receiver, linePrefix, clockSkew, on);
    }

    /** Upper-case hex account, 3-16 digits. */
    public String account() {
        return account;
    }

    /** A copy of the AES key, or null for an unencrypted device. */
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    /** The key without copying, for the send path. */
    byte[] keyRef() {
        return key;
    }

    public boolean encrypted() {
        return key != null;
    }

    public EventFormat format() {
        return format;
    }

    public String receiver() {
        return receiver;
    }

    public String linePrefix() {
        return linePrefix;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public boolean timestamps() {
        return timestamps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceProfile p && account.equals(p.account) && Arrays.equals(key, p.key)
                && format == p.format && Objects.equals(receiver, p.receiver) && linePrefix.equals(p.linePrefix)
                && clockSkew.equals(p.clockSkew) && timestamps == p.timestamps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, Arrays.hashCode(key), format, receiver, linePrefix, clockSkew, timestamps);
    }

    @Override
    public String toString() {
        return "DeviceProfile[account=" + account + ", format=" + format + ", encrypted=" + encrypted()
                + (key == null ? "" : " (AES-" + key.length * 8 + ")")
                + ", receiver=" + receiver + ", prefix=" + linePrefix + ", clockSkew=" + clockSkew
                + ", timestamps=" + timestamps + "]";
    }
}
