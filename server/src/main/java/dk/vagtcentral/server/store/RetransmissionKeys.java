package dk.vagtcentral.server.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes two receipts the same message: the same account, sequence and data (a retransmission,
 * also one whose timestamp the device corrected after a NAK), or the same account, sequence and
 * timestamp; for the JSON API, the client's idempotency key.
 */
public final class RetransmissionKeys {
    private RetransmissionKeys() {
    }

    public static List<String> forDc09(String account, int sequence, String data, String extendedData, Instant deviceTime) {
        List<String> keys = new ArrayList<>(2);
        keys.add("d|" + account + "|" + sequence + "|" + data + "|" + (extendedData == null ? "" : extendedData));
        if (deviceTime != null) {
            keys.add("t|" + account + "|" + sequence + "|" + deviceTime.getEpochSecond());
        }
        return keys;
    }

    public static List<String> forApi(String account, String idempotencyKey) {
        return idempotencyKey == null ? List.of() : List.of("a|" + account + "|" + idempotencyKey);
    }
}
