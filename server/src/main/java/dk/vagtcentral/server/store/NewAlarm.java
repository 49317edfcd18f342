package dk.vagtcentral.server.store;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.domain.AlarmSource;
import java.time.Instant;
import java.util.List;

/**
 * An alarm as received, ready to be committed.
 *
 * @param retransmissionKeys keys that identify a retransmission of the same message (see {@link RetransmissionKeys})
 * @param receiptDetail      the first timeline line: how and from where it arrived
 */
public record NewAlarm(String account, AlarmSource source, String messageId, Integer sequence, String dataBlock,
                       String extendedData, EventCategory category, String eventCode, String eventQualifier,
                       String zone, String area, String events, String text, Instant deviceTime,
                       Instant receivedAt, boolean clockSuspect, Long clockDriftMillis, String idempotencyKey,
                       List<String> retransmissionKeys, String receiptDetail) {
}
