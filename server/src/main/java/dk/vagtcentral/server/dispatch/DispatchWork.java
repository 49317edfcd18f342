package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.domain.AlarmFacts;
import dk.vagtcentral.server.domain.AlarmLifecycle;
import dk.vagtcentral.server.domain.AlarmState;
import dk.vagtcentral.server.domain.AlarmStatus;
import dk.vagtcentral.server.domain.ArmedDeadline;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.Command;
import dk.vagtcentral.server.domain.DutyRoster;
import dk.vagtcentral.server.domain.EscalationDecision;
import dk.vagtcentral.server.domain.EscalationLadder;
import dk.vagtcentral.server.domain.EscalationStep;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.Handling;
import dk.vagtcentral.server.domain.ResponseKind;
import dk.vagtcentral.server.domain.RoutingData;
import dk.vagtcentral.server.domain.RoutingDecision;
import dk.vagtcentral.server.domain.Router;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.domain.Transition;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.DispatchStore.AlarmRow;
import dk.vagtcentral.server.store.DispatchStore.Deadline;
import dk.vagtcentral.server.store.DispatchStore.Routing;
import dk.vagtcentral.server.store.DispatchStore.TimelineLine;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.WebhookOutbox;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One dispatcher transaction: routes alarms, applies lifecycle commands and fires deadlines, applying the pure
 * domain decisions ({@link Router}, {@link AlarmLifecycle}, {@link EscalationLadder}) to the store. Everything it
 * writes commits together; the notifications and newly armed deadlines it collects are handed out only after the
 * commit. Rows read once are kept, so several steps on one alarm in one batch see each other.
 */
final class DispatchWork {
    static final String ACTOR = "system:dispatch";
    private static final Set<AlarmState> ANSWERED_OR_ENDED =
            EnumSet.of(AlarmState.RESPONDED, AlarmState.ON_SITE, AlarmState.CLOSED, AlarmState.CANCELLED);

    /** What the dispatcher needs from outside the transaction: reference data and rule profiles. */
    interface Context {
        ReferenceStore references();

        /** {@link ReferenceStore#routingDataFor}, possibly from a cache. */
        RoutingData routingDataFor(String account, Instant at, String fallbackMunicipalityId) throws SQLException;

        /** The profile of {@code municipalityId} (the defaults when it has none or is null). */
        RuleProfile profileFor(String municipalityId);

        /** The accountability trail, told of every forward in this transaction. */
        dk.vagtcentral.server.trail.Trail trail();

        /** Fallback municipality from configuration, or null. */
        String configuredFallback();

        /** The only municipality on record, or null when there are none or several. */
        String soleMunicipality();
    }

    /** Counts for metrics, per batch. */
    record Counts(Map<String, Integer> routed, Map<String, Integer> escalations, int late) {
    }

    private final Connection c;
    private final DispatchStore store;
    private final Context ctx;
    private final Instant now;
    private final Map<Long, AlarmRow> rows = new HashMap<>();
    private final List<TimelineLine> timeline = new ArrayList<>();
    private final List<Notifier.Notification> notifications = new ArrayList<>();
    private final List<Deadline> armed = new ArrayList<>();
    private final List<Deadline> rescheduled = new ArrayList<>();
    private final List<DispatchStore.NewDeadline> toArm = new ArrayList<>();
    private final Map<String, Integer> routedCounts = new HashMap<>();
    private final Map<String, Integer> escalationCounts = new HashMap<>();
    private final List<Long> notifiedAlarms = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private int lateCount;
    private boolean webhooksQueued;

    DispatchWork(Connection c, DispatchStore store, Context ctx, Instant now) {
        this.c = c;
        this.store = store;
        this.ctx = ctx;
        this.now = now;
    }

    // ---------------------------------------------------------------- results, after commit

    List<Notifier.Notification> notifications() {
        return notifications;
    }

    List<Deadline> armed() {
        return armed;
    }

    List<Deadline> rescheduled() {
        return rescheduled;
    }

