package dk.vagtcentral.server.store;

import java.time.Duration;
import java.time.Instant;

/**
 * An alarm transmitter known to the receiver.
 *
 * @param aesKeyHex           DC-09 AES key (32/48/64 hex digits) or null for an unencrypted device
 * @param supervisionInterval the device must be heard from (any message, e.g. its periodic test) at least this
 *                            often, else a TECHNICAL "no contact" alarm is raised; null = not supervised
 * @param municipalityId      the municipality the device is registered to, before or without a binding to a
 *                            citizen: its alarms then reach that municipality's home care (DOMAIN.md rule 12)
 */
public record Device(String account, String aesKeyHex, String label, Instant lastSeenAt, Long lastClockDriftMillis,
                     Instant lastClockCheckedAt, Duration supervisionInterval, String municipalityId) {

    public static Device register(String account, String aesKeyHex, String label) {
        return new Device(account, aesKeyHex, label, null, null, null, null, null);
    }

    public static Device register(String account, String aesKeyHex, String label, Duration supervisionInterval,
                                  String municipalityId) {
        return new Device(account, aesKeyHex, label, null, null, null, supervisionInterval, municipalityId);
    }
}
