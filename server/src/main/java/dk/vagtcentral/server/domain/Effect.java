package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.List;

/**
 * What a decision changes, for the dispatch shell to apply in one transaction, in order. The shell decides nothing:
 * it writes each effect, and the live messages and timeline lines an effect that creates a record implies (a
 * justification, a plan, an inbox item ...) name that record's id.
 */
public sealed interface Effect permits Effect.SaveRouting, Effect.SaveStatus, Effect.AppendTimeline,
        Effect.ArmDeadline, Effect.ClaimDeadline, Effect.RescheduleDeadline, Effect.DisarmDeadlines, Effect.Notify,
        Effect.Webhook, Effect.RecordFailure, Effect.OpenJustification, Effect.Charge, Effect.CountTowardsActionPlan,
        Effect.RequireActionPlan, Effect.AttachToActionPlan, Effect.RaiseBreachCandidate, Effect.FlagSupervisors {

    /** The routing of a not yet routed alarm and its first status. */
    record SaveRouting(long alarmId, Routing routing, AlarmStatus status, String holderSupplierId, Alarm.Fault fault)
            implements Effect {
    }

    /** A new status of a routed alarm (guarded by the version the decision saw). */
    record SaveStatus(long alarmId, AlarmStatus status, String holderSupplierId, Alarm.Fault fault)
            implements Effect {
    }

    record AppendTimeline(long alarmId, TimelineEvent event) implements Effect {
    }

    /** Arm the durable deadline of ladder step {@code stepId}. */
    record ArmDeadline(long alarmId, String stepId, Instant dueAt) implements Effect {
    }

    /**
     * Mark the fired deadline with its outcome (ACTED, SKIPPED, ALREADY_DONE). Always the first effect of a deadline's
     * decision: if it was claimed before (it fired already), the shell applies none of the decision's effects.
     */
    record ClaimDeadline(long deadlineId, String outcome, boolean late, String detail) implements Effect {
    }

    /** The deadline fired before it was due (a clock stepped back): move it. */
    record RescheduleDeadline(long deadlineId, Instant dueAt) implements Effect {
    }

    /** The call was answered or ended: its pending deadlines will not act. */
    record DisarmDeadlines(long alarmId, String reason) implements Effect {
    }

    /**
     * A live message about alarm {@code alarmId}, rendered from the alarm as it is after this decision.
     *
     * @param supplier the organisation the message names as holder or target, or null
     * @param worker   the worker the message names (to go, or re-notified), or null
     * @param citizen  the citizen whose name, address and key note the message carries, or null for none
     */
    record Notify(Audience to, MessageKind kind, long alarmId, Supplier supplier, Shift worker, Citizen citizen,
                  String detail) implements Effect {
    }

    /**
     * The message to the supplier's webhook, through the outbox (only when the supplier has one). No free-text
     * detail: a webhook leaves the system and carries ids, codes and times only (dispatch.WebhookPayload).
     */
    record Webhook(long alarmId, Supplier supplier, MessageKind kind, Shift worker, Citizen citizen)
            implements Effect {
    }

    /** The supplier failed to answer this incident (one per incident): the ledger action plans are counted from. */
    record RecordFailure(long alarmId, String supplierId, String municipalityId, Instant at, String cause)
            implements Effect {
    }

    /** A written justification is due from the supplier (one per incident); tells its desk and the supervisors. */
    record OpenJustification(long alarmId, String supplierId, String municipalityId, ForwardTarget target,
                             Instant forwardedAt, Instant dueAt) implements Effect {
    }

    /** A call-out charge to the supplier (one per incident and target). */
    record Charge(Charges.Charge charge, String municipalityId, String profileId) implements Effect {
    }

    /**
     * The failure counts towards an action plan: the shell reads the supplier's plans and failures and asks
     * {@link ActionPlans#decide} what follows.
     */
    record CountTowardsActionPlan(long alarmId, String supplierId, String municipalityId, Instant at,
                                  ActionPlanRule rule) implements Effect {
    }

    /** Repeated failures demand an action plan: create it with the failures that triggered it. */
    record RequireActionPlan(long alarmId, String supplierId, String municipalityId, ActionPlanRule rule,
                             List<ActionPlanCounter.Forward> triggers) implements Effect {
    }

    /** A further failure while a plan is open: attach it. */
    record AttachToActionPlan(long planId, long alarmId, String supplierId, Instant at) implements Effect {
    }

    /** A failure within the follow-up of an approved plan: a material-breach candidate for the supervisor. */
    record RaiseBreachCandidate(long planId, long alarmId, String supplierId, String municipalityId)
            implements Effect {
    }

    /**
     * Put an item on the supervisors' inbox and tell them live; a null municipality means every supervisor and the
     * administrators.
     */
    record FlagSupervisors(InboxKind kind, String municipalityId, Long alarmId, String supplierId, String reason)
            implements Effect {
    }
}
