package dk.vagtcentral.server.trail;

import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.dispatch.Notifier;
import dk.vagtcentral.server.dispatch.RuleProfiles;
import dk.vagtcentral.server.domain.ActionPlanCounter;
import dk.vagtcentral.server.domain.ActionPlanRule;
import dk.vagtcentral.server.domain.BreachRule;
import dk.vagtcentral.server.domain.Charges;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.Justifications;
import dk.vagtcentral.server.domain.Justifications.JustificationAction;
import dk.vagtcentral.server.domain.Justifications.JustificationState;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.DispatchStore.AlarmRow;
import dk.vagtcentral.server.store.DispatchStore.TimelineLine;
import dk.vagtcentral.server.store.TrailStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accountability trail (rules 6-8 of DOMAIN.md): what a forwarded call obliges the supplier to do, and the
 * supervisors' decisions on it. The server flags; people decide. On every forward of a call a private supplier had
 * to answer it opens a justification due, charges the call-out per the municipality's profile, and counts the
 * forward towards an action plan or, after an approved plan, raises a material-breach candidate. Every submission
 * and decision goes on the alarm's timeline with who and why.
 */
public final class Trail {
    private static final Logger LOG = LoggerFactory.getLogger(Trail.class);
    public static final String ACTOR = "system:trail";

    /** The outcome of a person's action on the trail. */
    public record Result(Status status, String reason, long id) {
        public enum Status { OK, NOT_FOUND, INVALID, NOT_ALLOWED, CONFLICT }

        static Result ok(long id) {
            return new Result(Status.OK, null, id);
        }
    }

    private final TrailStore store;
    private final DispatchStore dispatch;
    private final RuleProfiles profiles;
    private final Notifier notifier;
    private final Clock clock;
    private final Database db;
    private final AtomicLong overdue = new AtomicLong();

    public Trail(TrailStore store, DispatchStore dispatch, RuleProfiles profiles, Notifier notifier, Clock clock,
                 MeterRegistry registry) {
        this.store = store;
        this.dispatch = dispatch;
        this.profiles = profiles;
        this.notifier = notifier;
        this.clock = clock;
        this.db = store.database();
        registry.gauge("vagtcentral.justifications.overdue", overdue);
    }

    // ---------------------------------------------------------------- on forward (in the dispatcher's transaction)

