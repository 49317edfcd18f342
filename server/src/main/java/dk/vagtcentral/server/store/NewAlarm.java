package dk.vagtcentral.server.store;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.protocol.event.TextBounds;
import dk.vagtcentral.server.domain.AlarmSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An alarm as received, ready to be committed. It always fits the {@code alarms} columns, so that the database
 * never refuses an alarm: identity and raw data are checked (they are bounded by the frame and by the receivers'
 * validation, so a longer one is a defect upstream), descriptive fields are clipped with
 * {@link TextBounds#MARKER}.
 *
 * @param retransmissionKeys keys that identify a retransmission of the same message (see {@link RetransmissionKeys})
 * @param receiptDetail      the first timeline line: how and from where it arrived
 * @param callbackAddress    the device's voice address to call back (SCAIP {@code crd}); null when none
 */
public record NewAlarm(String account, AlarmSource source, String messageId, Integer sequence, String dataBlock,
                       String extendedData, EventCategory category, String eventCode, String eventQualifier,
                       String zone, String area, String events, String text, Instant deviceTime,
                       Instant receivedAt, boolean clockSuspect, Long clockDriftMillis, String idempotencyKey,
                       List<String> retransmissionKeys, String receiptDetail, String callbackAddress) {
    /** Column widths of {@code alarms} (V001__ingest.sql) and of {@code alarm_timeline.detail}. */
    public static final int ACCOUNT = 16;
    public static final int MESSAGE_ID = 16;
    public static final int RAW_DATA = 1024;
    public static final int EVENT_CODE = 8;
    public static final int EVENT_QUALIFIER = 1;
    public static final int ZONE = 8;
    public static final int AREA = 8;
    public static final int EVENTS = 1024;
    public static final int TEXT = 1000;
    public static final int IDEMPOTENCY_KEY = 100;
    public static final int RECEIPT_DETAIL = 2000;
    public static final int CALLBACK_ADDRESS = 256;

    public NewAlarm {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(dataBlock, "dataBlock");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(eventCode, "eventCode");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(receivedAt, "receivedAt");
        requireFits("account", account, ACCOUNT);
        requireFits("messageId", messageId, MESSAGE_ID);
        requireFits("dataBlock", dataBlock, RAW_DATA);
        requireFits("extendedData", extendedData, RAW_DATA);
        requireFits("idempotencyKey", idempotencyKey, IDEMPOTENCY_KEY);
        requireFits("callbackAddress", callbackAddress, CALLBACK_ADDRESS);
        eventCode = TextBounds.clip(eventCode, EVENT_CODE);
        eventQualifier = TextBounds.clip(eventQualifier, EVENT_QUALIFIER);
        zone = TextBounds.clip(zone, ZONE);
        area = TextBounds.clip(area, AREA);
        events = TextBounds.clip(events, EVENTS);
        text = TextBounds.clip(text, TEXT);
        receiptDetail = TextBounds.clip(receiptDetail, RECEIPT_DETAIL);
        retransmissionKeys = List.copyOf(retransmissionKeys);
    }

    /** An alarm without a call-back address (DC-09, the JSON API, supervision). */
    public NewAlarm(String account, AlarmSource source, String messageId, Integer sequence, String dataBlock,
                    String extendedData, EventCategory category, String eventCode, String eventQualifier,
                    String zone, String area, String events, String text, Instant deviceTime,
                    Instant receivedAt, boolean clockSuspect, Long clockDriftMillis, String idempotencyKey,
                    List<String> retransmissionKeys, String receiptDetail) {
        this(account, source, messageId, sequence, dataBlock, extendedData, category, eventCode, eventQualifier, zone,
                area, events, text, deviceTime, receivedAt, clockSuspect, clockDriftMillis, idempotencyKey,
                retransmissionKeys, receiptDetail, null);
    }

    private static void requireFits(String field, String value, int width) {
        if (value != null && value.length() > width) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters, its column holds " + width);
        }
    }
}
