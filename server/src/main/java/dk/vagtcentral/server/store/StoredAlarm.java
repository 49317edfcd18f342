package dk.vagtcentral.server.store;

import java.time.Instant;
import java.util.List;

/**
 * An alarm as stored, with its timeline when it was read with one.
 *
 * @param callbackAddress the device's voice address to call back (SCAIP {@code crd}), or null
 */
public record StoredAlarm(long id, String account, String source, String messageId, Integer sequence,
                          String dataBlock, String extendedData, String category, String eventCode,
                          String eventQualifier, String zone, String area, String events, String text,
                          Instant deviceTime, Instant receivedAt, boolean clockSuspect, Long clockDriftMillis,
                          String state, List<TimelineEntry> timeline, String callbackAddress) {

    public record TimelineEntry(long id, Instant at, String actor, String kind, String fromState, String toState,
                                String detail) {
    }
}
