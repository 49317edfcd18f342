package dk.vagtcentral.server.store;

import dk.vagtcentral.protocol.scaip.MrsStyle;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An alarm transmitter known to the receiver: a DC-09 account or a SCAIP controller.
 *
 * @param account             DC-09 account (3-16 hex digits) or SCAIP controller id (1-16 digits, the {@code cid})
 * @param aesKeyHex           DC-09 AES key (32/48/64 hex digits) or null for an unencrypted device; null for SCAIP
 * @param supervisionInterval the device must be heard from (any message, e.g. its periodic test) at least this
 *                            often, else a TECHNICAL "no contact" alarm is raised; null = not supervised
 * @param municipalityId      the municipality the device is registered to, before or without a binding to a
 *                            citizen: its alarms then reach that municipality's home care (DOMAIN.md rule 12)
 * @param protocol            what the device speaks; the receivers of the other protocol treat it as unknown
 * @param sipPassword         SCAIP: the password of its SIP digest authentication, null = none asked
 * @param mrsStyle            SCAIP: how its model expects the {@code <mrs>}; null = the receiver's default
 */
public record Device(String account, String aesKeyHex, String label, Instant lastSeenAt, Long lastClockDriftMillis,
                     Instant lastClockCheckedAt, Duration supervisionInterval, String municipalityId,
                     Protocol protocol, String sipPassword, MrsStyle mrsStyle) {

    /** The protocol a device speaks. */
    public enum Protocol { DC09, SCAIP }

    public Device {
        protocol = protocol == null ? Protocol.DC09 : protocol;
        if (protocol == Protocol.DC09 && (sipPassword != null || mrsStyle != null)) {
            throw new IllegalArgumentException("a DC-09 device has no SIP password or mrs style");
        }
        if (protocol == Protocol.SCAIP && aesKeyHex != null) {
            throw new IllegalArgumentException("a SCAIP controller has no DC-09 key");
        }
        Objects.requireNonNull(account, "account");
    }

    /** A DC-09 device. */
    public Device(String account, String aesKeyHex, String label, Instant lastSeenAt, Long lastClockDriftMillis,
                  Instant lastClockCheckedAt, Duration supervisionInterval, String municipalityId) {
        this(account, aesKeyHex, label, lastSeenAt, lastClockDriftMillis, lastClockCheckedAt, supervisionInterval,
                municipalityId, Protocol.DC09, null, null);
    }

    public static Device register(String account, String aesKeyHex, String label) {
        return new Device(account, aesKeyHex, label, null, null, null, null, null);
    }

    public static Device register(String account, String aesKeyHex, String label, Duration supervisionInterval,
                                  String municipalityId) {
        return new Device(account, aesKeyHex, label, null, null, null, supervisionInterval, municipalityId);
    }

    /** A SCAIP controller. */
    public static Device scaip(String controllerId, String label, String sipPassword, MrsStyle mrsStyle,
                               Duration supervisionInterval, String municipalityId) {
        return new Device(controllerId, null, label, null, null, null, supervisionInterval, municipalityId,
                Protocol.SCAIP, sipPassword, mrsStyle);
    }

    public boolean isScaip() {
        return protocol == Protocol.SCAIP;
    }
}
