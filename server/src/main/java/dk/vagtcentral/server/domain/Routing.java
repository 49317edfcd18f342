package dk.vagtcentral.server.domain;

import java.time.Instant;

/**
 * Where an alarm was routed and why: written once, when the decider routes it.
 *
 * @param target           {@link RoutingDecision.Target} name, or {@code INCIDENT} when the alarm joined an open call
 * @param supplierId       the supplier whose desk was told as the citizen's supplier (the chosen one, or municipal
 *                         home care on a fallback); null when no service could be told
 * @param dutySupplierId   the private supplier that had to answer the call and owes its duties if it fails: set for
 *                         calls routed to a private supplier and for a roster hole; null for fire alarms (they go to
 *                         fire-and-rescue by nature), other fallbacks and non-calls
 * @param incidentAlarmId  for a repeated press: the open call it joined; null otherwise
 */
public record Routing(Handling handling, Instant routedAt, String target, String citizenId, String municipalityId,
                      String profileId, String supplierId, String workerId, String fireSupplierId,
                      String unroutableReason, String note, Instant responseDeadline, String dutySupplierId,
                      Long incidentAlarmId) {
    public static final String INCIDENT = "INCIDENT";
}
