package dk.vagtcentral.server.domain;

import dk.vagtcentral.protocol.event.EventCategory;
import java.time.Instant;

/**
 * What routing needs to know about a received alarm.
 *
 * @param account    the transmitter's account (DC-09 account / device id)
 * @param category   what the event means for dispatch
 * @param receivedAt our clock when the alarm was stored (never the device's clock)
 */
public record AlarmFacts(String account, EventCategory category, Instant receivedAt) {
}
