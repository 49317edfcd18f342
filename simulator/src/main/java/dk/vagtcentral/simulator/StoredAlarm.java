package dk.vagtcentral.simulator;

import java.time.Instant;

/**
 * One alarm as the server's HTTP API returns it (the fields verification needs).
 *
 * @param sequence   the DC-09 sequence number; null for a SCAIP alarm, which has none
 * @param receivedAt null when absent or unparsable
 */
public record StoredAlarm(long id, String account, Integer sequence, String data, String source, String category,
                          Instant receivedAt) {

    /** The DC-09 verification key: account|sequence|data ({@link AlarmMatching} has SCAIP's). */
    public String key() {
        return AlarmMatching.DC09.key(this);
    }
}
