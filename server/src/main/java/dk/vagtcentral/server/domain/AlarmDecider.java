package dk.vagtcentral.server.domain;

import dk.vagtcentral.protocol.event.EventCategory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every decision about an alarm, in one pure function: {@link #decide} takes the alarm, what happened to it, what
 * the shell read around it, the municipalities' rules and the time, and answers an {@link Outcome} with the
 * {@link Effect}s to apply. Nothing here reads a clock, a database or the network; the dispatch shell applies the
 * effects in one transaction and decides nothing.
 *
 * <p>The rules (DOMAIN.md 1-18), in the order an alarm meets them:
 * <ul>
 *   <li><b>Routing</b> ({@link Router}): the citizen's chosen supplier at the alarm's time and its on-duty worker;
 *       else municipal home care of the device's or citizen's municipality with the reason, on the supervisors'
 *       inbox; with no service at all, the supervisors hold it (never a holder that was not told).</li>
 *   <li><b>Fire</b>: fire-and-rescue holds a fire alarm from the start; the supplier's desk is told for information;
 *       no supplier ladder and no duty.</li>
 *   <li><b>One incident</b>: a press while the citizen's call of the same kind is open joins it.</li>
 *   <li><b>Restores and cancels</b> from a device touch only the condition they restore: they close a technical
 *       notice, and are a hint on a call, which only a person closes.</li>
 *   <li><b>Ladder</b>: the profile's steps; a forward to a service that is not on record does not happen (the
 *       supervisors are told instead).</li>
 *   <li><b>Fault</b>: a supplier's failure (its call forwarded unanswered, forwarded by its own desk, or nobody on its
 *       roster) opens its duties as its municipality's contract states them; a forward caused by this system's own
 *       outage is marked a system fault and opens none; a fire alarm or an answered call is never a failure.</li>
 *   <li><b>People's actions</b> go through {@link AlarmLifecycle}; only the holder's staff change a call; answers are
 *       the municipality's permitted ones; a dispatcher's cancel of an unanswered call and a reportable close outcome
 *       reach the supervisors.</li>
 * </ul>
 */
public final class AlarmDecider {
    public static final String DISPATCH = "system:dispatch";

    private static final Set<AlarmState> ANSWERED_OR_ENDED =
            EnumSet.of(AlarmState.RESPONDED, AlarmState.ON_SITE, AlarmState.CLOSED, AlarmState.CANCELLED);

    private final Alarm alarm;
    private final Situation situation;
    private final ProfileBook profiles;
    private final Instant now;
    private final List<Effect> effects = new ArrayList<>();
    /** The ladder step whose deadline is being decided on (its stored deadline is no longer pending), or null. */
    private String firedStep;

    private AlarmDecider(Alarm alarm, Situation situation, ProfileBook profiles, Instant now) {
        this.alarm = Objects.requireNonNull(alarm, "alarm");
        this.situation = Objects.requireNonNull(situation, "situation");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.now = Objects.requireNonNull(now, "now");
    }

    /**
     * Decides what {@code event} does to {@code alarm}. An {@link DispatchEvent.Act} or {@link DispatchEvent.Due} on
     * an alarm that is not routed yet is refused: the shell routes it first ({@link DispatchEvent.Arrived}).
     */
    public static Decision decide(Alarm alarm, DispatchEvent event, Situation situation, ProfileBook profiles,
                                  Instant now) {
        AlarmDecider d = new AlarmDecider(alarm, situation, profiles, now);
        if (event instanceof DispatchEvent.Act act) {
            return d.act(act.command(), act.actor());
        }
        if (event instanceof DispatchEvent.Due due) {
            return d.due(due);
        }
        return d.arrived();
    }

    // ---------------------------------------------------------------- arrival: routing

    private Decision arrived() {
        if (alarm.isRouted()) {
            return Decision.accepted(List.of());
        }
        Handling handling = Handling.of(alarm.category());
        RoutingDecision d = Router.route(new AlarmFacts(alarm.account(), alarm.category(), alarm.receivedAt()),
                situation.routing());
        RuleProfile profile = profiles.forMunicipality(d.municipalityId());
        String citizenId = d.citizen() == null ? null : d.citizen().id();
        switch (handling) {
            case CALL -> {
                Optional<Alarm> open = Incidents.openCallJoined(alarm, citizenId, situation.openAlarms());
                if (open.isPresent()) {
                    joinIncident(open.get(), d, profile);
                } else {
                    newCall(d, profile);
                }
            }
            case SERVICE_NOTICE, INFORMATION -> notice(handling, d, profile);
            case RESTORE -> restore(d, profile);
            case DEVICE_CANCEL -> deviceCancel(d, profile);
            default -> record(handling, d, profile);
        }
        return Decision.accepted(effects);
    }

