package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import java.time.Instant;

/**
 * A message the receiver acknowledged.
 *
 * @param account                the device account
 * @param sequence               the message sequence number (same in every retransmission)
 * @param id                     DC-09 id ("SIA-DCS", "ADM-CID", "NULL")
 * @param data                   data block content, e.g. "#1000|NQA001"
 * @param sentAt                 wall-clock time of the first transmission
 * @param firstSendToAckMicros   from the first transmission to the ACK
 * @param lastAttemptToAckMicros from the last transmission to the ACK
 * @param attempts               number of transmissions
 * @param naks                   NAK replies received before the ACK
 */
public record AckedMessage(String account, int sequence, String id, String data, Instant sentAt,
                           long firstSendToAckMicros, long lastAttemptToAckMicros, int attempts, int naks) {

    /** The verification key: account|sequence|data, as stored alarms are matched. */
    public String key() {
        return account + "|" + sequence + "|" + data;
    }

    /** Whether the receiver stores it as an alarm (NULL supervision messages are not). */
    public boolean isAlarm() {
        return !Dc09Ids.NULL.equals(id);
    }
}
