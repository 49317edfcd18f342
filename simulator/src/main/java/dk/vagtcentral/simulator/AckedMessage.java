package dk.vagtcentral.simulator;

import java.time.Instant;

/**
 * A message the receiver acknowledged.
 *
 * @param account                the device account (a SCAIP controller id)
 * @param sequence               the message sequence number (same in every retransmission); 0 for SCAIP
 * @param id                     DC-09 id ("SIA-DCS", "ADM-CID", "NULL"), or "SCAIP"
 * @param data                   data block content, e.g. "#1000|NQA001"; a SCAIP message's {@code <mrq>} XML
 * @param sentAt                 wall-clock time of the first transmission
 * @param firstSendToAckMicros   from the first transmission to the ACK
 * @param lastAttemptToAckMicros from the last transmission to the ACK
 * @param attempts               number of transmissions
 * @param naks                   NAK replies received before the ACK (DC-09)
 */
public record AckedMessage(String account, int sequence, String id, String data, Instant sentAt,
                           long firstSendToAckMicros, long lastAttemptToAckMicros, int attempts, int naks) {

    /** The verification key, as stored alarms are matched: account|sequence|data (DC-09), controller id|ref (SCAIP). */
    public String key() {
        return AlarmMatching.of(this).key(this);
    }

    /** Whether the receiver stores it as an alarm (DC-09 NULL supervision messages and SCAIP heartbeats are not). */
    public boolean isAlarm() {
        return AlarmMatching.of(this).isAlarm(this);
    }
}