    /**
     * Records what the forward of {@code after} to {@code target} obliges its supplier to: called in the dispatcher's
     * transaction, so the obligations commit with the forward or not at all.
     */
    public void onForward(Connection c, AlarmRow after, ForwardTarget target, Instant now, List<TimelineLine> timeline,
                          List<Notifier.Notification> notifications, List<String> log) throws SQLException {
        if (after.routing() == null || after.status().routedTo() != SupplierKind.PRIVATE_CARE
                || after.routing().supplierId() == null) {
            return; // only a private supplier's unanswered call puts obligations on a supplier
        }
        String supplier = after.routing().supplierId();
        String municipality = after.routing().municipalityId();
        RuleProfile profile = profiles.forMunicipality(municipality);
        String state = after.status().state().name();
        Optional<Charges.Charge> charge = Charges.forForward(profile, after.id(), supplier, target, now);
        if (charge.isPresent() && store.charge(c, charge.get(), municipality)) {
            timeline.add(new TimelineLine(after.id(), now, ACTOR, "CHARGED", state, state, charge.get().amountDkk()
                    .toPlainString() + " DKK charged to " + supplier + " for the forward to " + target
                    + " (profile " + profile.id() + ")"));
            log.add("event=trail.charged alarm_id=" + after.id() + " supplier=" + supplier + " target=" + target
                    + " amount_dkk=" + charge.get().amountDkk().toPlainString());
        }
        // the supplier's own failure is the call leaving it; a later forward (municipal to fire) is not another one
        boolean leftSupplier = target == ForwardTarget.MUNICIPAL_HOME_CARE
                || after.status().forwardedMunicipalAt() == null;
        if (!leftSupplier) {
            return;
        }
        Instant due = Justifications.dueAt(now, profile.justificationDue());
        Optional<Long> justification = store.openJustification(c, after.id(), supplier, municipality, target, now,
                due, now);
        if (justification.isEmpty()) {
            return;
        }
        timeline.add(new TimelineLine(after.id(), now, ACTOR, "JUSTIFICATION_DUE", state, state,
                "justification " + justification.get() + " due from " + supplier + " by " + due));
        JsonObject event = event("justification.due", after.id(), supplier, municipality)
                .put("justificationId", justification.get()).put("dueAt", due.toString())
                .put("forwardTarget", target.name()).put("forwardedAt", now.toString()).put("state", "OPEN");
        notifications.add(new Notifier.Notification(Addresses.desk(supplier), event));
        notifications.add(new Notifier.Notification(supervision(municipality), event));
        log.add("event=trail.justification_due alarm_id=" + after.id() + " supplier=" + supplier + " justification_id="
                + justification.get() + " due=" + due);

        ActionPlanRule rule = profile.actionPlan();
        ActionPlanCounter.Forward latest = new ActionPlanCounter.Forward(after.id(), now);
        Optional<TrailStore.ActionPlan> approved = store.latestApprovedPlan(c, supplier);
        if (approved.isPresent() && BreachRule.isBreachCandidate(rule, approved.get().approvedAt(), now)) {
            long breach = store.raiseBreach(c, supplier, municipality, approved.get().id(), after.id(), now);
            timeline.add(new TimelineLine(after.id(), now, ACTOR, "BREACH_CANDIDATE", state, state,
                    "forward within the follow-up of approved action plan " + approved.get().id()
                            + ": material-breach candidate " + breach + " for the supervisor to decide"));
            notifications.add(new Notifier.Notification(supervision(municipality),
                    event("breach.candidate", after.id(), supplier, municipality).put("breachId", breach)
                            .put("actionPlanId", approved.get().id())));
            log.add("event=trail.breach_candidate alarm_id=" + after.id() + " supplier=" + supplier + " breach_id=" + breach);
            return;
        }
        Optional<TrailStore.ActionPlan> open = store.openPlan(c, supplier);
        if (open.isPresent()) {
            store.attach(c, open.get().id(), after.id(), now, "ATTACHED");
            timeline.add(new TimelineLine(after.id(), now, ACTOR, "ACTION_PLAN_ATTACHED", state, state,
                    "attached to the open action plan " + open.get().id() + " of " + supplier));
            return;
        }
        List<ActionPlanCounter.Forward> earlier = new ArrayList<>(store.forwardsOf(c, supplier,
                now.minus(Duration.ofDays(ActionPlanCounter.ROLLING_DAYS + 32))));
        earlier.removeIf(f -> f.alarmId() == after.id());
        if (ActionPlanCounter.requiresActionPlan(rule, earlier, latest)) {
            List<ActionPlanCounter.Forward> triggers = ActionPlanCounter.countingTowards(rule, earlier, latest);
            long plan = store.createPlan(c, supplier, municipality, now, rule.counting().name(), rule.threshold());
            for (ActionPlanCounter.Forward f : triggers) {
                store.attach(c, plan, f.alarmId(), f.at(), "TRIGGER");
            }
            String alarms = triggers.stream().map(f -> String.valueOf(f.alarmId())).reduce((a, b) -> a + ", " + b)
                    .orElse("");
            timeline.add(new TimelineLine(after.id(), now, ACTOR, "ACTION_PLAN_REQUIRED", state, state,
                    "action plan " + plan + " required of " + supplier + ": " + triggers.size() + " forwards "
                            + (rule.counting() == ActionPlanRule.Counting.CALENDAR_MONTH ? "in the same month"
                            : "within 30 days") + " (alarms " + alarms + ")"));
            JsonObject required = event("action_plan.required", after.id(), supplier, municipality)
                    .put("actionPlanId", plan).put("alarms", alarms);
            notifications.add(new Notifier.Notification(Addresses.desk(supplier), required));
            notifications.add(new Notifier.Notification(supervision(municipality), required));
            log.add("event=trail.action_plan_required supplier=" + supplier + " action_plan_id=" + plan
                    + " forwards=" + triggers.size());
        }
    }

