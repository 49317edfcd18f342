package dk.vagtcentral.simulator.storm;

import java.time.Instant;

/**
 * An emergency of a storm that the receiver ACKed.
 *
 * @param ackedAt          wall-clock time the ACK arrived
 * @param latencyMicros    from when it was due to its ACK
 */
public record AckedEmergency(String account, int sequence, String data, Instant ackedAt, long latencyMicros) {

    /** account|sequence|data, as the alarm API's items are matched. */
    public String key() {
        return account + "|" + sequence + "|" + data;
    }
}
