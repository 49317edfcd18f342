package dk.vagtcentral.server.domain;

import dk.vagtcentral.protocol.event.EventCategory;
import java.time.Instant;

/**
 * One alarm as the decider sees it: the facts received, the routing (null until routed), the lifecycle status, who
 * holds it, and who is at fault if it was not answered. {@code statusVersion} guards every stored change.
 *
 * @param eventQualifier Contact ID qualifier ('1' new, '3' restore) or "N" for SIA; null when unknown
 * @param rawData        the data block as received (shown when the data was not understood)
 * @param fault          whose failure it is that the call was not answered, once decided
 * @param callbackAddress the device's voice address for the desk to call back (SCAIP {@code crd}: {@code gsm:+45...},
 *                        {@code sip:...}, {@code no-voice:}), or null
 */
public record Alarm(long id, String account, EventCategory category, String eventCode, String eventQualifier,
                    String zone, String area, String text, String rawData, Instant receivedAt, Routing routing,
                    AlarmStatus status, String holderSupplierId, Fault fault, int statusVersion,
                    String callbackAddress) {

    /** An alarm without a call-back address (every DC-09 alarm). */
    public Alarm(long id, String account, EventCategory category, String eventCode, String eventQualifier,
                 String zone, String area, String text, String rawData, Instant receivedAt, Routing routing,
                 AlarmStatus status, String holderSupplierId, Fault fault, int statusVersion) {
        this(id, account, category, eventCode, eventQualifier, zone, area, text, rawData, receivedAt, routing, status,
                holderSupplierId, fault, statusVersion, null);
    }

    /** Whose failure an unanswered call is (DOMAIN.md rule 14), decided at its first forward or at routing. */
    public enum Fault {
        /** Nobody's, so far: answered, not yet escalated, or not a supplier's call. */
        NONE,
        /** The supplier that had to answer did not (or had nobody on duty): its duties follow. */
        SUPPLIER,
        /** This system was down during the call's window: it escalates, and no supplier duty follows. */
        SYSTEM
    }

    public Alarm {
        fault = fault == null ? Fault.NONE : fault;
    }

    public boolean isRouted() {
        return routing != null;
    }

    public boolean isCall() {
        return routing != null && routing.handling() == Handling.CALL;
    }

    /** A call or service notice nobody has closed: what a new press joins and a restore restores. */
    public boolean isOpenCase() {
        return routing != null && status.isOpen()
                && (routing.handling() == Handling.CALL || routing.handling() == Handling.SERVICE_NOTICE);
    }

    public String municipalityId() {
        return routing == null ? null : routing.municipalityId();
    }

    public String citizenId() {
        return routing == null ? null : routing.citizenId();
    }

    public Alarm with(AlarmStatus newStatus, String newHolderSupplierId, Fault newFault) {
        return new Alarm(id, account, category, eventCode, eventQualifier, zone, area, text, rawData, receivedAt,
                routing, newStatus, newHolderSupplierId, newFault, statusVersion + 1, callbackAddress);
    }

    public Alarm withRouting(Routing newRouting, AlarmStatus newStatus, String newHolderSupplierId, Fault newFault) {
        return new Alarm(id, account, category, eventCode, eventQualifier, zone, area, text, rawData, receivedAt,
                newRouting, newStatus, newHolderSupplierId, newFault, statusVersion + 1, callbackAddress);
    }
}