    // ---------------------------------------------------------------- people's actions

    /** The supplier submits a justification (a new version beside any earlier one). */
    public Result submitJustification(long id, String author, String text) throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.Justification j = store.justification(c, id).orElse(null);
            if (j == null) {
                return new Result(Result.Status.NOT_FOUND, "no justification " + id, id);
            }
            String why = Justifications.whyNot(JustificationState.valueOf(j.state()), JustificationAction.SUBMIT);
            if (why != null) {
                return new Result(Result.Status.NOT_ALLOWED, why, id);
            }
            Instant now = clock.instant();
            int version = store.versions(c, id).size() + 1;
            boolean inTime = Justifications.submittedInTime(j.dueAt(), now);
            store.addVersion(c, id, version, text, author, now, inTime);
            if (!store.updateJustification(c, j, "SUBMITTED", j.dueAt(), null, null, null)) {
                return new Result(Result.Status.CONFLICT, "justification " + id + " changed meanwhile; retry", id);
            }
            timeline(c, j.alarmId(), now, author, "JUSTIFICATION_SUBMITTED", "justification " + id + " version "
                    + version + " submitted " + (inTime ? "in time" : "LATE (due " + j.dueAt() + ")"));
            return Result.ok(id);
        });
    }

    /** A supervisor accepts or rejects a submitted justification; a rejection reopens it with a new due date. */
    public Result decideJustification(long id, boolean accept, String supervisor, String reason) throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.Justification j = store.justification(c, id).orElse(null);
            if (j == null) {
                return new Result(Result.Status.NOT_FOUND, "no justification " + id, id);
            }
            String why = Justifications.whyNot(JustificationState.valueOf(j.state()),
                    accept ? JustificationAction.ACCEPT : JustificationAction.REJECT);
            if (why != null) {
                return new Result(Result.Status.NOT_ALLOWED, why, id);
            }
            Instant now = clock.instant();
            Instant due = accept ? j.dueAt()
                    : Justifications.redoDueAt(now, profiles.forMunicipality(j.municipalityId()).justificationRedo());
            if (!store.updateJustification(c, j, accept ? "ACCEPTED" : "REJECTED", due, now, supervisor, reason)) {
                return new Result(Result.Status.CONFLICT, "justification " + id + " changed meanwhile; retry", id);
            }
            timeline(c, j.alarmId(), now, supervisor, accept ? "JUSTIFICATION_ACCEPTED" : "JUSTIFICATION_REJECTED",
                    "justification " + id + (accept ? " accepted" : " rejected; a new version is due by " + due)
                            + (reason == null ? "" : ": " + reason));
            out.add((new Notifier.Notification(Addresses.desk(j.supplierId()),
                    event(accept ? "justification.accepted" : "justification.rejected", j.alarmId(), j.supplierId(),
                            j.municipalityId()).put("justificationId", id).put("reason", reason)
                            .put("dueAt", due.toString()).put("forwardTarget", j.target())
                            .put("forwardedAt", j.forwardedAt().toString())
                            .put("state", accept ? "ACCEPTED" : "REJECTED"))));
            return Result.ok(id);
        });
    }

    /** The supplier submits its action plan (again, after a rejection). */
    public Result submitPlan(long id, String author, String text, String measures, LocalDate startsOn, LocalDate endsOn)
            throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.ActionPlan plan = store.plan(c, id).orElse(null);
            if (plan == null) {
                return new Result(Result.Status.NOT_FOUND, "no action plan " + id, id);
            }
            if (!plan.state().equals("REQUIRED") && !plan.state().equals("REJECTED")) {
                return new Result(Result.Status.NOT_ALLOWED, "action plan " + id + " is " + plan.state()
                        + "; a plan is submitted when required or after a rejection", id);
            }
            Instant now = clock.instant();
            if (!store.submitPlan(c, plan, text, measures, startsOn, endsOn, author, now)) {
                return new Result(Result.Status.CONFLICT, "action plan " + id + " changed meanwhile; retry", id);
            }
            for (TrailStore.PlanAlarm a : store.planAlarms(c, id)) {
                timeline(c, a.alarmId(), now, author, "ACTION_PLAN_SUBMITTED", "action plan " + id + " submitted");
            }
            return Result.ok(id);
        });
    }

    /** A supervisor approves or rejects a submitted plan; approval starts the follow-up period. */
    public Result decidePlan(long id, boolean approve, String supervisor, String reason) throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.ActionPlan plan = store.plan(c, id).orElse(null);
            if (plan == null) {
                return new Result(Result.Status.NOT_FOUND, "no action plan " + id, id);
            }
            if (!plan.state().equals("SUBMITTED")) {
                return new Result(Result.Status.NOT_ALLOWED, "action plan " + id + " is " + plan.state()
                        + "; only a submitted plan is approved or rejected", id);
            }
            Instant now = clock.instant();
            Instant followUpUntil = now.plus(profiles.forMunicipality(plan.municipalityId()).actionPlan().followUp());
            if (!store.decidePlan(c, plan, approve, supervisor, reason, now, followUpUntil)) {
                return new Result(Result.Status.CONFLICT, "action plan " + id + " changed meanwhile; retry", id);
            }
            for (TrailStore.PlanAlarm a : store.planAlarms(c, id)) {
                timeline(c, a.alarmId(), now, supervisor, approve ? "ACTION_PLAN_APPROVED" : "ACTION_PLAN_REJECTED",
                        "action plan " + id + (approve ? " approved; follow-up until " + followUpUntil : " rejected")
                                + (reason == null ? "" : ": " + reason));
            }
            out.add((new Notifier.Notification(Addresses.desk(plan.supplierId()),
                    new JsonObject().put("event", approve ? "action_plan.approved" : "action_plan.rejected")
                            .put("actionPlanId", id).put("reason", reason))));
            return Result.ok(id);
        });
    }

    /** A supervisor confirms or dismisses a material-breach candidate, with a reason. */
    public Result decideBreach(long id, boolean confirm, String supervisor, String reason) throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.BreachCandidate b = store.breach(c, id).orElse(null);
            if (b == null) {
                return new Result(Result.Status.NOT_FOUND, "no breach candidate " + id, id);
            }
            if (!b.state().equals("OPEN")) {
                return new Result(Result.Status.NOT_ALLOWED, "breach candidate " + id + " was already "
                        + b.state() + " by " + b.decidedBy() + " at " + b.decidedAt(), id);
            }
            Instant now = clock.instant();
            if (!store.decideBreach(c, b, confirm, supervisor, reason, now)) {
                return new Result(Result.Status.CONFLICT, "breach candidate " + id + " changed meanwhile; retry", id);
            }
            timeline(c, b.alarmId(), now, supervisor, confirm ? "BREACH_CONFIRMED" : "BREACH_DISMISSED",
                    "material-breach candidate " + id + (confirm ? " confirmed" : " dismissed") + ": " + reason);
            return Result.ok(id);
        });
    }

    /** Refreshes the overdue-justifications gauge. */
    public long countOverdue() throws SQLException {
        long n = store.countOverdue(clock.instant());
        overdue.set(n);
        return n;
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    private interface Work {
        Result run(Connection c, List<Notifier.Notification> notifications) throws SQLException;
    }

    /** Runs {@code work} in one transaction; its notifications go out only after the commit. */
    private Result inTransaction(Work work) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                List<Notifier.Notification> notifications = new ArrayList<>();
                Result r = work.run(c, notifications);
                if (r.status() == Result.Status.OK) {
                    db.commitDurably(c);
                    notifier.publish(notifications);
                } else {
                    c.rollback();
                }
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void timeline(Connection c, long alarmId, Instant at, String actor, String kind, String detail)
            throws SQLException {
        dispatch.appendTimeline(c, List.of(new TimelineLine(alarmId, at, actor, kind, null, null, detail)));
    }

    private static JsonObject event(String event, long alarmId, String supplier, String municipality) {
        return new JsonObject().put("event", event).put("alarmId", alarmId).put("supplierId", supplier)
                .put("municipalityId", municipality);
    }

    private static String supervision(String municipality) {
        return municipality == null ? Addresses.SUPERVISION_ALL : Addresses.supervision(municipality);
    }
}
