package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.domain.ActionPlanCounter;
import dk.vagtcentral.server.domain.ActionPlans;
import dk.vagtcentral.server.domain.Actor;
import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.domain.AlarmDecider;
import dk.vagtcentral.server.domain.AlarmState;
import dk.vagtcentral.server.domain.Audience;
import dk.vagtcentral.server.domain.Command;
import dk.vagtcentral.server.domain.Decision;
import dk.vagtcentral.server.domain.DispatchEvent;
import dk.vagtcentral.server.domain.Effect;
import dk.vagtcentral.server.domain.Handling;
import dk.vagtcentral.server.domain.Interval;
import dk.vagtcentral.server.domain.Outcome;
import dk.vagtcentral.server.domain.ProfileBook;
import dk.vagtcentral.server.domain.RoutingData;
import dk.vagtcentral.server.domain.Situation;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.TrailText;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.DispatchStore.Deadline;
import dk.vagtcentral.server.store.DispatchStore.TimelineLine;
import dk.vagtcentral.server.store.InboxStore;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.TrailStore;
import dk.vagtcentral.server.store.WebhookOutbox;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One dispatcher transaction: it reads what a decision needs, asks {@link AlarmDecider}, and applies the effects it
 * answers, in order. It decides nothing. Everything it writes commits together; the notifications and newly armed
 * deadlines it collects are handed out only after the commit. Rows read once are kept, so several events on one
 * alarm in one batch see each other.
 */
final class DispatchWork {
    /** What the transaction needs from outside: reference data, the rules, the trail and the inbox. */
    interface Context {
        ReferenceStore references();

        /** {@link ReferenceStore#routingDataFor} with the installation's fallback, possibly from a cache. */
        RoutingData routingDataFor(String account, Instant at) throws SQLException;

        ProfileBook profiles();

        /** When this system was down, for the fault of a late step. */
        List<Interval> outages();

        /**
         * An open call or notice as the last committed transaction left it, or null: the dispatcher keeps them so a
         * batch need not read the same open calls again (it is the only writer of their status on this node).
         */
        Alarm committedOpen(long id);

        TrailStore trail();

        InboxStore inbox();

        /** What a webhook delivery carries. */
        WebhookPayload webhookPayload();
    }

    /** Counts for metrics, per batch. */
    record Counts(Map<String, Integer> routed, Map<String, Integer> escalations, int late, Map<String, Integer> inbox) {
    }