    private void newCall(RoutingDecision d, RuleProfile profile) {
        String municipality = d.municipalityId();
        boolean fire = alarm.category() == EventCategory.FIRE;
        Supplier fireAndRescue = d.fireAndRescue();
        String explanation = explain(d, profile);
        if (fire && fireAndRescue != null) {
            // fire-and-rescue holds a fire alarm; the supplier's desk sees it for information only
            routeAndNotify(routing(Handling.CALL, d, profile, null, null), SupplierKind.FIRE_AND_RESCUE,
                    fireAndRescue.id(), Alarm.Fault.NONE, "to " + fireAndRescue.name() + " (" + fireAndRescue.id()
                            + "), which holds the fire alarm"
                            + (d.supplier() == null ? "" : "; " + d.supplier().name() + " told for information"),
                    explanation);
            tell(fireAndRescue, null, MessageKind.FIRE, citizenId(d), explanation);
            if (d.supplier() != null) {
                notify(new Audience.Desk(d.supplier().id()), MessageKind.INFORMATION, alarm.id(),
                        fireAndRescue.id(), null, citizenId(d), "fire alarm: fire-and-rescue "
                                + fireAndRescue.name() + " holds it");
            }
            if (d.isUnroutable()) {
                flag(InboxKind.UNROUTABLE, municipality, alarm.id(), null, unroutable(d) + "; the fire alarm went to "
                        + fireAndRescue.name());
            }
            return;
        }
        if (fire) {
            flag(InboxKind.FIRE_WITHOUT_FIRE_AND_RESCUE, municipality, alarm.id(),
                    d.supplier() == null ? null : d.supplier().id(), "fire alarm, but no fire-and-rescue is on record"
                            + (municipality == null ? "" : " for municipality " + municipality)
                            + ": the holder must call 112");
        }
        if (d.target() == RoutingDecision.Target.NONE) {
            routeAndNotify(routing(Handling.CALL, d, profile, null, null), SupplierKind.SUPERVISORS, null,
                    Alarm.Fault.NONE, "no service could be told: on the supervisors' inbox", explanation);
            flag(InboxKind.NO_RECIPIENT, municipality, alarm.id(), null, unroutable(d));
            notify(new Audience.Supervisors(municipality), MessageKind.UNROUTABLE, alarm.id(), null, null,
                    citizenId(d), d.reason());
            return;
        }
        Supplier holder = d.supplier();
        String duty = dutySupplier(d);
        boolean rosterHole = d.unroutableReason() == UnroutableReason.NO_ONE_ON_DUTY && duty != null;
        Instant deadline = profile.responseWindow().deadline(alarm.receivedAt());
        routeAndNotify(routing(Handling.CALL, d, profile, deadline, duty), holder.kind(), holder.id(),
                rosterHole ? Alarm.Fault.SUPPLIER : Alarm.Fault.NONE, notifyDetail(d), explanation);
        tell(holder, d.worker(), MessageKind.NEW, citizenId(d), notifyDetail(d));
        if (d.isUnroutable()) {
            flag(InboxKind.UNROUTABLE, municipality, alarm.id(), duty, unroutable(d));
            notify(new Audience.Supervisors(municipality), MessageKind.UNROUTABLE, alarm.id(), holder.id(), null,
                    null, d.reason());
        }
        profile.ladder().deadlinesOnRouting(alarm.receivedAt(), holder.kind()).stream().findFirst()
                .ifPresent(a -> effects.add(new Effect.ArmDeadline(alarm.id(), a.step().id(), a.dueAt())));
        if (rosterHole) {
            // rule 2 and 14: nobody on the chosen supplier's roster is the supplier's failure
            supplierFailed(duty, municipality, profile, ForwardTarget.MUNICIPAL_HOME_CARE, at(), "NO_ONE_ON_DUTY",
                    "nobody was on duty at " + duty + " when the alarm came: municipal home care took it",
                    AlarmState.NOTIFIED, effects);
        }
    }

    /** The private supplier that had to answer this call, if it is one that owes duties. */
    private String dutySupplier(RoutingDecision d) {
        if (alarm.category() == EventCategory.FIRE) {
            return null;
        }
        if (d.target() == RoutingDecision.Target.CHOSEN_SUPPLIER && d.supplier() != null
                && d.supplier().kind() == SupplierKind.PRIVATE_CARE) {
            return d.supplier().id();
        }
        if (d.unroutableReason() == UnroutableReason.NO_ONE_ON_DUTY && d.choice() != null) {
            String chosen = d.choice().supplierId();
            return situation.routing().suppliers().stream()
                    .filter(s -> s.id().equals(chosen) && s.kind() == SupplierKind.PRIVATE_CARE)
                    .findFirst().map(Supplier::id).orElse(null);
        }
        return null;
    }

    private void joinIncident(Alarm open, RoutingDecision d, RuleProfile profile) {
        Routing r = open.routing();
        Routing routing = new Routing(Handling.REPEATED, now, Routing.INCIDENT, r.citizenId(), r.municipalityId(),
                r.profileId(), r.supplierId(), null, null, null, "joined the open call " + open.id(), null, null,
                open.id());
        AlarmStatus status = AlarmStatus.received(alarm.receivedAt(), open.status().holder());
        effects.add(new Effect.SaveRouting(alarm.id(), routing, status, open.holderSupplierId(), Alarm.Fault.NONE));
        effects.add(line(alarm.id(), TimelineEvent.Kind.ROUTED, status.state(), status.state(),
                "REPEATED: the citizen's call " + open.id() + " is open (" + open.status().state()
                        + "); this press joined it as one incident"));
        String press = "the citizen pressed again: alarm " + alarm.id() + " (" + describeEvent(alarm) + ") at "
                + alarm.receivedAt();
        effects.add(line(open.id(), TimelineEvent.Kind.REPEATED, open.status().state(), open.status().state(), press));
        tellAbout(open, MessageKind.REPEATED, press, true);
    }

    private void notice(Handling handling, RoutingDecision d, RuleProfile profile) {
        String municipality = d.municipalityId();
        String explanation = explain(d, profile);
        Routing routing = routing(handling, d, profile, null, null);
        if (d.supplier() == null) {
            routeAndNotify(routing, SupplierKind.SUPERVISORS, null, Alarm.Fault.NONE,
                    "no service could be told: on the supervisors' inbox", explanation);
            flag(InboxKind.NO_RECIPIENT, municipality, alarm.id(), null, unroutable(d));
            notify(new Audience.Supervisors(municipality), MessageKind.UNROUTABLE, alarm.id(), null, null,
                    citizenId(d), d.reason());
            return;
        }
        routeAndNotify(routing, d.supplier().kind(), d.supplier().id(), Alarm.Fault.NONE, notifyDetail(d),
                explanation);
        tell(d.supplier(), handling == Handling.SERVICE_NOTICE ? d.worker() : null,
                handling == Handling.SERVICE_NOTICE ? MessageKind.NEW : MessageKind.INFORMATION, citizenId(d),
                notifyDetail(d));
        if (d.isUnroutable()) {
            flag(InboxKind.UNROUTABLE, municipality, alarm.id(), null, unroutable(d));
        }
    }