    /** Structured log lines of what this batch did, to be logged once it has committed. */
    List<String> logLines() {
        return logLines;
    }

    boolean webhooksQueued() {
        return webhooksQueued;
    }

    Counts counts() {
        return new Counts(routedCounts, escalationCounts, lateCount);
    }

    /** Alarms whose first notification went out in this batch, for the receipt-to-notify latency. */
    List<AlarmRow> notifiedRows() {
        return notifiedAlarms.stream().map(rows::get).toList();
    }

    /** Writes the collected timeline lines; call last, before the commit. */
    void flush() throws SQLException {
        armed.addAll(store.armNew(c, toArm, now));
        store.appendTimeline(c, timeline);
    }

    // ---------------------------------------------------------------- routing

    void load(List<Long> ids) throws SQLException {
        List<Long> missing = ids.stream().filter(id -> !rows.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            rows.putAll(store.load(c, missing));
        }
    }

    /**
     * Routes alarm {@code id} unless it is routed already (idempotent: recovery may route what was queued). The
     * routing and the first notification are one row update and one timeline line, which explains the routing.
     */
    void route(long id) throws SQLException {
        load(List.of(id));
        AlarmRow row = rows.get(id);
        if (row == null || row.isRouted()) {
            return;
        }
        AlarmFacts facts = new AlarmFacts(row.account(), row.category(), row.receivedAt());
        String fallback = ctx.configuredFallback();
        RoutingData data = ctx.routingDataFor(row.account(), row.receivedAt(), fallback);
        RoutingDecision d = Router.route(facts, data);
        if (d.target() == RoutingDecision.Target.NONE && fallback == null) {
            String inferred = inferFallback(data);
            if (inferred != null) {
                data = ctx.routingDataFor(row.account(), row.receivedAt(), inferred);
                d = Router.route(facts, data);
            }
        }
        String municipalityId = d.citizen() != null ? d.citizen().municipalityId()
                : d.supplier() != null ? d.supplier().municipalityId() : data.fallbackMunicipalityId();
        RuleProfile profile = ctx.profileFor(municipalityId);
        Instant deadline = d.needsResponseWindow() ? profile.responseWindow().deadline(row.receivedAt()) : null;
        Routing routing = new Routing(d.handling(), now, d.target().name(),
                d.citizen() == null ? null : d.citizen().id(), municipalityId, profile.id(),
                d.supplier() == null ? null : d.supplier().id(), d.worker() == null ? null : d.worker().workerId(),
                d.fireAndRescue() == null ? null : d.fireAndRescue().id(),
                d.unroutableReason() == null ? null : d.unroutableReason().name(), d.reason(), deadline);
        AlarmStatus status = AlarmStatus.received(row.receivedAt(), d.holderKind());
        Instant at = at(row);
        String explanation = explain(d, profile);
        boolean notifies = d.handling() == Handling.CALL || d.handling() == Handling.SERVICE_NOTICE
                || d.handling() == Handling.INFORMATION;
        TimelineLine line = new TimelineLine(id, at, ACTOR, "ROUTED", AlarmState.RECEIVED.name(),
                AlarmState.RECEIVED.name(), explanation);
        if (notifies) {
            Transition t = AlarmLifecycle.apply(status, new Command.Notify(ACTOR, notifyDetail(d)), at);
            if (t.isAccepted()) {
                Transition.Accepted accepted = (Transition.Accepted) t;
                status = accepted.status();
                line = withDetail(TimelineLine.of(id, accepted.event()), "routing: " + explanation);
            } else {
                line = withDetail(line, "NOTIFY refused: " + ((Transition.Refused) t).reason());
                notifies = false;
            }
        }
        // routing and first notification are one row: one version step
        AlarmRow stored = row.withRouting(routing, status, routing.supplierId());
        store.saveRouting(c, row, stored);
        rows.put(id, stored);
        timeline.add(line);
        routedCounts.merge(d.target().name(), 1, Integer::sum);
        logLines.add("event=alarm.routed alarm_id=" + id + " handling=" + d.handling() + " target=" + d.target()
                + " supplier=" + routing.supplierId() + " worker=" + routing.workerId()
                + (d.isUnroutable() ? " unroutable=" + d.unroutableReason() : "") + " state=" + stored.status().state());
        if (d.isUnroutable()) {
            JsonObject body = AlarmMessages.of(AlarmMessages.UNROUTABLE, stored, d.supplier(), d.worker(), null,
                    d.reason(), now);
            notifications.add(new Notifier.Notification(municipalityId == null ? Addresses.SUPERVISION_ALL
                    : Addresses.supervision(municipalityId), body));
        }
        if (notifies) {
            notifyRouted(stored, d, profile);
        } else if (d.handling() == Handling.CANCELS_OPEN_ALARM) {
            cancelOpenCall(stored);
        }
        changed(stored);
    }