    private final Connection c;
    private final DispatchStore store;
    private final Context ctx;
    private final Instant now;
    private final Map<Long, Alarm> rows = new HashMap<>();
    /** The open calls and notices this transaction knows of, by account and by citizen (ids into {@link #rows}). */
    private final Map<String, Set<Long>> openByAccount = new HashMap<>();
    private final Map<String, Set<Long>> openByCitizen = new HashMap<>();
    private final List<TimelineLine> timeline = new ArrayList<>();
    private final List<Notifier.Notification> notifications = new ArrayList<>();
    private final Map<Alarm, JsonObject> rendered = new IdentityHashMap<>();
    private final List<Deadline> armed = new ArrayList<>();
    private final List<Deadline> rescheduled = new ArrayList<>();
    private final List<DispatchStore.NewDeadline> toArm = new ArrayList<>();
    private final Map<String, Integer> routedCounts = new HashMap<>();
    private final Map<String, Integer> escalationCounts = new HashMap<>();
    private final Map<String, Integer> inboxCounts = new HashMap<>();
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
        return new Counts(routedCounts, escalationCounts, lateCount, inboxCounts);
    }

    /** Alarms whose first notification went out in this batch, for the receipt-to-notify latency. */
    List<Alarm> notifiedRows() {
        return notifiedAlarms.stream().map(rows::get).toList();
    }

    /** Writes the collected deadlines and timeline lines; call last, before the commit. */
    void flush() throws SQLException {
        armed.addAll(store.armNew(c, toArm, now));
        store.appendTimeline(c, timeline);
    }

    // ---------------------------------------------------------------- events

    /**
     * Loads alarms {@code ids} and the open calls and notices of their accounts and citizens, which a repeated press
     * joins and a restore restores; alarms routed later in this transaction join that pool.
     */
    void load(List<Long> ids) throws SQLException {
        List<Long> missing = ids.stream().filter(id -> !rows.containsKey(id)).toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<Long, Alarm> loaded = store.load(c, missing);
        rows.putAll(loaded);
        Set<String> accounts = new HashSet<>();
        Set<String> citizens = new HashSet<>();
        for (Alarm a : loaded.values()) {
            if (!a.isRouted() && Handling.of(a.category()) != Handling.RECORD_ONLY) {
                accounts.add(a.account());
                ctx.routingDataFor(a.account(), a.receivedAt()).bindings().forEach(b -> citizens.add(b.citizenId()));
            }
        }
        if (accounts.isEmpty()) {
            return;
        }
        // two presses of one citizen stored on two nodes at once: the later routing waits for the earlier one's
        // commit and then sees its open call, which it joins, instead of both opening a call
        store.lockOpenCalls(c, accounts, citizens);
        Set<Long> openIds = store.openAlarmIds(c, accounts, citizens);
        List<Long> toLoad = new ArrayList<>();
        for (long id : openIds) {
            if (!rows.containsKey(id)) {
                Alarm known = ctx.committedOpen(id);
                if (known != null) {
                    rows.put(id, known);
                } else {
                    toLoad.add(id);
                }
            }
        }
        if (!toLoad.isEmpty()) {
            rows.putAll(store.load(c, toLoad));
        }
        openIds.forEach(id -> pool(rows.get(id)));
    }

    private void pool(Alarm a) {
        if (a == null) {
            return;
        }
        openByAccount.computeIfAbsent(a.account().toUpperCase(java.util.Locale.ROOT), k -> new HashSet<>())
                .add(a.id());
        if (a.citizenId() != null) {
            openByCitizen.computeIfAbsent(a.citizenId(), k -> new HashSet<>()).add(a.id());
        }
    }

    /** The routed alarms this transaction read or wrote, as they will be once it commits. */
    Collection<Alarm> rows() {
        return rows.values();
    }

    /** Routes alarm {@code id} unless it is routed already (recovery may route what was queued). */
    void route(long id) throws SQLException {
        load(List.of(id));
        Alarm alarm = rows.get(id);
        if (alarm == null || alarm.isRouted()) {
            return;
        }
        RoutingData data = ctx.routingDataFor(alarm.account(), alarm.receivedAt());
        Situation situation = new Situation(data, openAlarmsAround(alarm, data), List.of(), ctx.outages());
        apply(AlarmDecider.decide(alarm, new DispatchEvent.Arrived(), situation, ctx.profiles(), now).effects());
    }

    /** Applies a person's, an integration's or the server's command to alarm {@code id}, routing it first if need be. */
    ActionResult command(long id, Command command, Actor actor) throws SQLException {
        load(List.of(id));
        Alarm alarm = rows.get(id);
        if (alarm == null) {
            return new ActionResult(Outcome.notFound("no alarm " + id), null);
        }
        if (!alarm.isRouted()) {
            route(id);
            alarm = rows.get(id);
        }
        Decision d = AlarmDecider.decide(alarm, new DispatchEvent.Act(command, actor), around(alarm), ctx.profiles(),
                now);
        if (d.outcome().accepted()) {
            apply(d.effects());
        }
        return new ActionResult(d.outcome(), rows.get(id));
    }

    /** Locks the alarms among {@code ids} for routing them (see {@link DispatchStore#lockForRouting}). */
    List<Long> lockForRouting(List<Long> ids) throws SQLException {
        return store.lockForRouting(c, ids);
    }

    /** Locks the deadlines due at this transaction's time (see {@link DispatchStore#lockDue}). */
    List<Deadline> lockDue(Instant at, int limit) throws SQLException {
        return store.lockDue(c, at, limit);
    }

    /** Fires one deadline: claims it and applies its step's effects in this transaction, exactly once. */
    void fire(Deadline deadline) throws SQLException {
        load(List.of(deadline.alarmId()));
        Alarm alarm = rows.get(deadline.alarmId());
        if (alarm == null) {
            store.claim(c, deadline.id(), now, "SKIPPED", false, "the alarm does not exist");
            return;
        }
        if (!alarm.isRouted()) {
            route(alarm.id());
            alarm = rows.get(alarm.id());
        }
        Decision d = AlarmDecider.decide(alarm, new DispatchEvent.Due(deadline.id(), deadline.stepId(),
                deadline.dueAt()), around(alarm), ctx.profiles(), now);
        apply(d.effects());
    }

    /**
     * A supplier was suspended: its open unanswered calls move to municipal home care (the server's forward, no
     * duty), and the supervisors are told which moved and which stayed.
     */
    void supplierSuspended(Supplier supplier) throws SQLException {
        Command.Forward forward = AlarmDecider.suspensionForward(supplier);
        Actor actor = Actor.system(forward.actor());
        List<Long> moved = new ArrayList<>();
        List<Long> kept = new ArrayList<>();
        for (long id : store.openCallsHeldBy(c, supplier.id())) {
            ActionResult r = command(id, forward, actor);
            (r.outcome().accepted() ? moved : kept).add(id);
        }
        apply(List.of(AlarmDecider.suspensionNotice(supplier, moved, kept)));
    }

    /** Routing alarm {@code alarmId} failed on its own: the supervisors are told (no alarm row is read). */
    void routingFailed(long alarmId, String error) throws SQLException {
        apply(List.of(AlarmDecider.routingFailed(alarmId, error)));
    }

    /** The situation of a routed alarm now: reference data at now, its deadlines, the outages. */
    private Situation around(Alarm alarm) throws SQLException {
        RoutingData data = ctx.routingDataFor(alarm.account(), now);
        List<Situation.StepDeadline> deadlines = new ArrayList<>();
        for (Deadline d : store.deadlines(c, alarm.id())) {
            deadlines.add(new Situation.StepDeadline(d.stepId(), d.dueAt(), d.firedAt() == null));
        }
        for (DispatchStore.NewDeadline d : toArm) {
            if (d.alarmId() == alarm.id()) {
                deadlines.add(new Situation.StepDeadline(d.stepId(), d.dueAt(), true));
            }
        }
        return new Situation(data, List.of(), deadlines, ctx.outages());
    }

    /** The open calls and notices (as they are now in this transaction) of the alarm's account and citizens. */
    private List<Alarm> openAlarmsAround(Alarm alarm, RoutingData data) {
        Set<Long> ids = new HashSet<>(openByAccount.getOrDefault(alarm.account().toUpperCase(java.util.Locale.ROOT),
                Set.of()));
        data.bindings().forEach(b -> ids.addAll(openByCitizen.getOrDefault(b.citizenId(), Set.of())));
        List<Alarm> out = new ArrayList<>();
        for (long id : ids) {
            Alarm a = rows.get(id);
            if (a != null && a.id() != alarm.id() && a.status().isOpen()) {
                out.add(a);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- applying effects

    private void apply(List<Effect> effects) throws SQLException {
        for (Effect effect : effects) {
            if (!applyOne(effect)) {
                return; // a deadline claimed before: none of its decision's effects apply
            }
        }
    }

    private boolean applyOne(Effect effect) throws SQLException {
        if (effect instanceof Effect.SaveRouting r) {
            saveRouting(r);
        } else if (effect instanceof Effect.SaveStatus st) {
            saveStatus(st);
        } else if (effect instanceof Effect.AppendTimeline t) {
            timeline.add(TimelineLine.of(t.alarmId(), t.event()));
        } else if (effect instanceof Effect.ArmDeadline a) {
            toArm.add(new DispatchStore.NewDeadline(a.alarmId(), a.stepId(), a.dueAt()));
        } else if (effect instanceof Effect.ClaimDeadline cl) {
            if (!store.claim(c, cl.deadlineId(), now, cl.outcome(), cl.late(), cl.detail())) {
                return false;
            }
            escalationCounts.merge("step:" + cl.outcome(), 1, Integer::sum);
            if (cl.late()) {
                lateCount++;
            }
            logLines.add("event=escalation.fired deadline_id=" + cl.deadlineId() + " outcome=" + cl.outcome()
                    + " late=" + cl.late());
        } else if (effect instanceof Effect.RescheduleDeadline r) {
            store.reschedule(c, r.deadlineId(), r.dueAt());
            store.deadline(c, r.deadlineId()).ifPresent(rescheduled::add);
        } else if (effect instanceof Effect.DisarmDeadlines d) {
            store.disarm(c, d.alarmId(), now, d.reason());
        } else if (effect instanceof Effect.Notify n) {
            notify(n);
        } else if (effect instanceof Effect.Webhook w) {
            webhook(w);
        } else if (effect instanceof Effect.RecordFailure f) {
            if (ctx.trail().recordFailure(c, f.alarmId(), f.supplierId(), f.municipalityId(), f.at(), f.cause())) {
                logLines.add("event=trail.failure alarm_id=" + f.alarmId() + " supplier=" + f.supplierId()
                        + " cause=" + f.cause());
            }
        } else if (effect instanceof Effect.OpenJustification j) {
            openJustification(j);
        } else if (effect instanceof Effect.Charge ch) {
            charge(ch);
        } else if (effect instanceof Effect.CountTowardsActionPlan p) {
            apply(ActionPlans.decide(p, plansOf(p.supplierId(), p.at())));
        } else if (effect instanceof Effect.RequireActionPlan p) {
            requirePlan(p);
        } else if (effect instanceof Effect.AttachToActionPlan p) {
            ctx.trail().attach(c, p.planId(), p.alarmId(), p.at(), "ATTACHED");
            line(p.alarmId(), "ACTION_PLAN_ATTACHED", TrailText.attached(p));
        } else if (effect instanceof Effect.RaiseBreachCandidate b) {
            raiseBreach(b);
        } else if (effect instanceof Effect.FlagSupervisors f) {
            flag(f);
        } else {
            throw new IllegalStateException("no way to apply " + effect);
        }
        return true;
    }

    private void saveRouting(Effect.SaveRouting r) throws SQLException {
        Alarm before = rows.get(r.alarmId());
        Alarm after = before.withRouting(r.routing(), r.status(), r.holderSupplierId(), r.fault());
        store.saveRouting(c, before, after);
        rows.put(after.id(), after);
        if (after.isOpenCase()) {
            pool(after);
        }
        routedCounts.merge(r.routing().target(), 1, Integer::sum);
        if (after.status().state() == AlarmState.NOTIFIED || r.routing().handling() == Handling.REPEATED) {
            notifiedAlarms.add(after.id()); // a repeated press reaches the open call's desk at once
        }
        logLines.add("event=alarm.routed alarm_id=" + after.id() + " handling=" + r.routing().handling() + " target="
                + r.routing().target() + " supplier=" + r.routing().supplierId() + " holder=" + r.holderSupplierId()
                + " worker=" + r.routing().workerId()
                + (r.routing().unroutableReason() == null ? "" : " unroutable=" + r.routing().unroutableReason())
                + (r.routing().incidentAlarmId() == null ? "" : " joined=" + r.routing().incidentAlarmId())
                + " state=" + after.status().state());
    }

    private void saveStatus(Effect.SaveStatus s) throws SQLException {
        Alarm before = rows.get(s.alarmId());
        Alarm after = before.with(s.status(), s.holderSupplierId(), s.fault());
        store.saveStatus(c, before, after);
        rows.put(after.id(), after);
        AlarmState from = before.status().state();
        AlarmState to = after.status().state();
        if (to != from && (to == AlarmState.FORWARDED_MUNICIPAL || to == AlarmState.FORWARDED_FIRE)) {
            escalationCounts.merge(to == AlarmState.FORWARDED_MUNICIPAL ? "MUNICIPAL_HOME_CARE" : "FIRE_AND_RESCUE",
                    1, Integer::sum);
        }
        logLines.add("event=alarm.transition alarm_id=" + after.id() + " from=" + from + " to=" + to + " holder="
                + after.holderSupplierId() + " fault=" + after.fault());
    }

    private void notify(Effect.Notify n) throws SQLException {
        Alarm about = rows.get(n.alarmId());
        if (about == null) {
            load(List.of(n.alarmId()));
            about = rows.get(n.alarmId());
        }
        JsonObject body = AlarmMessages.of(n.kind().wire(), rendered(about), n.supplier(), n.worker(), n.citizen(),
                n.detail(), now);
        notifications.add(new Notifier.Notification(address(n.to()), body));
    }

    /**
     * The alarm as messages show it, rendered once per version of the row: a call that many presses join is told
     * about each press. The event bus copies a body per consumer, so messages may share it.
     */
    private JsonObject rendered(Alarm row) {
        return rendered.computeIfAbsent(row, AlarmMessages::alarm);
    }

    static String address(Audience to) {
        if (to instanceof Audience.Desk d) {
            return Addresses.desk(d.supplierId());
        }
        if (to instanceof Audience.Worker w) {
            return Addresses.worker(w.workerId());
        }
        return Addresses.supervisors(((Audience.Supervisors) to).municipalityId());
    }

    private void webhook(Effect.Webhook w) throws SQLException {
        Supplier to = w.supplier();
        // not the desk's message: a webhook leaves the system, so it carries ids, codes and times only
        JsonObject body = ctx.webhookPayload().of(w.kind().wire(), rows.get(w.alarmId()), to, w.worker(),
                w.citizen(), now);
        WebhookOutbox.enqueue(c, w.alarmId(), to.id(), to.webhookUrl(), w.kind().wire(), body.encode(), now);
        webhooksQueued = true;
    }

    private void openJustification(Effect.OpenJustification j) throws SQLException {
        Optional<Long> id = ctx.trail().openJustification(c, j.alarmId(), j.supplierId(), j.municipalityId(),
                j.target(), j.forwardedAt(), j.dueAt(), now);
        if (id.isEmpty()) {
            return; // one justification per incident
        }
        line(j.alarmId(), "JUSTIFICATION_DUE", TrailText.justificationDue(id.get(), j));
        JsonObject event = AlarmMessages.trailEvent("justification.due", j.alarmId(), j.supplierId(), j.municipalityId())
                .put("justificationId", id.get()).put("dueAt", j.dueAt().toString())
                .put("forwardTarget", j.target().name()).put("forwardedAt", j.forwardedAt().toString())
                .put("state", "OPEN");
        notifications.add(new Notifier.Notification(Addresses.desk(j.supplierId()), event));
        notifications.add(new Notifier.Notification(Addresses.supervisors(j.municipalityId()), event));
        logLines.add("event=trail.justification_due alarm_id=" + j.alarmId() + " supplier=" + j.supplierId()
                + " justification_id=" + id.get() + " due=" + j.dueAt());
    }

    private void charge(Effect.Charge ch) throws SQLException {
        if (!ctx.trail().charge(c, ch.charge(), ch.municipalityId())) {
            return;
        }
        line(ch.charge().alarmId(), "CHARGED", TrailText.charged(ch));
        logLines.add("event=trail.charged alarm_id=" + ch.charge().alarmId() + " supplier=" + ch.charge().supplierId()
                + " target=" + ch.charge().target() + " amount_dkk=" + ch.charge().amountDkk().toPlainString());
    }

    private ActionPlans.SupplierPlans plansOf(String supplierId, Instant at) throws SQLException {
        TrailStore trail = ctx.trail();
        Optional<ActionPlans.Plan> approved = trail.latestApprovedPlan(c, supplierId)
                .map(p -> new ActionPlans.Plan(p.id(), p.approvedAt()));
        Optional<ActionPlans.Plan> open = trail.openPlan(c, supplierId).map(p -> new ActionPlans.Plan(p.id(), null));
        List<ActionPlanCounter.Forward> failures = trail.failuresOf(c, supplierId,
                at.minus(Duration.ofDays(ActionPlanCounter.ROLLING_DAYS + 32)));
        return new ActionPlans.SupplierPlans(approved, open, failures);
    }

    private void requirePlan(Effect.RequireActionPlan p) throws SQLException {
        long plan = ctx.trail().createPlan(c, p.supplierId(), p.municipalityId(), now, p.rule().counting().name(),
                p.rule().threshold());
        for (ActionPlanCounter.Forward f : p.triggers()) {
            ctx.trail().attach(c, plan, f.alarmId(), f.at(), "TRIGGER");
        }
        line(p.alarmId(), "ACTION_PLAN_REQUIRED", TrailText.planRequired(plan, p));
        JsonObject required = AlarmMessages.trailEvent("action_plan.required", p.alarmId(), p.supplierId(), p.municipalityId())
                .put("actionPlanId", plan).put("alarms", TrailText.alarms(p.triggers()));
        notifications.add(new Notifier.Notification(Addresses.desk(p.supplierId()), required));
        notifications.add(new Notifier.Notification(Addresses.supervisors(p.municipalityId()), required));
        logLines.add("event=trail.action_plan_required supplier=" + p.supplierId() + " action_plan_id=" + plan
                + " failures=" + p.triggers().size());
    }

    private void raiseBreach(Effect.RaiseBreachCandidate b) throws SQLException {
        long breach = ctx.trail().raiseBreach(c, b.supplierId(), b.municipalityId(), b.planId(), b.alarmId(), now);
        line(b.alarmId(), "BREACH_CANDIDATE", TrailText.breach(breach, b));
        notifications.add(new Notifier.Notification(Addresses.supervisors(b.municipalityId()),
                AlarmMessages.trailEvent("breach.candidate", b.alarmId(), b.supplierId(), b.municipalityId()).put("breachId", breach)
                        .put("actionPlanId", b.planId())));
        logLines.add("event=trail.breach_candidate alarm_id=" + b.alarmId() + " supplier=" + b.supplierId()
                + " breach_id=" + breach);
    }

    private void flag(Effect.FlagSupervisors f) throws SQLException {
        long id = ctx.inbox().raise(c, f.kind(), f.municipalityId(), f.alarmId(), f.supplierId(), now, f.reason());
        if (f.alarmId() != null) {
            line(f.alarmId(), "SUPERVISORS_FLAGGED", "on the supervisors' inbox (item " + id + ", " + f.kind() + ")");
        }
        notifications.add(new Notifier.Notification(Addresses.supervisors(f.municipalityId()),
                InboxMessages.item(new InboxStore.Item(id, f.kind(), f.municipalityId(), f.alarmId(), f.supplierId(),
                        now, f.reason(), "OPEN", null, null, null, 1))));
        inboxCounts.merge(f.kind().name(), 1, Integer::sum);
        logLines.add("event=inbox.raised inbox_id=" + id + " kind=" + f.kind() + " municipality=" + f.municipalityId()
                + " alarm_id=" + f.alarmId() + " supplier=" + f.supplierId());
    }

    // ---------------------------------------------------------------- helpers

    private void line(long alarmId, String kind, String detail) {
        Alarm a = rows.get(alarmId);
        String state = a == null || !a.isRouted() ? null : a.status().state().name();
        timeline.add(new TimelineLine(alarmId, now, TrailText.ACTOR, kind, state, state, detail));
    }
}