    private void restore(RoutingDecision d, RuleProfile profile) {
        Optional<Alarm> condition = Restores.restoredBy(alarm, situation.openAlarms());
        String what = describeEvent(alarm);
        if (condition.isEmpty()) {
            recordWith(Handling.RESTORE, d, profile, "RESTORE " + what + ": no open condition of account "
                    + alarm.account() + " in the same family and zone; recorded only");
            return;
        }
        Alarm c = condition.get();
        if (c.routing().handling() == Handling.SERVICE_NOTICE) {
            recordWith(Handling.RESTORE, d, profile, "RESTORE " + what + ": closed the technical notice " + c.id());
            Transition t = AlarmLifecycle.apply(Handling.SERVICE_NOTICE, c.status(), new Command.Restore("device:" + alarm.account(),
                    "restored by the device: " + what + " (alarm " + alarm.id() + ")"), at(c));
            if (t instanceof Transition.Accepted accepted) {
                effects.add(new Effect.SaveStatus(c.id(), accepted.status(), c.holderSupplierId(), c.fault()));
                effects.add(new Effect.AppendTimeline(c.id(), accepted.event()));
                tellAbout(c, MessageKind.UPDATED, accepted.event().detail(), false);
            }
            return;
        }
        recordWith(Handling.RESTORE, d, profile, "RESTORE " + what + " of call " + c.id()
                + "'s condition: shown to its desk as a hint; the call stays open");
        String hint = "the device reports a restore: " + what + " (alarm " + alarm.id()
                + "); the call stays open until a person closes it";
        effects.add(line(c.id(), TimelineEvent.Kind.DEVICE_RESTORE, c.status().state(), c.status().state(), hint));
        tellAbout(c, MessageKind.DEVICE_HINT, hint, false);
    }

    private void deviceCancel(RoutingDecision d, RuleProfile profile) {
        String citizenId = d.citizen() == null ? null : d.citizen().id();
        Optional<Alarm> call = Incidents.openCallOf(alarm, citizenId, situation.openAlarms());
        String what = describeEvent(alarm);
        if (call.isEmpty()) {
            recordWith(Handling.DEVICE_CANCEL, d, profile, "CANCEL " + what + ": no open call of the citizen or"
                    + " account; recorded only");
            return;
        }
        Alarm c = call.get();
        recordWith(Handling.DEVICE_CANCEL, d, profile, "CANCEL " + what + " for call " + c.id()
                + ": shown to its desk as a hint; the call stays open");
        String hint = "the device sent a cancel: " + what + " (alarm " + alarm.id() + "); a person checks on the"
                + " citizen and closes the call";
        effects.add(line(c.id(), TimelineEvent.Kind.DEVICE_CANCEL, c.status().state(), c.status().state(), hint));
        tellAbout(c, MessageKind.DEVICE_HINT, hint, false);
    }

    private void record(Handling handling, RoutingDecision d, RuleProfile profile) {
        recordWith(handling, d, profile, handling + ": " + explain(d, profile));
    }

    /** Routes an alarm nobody is told of: its routing, kept as a record. */
    private void recordWith(Handling handling, RoutingDecision d, RuleProfile profile, String detail) {
        Routing routing = routing(handling, d, profile, null, null);
        AlarmStatus status = AlarmStatus.received(alarm.receivedAt(), d.holderKind());
        effects.add(new Effect.SaveRouting(alarm.id(), routing, status,
                d.supplier() == null ? null : d.supplier().id(), Alarm.Fault.NONE));
        effects.add(line(alarm.id(), TimelineEvent.Kind.ROUTED, status.state(), status.state(), detail));
    }

    /**
     * Routes the alarm and notifies its holder: RECEIVED → NOTIFIED, the routing and status saved, and the
     * notification's timeline line carrying the routing's explanation.
     */
    private AlarmStatus routeAndNotify(Routing routing, SupplierKind holderKind, String holderId, Alarm.Fault fault,
                                       String detail, String explanation) {
        AlarmStatus received = AlarmStatus.received(alarm.receivedAt(), holderKind);
        Transition.Accepted accepted = (Transition.Accepted) AlarmLifecycle.apply(routing.handling(), received,
                new Command.Notify(DISPATCH, detail), at());
        TimelineEvent e = accepted.event();
        effects.add(new Effect.SaveRouting(alarm.id(), routing, accepted.status(), holderId, fault));
        effects.add(new Effect.AppendTimeline(alarm.id(), new TimelineEvent(e.at(), e.actor(), e.kind(),
                e.fromState(), e.toState(), join(e.detail(), "routing: " + explanation))));
        return accepted.status();
    }

    private Routing routing(Handling handling, RoutingDecision d, RuleProfile profile, Instant deadline,
                            String dutySupplierId) {
        return new Routing(handling, now, d.target().name(), d.citizen() == null ? null : d.citizen().id(),
                d.municipalityId(), profile.id(), d.supplier() == null ? null : d.supplier().id(),
                d.worker() == null ? null : d.worker().workerId(),
                d.fireAndRescue() == null ? null : d.fireAndRescue().id(),
                d.unroutableReason() == null ? null : d.unroutableReason().name(), d.reason(), deadline,
                dutySupplierId, null);
    }

    // ---------------------------------------------------------------- people's and devices' commands

    private Decision act(Command command, Actor actor) {
        if (!alarm.isRouted()) {
            return Decision.refused(Outcome.notAllowed("alarm " + alarm.id() + " is not routed yet; try again"));
        }
        RuleProfile profile = profiles.forMunicipality(alarm.municipalityId());
        Outcome scope = scope(command, actor);
        if (!scope.accepted()) {
            return Decision.refused(scope);
        }
        Handling handling = alarm.routing().handling();
        if (command instanceof Command.Respond r && handling == Handling.CALL) {
            Outcome answer = permittedAnswer(r, profile);
            if (!answer.accepted()) {
                return Decision.refused(answer);
            }
        }
        Supplier target = null;
        if (command instanceof Command.Forward f && f.target() != null) {
            target = forwardTarget(f.target()).orElse(null);
            if (target == null && AlarmLifecycle.allowed(alarm).contains(f.kind())) {
                return Decision.refused(Outcome.notAllowed("no " + f.target() + " is on record for municipality "
                        + alarm.municipalityId() + "; call 112 or the service directly, and note it on the call"));
            }
        }
        Transition t = AlarmLifecycle.apply(handling, alarm.status(), command, at());
        if (t instanceof Transition.Refused refused) {
            return Decision.refused(refused.outcome());
        }
        Transition.Accepted accepted = (Transition.Accepted) t;
        transition(command, actor, accepted, target, null, profile);
        return Decision.accepted(effects);
    }