    private String inferFallback(RoutingData data) {
        // the municipality of the citizen this account was last bound to, else the only one on record
        Optional<String> lastCitizen = data.bindings().stream()
                .max(Comparator.comparing(b -> b.validFrom()))
                .map(b -> b.citizenId());
        if (lastCitizen.isPresent()) {
            Optional<Citizen> citizen = data.citizens().stream()
                    .filter(x -> x.id().equals(lastCitizen.get())).findFirst();
            if (citizen.isPresent()) {
                return citizen.get().municipalityId();
            }
        }
        return ctx.soleMunicipality();
    }

    private static String notifyDetail(RoutingDecision d) {
        return d.supplier() == null ? "no recipient: " + d.reason()
                : "to " + d.supplier().name() + " (" + d.supplier().id() + ")"
                + (d.worker() == null ? ", nobody on duty: desk only" : ", worker " + d.worker().workerId()
                + " (" + d.worker().role() + ")")
                + (d.fireAndRescue() != null ? "; fire alarm also to " + d.fireAndRescue().name() : "");
    }

    /** Tells the desk, the worker and (fire) fire-and-rescue; arms the first escalation deadline of a call. */
    private void notifyRouted(AlarmRow notified, RoutingDecision d, RuleProfile profile) throws SQLException {
        String detail = notifyDetail(d);
        notifiedAlarms.add(notified.id());
        if (d.supplier() != null) {
            tell(notified, AlarmMessages.NEW, d.supplier(), d.worker(), d.citizen(), detail);
        }
        if (d.fireAndRescue() != null) {
            tell(notified, AlarmMessages.FIRE, d.fireAndRescue(), null, d.citizen(), detail);
        }
        if (d.needsResponseWindow()) {
            // a just-routed alarm has no deadlines yet: the first is inserted with the batch's others at flush
            profile.ladder().deadlinesOnRouting(d).stream().findFirst().ifPresent(a ->
                    toArm.add(new DispatchStore.NewDeadline(notified.id(), a.step().id(), a.dueAt())));
        }
    }

    private void cancelOpenCall(AlarmRow restore) throws SQLException {
        Optional<Long> open = store.latestOpenCall(c, restore.account(), restore.id());
        if (open.isEmpty()) {
            timeline.add(new TimelineLine(restore.id(), now, ACTOR, "NOTE", restore.status().state().name(),
                    restore.status().state().name(), "no open call of account " + restore.account()
                    + " to cancel; recorded only"));
            return;
        }
        load(List.of(open.get()));
        AlarmRow call = rows.get(open.get());
        String reason = "cancelled by the device: " + restore.category() + " " + restore.eventCode()
                + " (alarm " + restore.id() + ")";
        command(call.id(), new Command.Cancel("device:" + restore.account(), reason));
    }

