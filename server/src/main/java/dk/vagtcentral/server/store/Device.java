package dk.vagtcentral.server.store;

import java.time.Instant;

/**
 * An alarm transmitter known to the receiver.
 *
 * @param aesKeyHex DC-09 AES key (32/48/64 hex digits) or null for an unencrypted device
 */
public record Device(String account, String aesKeyHex, String label, Instant lastSeenAt, Long lastClockDriftMillis,
                     Instant lastClockCheckedAt) {

    public static Device register(String account, String aesKeyHex, String label) {
        return new Device(account, aesKeyHex, label, null, null, null);
    }
}