    /**
     * Who may change a call: its holder's staff (a supplier's desk cannot cancel or answer a call another service
     * holds), the supervisors of an alarm only they hold, administrators and the server itself. Notes are open to
     * everyone who can see the alarm.
     */
    private Outcome scope(Command command, Actor actor) {
        if (actor == null) {
            return Outcome.ACCEPTED;
        }
        if (actor.workerId() != null) {
            // a field worker acts only on the calls assigned to them, notes included
            String why = WorkerAssignment.whyNot(alarm, actor.workerId(), situation.routing().shifts(), profiles
                    .forMunicipality(alarm.municipalityId()), now);
            if (why != null) {
                return Outcome.forbidden(why);
            }
            if (command instanceof Command.Respond r && (r.response() != ResponseKind.HELP_SENT
                    || !actor.workerId().equals(r.workerId()))) {
                return Outcome.forbidden("a field worker answers a call only by going to it themselves (HELP_SENT"
                        + " with workerId " + actor.workerId() + "); the desk records the other answers");
            }
        }
        if (command.kind() == Command.Kind.NOTE) {
            return Outcome.ACCEPTED;
        }
        if (command.kind() != null && !command.kind().byPerson() && actor.kind() != Actor.Kind.SYSTEM
                && actor.kind() != Actor.Kind.DEVICE) {
            return Outcome.notAllowed(command.kind() + " is done by the server or the device, not by a person");
        }
        if (command instanceof Command.Renotify r && r.escalationStepId() != null && actor.kind() != Actor.Kind.SYSTEM) {
            return Outcome.notAllowed("a person re-notifies without naming an escalation step; the ladder's steps are"
                    + " the server's");
        }
        String holder = alarm.holderSupplierId();
        return switch (actor.kind()) {
            case ADMIN, SYSTEM, DEVICE -> Outcome.ACCEPTED;
            case STAFF -> Objects.equals(actor.organisationId(), holder) ? Outcome.ACCEPTED
                    : Outcome.notAllowed("the alarm is held by " + holderName() + "; only its holder's desk can "
                    + verb(command) + " it (a note is always possible)");
            case SUPERVISOR -> alarm.status().holder() == SupplierKind.SUPERVISORS ? Outcome.ACCEPTED
                    : Outcome.notAllowed("the alarm is held by " + holderName() + "; supervisors act only on alarms"
                    + " no service could be told of (a note is always possible)");
        };
    }

    private String holderName() {
        return alarm.holderSupplierId() != null ? alarm.holderSupplierId()
                : alarm.status().holder() == SupplierKind.SUPERVISORS ? "the supervisors" : "nobody";
    }

    private static String verb(Command command) {
        return command.kind() == null ? "change" : command.kind().name().toLowerCase().replace('_', ' ');
    }

    /** Rule 3 and 17: a private supplier answers by one of its contract's permitted answers. */
    private Outcome permittedAnswer(Command.Respond r, RuleProfile profile) {
        if (r.response() == null || alarm.status().holder() != SupplierKind.PRIVATE_CARE
                || profile.permittedResponses().contains(r.response())) {
            return r.response() == ResponseKind.HELP_SENT && r.workerId() != null ? workerOnDuty(r.workerId())
                    : Outcome.ACCEPTED;
        }
        Citation c = profile.citation("permitted-responses");
        return Outcome.invalid("response " + r.response() + " is not one of " + profile.name() + "'s permitted answers "
                + profile.permittedResponses().stream().map(Enum::name).sorted().toList()
                + (c == null ? "" : " (" + c.text() + ")"));
    }

    private Outcome workerOnDuty(String workerId) {
        String holder = alarm.holderSupplierId();
        if (holder == null) {
            return Outcome.ACCEPTED;
        }
        List<Shift> onDuty = DutyRoster.onDuty(situation.routing().shifts(), holder, now);
        if (onDuty.stream().anyMatch(s -> s.workerId().equals(workerId))) {
            return Outcome.ACCEPTED;
        }
        return Outcome.invalid("worker " + workerId + " is not on duty for " + holder + " now; on duty: "
                + onDuty.stream().map(Shift::workerId).collect(Collectors.joining(", ")));
    }

