package dk.vagtcentral.server.domain;

import static dk.vagtcentral.server.domain.Command.Kind.ACKNOWLEDGE;
import static dk.vagtcentral.server.domain.Command.Kind.CANCEL;
import static dk.vagtcentral.server.domain.Command.Kind.CLOSE;
import static dk.vagtcentral.server.domain.Command.Kind.FORWARD_FIRE;
import static dk.vagtcentral.server.domain.Command.Kind.FORWARD_MUNICIPAL;
import static dk.vagtcentral.server.domain.Command.Kind.NOTE;
import static dk.vagtcentral.server.domain.Command.Kind.NOTIFY;
import static dk.vagtcentral.server.domain.Command.Kind.ON_SITE;
import static dk.vagtcentral.server.domain.Command.Kind.RENOTIFY;
import static dk.vagtcentral.server.domain.Command.Kind.RESPOND;
import static dk.vagtcentral.server.domain.Command.Kind.RESTORE;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The alarm state machine: the only place that decides what may happen to an alarm next. Pure: the caller stores
 * the new {@link AlarmStatus} and appends the {@link TimelineEvent}.
 *
 * <pre>
 * state                 allowed commands (→ new state)
 * RECEIVED              Notify→NOTIFIED, Renotify(=), Acknowledge→ACKNOWLEDGED, Respond→RESPONDED,
 *                       Forward→FORWARDED_*, Cancel→CANCELLED, Note(=)
 * NOTIFIED              Renotify(=), Acknowledge, Respond, Forward, Cancel, Note
 * ACKNOWLEDGED          Renotify(=), Respond, Forward, Cancel, Note
 * RESPONDED             Respond(= amends the answer), OnSite→ON_SITE (only after HELP_SENT), Close→CLOSED,
 *                       Cancel, Note
 * ON_SITE               Close, Cancel, Note
 * (open states)         Restore→CLOSED: a device's restore of a technical notice (the decider never gives it for
 *                       a call)
 * FORWARDED_MUNICIPAL   Renotify(=), Acknowledge, Respond, Forward to fire, Cancel, Note
 * FORWARDED_FIRE        Renotify(=), Acknowledge, Respond, Cancel, Note
 * CLOSED, CANCELLED     Note only
 * </pre>
 * Further rules: responding from an unacknowledged state implies acknowledging; forwarding to municipal home care
 * is only from the supplier it was routed to (never when municipal home care or fire-and-rescue already holds it);
 * forwarding to fire-and-rescue is from any holder but fire-and-rescue; an answered call (RESPONDED, ON_SITE) is
 * never forwarded, since a forward means "not answered" and opens the supplier's duty to justify it; an escalation
 * step acts at most once per alarm. The first response time is kept when a response is amended.
 *
 * <p>The table above is a <em>call's</em> ({@link Handling#CALL}). An alarm that is not a call takes no call actions
 * (respond, on site, forward): a technical notice or an information signal ({@link Handling#SERVICE_NOTICE},
 * {@link Handling#INFORMATION}) is acknowledged, noted and closed with a technical outcome (or cancelled, or closed by
 * its device's restore); a record (a test, a supervision frame, a restore, a pendant cancel, a press joined to an
 * open call) takes notes only. A call closes with what happened to the citizen, a notice with a technical outcome
 * ({@link CloseOutcome#forCall()}).
 */
public final class AlarmLifecycle {
    private static final Map<AlarmState, Set<Command.Kind>> TABLE = new EnumMap<>(AlarmState.class);
    /** Technical notices and information signals (in an open state other than those listed: only ending it). */
    private static final Map<AlarmState, Set<Command.Kind>> NOTICE_TABLE = new EnumMap<>(AlarmState.class);
    /** Records: tests, supervision, restores, pendant cancels and presses joined to an open call. */
    private static final Map<AlarmState, Set<Command.Kind>> RECORD_TABLE = new EnumMap<>(AlarmState.class);

    static {
        TABLE.put(AlarmState.RECEIVED, EnumSet.of(NOTIFY, RENOTIFY, ACKNOWLEDGE, RESPOND, CANCEL, FORWARD_MUNICIPAL,
                FORWARD_FIRE, NOTE, RESTORE));
        TABLE.put(AlarmState.NOTIFIED,
                EnumSet.of(RENOTIFY, ACKNOWLEDGE, RESPOND, CANCEL, FORWARD_MUNICIPAL, FORWARD_FIRE, NOTE, RESTORE));
        TABLE.put(AlarmState.ACKNOWLEDGED,
                EnumSet.of(RENOTIFY, RESPOND, CANCEL, FORWARD_MUNICIPAL, FORWARD_FIRE, NOTE, RESTORE));
        TABLE.put(AlarmState.RESPONDED, EnumSet.of(RESPOND, ON_SITE, CLOSE, CANCEL, NOTE, RESTORE));
        TABLE.put(AlarmState.ON_SITE, EnumSet.of(CLOSE, CANCEL, NOTE, RESTORE));
        TABLE.put(AlarmState.FORWARDED_MUNICIPAL, EnumSet.of(RENOTIFY, ACKNOWLEDGE, RESPOND, CANCEL, FORWARD_FIRE, NOTE));
        TABLE.put(AlarmState.FORWARDED_FIRE, EnumSet.of(RENOTIFY, ACKNOWLEDGE, RESPOND, CANCEL, NOTE));
        TABLE.put(AlarmState.CLOSED, EnumSet.of(NOTE));
        TABLE.put(AlarmState.CANCELLED, EnumSet.of(NOTE));
        for (AlarmState state : AlarmState.values()) {
            NOTICE_TABLE.put(state, state.isOpen() ? EnumSet.of(CLOSE, CANCEL, NOTE, RESTORE) : EnumSet.of(NOTE));
            RECORD_TABLE.put(state, EnumSet.of(NOTE));
        }
        NOTICE_TABLE.put(AlarmState.RECEIVED, EnumSet.of(NOTIFY, RENOTIFY, ACKNOWLEDGE, CLOSE, CANCEL, NOTE, RESTORE));
        NOTICE_TABLE.put(AlarmState.NOTIFIED, EnumSet.of(RENOTIFY, ACKNOWLEDGE, CLOSE, CANCEL, NOTE, RESTORE));
        NOTICE_TABLE.put(AlarmState.ACKNOWLEDGED, EnumSet.of(RENOTIFY, CLOSE, CANCEL, NOTE, RESTORE));
    }

    /** The call actions, which make no sense on an alarm that is not a call. */
    private static final Set<Command.Kind> CALL_ACTIONS = EnumSet.of(RESPOND, ON_SITE, FORWARD_MUNICIPAL, FORWARD_FIRE);

    private AlarmLifecycle() {
    }

    /** The command kinds a <em>call</em> in {@code status} allows now. */
    public static Set<Command.Kind> allowed(AlarmStatus status) {
        return allowed(Handling.CALL, status);
    }

    /** The command kinds an alarm of {@code handling} in {@code status} allows now (for the desk's buttons). */
    public static Set<Command.Kind> allowed(Handling handling, AlarmStatus status) {
        Set<Command.Kind> result = EnumSet.noneOf(Command.Kind.class);
        for (Command.Kind kind : Command.Kind.values()) {
            if (whyNot(handling, status, kind) == null) {
                result.add(kind);
            }
        }
        return result;
    }

    /** What may be done to {@code alarm} now; nothing until it is routed (its handling is known then). */
    public static Set<Command.Kind> allowed(Alarm alarm) {
        return alarm.routing() == null ? EnumSet.noneOf(Command.Kind.class)
                : allowed(alarm.routing().handling(), alarm.status());
    }

    public static boolean permits(AlarmStatus status, Command.Kind kind) {
        return whyNot(Handling.CALL, status, kind) == null;
    }

    /** Applies {@code command} to a <em>call</em>; see {@link #apply(Handling, AlarmStatus, Command, Instant)}. */
    public static Transition apply(AlarmStatus current, Command command, Instant at) {
        return apply(Handling.CALL, current, command, at);
    }

    /**
     * Applies {@code command} at {@code at} to an alarm of {@code handling}: accepted with the new status and its
     * timeline event, or refused.
     */
    public static Transition apply(Handling handling, AlarmStatus current, Command command, Instant at) {
        String invalid = invalid(handling, current, command, at);
        if (invalid != null) {
            return new Transition.Refused(current, Outcome.invalid(invalid));
        }
        String notAllowed = whyNot(handling, current, command.kind());
        if (notAllowed == null) {
            String step = stepOf(command);
            if (step != null && current.escalationStepsDone().contains(step)) {
                notAllowed = "escalation step " + step + " has already acted on this alarm";
            }
        }
        if (notAllowed != null) {
            return new Transition.Refused(current, Outcome.notAllowed(notAllowed));
        }
        return accept(current, command, at);
    }

    private static String invalid(Handling handling, AlarmStatus current, Command command, Instant at) {
        if (command == null) {
            return "no command";
        }
        if (at == null) {
            return "the time of the command is missing";
        }
        if (at.isBefore(current.receivedAt())) {
            return "the command's time " + at + " is before the alarm was received (" + current.receivedAt() + ")";
        }
        if (blank(command.actor())) {
            return "actor must not be blank";
        }
        if (command instanceof Command.Respond r) {
            if (r.response() == null) {
                return "response must be one of HELP_SENT, NURSE_REQUESTED, DOCTOR_CONTACTED, EMERGENCY_112";
            }
            if (r.response() == ResponseKind.HELP_SENT && blank(r.workerId())) {
                return "HELP_SENT must name the worker sent (workerId)";
            }
        } else if (command instanceof Command.Close c) {
            boolean call = handling == Handling.CALL;
            if (c.outcome() == null) {
                return "closing needs an outcome: one of " + CloseOutcome.names(call);
            }
            if (c.outcome().forCall() != call && whyNot(handling, current, CLOSE) == null) {
                return call ? "a call closes with what happened to the citizen: one of " + CloseOutcome.names(true)
                        + " (" + c.outcome() + " is a technical outcome)"
                        : "a " + noun(handling) + " is not a call: it closes with a technical outcome, one of "
                        + CloseOutcome.names(false) + " (" + c.outcome() + " is a call's outcome)";
            }
        } else if (command instanceof Command.Cancel c && blank(c.reason())) {
            return "cancelling needs a reason";
        } else if (command instanceof Command.Forward f) {
            if (f.target() == null) {
                return "forward needs a target: MUNICIPAL_HOME_CARE or FIRE_AND_RESCUE";
            }
            if (blank(f.reason())) {
                return "forwarding needs a reason";
            }
        } else if (command instanceof Command.Note n && blank(n.text())) {
            return "a note needs text";
        }
        return null;
    }

    /** Null when {@code kind} is allowed for an alarm of {@code handling} in {@code status}, else why it is not. */
    private static String whyNot(Handling handling, AlarmStatus status, Command.Kind kind) {
        if (kind == null) {
            return "unknown command";
        }
        if (handling != Handling.CALL) {
            AlarmState state = status.state();
            Set<Command.Kind> table = (handling == Handling.SERVICE_NOTICE || handling == Handling.INFORMATION
                    ? NOTICE_TABLE : RECORD_TABLE).get(state);
            if (table.contains(kind)) {
                return null;
            }
            if (!state.isOpen()) {
                return "the alarm is " + state + "; a closed or cancelled alarm takes notes only";
            }
            if (table == RECORD_TABLE.get(state)) {
                return "the alarm is " + noun(handling) + ", not a call: it is recorded, nobody is asked to answer it,"
                        + " and it takes notes only (" + kind + " is refused)";
            }
            if (CALL_ACTIONS.contains(kind)) {
                return "the alarm is " + noun(handling) + ", not a call: " + kind + " is a call action; acknowledge it,"
                        + " note what was done and close it with a technical outcome";
            }
            if (kind == ACKNOWLEDGE && state == AlarmState.ACKNOWLEDGED) {
                return "already acknowledged by " + status.acknowledgedBy() + " at " + status.acknowledgedAt();
            }
            return kind + " is not allowed on " + noun(handling) + " in state " + state;
        }
        AlarmState state = status.state();
        if (TABLE.get(state).contains(kind)) {
            if (kind == ON_SITE && status.response() != ResponseKind.HELP_SENT) {
                return "on site is recorded only after the response HELP_SENT; the response is " + status.response();
            }
            if (kind == FORWARD_MUNICIPAL && status.holder() != SupplierKind.PRIVATE_CARE) {
                return status.holder() == SupplierKind.MUNICIPAL_HOME_CARE
                        ? "the alarm is already with municipal home care"
                        : "the alarm is already with fire-and-rescue; it is not forwarded back";
            }
            if (kind == FORWARD_FIRE && status.holder() == SupplierKind.FIRE_AND_RESCUE) {
                return "the alarm is already with fire-and-rescue";
            }
            return null;
        }
        if (!state.isOpen()) {
            return "the alarm is " + state + "; a closed or cancelled alarm takes notes only";
        }
        boolean answered = state == AlarmState.RESPONDED || state == AlarmState.ON_SITE;
        return switch (kind) {
            case NOTIFY -> "the alarm has already been notified (state " + state + "); use a re-notification";
            case RENOTIFY -> "the call has been answered (state " + state + "); there is nobody to re-notify";
            case ACKNOWLEDGE -> state == AlarmState.ACKNOWLEDGED
                    ? "already acknowledged by " + status.acknowledgedBy() + " at " + status.acknowledgedAt()
                    : "the call has already been answered (state " + state + ")";
            case RESPOND -> "the worker is already on site; close the call instead";
            case ON_SITE -> "on site is recorded only after the response HELP_SENT (state " + state + ")";
            case CLOSE -> "a call is closed only after a response (HELP_SENT, NURSE_REQUESTED, DOCTOR_CONTACTED or"
                    + " EMERGENCY_112); state is " + state;
            case FORWARD_MUNICIPAL, FORWARD_FIRE -> answered
                    ? "the call has been answered (" + status.response() + "); an answered call is not forwarded"
                    : state == AlarmState.FORWARDED_MUNICIPAL
                    ? "the alarm is already forwarded to municipal home care"
                    : "the alarm is already forwarded to fire-and-rescue";
            default -> kind + " is not allowed in state " + state;
        };
    }

    private static Transition accept(AlarmStatus s, Command command, Instant at) {
        AlarmState from = s.state();
        if (command instanceof Command.Notify n) {
            return accepted(s.with(AlarmState.NOTIFIED), at, n.actor(), TimelineEvent.Kind.NOTIFIED, from, n.detail());
        }
        if (command instanceof Command.Renotify r) {
            String detail = join(r.workerId() == null ? null : "worker " + r.workerId(), r.detail(),
                    r.escalationStepId() == null ? null : "escalation step " + r.escalationStepId());
            AlarmStatus next = withStep(s, r.escalationStepId());
            return accepted(next, at, r.actor(), TimelineEvent.Kind.RENOTIFIED, from, detail);
        }
        if (command instanceof Command.Acknowledge a) {
            AlarmStatus next = new AlarmStatus(AlarmState.ACKNOWLEDGED, s.receivedAt(), s.routedTo(), s.holder(), at,
                    a.actor(), s.respondedAt(), s.response(), s.helpWorkerId(), s.forwardedMunicipalAt(),
                    s.forwardedFireAt(), s.escalationStepsDone());
            return accepted(next, at, a.actor(), TimelineEvent.Kind.ACKNOWLEDGED, from, "for " + holderName(s.holder()));
        }
        if (command instanceof Command.Respond r) {
            boolean implicitAck = s.acknowledgedAt() == null;
            boolean amend = from == AlarmState.RESPONDED;
            AlarmStatus next = new AlarmStatus(AlarmState.RESPONDED, s.receivedAt(), s.routedTo(), s.holder(),
                    implicitAck ? at : s.acknowledgedAt(), implicitAck ? r.actor() : s.acknowledgedBy(),
                    s.respondedAt() == null ? at : s.respondedAt(), r.response(),
                    r.response() == ResponseKind.HELP_SENT ? r.workerId() : null,
                    s.forwardedMunicipalAt(), s.forwardedFireAt(), s.escalationStepsDone());
            String detail = join(r.response() + (r.workerId() == null ? "" : ", worker " + r.workerId())
                            + " by " + holderName(s.holder()),
                    implicitAck ? "implies acknowledgement" : null,
                    amend ? "amends the earlier response " + s.response() : null);
            return accepted(next, at, r.actor(), TimelineEvent.Kind.RESPONDED, from, detail);
        }
        if (command instanceof Command.OnSite o) {
            return accepted(s.with(AlarmState.ON_SITE), at, o.actor(), TimelineEvent.Kind.ON_SITE, from,
                    "worker " + s.helpWorkerId());
        }
        if (command instanceof Command.Close c) {
            return accepted(s.with(AlarmState.CLOSED), at, c.actor(), TimelineEvent.Kind.CLOSED, from,
                    join(c.outcome().name(), c.note()));
        }
        if (command instanceof Command.Restore r) {
            return accepted(s.with(AlarmState.CLOSED), at, r.actor(), TimelineEvent.Kind.RESTORED, from, r.detail());
        }
        if (command instanceof Command.Cancel c) {
            return accepted(s.with(AlarmState.CANCELLED), at, c.actor(), TimelineEvent.Kind.CANCELLED, from,
                    c.reason().strip());
        }
        if (command instanceof Command.Forward f) {
            boolean municipal = f.target() == ForwardTarget.MUNICIPAL_HOME_CARE;
            Set<String> steps = stepsWith(s, f.escalationStepId());
            AlarmStatus next = new AlarmStatus(f.target().state(), s.receivedAt(), s.routedTo(),
                    f.target().supplierKind(), null, null, s.respondedAt(), s.response(), s.helpWorkerId(),
                    municipal ? at : s.forwardedMunicipalAt(), municipal ? s.forwardedFireAt() : at, steps);
            String detail = join(f.reason().strip(),
                    f.escalationStepId() == null ? null : "escalation step " + f.escalationStepId(),
                    f.late() ? "LATE: the escalation fired after its due time" : null);
            return accepted(next, at, f.actor(), municipal ? TimelineEvent.Kind.FORWARDED_MUNICIPAL
                    : TimelineEvent.Kind.FORWARDED_FIRE, from, detail);
        }
        Command.Note n = (Command.Note) command;
        return accepted(s, at, n.actor(), TimelineEvent.Kind.NOTE, from, n.text().strip());
    }

    private static Transition accepted(AlarmStatus next, Instant at, String actor, TimelineEvent.Kind kind,
                                       AlarmState from, String detail) {
        return new Transition.Accepted(next, new TimelineEvent(at, actor, kind, from, next.state(), detail));
    }

    static AlarmStatus withStep(AlarmStatus s, String stepId) {
        if (stepId == null) {
            return s;
        }
        return new AlarmStatus(s.state(), s.receivedAt(), s.routedTo(), s.holder(), s.acknowledgedAt(),
                s.acknowledgedBy(), s.respondedAt(), s.response(), s.helpWorkerId(), s.forwardedMunicipalAt(),
                s.forwardedFireAt(), stepsWith(s, stepId));
    }

    private static Set<String> stepsWith(AlarmStatus s, String stepId) {
        if (stepId == null) {
            return s.escalationStepsDone();
        }
        Set<String> steps = new HashSet<>(s.escalationStepsDone());
        steps.add(stepId);
        return steps;
    }

    private static String stepOf(Command command) {
        if (command instanceof Command.Forward f) {
            return f.escalationStepId();
        }
        if (command instanceof Command.Renotify r) {
            return r.escalationStepId();
        }
        return null;
    }

    private static String holderName(SupplierKind holder) {
        return switch (holder) {
            case PRIVATE_CARE -> "the supplier";
            case MUNICIPAL_HOME_CARE -> "municipal home care";
            case FIRE_AND_RESCUE -> "fire-and-rescue";
            case SUPERVISORS -> "the supervisors";
        };
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(p.strip());
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** What an alarm of a handling other than a call is, in a refusal's words. */
    private static String noun(Handling handling) {
        return switch (handling) {
            case SERVICE_NOTICE -> "a technical notice";
            case INFORMATION -> "an information signal";
            case RECORD_ONLY -> "a test or supervision signal";
            case RESTORE -> "a device's restore";
            case DEVICE_CANCEL -> "a pendant's cancel";
            case REPEATED -> "a press joined to an open call";
            case CALL -> "a call";
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
