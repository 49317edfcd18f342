package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.Set;

/**
 * The current status of one alarm: what {@link AlarmLifecycle} and {@link EscalationLadder} decide on. Kept
 * beside the timeline (every change to it comes with a {@link TimelineEvent}). Build the first one with
 * {@link #received}; after that only {@link AlarmLifecycle#apply} makes new ones.
 *
 * @param state                the lifecycle state
 * @param receivedAt           when the alarm was received (the response window runs from here)
 * @param routedTo             who got it first: PRIVATE_CARE normally, MUNICIPAL_HOME_CARE when the citizen chose
 *                             it or routing fell back to it
 * @param holder               who must answer now (changes on forward)
 * @param acknowledgedAt       when the current holder acknowledged (explicitly or by responding), or null
 * @param acknowledgedBy       by whom, or null
 * @param respondedAt          the first response (the one the response window judges), or null
 * @param response             the latest response, or null
 * @param helpWorkerId         the worker sent, when the response is HELP_SENT
 * @param forwardedMunicipalAt when it was forwarded to municipal home care, or null
 * @param forwardedFireAt      when it was forwarded to fire-and-rescue, or null
 * @param escalationStepsDone  ids of the escalation steps that have acted (for idempotency)
 */
public record AlarmStatus(AlarmState state, Instant receivedAt, SupplierKind routedTo, SupplierKind holder,
                          Instant acknowledgedAt, String acknowledgedBy, Instant respondedAt, ResponseKind response,
                          String helpWorkerId, Instant forwardedMunicipalAt, Instant forwardedFireAt,
                          Set<String> escalationStepsDone) {

    public AlarmStatus {
        escalationStepsDone = escalationStepsDone == null ? Set.of() : Set.copyOf(escalationStepsDone);
    }

    /** A freshly received alarm routed to {@code routedTo} (use {@link RoutingDecision#holderKind()}). */
    public static AlarmStatus received(Instant receivedAt, SupplierKind routedTo) {
        return new AlarmStatus(AlarmState.RECEIVED, receivedAt, routedTo, routedTo, null, null, null, null, null,
                null, null, Set.of());
    }

    public boolean isOpen() {
        return state.isOpen();
    }

    /** Whether the alarm has left the holder it was routed to. */
    public boolean isForwarded() {
        return forwardedMunicipalAt != null || forwardedFireAt != null;
    }

    AlarmStatus with(AlarmState newState) {
        return new AlarmStatus(newState, receivedAt, routedTo, holder, acknowledgedAt, acknowledgedBy, respondedAt,
                response, helpWorkerId, forwardedMunicipalAt, forwardedFireAt, escalationStepsDone);
    }
}
