package dk.vagtcentral.simulator;

import java.time.Instant;

/**
 * One alarm as the server's HTTP API returns it (the fields verification needs).
 *
 * @param receivedAt null when absent or unparsable
 */
public record StoredAlarm(long id, String account, int sequence, String data, String source, String category,
                          Instant receivedAt) {

    public String key() {
        return account + "|" + sequence + "|" + data;
    }
}