    /**
     * Applies an accepted transition: the new status and its line, the deadlines it disarms or arms, who is told,
     * and, for a forward or a cancel of an unanswered call, what it means for the supplier and the supervisors.
     */
    private void transition(Command command, Actor actor, Transition.Accepted t, Supplier forwardTo, String extra,
                            RuleProfile profile) {
        Alarm before = alarm;
        String holderId = forwardTo != null ? forwardTo.id() : before.holderSupplierId();
        Alarm.Fault fault = before.fault();
        TimelineEvent event = extra == null ? t.event() : withDetail(t.event(), extra);
        List<Effect> duties = new ArrayList<>();
        if (command instanceof Command.Forward f) {
            fault = faultOfForward(f, actor, t.status(), profile, duties);
        }
        Alarm after = before.with(t.status(), holderId, fault);
        effects.add(new Effect.SaveStatus(before.id(), t.status(), holderId, fault));
        effects.add(new Effect.AppendTimeline(before.id(), event));
        if (ANSWERED_OR_ENDED.contains(after.status().state()) && !ANSWERED_OR_ENDED.contains(before.status().state())) {
            effects.add(new Effect.DisarmDeadlines(before.id(), "the call was " + after.status().state() + " first"));
        }
        if (command instanceof Command.Forward f) {
            forwarded(before, after, f, forwardTo, event.detail(), profile);
            effects.addAll(duties);
        } else if (command instanceof Command.Close c) {
            tellAbout(after, MessageKind.UPDATED, event.detail(), false);
            if (profile.reportableOutcomes().contains(c.outcome())) {
                Citation cite = profile.citation("reportable-outcomes");
                flag(InboxKind.REPORTABLE_OUTCOME, after.municipalityId(), after.id(), after.routing().supplierId(),
                        "call closed as " + c.outcome() + " (" + c.outcome().danish() + ") by " + c.actor()
                                + ": to be reported to the municipality at once"
                                + (cite == null ? "" : " (" + cite.text() + ")"));
            }
        } else if (command instanceof Command.Cancel c) {
            tellAbout(after, MessageKind.UPDATED, event.detail(), false);
            if (before.isCall() && before.status().respondedAt() == null && actor != null
                    && actor.kind() != Actor.Kind.SYSTEM) {
                // rule 13: supervisors see a cancel of a call nobody answered as they see a forward
                flag(InboxKind.CANCELLED_UNANSWERED, after.municipalityId(), after.id(), after.routing().supplierId(),
                        "call cancelled by " + c.actor() + " before anyone answered it: " + c.reason().strip());
            }
        } else if (command instanceof Command.Renotify r && r.escalationStepId() == null && actor != null
                && actor.kind() != Actor.Kind.SYSTEM) {
            // a person rings the call again: its holder's desk and the worker it is with
            tellAbout(after, MessageKind.RENOTIFIED, event.detail(), true);
        } else if (!(command instanceof Command.Notify) && !(command instanceof Command.Renotify)) {
            tellAbout(after, MessageKind.UPDATED, event.detail(), false);
        }
    }

    /**
     * Whose failure a forward is (rule 14), and the duties it opens: the first forward away from the supplier that
     * had to answer is its failure, unless this system was down during the call's window (then it is a system
     * fault); a later forward of a supplier's failed call adds only its own charge.
     */
    private Alarm.Fault faultOfForward(Command.Forward f, Actor actor, AlarmStatus after, RuleProfile profile,
                                       List<Effect> duties) {
        String duty = alarm.routing().dutySupplierId();
        Alarm.Fault fault = alarm.fault();
        if (duty == null) {
            return fault;
        }
        if (fault == Alarm.Fault.SUPPLIER) {
            charge(duty, profile, f.target(), duties);
            return fault;
        }
        if (fault == Alarm.Fault.SYSTEM || !Objects.equals(alarm.holderSupplierId(), duty)) {
            return fault;
        }
        boolean byLadder = f.escalationStepId() != null;
        boolean byOwnDesk = actor != null && actor.kind() == Actor.Kind.STAFF
                && Objects.equals(actor.organisationId(), duty);
        if (!byLadder && !byOwnDesk) {
            return fault; // a supervisor's or an administrator's forward is not the supplier's own failure
        }
        if (byLadder && outageDuringWindow()) {
            duties.add(line(alarm.id(), TimelineEvent.Kind.SYSTEM_FAULT, after.state(), after.state(),
                    "this system was down during the call's window (" + outagesText()
                            + "): the call is escalated, and no duty falls on " + duty));
            duties.add(new Effect.FlagSupervisors(InboxKind.SYSTEM_FAULT, alarm.municipalityId(), alarm.id(), duty,
                    "call escalated after this system was down during its window (" + outagesText()
                            + "); not counted against " + duty));
            return Alarm.Fault.SYSTEM;
        }
        supplierFailed(duty, alarm.municipalityId(), profile, f.target(), at(),
                byLadder ? "NOT_ANSWERED" : "FORWARDED_BY_SUPPLIER",
                byLadder ? "not answered within the response window" : "forwarded by its own desk", after.state(),
                duties);
        return Alarm.Fault.SUPPLIER;
    }

    /** The failure of {@code supplier} on this incident, and the duties its municipality's contract attaches. */
    private void supplierFailed(String supplier, String municipality, RuleProfile profile, ForwardTarget target,
                                Instant at, String cause, String why, AlarmState state, List<Effect> into) {
        into.add(line(alarm.id(), TimelineEvent.Kind.SUPPLIER_FAILURE, state, state,
                "failure of " + supplier + ": " + why + " (" + cause + ")"));
        into.add(new Effect.RecordFailure(alarm.id(), supplier, municipality, at, cause));
        Duties duties = profile.duties();
        if (duties.justificationRequired()) {
            into.add(new Effect.OpenJustification(alarm.id(), supplier, municipality, target, at,
                    Justifications.dueAt(at, duties.justificationDue())));
        }
        charge(supplier, profile, target, into);
        if (duties.actionPlanRequired()) {
            into.add(new Effect.CountTowardsActionPlan(alarm.id(), supplier, municipality, at, duties.actionPlan()));
        }
    }

    private void charge(String supplier, RuleProfile profile, ForwardTarget target, List<Effect> into) {
        Charges.forForward(profile, alarm.id(), supplier, target, at())
                .ifPresent(c -> into.add(new Effect.Charge(c, alarm.municipalityId(), profile.id())));
    }

    private boolean outageDuringWindow() {
        Instant end = alarm.routing().responseDeadline() == null ? now
                : alarm.routing().responseDeadline().plus(EscalationLadder.LATE_TOLERANCE);
        return situation.outages().stream()
                .anyMatch(o -> o.start().isBefore(end) && o.end().isAfter(alarm.receivedAt()));
    }

    private String outagesText() {
        return situation.outages().stream().map(Interval::toString).collect(Collectors.joining(", "));
    }

    private void forwarded(Alarm before, Alarm after, Command.Forward f, Supplier newHolder, String detail,
                           RuleProfile profile) {
        Shift worker = newHolder.kind() == SupplierKind.FIRE_AND_RESCUE ? null
                : DutyRoster.firstOnDuty(situation.routing().shifts(), newHolder.id(), now).orElse(null);
        tell(newHolder, worker, MessageKind.FORWARDED, after, citizenIdOf(after), detail);
        if (before.holderSupplierId() != null) {
            notify(new Audience.Desk(before.holderSupplierId()), MessageKind.FORWARDED, after.id(), newHolder.id(), null,
                    null, detail);
        }
        String routed = after.routing().supplierId();
        if (routed != null && !routed.equals(before.holderSupplierId()) && !routed.equals(newHolder.id())) {
            notify(new Audience.Desk(routed), MessageKind.FORWARDED, after.id(), newHolder.id(), null, null, detail);
        }
        notify(new Audience.Supervisors(after.municipalityId()), MessageKind.FORWARDED, after.id(), newHolder.id(),
                null, null, detail);
        if (f.target() == ForwardTarget.MUNICIPAL_HOME_CARE) {
            armNext(after, profile);
        }
    }