    private String explain(RoutingDecision d, RuleProfile profile) {
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
        sb.append(d.target()).append(" ");
        sb.append(d.supplier() == null ? "nobody" : d.supplier().id());
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

    // ---------------------------------------------------------------- commands

    /** Applies a person's or device's command to alarm {@code id}, routing it first if it has not been yet. */
    ActionResult command(long id, Command command) throws SQLException {
        load(List.of(id));
        AlarmRow row = rows.get(id);
        if (row == null) {
            return new ActionResult(ActionResult.Status.NOT_FOUND, "no alarm " + id, null);
        }
        if (!row.isRouted()) {
            route(id);
            row = rows.get(id);
        }
        if (command instanceof Command.Respond r && r.response() == ResponseKind.HELP_SENT && r.workerId() != null
                && row.holderSupplierId() != null) {
            List<Shift> onDuty = DutyRoster.onDuty(ctx.references().shifts(row.holderSupplierId(), now, now.plusSeconds(1)),
                    row.holderSupplierId(), now);
            if (onDuty.stream().noneMatch(s -> s.workerId().equals(r.workerId()))) {
                return new ActionResult(ActionResult.Status.INVALID, "worker " + r.workerId()
                        + " is not on duty for " + row.holderSupplierId() + " now; on duty: "
                        + onDuty.stream().map(Shift::workerId).collect(Collectors.joining(", ")), row);
            }
        }
        Transition t = AlarmLifecycle.apply(row.status(), command, at(row));
        if (!t.isAccepted()) {
            Transition.Refused refused = (Transition.Refused) t;
            return new ActionResult(refused.refusal() == Transition.Refusal.INVALID_COMMAND
                    ? ActionResult.Status.INVALID : ActionResult.Status.NOT_ALLOWED, refused.reason(), row);
        }
        AlarmRow after = accept(row, command, (Transition.Accepted) t, null);
        return new ActionResult(ActionResult.Status.ACCEPTED, null, after);
    }

    /** Applies a command known to be allowed (notify); null if the lifecycle refused it after all. */
    private AlarmRow apply(AlarmRow row, Command command) throws SQLException {
        Transition t = AlarmLifecycle.apply(row.status(), command, at(row));
        if (!t.isAccepted()) {
            timeline.add(new TimelineLine(row.id(), now, ACTOR, "NOTE", row.status().state().name(),
                    row.status().state().name(), command.kind() + " refused: " + ((Transition.Refused) t).reason()));
            return null;
        }
        return accept(row, command, (Transition.Accepted) t, null);
    }

    /** Stores an accepted transition with its effects: holder change, deadlines, notifications. */
    private AlarmRow accept(AlarmRow row, Command command, Transition.Accepted t, String extraDetail)
            throws SQLException {
        String holderSupplierId = row.holderSupplierId();
        Supplier newHolder = null;
        if (command instanceof Command.Forward f) {
            newHolder = targetOf(row, f.target()).orElse(null);
            holderSupplierId = newHolder == null ? null : newHolder.id();
        }
        AlarmRow after = row.with(t.status(), holderSupplierId);
        store.saveStatus(c, row, after);
        rows.put(row.id(), after);
        TimelineLine line = TimelineLine.of(row.id(), t.event());
        logLines.add("event=alarm.transition alarm_id=" + row.id() + " kind=" + t.event().kind() + " from="
                + row.status().state() + " to=" + after.status().state() + " actor=" + t.event().actor()
                + " holder=" + holderSupplierId);
        if (command instanceof Command.Forward f && newHolder == null) {
            line = withDetail(line, "no " + f.target() + " on record for municipality "
                    + municipalityOf(row) + ": supervisors alerted");
        }
        if (extraDetail != null) {
            line = withDetail(line, extraDetail);
        }
        timeline.add(line);
        if (ANSWERED_OR_ENDED.contains(after.status().state()) && !ANSWERED_OR_ENDED.contains(row.status().state())) {
            store.disarm(c, row.id(), now, "the call was " + after.status().state() + " first");
        }
        if (command instanceof Command.Forward f) {
            forwarded(row, after, f, newHolder, line.detail());
        } else if (!(command instanceof Command.Notify) && !(command instanceof Command.Renotify)) {
            Supplier holder = supplier(after.holderSupplierId()).orElse(null);
            if (holder != null) {
                tell(after, AlarmMessages.UPDATED, holder, null, null, line.detail());
            }
            tellRoutedSupplier(after, holder == null ? null : holder.id(), AlarmMessages.UPDATED, line.detail());
        }
        changed(after);
        return after;
    }

    private void forwarded(AlarmRow before, AlarmRow after, Command.Forward f, Supplier newHolder, String detail)
            throws SQLException {
        escalationCounts.merge(f.target().name(), 1, Integer::sum);
        ctx.trail().onForward(c, after, f.target(), now, timeline, notifications, logLines);
        Citizen citizen = citizen(after).orElse(null);
        if (newHolder != null) {
            Shift worker = newHolder.kind() == SupplierKind.FIRE_AND_RESCUE ? null
                    : DutyRoster.firstOnDuty(ctx.references().shifts(newHolder.id(), now, now.plusSeconds(1)),
                    newHolder.id(), now).orElse(null);
            tell(after, AlarmMessages.FORWARDED, newHolder, worker, citizen, detail);
        }
        supplier(before.holderSupplierId()).ifPresent(old ->
                notifications.add(new Notifier.Notification(Addresses.desk(old.id()),
                        AlarmMessages.of(AlarmMessages.FORWARDED, after, newHolder, null, null, detail, now))));
        if (before.holderSupplierId() != null && !before.holderSupplierId().equals(routedSupplierOf(after))) {
            tellRoutedSupplier(after, newHolder == null ? null : newHolder.id(), AlarmMessages.FORWARDED, detail);
        }
        String municipalityId = municipalityOf(after);
        notifications.add(new Notifier.Notification(municipalityId == null ? Addresses.SUPERVISION_ALL
                : Addresses.supervision(municipalityId),
                AlarmMessages.of(AlarmMessages.FORWARDED, after, newHolder, null, null, detail, now)));
        if (f.target() == ForwardTarget.MUNICIPAL_HOME_CARE) {
            ensureNextArmed(rows.get(after.id()));
        }
    }

    // ---------------------------------------------------------------- deadlines

    /** Fires one deadline: claims it and applies its step's effect in this transaction, exactly once. */
    void fire(Deadline deadline) throws SQLException {
        load(List.of(deadline.alarmId()));
        AlarmRow row = rows.get(deadline.alarmId());
        if (row == null) {
            store.claim(c, deadline.id(), now, "SKIPPED", false, "the alarm does not exist");
            return;
        }
        RuleProfile profile = ctx.profileFor(municipalityOf(row));
        Optional<EscalationStep> step = profile.ladder().step(deadline.stepId());
        if (step.isEmpty()) {
            if (store.claim(c, deadline.id(), now, "SKIPPED", false, "profile " + profile.id()
                    + " no longer has step " + deadline.stepId())) {
                timeline.add(new TimelineLine(row.id(), now, EscalationLadder.ACTOR, "NOTE",
                        row.status().state().name(), row.status().state().name(), "escalation step "
                        + deadline.stepId() + " was not applied: profile " + profile.id() + " no longer has it"));
            }
            return;
        }
        EscalationDecision decision = EscalationLadder.decide(step.get(), row.status(), now);
        if (decision.outcome() == EscalationDecision.Outcome.NOT_DUE) {
            store.reschedule(c, deadline.id(), decision.dueAt());
            rescheduled.add(new Deadline(deadline.id(), deadline.alarmId(), deadline.stepId(), decision.dueAt(),
                    deadline.armedAt(), null, null, false, null));
            return;
        }
        String outcome = switch (decision.outcome()) {
            case ACT -> "ACTED";
            case ALREADY_DONE -> "ALREADY_DONE";
            default -> "SKIPPED";
        };
        if (!store.claim(c, deadline.id(), now, outcome, decision.late(), decision.reason())) {
            return; // fired before (another batch, or before a restart): never twice
        }
        escalationCounts.merge("step:" + outcome, 1, Integer::sum);
        logLines.add("event=escalation.fired alarm_id=" + row.id() + " step=" + deadline.stepId() + " outcome=" + outcome
                + " late=" + decision.late() + " late_by_s=" + decision.lateBy().toSeconds());
        if (decision.outcome() == EscalationDecision.Outcome.ACT) {
            act(row, decision);
        }
        ensureNextArmed(rows.get(row.id()));
    }

    /**
     * Keeps the ladder going: arms the earliest step that applies to the alarm now and has never been armed, unless
     * an earlier one is already pending. Nothing for non-calls and answered or ended calls.
     */
    private void ensureNextArmed(AlarmRow row) throws SQLException {
        if (row == null || row.routing() == null || row.routing().handling() != Handling.CALL
                || ANSWERED_OR_ENDED.contains(row.status().state())) {
            return;
        }
        RuleProfile profile = ctx.profileFor(municipalityOf(row));
        List<ArmedDeadline> candidates = new ArrayList<>(
                profile.ladder().deadlinesOnRouting(row.receivedAt(), row.status().routedTo()));
        if (row.status().forwardedMunicipalAt() != null && row.status().routedTo() != SupplierKind.MUNICIPAL_HOME_CARE) {
            candidates.addAll(profile.ladder().deadlinesAfterMunicipalForward(row.status().forwardedMunicipalAt()));
        }
        Set<String> known = new java.util.HashSet<>();
        Instant pendingDue = null;
        for (Deadline d : store.deadlines(c, row.id())) {
            known.add(d.stepId());
            if (d.firedAt() == null && (pendingDue == null || d.dueAt().isBefore(pendingDue))) {
                pendingDue = d.dueAt();
            }
        }
        for (DispatchStore.NewDeadline d : toArm) {
            if (d.alarmId() == row.id()) {
                known.add(d.stepId());
                pendingDue = pendingDue == null || d.dueAt().isBefore(pendingDue) ? d.dueAt() : pendingDue;
            }
        }
        Optional<ArmedDeadline> next = candidates.stream().filter(a -> !known.contains(a.step().id()))
                .min(Comparator.comparing(ArmedDeadline::dueAt));
        if (next.isPresent() && (pendingDue == null || next.get().dueAt().isBefore(pendingDue))) {
            store.arm(c, row.id(), next.get().step().id(), next.get().dueAt(), now).ifPresent(armed::add);
        }
    }

    /** Applies an escalation step's command (the decision is ACT). */
    private void act(AlarmRow row, EscalationDecision decision) throws SQLException {
        if (decision.late()) {
            lateCount++;
        }
        Command command = decision.command();
        String extra = decision.late() ? "LATE: due " + decision.dueAt() + ", fired " + decision.lateBy().toSeconds()
                + " s after (the server was not running or was overloaded at the due time)" : null;
        if (command instanceof Command.Renotify r) {
            List<Shift> backups = row.holderSupplierId() == null ? List.of()
                    : DutyRoster.backupsOnDuty(ctx.references().shifts(row.holderSupplierId(), now, now.plusSeconds(1)),
                    row.holderSupplierId(), now);
            String workers = backups.isEmpty() ? null : backups.stream().map(Shift::workerId).collect(Collectors.joining(","));
            command = r.withWorker(workers);
            if (backups.isEmpty()) {
                extra = join(extra, "no backup on duty; the desk is re-notified");
            }
            Transition t = AlarmLifecycle.apply(row.status(), command, now);
            AlarmRow after = accept(row, command, (Transition.Accepted) t, extra);
            Supplier holder = supplier(after.holderSupplierId()).orElse(null);
            Citizen citizen = citizen(after).orElse(null);
            String detail = decision.reason();
            if (holder != null) {
                notifications.add(new Notifier.Notification(Addresses.desk(holder.id()),
                        AlarmMessages.of(AlarmMessages.RENOTIFIED, after, holder, null, citizen, detail, now)));
                webhook(after, holder, AlarmMessages.RENOTIFIED, citizen, null, detail);
            }
            for (Shift b : backups) {
                notifications.add(new Notifier.Notification(Addresses.worker(b.workerId()),
                        AlarmMessages.of(AlarmMessages.RENOTIFIED, after, holder, b, citizen, detail, now)));
            }
            return;
        }
        Transition t = AlarmLifecycle.apply(row.status(), command, now);
        accept(row, command, (Transition.Accepted) t, null);
    }

    // ---------------------------------------------------------------- helpers

    /** Desk and worker notification, plus the supplier's webhook when it has one. */
    private void tell(AlarmRow row, String event, Supplier to, Shift worker, Citizen citizen, String detail)
            throws SQLException {
        JsonObject body = AlarmMessages.of(event, row, to, worker, citizen, detail, now);
        notifications.add(new Notifier.Notification(Addresses.desk(to.id()), body));
        if (worker != null) {
            notifications.add(new Notifier.Notification(Addresses.worker(worker.workerId()), body));
        }
        webhook(row, to, event, citizen, worker, detail);
    }

    /**
     * The desk of the supplier the alarm was routed to keeps showing it after a forward (it owes the justification),
     * so it hears of every later change too, unless it was already told as the holder.
     */
    private void tellRoutedSupplier(AlarmRow row, String alreadyTold, String event, String detail) {
        String routed = routedSupplierOf(row);
        if (routed != null && !routed.equals(alreadyTold)) {
            notifications.add(new Notifier.Notification(Addresses.desk(routed),
                    AlarmMessages.of(event, row, null, null, null, detail, now)));
        }
    }

    private static String routedSupplierOf(AlarmRow row) {
        return row.routing() == null ? null : row.routing().supplierId();
    }

    private void webhook(AlarmRow row, Supplier to, String event, Citizen citizen, Shift worker, String detail)
            throws SQLException {
        if (to.webhookUrl() == null || to.webhookUrl().isBlank()) {
            return;
        }
        JsonObject body = AlarmMessages.of(event, row, to, worker, citizen, detail, now);
        WebhookOutbox.enqueue(c, row.id(), to.id(), to.webhookUrl(), event, body.encode(), now);
        webhooksQueued = true;
    }

    private void changed(AlarmRow row) {
        notifications.add(new Notifier.Notification(Addresses.ALARM_CHANGED,
                AlarmMessages.of(AlarmMessages.UPDATED, row, null, null, null, null, now)));
    }

    private Optional<Supplier> targetOf(AlarmRow row, ForwardTarget target) throws SQLException {
        String municipalityId = municipalityOf(row);
        if (municipalityId == null) {
            return Optional.empty();
        }
        return ctx.references().suppliers(municipalityId).stream()
                .map(ReferenceStore.Stored::value)
                .filter(s -> s.kind() == target.supplierKind())
                .min(Comparator.comparing(Supplier::id));
    }

    private Optional<Supplier> supplier(String id) throws SQLException {
        if (id == null) {
            return Optional.empty();
        }
        return ctx.references().find(ReferenceStore.SUPPLIERS, id).map(ReferenceStore.Stored::value);
    }

    private Optional<Citizen> citizen(AlarmRow row) throws SQLException {
        if (row.routing() == null || row.routing().citizenId() == null) {
            return Optional.empty();
        }
        return ctx.references().find(ReferenceStore.CITIZENS, row.routing().citizenId())
                .map(ReferenceStore.Stored::value);
    }

    /** Now, but never before the alarm's receipt (a clock stepped back must not make a step impossible). */
    private Instant at(AlarmRow row) {
        return now.isBefore(row.receivedAt()) ? row.receivedAt() : now;
    }

    private static String municipalityOf(AlarmRow row) {
        return row.routing() == null ? null : row.routing().municipalityId();
    }

    private static TimelineLine withDetail(TimelineLine l, String more) {
        return new TimelineLine(l.alarmId(), l.at(), l.actor(), l.kind(), l.fromState(), l.toState(),
                join(l.detail(), more));
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        if (b == null || b.isBlank()) {
            return a;
        }
        return a + "; " + b;
    }
}
