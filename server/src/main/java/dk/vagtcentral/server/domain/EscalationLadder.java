package dk.vagtcentral.server.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A municipality's escalation ladder (viderestilling, 003 Odder §4.11; 004 Horsens §4.3), and the pure decisions
 * around it: which deadlines to arm, and what to do when one falls due. The shell keeps the deadlines as durable
 * timers; when one fires it calls {@link #decide} with the alarm's current status and applies the command.
 */
public record EscalationLadder(List<EscalationStep> steps) {
    /** The actor named on the timeline for what the ladder does. */
    public static final String ACTOR = "system:escalation";
    /** A deadline that fires later than this after its due time is marked late on the timeline. */
    public static final Duration LATE_TOLERANCE = Duration.ofSeconds(5);

    public EscalationLadder {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * The default ladder, for a municipality whose contract states none (DOMAIN.md rules 4, 5 and 14): re-notify the
     * supplier's backup after 3 minutes without acknowledgement and warn the supervisors after 10 (both leave the
     * call with the supplier); forward to municipal home care when the response window ends without a response;
     * fire-and-rescue when municipal home care has not acknowledged within 10 minutes of the forward.
     */
    public static EscalationLadder defaultLadder(Duration responseWindow) {
        return new EscalationLadder(List.of(
                new EscalationStep("renotify-backup", Duration.ofMinutes(3),
                        EscalationStep.Condition.NOT_ACKNOWLEDGED, EscalationStep.Action.RENOTIFY_BACKUP,
                        Citation.assumption("operational: the supplier's backup worker is told too; the call stays"
                                + " with the supplier")),
                new EscalationStep("warn-supervisors", Duration.ofMinutes(10),
                        EscalationStep.Condition.NOT_ACKNOWLEDGED, EscalationStep.Action.WARN_SUPERVISORS,
                        Citation.assumption("operational (DOMAIN.md rule 14): supervisors see a call nobody has"
                                + " taken before its window ends; the call stays with the supplier")),
                new EscalationStep("forward-municipal", responseWindow,
                        EscalationStep.Condition.NOT_RESPONDED, EscalationStep.Action.FORWARD_MUNICIPAL,
                        Citation.assumption("the window of 002 Viborg §6 and the forward of 003 Odder §4.11,"
                                + " the contracts that state them")),
                new EscalationStep("forward-fire", Duration.ofMinutes(10),
                        EscalationStep.Condition.MUNICIPAL_NOT_ACKNOWLEDGED, EscalationStep.Action.FORWARD_FIRE,
                        Citation.assumption("003 Odder §4.11 \"eventuelt til Det Kommunale Redningsberedskab\":"
                                + " when municipal home care has not taken the call within 10 minutes"))));
    }

    public Optional<EscalationStep> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Whether any step can ever forward to fire-and-rescue. */
    public boolean reachesFireAndRescue() {
        return steps.stream().anyMatch(s -> s.action() == EscalationStep.Action.FORWARD_FIRE);
    }

    /**
     * The deadlines to arm when a call is routed, ordered by due time. An alarm routed to a private supplier gets
     * the receipt-based steps; one routed straight to municipal home care (its choice, or the fallback) gets the
     * municipal steps counted from receipt. Nothing for non-calls (no response window) or fire-and-rescue.
     */
    public List<ArmedDeadline> deadlinesOnRouting(RoutingDecision decision) {
        if (!decision.needsResponseWindow()) {
            return List.of();
        }
        return deadlinesOnRouting(decision.alarm().receivedAt(), decision.holderKind());
    }

    /** {@link #deadlinesOnRouting(RoutingDecision)} from the receipt time and the kind of the first holder. */
    public List<ArmedDeadline> deadlinesOnRouting(Instant receivedAt, SupplierKind routedTo) {
        return switch (routedTo) {
            case PRIVATE_CARE -> arm(EscalationStep.Reference.ALARM_RECEIVED, receivedAt);
            case MUNICIPAL_HOME_CARE -> arm(EscalationStep.Reference.MUNICIPAL_HANDOVER, receivedAt);
            case FIRE_AND_RESCUE, SUPERVISORS -> List.of();
        };
    }

    /** The deadlines to arm when a call has been forwarded to municipal home care: its own window. */
    public List<ArmedDeadline> deadlinesAfterMunicipalForward(Instant forwardedAt) {
        return arm(EscalationStep.Reference.MUNICIPAL_HANDOVER, forwardedAt);
    }

    private List<ArmedDeadline> arm(EscalationStep.Reference reference, Instant from) {
        List<ArmedDeadline> result = new ArrayList<>();
        for (EscalationStep s : steps) {
            if (s.reference() == reference) {
                result.add(new ArmedDeadline(s, from.plus(s.after())));
            }
        }
        result.sort(Comparator.comparing(ArmedDeadline::dueAt));
        return result;
    }

    /** When {@code step} is due for this alarm, or null when it does not apply to it. */
    public static Instant dueAt(EscalationStep step, AlarmStatus status) {
        if (step.reference() == EscalationStep.Reference.ALARM_RECEIVED) {
            return status.routedTo() == SupplierKind.PRIVATE_CARE ? status.receivedAt().plus(step.after()) : null;
        }
        if (status.forwardedMunicipalAt() != null) {
            return status.forwardedMunicipalAt().plus(step.after());
        }
        return status.routedTo() == SupplierKind.MUNICIPAL_HOME_CARE ? status.receivedAt().plus(step.after()) : null;
    }

    /**
     * What to do now that {@code step}'s deadline fired at {@code firedAt}, given the alarm's current status.
     * Idempotent: once the step has acted (its id is in {@link AlarmStatus#escalationStepsDone()}) the answer is
     * {@link EscalationDecision.Outcome#ALREADY_DONE}; a skipped step stays skipped, because the conditions only
     * ever stop holding.
     */
    public static EscalationDecision decide(EscalationStep step, AlarmStatus status, Instant firedAt) {
        Instant due = dueAt(step, status);
        if (status.escalationStepsDone().contains(step.id())) {
            return decision(step, EscalationDecision.Outcome.ALREADY_DONE, null, due, firedAt,
                    "escalation step " + step.id() + " has already acted on this alarm");
        }
        if (due == null) {
            return decision(step, EscalationDecision.Outcome.SKIP, null, null, firedAt,
                    "escalation step " + step.id() + " does not apply: " + (step.reference()
                            == EscalationStep.Reference.ALARM_RECEIVED
                            ? "the alarm was not routed to a private supplier"
                            : "the alarm was never handed to municipal home care"));
        }
        if (firedAt.isBefore(due)) {
            return decision(step, EscalationDecision.Outcome.NOT_DUE, null, due, firedAt,
                    "escalation step " + step.id() + " fired before it was due at " + due + "; re-arm");
        }
        if (!status.isOpen()) {
            return decision(step, EscalationDecision.Outcome.SKIP, null, due, firedAt,
                    "escalation step " + step.id() + " skipped: the alarm is " + status.state());
        }
        String noLongerHolds = conditionFails(step.condition(), status);
        if (noLongerHolds != null) {
            return decision(step, EscalationDecision.Outcome.SKIP, null, due, firedAt,
                    "escalation step " + step.id() + " skipped: " + noLongerHolds);
        }
        boolean late = Duration.between(due, firedAt).compareTo(LATE_TOLERANCE) > 0;
        String why = describe(step) + (late ? " (fired " + Duration.between(due, firedAt).toSeconds()
                + " s late; due " + due + ")" : "");
        Command command = switch (step.action()) {
            case RENOTIFY_BACKUP -> new Command.Renotify(ACTOR, null, "re-notify backup: " + why, step.id());
            case FORWARD_MUNICIPAL -> new Command.Forward(ACTOR, ForwardTarget.MUNICIPAL_HOME_CARE, why, late, step.id());
            case FORWARD_FIRE -> new Command.Forward(ACTOR, ForwardTarget.FIRE_AND_RESCUE, why, late, step.id());
            case WARN_SUPERVISORS -> new Command.Renotify(ACTOR, null, "supervisors warned: " + why, step.id());
        };
        Transition check = AlarmLifecycle.apply(status, command, firedAt);
        if (!check.isAccepted()) {
            return decision(step, EscalationDecision.Outcome.SKIP, null, due, firedAt,
                    "escalation step " + step.id() + " skipped: " + ((Transition.Refused) check).reason());
        }
        return decision(step, EscalationDecision.Outcome.ACT, command, due, firedAt, why);
    }

    private static String conditionFails(EscalationStep.Condition condition, AlarmStatus s) {
        return switch (condition) {
            case NOT_ACKNOWLEDGED -> {
                if (s.isForwarded()) {
                    yield "the alarm has already been forwarded";
                }
                yield s.state() == AlarmState.RECEIVED || s.state() == AlarmState.NOTIFIED ? null
                        : "acknowledged at " + s.acknowledgedAt() + " by " + s.acknowledgedBy();
            }
            case NOT_RESPONDED -> {
                if (s.isForwarded()) {
                    yield "the alarm has already been forwarded";
                }
                yield s.respondedAt() == null ? null : "responded " + s.response() + " at " + s.respondedAt();
            }
            case MUNICIPAL_NOT_ACKNOWLEDGED -> {
                if (s.holder() != SupplierKind.MUNICIPAL_HOME_CARE) {
                    yield "municipal home care does not hold the alarm (holder: " + s.holder() + ")";
                }
                yield s.state().awaitsAcknowledgement() ? null
                        : "municipal home care acknowledged at " + s.acknowledgedAt() + " by " + s.acknowledgedBy();
            }
        };
    }

    private static String describe(EscalationStep step) {
        String when = switch (step.condition()) {
            case NOT_ACKNOWLEDGED -> "not acknowledged within " + step.after() + " of receipt";
            case NOT_RESPONDED -> "no response within " + step.after() + " of receipt";
            case MUNICIPAL_NOT_ACKNOWLEDGED -> "municipal home care did not acknowledge within " + step.after();
        };
        return when + " (step " + step.id() + ")";
    }

    private static EscalationDecision decision(EscalationStep step, EscalationDecision.Outcome outcome,
                                               Command command, Instant due, Instant firedAt, String reason) {
        Duration lateBy = due == null || !firedAt.isAfter(due) ? Duration.ZERO : Duration.between(due, firedAt);
        boolean late = lateBy.compareTo(LATE_TOLERANCE) > 0;
        return new EscalationDecision(step, outcome, command, due, late, lateBy, reason);
    }

    /**
     * Field errors of this ladder, named {@code ladder[i].field}: blank or repeated ids, missing or non-positive
     * durations, missing condition or action, and forwarding to municipal home care on a municipal condition.
     */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            EscalationStep s = steps.get(i);
            String p = "ladder[" + i + "].";
            if (s.id() == null || s.id().isBlank()) {
                errors.add(new FieldError(p + "id", "must not be blank"));
            } else if (!ids.add(s.id())) {
                errors.add(new FieldError(p + "id", "repeats the id '" + s.id() + "'"));
            }
            if (s.after() == null) {
                errors.add(new FieldError(p + "after", "is required"));
            } else if (s.after().isNegative() || s.after().isZero()) {
                errors.add(new FieldError(p + "after", "must be a positive duration, got " + s.after()));
            }
            if (s.condition() == null) {
                errors.add(new FieldError(p + "condition", "is required"));
            }
            if (s.action() == null) {
                errors.add(new FieldError(p + "action", "is required"));
            }
            if (s.condition() == EscalationStep.Condition.MUNICIPAL_NOT_ACKNOWLEDGED
                    && s.action() == EscalationStep.Action.FORWARD_MUNICIPAL) {
                errors.add(new FieldError(p + "action",
                        "FORWARD_MUNICIPAL cannot follow MUNICIPAL_NOT_ACKNOWLEDGED (it is already there)"));
            }
        }
        return errors;
    }

    /**
     * Rule 14: a step may forward a call before its response window has ended only where the municipality's contract
     * says so, so such a step must cite its clause with {@code source:}. Every step must be cited at all.
     */
    public List<FieldError> validateEarlyForwards(Duration responseWindow) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            EscalationStep s = steps.get(i);
            String p = "ladder[" + i + "].";
            if (s.citation() == null) {
                errors.add(new FieldError(p + "source", "is required: cite the contract clause (source:) or say why"
                        + " the step is assumed (assumption:)"));
            } else if (s.action() != null && s.action().forwards() && s.after() != null
                    && s.reference() == EscalationStep.Reference.ALARM_RECEIVED
                    && s.after().compareTo(responseWindow) < 0 && !s.citation().isSource()) {
                errors.add(new FieldError(p + "source", "the step forwards the call after " + s.after()
                        + ", before the response window of " + responseWindow + " has ended: only a contract clause"
                        + " (source:) may put such a forward in a profile, not an assumption"));
            }
        }
        return errors;
    }

    EscalationLadder timeScaled(int factor) {
        return new EscalationLadder(steps.stream().map(s -> s.timeScaled(factor)).toList());
    }
}