    private Optional<Supplier> forwardTarget(ForwardTarget target) {
        String municipality = alarm.municipalityId();
        if (municipality == null) {
            return Optional.empty();
        }
        return situation.routing().suppliers().stream()
                .filter(s -> s.kind() == target.supplierKind() && municipality.equals(s.municipalityId()))
                .min(Comparator.comparing(Supplier::id));
    }

    // ---------------------------------------------------------------- deadlines: the ladder

    private Decision due(DispatchEvent.Due due) {
        if (!alarm.isRouted()) {
            return Decision.refused(Outcome.notAllowed("alarm " + alarm.id() + " is not routed yet"));
        }
        RuleProfile profile = profiles.forMunicipality(alarm.municipalityId());
        Optional<EscalationStep> step = profile.ladder().step(due.stepId());
        AlarmState state = alarm.status().state();
        if (step.isEmpty()) {
            effects.add(new Effect.ClaimDeadline(due.deadlineId(), "SKIPPED", false, "profile " + profile.id()
                    + " no longer has step " + due.stepId()));
            effects.add(new Effect.AppendTimeline(alarm.id(), new TimelineEvent(at(), EscalationLadder.ACTOR,
                    TimelineEvent.Kind.NOTE, state, state, "escalation step " + due.stepId()
                    + " was not applied: profile " + profile.id() + " no longer has it")));
            return Decision.accepted(effects);
        }
        EscalationDecision decision = EscalationLadder.decide(step.get(), alarm.status(), now);
        if (decision.outcome() == EscalationDecision.Outcome.NOT_DUE) {
            effects.add(new Effect.RescheduleDeadline(due.deadlineId(), decision.dueAt()));
            return Decision.accepted(effects);
        }
        String outcome = switch (decision.outcome()) {
            case ACT -> "ACTED";
            case ALREADY_DONE -> "ALREADY_DONE";
            default -> "SKIPPED";
        };
        effects.add(new Effect.ClaimDeadline(due.deadlineId(), outcome, decision.late(), decision.reason()));
        firedStep = due.stepId();
        Alarm after = alarm;
        if (decision.outcome() == EscalationDecision.Outcome.ACT) {
            after = act(step.get(), decision, profile);
        }
        armNext(after, profile);
        return Decision.accepted(effects);
    }

    private Alarm act(EscalationStep step, EscalationDecision decision, RuleProfile profile) {
        String late = decision.late() ? "LATE: due " + decision.dueAt() + ", fired " + decision.lateBy().toSeconds()
                + " s after (the server was not running or was overloaded at the due time)" : null;
        Actor system = Actor.system(EscalationLadder.ACTOR);
        switch (step.action()) {
            case RENOTIFY_BACKUP -> {
                String holder = alarm.holderSupplierId();
                List<Shift> backups = holder == null ? List.of()
                        : DutyRoster.backupsOnDuty(situation.routing().shifts(), holder, now);
                String workers = backups.isEmpty() ? null
                        : backups.stream().map(Shift::workerId).collect(Collectors.joining(","));
                Command.Renotify command = ((Command.Renotify) decision.command()).withWorker(workers);
                Transition.Accepted t = (Transition.Accepted) AlarmLifecycle.apply(alarm.status(), command, at());
                String extra = backups.isEmpty() ? join(late, "no backup on duty; the desk is re-notified") : late;
                transition(command, system, t, null, extra, profile);
                Alarm after = alarm.with(t.status(), alarm.holderSupplierId(), alarm.fault());
                String citizen = citizenIdOf(after);
                if (holder != null) {
                    notify(new Audience.Desk(holder), MessageKind.RENOTIFIED, after.id(), holder, null, citizen,
                            decision.reason());
                    webhook(after.id(), holder, MessageKind.RENOTIFIED, null, citizen);
                }
                for (Shift b : backups) {
                    notify(new Audience.Worker(b.workerId()), MessageKind.RENOTIFIED, after.id(), holder, b, citizen,
                            decision.reason());
                }
                return after;
            }
            case WARN_SUPERVISORS -> {
                AlarmStatus status = AlarmLifecycle.withStep(alarm.status(), step.id());
                Alarm after = alarm.with(status, alarm.holderSupplierId(), alarm.fault());
                effects.add(new Effect.SaveStatus(alarm.id(), status, alarm.holderSupplierId(), alarm.fault()));
                effects.add(new Effect.AppendTimeline(alarm.id(), new TimelineEvent(at(), EscalationLadder.ACTOR,
                        TimelineEvent.Kind.SUPERVISORS_WARNED, status.state(), status.state(),
                        join(decision.reason(), late))));
                flag(InboxKind.NOT_ACKNOWLEDGED, alarm.municipalityId(), alarm.id(), alarm.holderSupplierId(),
                        "nobody at " + holderName() + " has taken the call: " + decision.reason());
                return after;
            }
            default -> {
                Command.Forward forward = (Command.Forward) decision.command();
                Optional<Supplier> target = forwardTarget(forward.target());
                if (target.isEmpty()) {
                    // never name a holder that was not told: the call stays, the supervisors act
                    AlarmStatus status = AlarmLifecycle.withStep(alarm.status(), step.id());
                    effects.add(new Effect.SaveStatus(alarm.id(), status, alarm.holderSupplierId(), alarm.fault()));
                    String why = "escalation step " + step.id() + " could not forward: no " + forward.target()
                            + " is on record for municipality " + alarm.municipalityId() + "; the call stays with "
                            + holderName();
                    effects.add(new Effect.AppendTimeline(alarm.id(), new TimelineEvent(at(), EscalationLadder.ACTOR,
                            TimelineEvent.Kind.NOTE, status.state(), status.state(), why)));
                    flag(InboxKind.NO_FORWARD_TARGET, alarm.municipalityId(), alarm.id(), alarm.holderSupplierId(), why);
                    return alarm.with(status, alarm.holderSupplierId(), alarm.fault());
                }
                Transition.Accepted t = (Transition.Accepted) AlarmLifecycle.apply(alarm.status(), forward, at());
                int mark = effects.size();
                transition(forward, system, t, target.get(), null, profile);
                Alarm.Fault fault = effects.subList(mark, effects.size()).stream()
                        .filter(e -> e instanceof Effect.SaveStatus s && s.alarmId() == alarm.id())
                        .map(e -> ((Effect.SaveStatus) e).fault()).findFirst().orElse(alarm.fault());
                if (step.condition() == EscalationStep.Condition.NOT_RESPONDED) {
                    flag(InboxKind.ADVERSE_EVENT_CANDIDATE, alarm.municipalityId(), alarm.id(),
                            alarm.routing().dutySupplierId(), "the call was not answered within its response window"
                                    + " and was forwarded to " + target.get().name() + ": consider an adverse-event"
                                    + " report (utilsigtet hændelse)" + (fault == Alarm.Fault.SYSTEM
                                    ? "; this system was down during the window" : ""));
                }
                return alarm.with(t.status(), target.get().id(), fault);
            }
        }
    }

    /**
     * Keeps the ladder going: arms the earliest step that applies to the call now and was never armed, unless an
     * earlier one is still pending. Nothing for non-calls and for answered or ended calls.
     */
    private void armNext(Alarm call, RuleProfile profile) {
        if (call.routing() == null || call.routing().handling() != Handling.CALL
                || ANSWERED_OR_ENDED.contains(call.status().state())) {
            return;
        }
        List<ArmedDeadline> candidates = new ArrayList<>(
                profile.ladder().deadlinesOnRouting(call.receivedAt(), call.status().routedTo()));
        if (call.status().forwardedMunicipalAt() != null
                && call.status().routedTo() != SupplierKind.MUNICIPAL_HOME_CARE) {
            candidates.addAll(profile.ladder().deadlinesAfterMunicipalForward(call.status().forwardedMunicipalAt()));
        }
        Set<String> known = new HashSet<>();
        Instant pendingDue = null;
        for (Situation.StepDeadline d : situation.deadlines()) {
            known.add(d.stepId());
            if (d.pending() && !d.stepId().equals(firedStep) && (pendingDue == null || d.dueAt().isBefore(pendingDue))) {
                pendingDue = d.dueAt();
            }
        }
        for (Effect e : effects) {
            if (e instanceof Effect.ArmDeadline a && a.alarmId() == call.id()) {
                known.add(a.stepId());
                pendingDue = pendingDue == null || a.dueAt().isBefore(pendingDue) ? a.dueAt() : pendingDue;
            }
        }
        Optional<ArmedDeadline> next = candidates.stream().filter(a -> !known.contains(a.step().id()))
                .min(Comparator.comparing(ArmedDeadline::dueAt));
        if (next.isPresent() && (pendingDue == null || next.get().dueAt().isBefore(pendingDue))) {
            effects.add(new Effect.ArmDeadline(call.id(), next.get().step().id(), next.get().dueAt()));
        }
    }

    /**
     * A supplier was suspended (bankruptcy, DOMAIN.md rule 1): the command that moves one of its open calls to
     * municipal home care. The server's own forward, so no duty follows; an answered call is not forwarded (the
     * lifecycle refuses it) and stays for the supervisors to follow up.
     */
    public static Command.Forward suspensionForward(Supplier supplier) {
        return new Command.Forward("system:suspension", ForwardTarget.MUNICIPAL_HOME_CARE, "the supplier "
                + supplier.name() + " (" + supplier.id() + ") is suspended: " + supplier.suspensionReason());
    }

    /**
     * The server failed to route stored alarm {@code alarmId} ({@code error}): nobody has been told, so every
     * supervisor and the administrators are, at once. Its municipality is unknown until it is routed.
     */
    public static Effect.FlagSupervisors routingFailed(long alarmId, String error) {
        return new Effect.FlagSupervisors(InboxKind.ROUTING_FAILED, null, alarmId, null,
                "alarm " + alarmId + " is stored but the server failed to route it (" + error + "): no service has "
                        + "been told; it is retried every 20 seconds. Look at the alarm and call the citizen's "
                        + "service now");
    }

    /** What the supervisors are told of a suspension: which open calls moved and which stayed. */
    public static Effect.FlagSupervisors suspensionNotice(Supplier supplier, List<Long> moved, List<Long> kept) {
        return new Effect.FlagSupervisors(InboxKind.SUPPLIER_SUSPENDED, supplier.municipalityId(), null, supplier.id(),
                "supplier " + supplier.name() + " (" + supplier.id() + ") suspended since " + supplier.suspendedAt()
                        + ": " + supplier.suspensionReason() + "; its citizens' alarms go to municipal home care"
                        + " until their choices are moved; open calls moved: " + (moved.isEmpty() ? "none" : moved)
                        + (kept.isEmpty() ? "" : "; answered calls still with the supplier, follow up: " + kept));
    }

    // ---------------------------------------------------------------- telling people

    /** The desk, the worker and the webhook of {@code to}, about this alarm. */
    private void tell(Supplier to, Shift worker, MessageKind kind, String citizenId, String detail) {
        tell(to, worker, kind, alarm, citizenId, detail);
    }

    private void tell(Supplier to, Shift worker, MessageKind kind, Alarm about, String citizenId, String detail) {
        notify(new Audience.Desk(to.id()), kind, about.id(), to.id(), worker, citizenId, detail);
        if (worker != null) {
            notify(new Audience.Worker(worker.workerId()), kind, about.id(), to.id(), worker, citizenId, detail);
        }
        webhook(about.id(), to.id(), kind, worker, citizenId);
    }

    /**
     * The holder's desk (and webhook) about {@code call}, and the desk of the supplier it was routed to when that is
     * another (it keeps the call, and may owe its justification); {@code withWorkers} tells the call's worker too.
     */
    private void tellAbout(Alarm call, MessageKind kind, String detail, boolean withWorkers) {
        String holder = call.holderSupplierId();
        String citizen = citizenIdOf(call);
        if (holder != null) {
            notify(new Audience.Desk(holder), kind, call.id(), holder, null, withWorkers ? citizen : null, detail);
            webhook(call.id(), holder, kind, null, withWorkers ? citizen : null);
        }
        String routed = call.routing() == null ? null : call.routing().supplierId();
        if (routed != null && !routed.equals(holder)) {
            notify(new Audience.Desk(routed), kind, call.id(), holder, null, null, detail);
        }
        if (withWorkers) {
            String worker = call.status().helpWorkerId() != null ? call.status().helpWorkerId()
                    : call.routing() == null ? null : call.routing().workerId();
            if (worker != null) {
                notify(new Audience.Worker(worker), kind, call.id(), holder, null, citizen, detail);
            }
        }
        if (holder == null) {
            notify(new Audience.Supervisors(call.municipalityId()), kind, call.id(), null, null, null, detail);
        }
    }

    private void notify(Audience to, MessageKind kind, long alarmId, String supplierId, Shift worker,
                        String citizenId, String detail) {
        effects.add(new Effect.Notify(to, kind, alarmId, supplier(supplierId), worker, citizen(citizenId), detail));
    }

    private void webhook(long alarmId, String supplierId, MessageKind kind, Shift worker, String citizenId) {
        Supplier to = supplier(supplierId);
        if (to != null && to.webhookUrl() != null && !to.webhookUrl().isBlank()) {
            effects.add(new Effect.Webhook(alarmId, to, kind, worker, citizen(citizenId)));
        }
    }

    /** The supplier of that id among the reference data the shell read, or null. */
    private Supplier supplier(String id) {
        return id == null ? null : situation.routing().suppliers().stream().filter(x -> x.id().equals(id))
                .findFirst().orElse(null);
    }

    /** The citizen of that id among the reference data the shell read, or null. */
    private Citizen citizen(String id) {
        return id == null ? null : situation.routing().citizens().stream().filter(x -> x.id().equals(id))
                .findFirst().orElse(null);
    }

    private void flag(InboxKind kind, String municipality, Long alarmId, String supplierId, String reason) {
        effects.add(new Effect.FlagSupervisors(kind, municipality, alarmId, supplierId, reason));
    }

    // ---------------------------------------------------------------- helpers

    /** Now, but never before the alarm's receipt (a clock stepped back must not make a step impossible). */
    private Instant at() {
        return at(alarm);
    }

    private Instant at(Alarm a) {
        return now.isBefore(a.receivedAt()) ? a.receivedAt() : now;
    }

    private Effect.AppendTimeline line(long alarmId, TimelineEvent.Kind kind, AlarmState from, AlarmState to,
                                       String detail) {
        return new Effect.AppendTimeline(alarmId, new TimelineEvent(at(), DISPATCH, kind, from, to, detail));
    }

    /** Why the chosen supplier did not get the alarm, and where the municipality came from, for the inbox. */
    private static String unroutable(RoutingDecision d) {
        return d.unroutableReason() + ": " + d.reason()
                + (d.notes().isEmpty() ? "" : "; " + String.join("; ", d.notes()));
    }

    private static String citizenId(RoutingDecision d) {
        return d.citizen() == null ? null : d.citizen().id();
    }

    private static String citizenIdOf(Alarm a) {
        return a.routing() == null ? null : a.routing().citizenId();
    }

    private static String describeEvent(Alarm a) {
        String zone = a.zone() == null || a.zone().isBlank() ? "" : " zone " + a.zone();
        return a.category() + " " + a.eventCode() + zone;
    }

    static String notifyDetail(RoutingDecision d) {
        return d.supplier() == null ? "no recipient: " + d.reason()
                : "to " + d.supplier().name() + " (" + d.supplier().id() + ")"
                + (d.worker() == null ? ", nobody on duty: desk only" : ", worker " + d.worker().workerId()
                + " (" + d.worker().role() + ")")
                + (d.fireAndRescue() != null ? "; fire alarm also to " + d.fireAndRescue().name() : "");
    }

    static String explain(RoutingDecision d, RuleProfile profile) {
        StringBuilder sb = new StringBuilder(d.handling().name()).append(": ");
        if (d.citizen() != null) {
            sb.append("citizen ").append(d.citizen().id());
            if (d.choice() != null) {
                sb.append(", choice ").append(d.choice().id()).append(" (supplier ").append(d.choice().supplierId())
                        .append(" from ").append(d.choice().validFrom())
                        .append(d.choice().validTo() == null ? "" : " to " + d.choice().validTo()).append(')');
            }
            sb.append("; ");
        }
        sb.append(d.target()).append(' ').append(d.supplier() == null ? "nobody" : d.supplier().id());
        if (d.worker() != null) {
            sb.append(", worker ").append(d.worker().workerId()).append(" (").append(d.worker().role())
                    .append(", shift ").append(d.worker().id()).append(')');
        }
        if (d.fireAndRescue() != null) {
            sb.append("; fire-and-rescue ").append(d.fireAndRescue().id());
        }
        sb.append("; profile ").append(profile.id());
        if (d.reason() != null) {
            sb.append("; UNROUTABLE ").append(d.unroutableReason()).append(": ").append(d.reason());
        }
        for (String note : d.notes()) {
            sb.append("; ").append(note);
        }
        return sb.toString();
    }

    private static TimelineEvent withDetail(TimelineEvent e, String more) {
        return new TimelineEvent(e.at(), e.actor(), e.kind(), e.fromState(), e.toState(), join(e.detail(), more));
    }

    static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        if (b == null || b.isBlank()) {
            return a;
        }
        return a + "; " + b;
    }
}
