package dk.vagtcentral.server.trail;

import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.dispatch.AlarmMessages;
import dk.vagtcentral.server.dispatch.Notifier;
import dk.vagtcentral.server.dispatch.RuleProfiles;
import dk.vagtcentral.server.domain.Justifications;
import dk.vagtcentral.server.domain.Justifications.JustificationAction;
import dk.vagtcentral.server.domain.Justifications.JustificationState;
import dk.vagtcentral.server.domain.Outcome;
import dk.vagtcentral.server.domain.TrailText;
import dk.vagtcentral.server.push.PushEvent;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.DispatchStore.TimelineLine;
import dk.vagtcentral.server.store.TrailStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accountability trail's people's side (rules 6-8 of DOMAIN.md): the supplier submits its justifications and
 * action plans, the supervisors decide on them and on material-breach candidates. What a failure opens is decided by
 * {@link dk.vagtcentral.server.domain.AlarmDecider} and applied in the dispatcher's transaction. The server flags;
 * people decide. Every submission and decision goes on the alarm's timeline with who and why, and every decision on a
 * justification is kept with the due dates as they were.
 */
public final class Trail {
    private static final Logger LOG = LoggerFactory.getLogger(Trail.class);
    public static final String ACTOR = TrailText.ACTOR;

    /** The outcome of a person's action on the trail, in the domain's one refusal vocabulary. */
    public record Result(Outcome outcome, long id) {
        static Result ok(long id) {
            return new Result(Outcome.ACCEPTED, id);
        }

        static Result refused(Outcome outcome, long id) {
            return new Result(outcome, id);
        }

        public String reason() {
            return outcome.reason();
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
        io.micrometer.core.instrument.Gauge.builder("vagtcentral.justifications.overdue", overdue, AtomicLong::get)
                .description("Justifications open or rejected past their due date, all suppliers (database-wide,"
                        + " refreshed every minute)").register(registry);
    }

    // ---------------------------------------------------------------- people's actions

    /** The supplier submits a justification (a new version beside any earlier one). */
    public Result submitJustification(long id, String author, String text) throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.Justification j = store.justification(c, id).orElse(null);
            if (j == null) {
                return Result.refused(Outcome.notFound("no justification " + id), id);
            }
            String why = Justifications.whyNot(JustificationState.valueOf(j.state()), JustificationAction.SUBMIT);
            if (why != null) {
                return Result.refused(Outcome.notAllowed(why), id);
            }
            Instant now = clock.instant();
            int version = store.latestVersion(c, id) + 1;
            boolean inTime = Justifications.submittedInTime(j.dueAt(), now);
            store.addVersion(c, id, version, text, author, now, inTime);
            if (!store.updateJustification(c, j, "SUBMITTED", j.dueAt(), null, null, null)) {
                return Result.refused(Outcome.conflict("justification " + id + " changed meanwhile; retry"), id);
            }
            timeline(c, j.alarmId(), now, author, "JUSTIFICATION_SUBMITTED", "justification " + id + " version "
                    + version + " submitted " + (inTime ? "in time" : "LATE (due " + j.dueAt() + ")"));
            // the supervisors have something to read and decide: their lists and counts change live
            out.add(new Notifier.Notification(Addresses.supervisors(j.municipalityId()),
                    AlarmMessages.trailEvent("justification.submitted", j.alarmId(), j.supplierId(),
                            j.municipalityId()).put("justificationId", id).put("version", version)
                            .put("inTime", inTime).put("state", "SUBMITTED")));
            return Result.ok(id);
        });
    }

    /** A supervisor accepts or rejects a submitted justification; a rejection reopens it with a new due date. */
    public Result decideJustification(long id, boolean accept, String supervisor, String reason) throws SQLException {
        return decideJustification(id, accept, supervisor, reason, null);
    }

    /**
     * As {@link #decideJustification(long, boolean, String, String)}, on the version the supervisor read: refused
     * (conflict) when {@code readVersion} is given and a newer version has been submitted since, so nobody decides on
     * a text they have not seen.
     */
    public Result decideJustification(long id, boolean accept, String supervisor, String reason, Integer readVersion)
            throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.Justification j = store.justification(c, id).orElse(null);
            if (j == null) {
                return Result.refused(Outcome.notFound("no justification " + id), id);
            }
            String why = Justifications.whyNot(JustificationState.valueOf(j.state()),
                    accept ? JustificationAction.ACCEPT : JustificationAction.REJECT);
            if (why != null) {
                return Result.refused(Outcome.notAllowed(why), id);
            }
            Instant now = clock.instant();
            Instant due = accept ? j.dueAt()
                    : Justifications.redoDueAt(now, profiles.forMunicipality(j.municipalityId()).justificationRedo());
            int version = store.latestVersion(c, id);
            if (readVersion != null && readVersion != version) {
                return Result.refused(Outcome.conflict(unread("justification", id, readVersion, version)), id);
            }
            store.recordDecision(c, id, version, accept ? "ACCEPTED" : "REJECTED", now, supervisor, reason, j.dueAt(),
                    due);
            if (!store.updateJustification(c, j, accept ? "ACCEPTED" : "REJECTED", due, now, supervisor, reason)) {
                return Result.refused(Outcome.conflict("justification " + id + " changed meanwhile; retry"), id);
            }
            timeline(c, j.alarmId(), now, supervisor, accept ? "JUSTIFICATION_ACCEPTED" : "JUSTIFICATION_REJECTED",
                    "justification " + id + (accept ? " accepted" : " rejected; a new version is due by " + due)
                            + (reason == null ? "" : ": " + reason));
            JsonObject decided = AlarmMessages.trailEvent(accept ? "justification.accepted" : "justification.rejected",
                    j.alarmId(), j.supplierId(), j.municipalityId()).put("justificationId", id).put("reason", reason)
                    .put("dueAt", due.toString()).put("forwardTarget", j.target())
                    .put("forwardedAt", j.forwardedAt().toString())
                    .put("state", accept ? "ACCEPTED" : "REJECTED");
            out.add(new Notifier.Notification(Addresses.desk(j.supplierId()), decided));
            // the other supervisors' lists and counts follow
            out.add(new Notifier.Notification(Addresses.supervisors(j.municipalityId()), decided.copy()));
            return Result.ok(id);
        });
    }

    /** The supplier submits its action plan (again, after a rejection). */
    public Result submitPlan(long id, String author, String text, String measures, LocalDate startsOn, LocalDate endsOn)
            throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.ActionPlan plan = store.plan(c, id).orElse(null);
            if (plan == null) {
                return Result.refused(Outcome.notFound("no action plan " + id), id);
            }
            if (!plan.state().equals("REQUIRED") && !plan.state().equals("REJECTED")) {
                return Result.refused(Outcome.notAllowed("action plan " + id + " is " + plan.state()
                        + "; a plan is submitted when required or after a rejection"), id);
            }
            Instant now = clock.instant();
            if (!store.submitPlan(c, plan, text, measures, startsOn, endsOn, author, now)) {
                return Result.refused(Outcome.conflict("action plan " + id + " changed meanwhile; retry"), id);
            }
            int version = store.latestPlanVersion(c, id) + 1;
            store.addPlanVersion(c, id, new TrailStore.PlanVersion(version, text, measures, startsOn, endsOn, author,
                    now));
            for (TrailStore.PlanAlarm a : store.planAlarms(c, id)) {
                timeline(c, a.alarmId(), now, author, "ACTION_PLAN_SUBMITTED", "action plan " + id + " version "
                        + version + " submitted");
            }
            out.add(new Notifier.Notification(Addresses.supervisors(plan.municipalityId()), new JsonObject()
                    .put("event", "action_plan.submitted").put("actionPlanId", id).put("version", version)
                    .put("supplierId", plan.supplierId()).put("municipalityId", plan.municipalityId())));
            return Result.ok(id);
        });
    }

    /** A supervisor approves or rejects a submitted plan; approval starts the follow-up period. */
    public Result decidePlan(long id, boolean approve, String supervisor, String reason) throws SQLException {
        return decidePlan(id, approve, supervisor, reason, null);
    }

    /**
     * As {@link #decidePlan(long, boolean, String, String)}, on the version the supervisor read: refused (conflict)
     * when {@code readVersion} is given and a newer version has been submitted since.
     */
    public Result decidePlan(long id, boolean approve, String supervisor, String reason, Integer readVersion)
            throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.ActionPlan plan = store.plan(c, id).orElse(null);
            if (plan == null) {
                return Result.refused(Outcome.notFound("no action plan " + id), id);
            }
            if (!plan.state().equals("SUBMITTED")) {
                return Result.refused(Outcome.notAllowed("action plan " + id + " is " + plan.state()
                        + "; only a submitted plan is approved or rejected"), id);
            }
            Instant now = clock.instant();
            int version = store.latestPlanVersion(c, id);
            if (readVersion != null && readVersion != version) {
                return Result.refused(Outcome.conflict(unread("action plan", id, readVersion, version)), id);
            }
            Instant followUpUntil = now.plus(profiles.forMunicipality(plan.municipalityId()).actionPlan().followUp());
            if (!store.decidePlan(c, plan, approve, supervisor, reason, now, followUpUntil)) {
                return Result.refused(Outcome.conflict("action plan " + id + " changed meanwhile; retry"), id);
            }
            store.recordPlanDecision(c, id, new TrailStore.PlanDecision(version, approve ? "APPROVED" : "REJECTED", now,
                    supervisor, reason));
            for (TrailStore.PlanAlarm a : store.planAlarms(c, id)) {
                timeline(c, a.alarmId(), now, supervisor, approve ? "ACTION_PLAN_APPROVED" : "ACTION_PLAN_REJECTED",
                        "action plan " + id + (approve ? " approved; follow-up until " + followUpUntil : " rejected")
                                + (reason == null ? "" : ": " + reason));
            }
            JsonObject decided = new JsonObject().put("event", approve ? "action_plan.approved" : "action_plan.rejected")
                    .put("actionPlanId", id).put("reason", reason);
            out.add(new Notifier.Notification(Addresses.desk(plan.supplierId()), decided));
            out.add(new Notifier.Notification(Addresses.supervisors(plan.municipalityId()), decided.copy()
                    .put("supplierId", plan.supplierId()).put("municipalityId", plan.municipalityId())
                    .put("version", version)));
            return Result.ok(id);
        });
    }

    /** A supervisor confirms or dismisses a material-breach candidate, with a reason. */
    public Result decideBreach(long id, boolean confirm, String supervisor, String reason) throws SQLException {
        return inTransaction((c, out) -> {
            TrailStore.BreachCandidate b = store.breach(c, id).orElse(null);
            if (b == null) {
                return Result.refused(Outcome.notFound("no breach candidate " + id), id);
            }
            if (!b.state().equals("OPEN")) {
                return Result.refused(Outcome.notAllowed("breach candidate " + id + " was already "
                        + b.state() + " by " + b.decidedBy() + " at " + b.decidedAt()), id);
            }
            Instant now = clock.instant();
            if (!store.decideBreach(c, b, confirm, supervisor, reason, now)) {
                return Result.refused(Outcome.conflict("breach candidate " + id + " changed meanwhile; retry"), id);
            }
            timeline(c, b.alarmId(), now, supervisor, confirm ? "BREACH_CONFIRMED" : "BREACH_DISMISSED",
                    "material-breach candidate " + id + (confirm ? " confirmed" : " dismissed") + ": " + reason);
            out.add(new Notifier.Notification(Addresses.supervisors(b.municipalityId()), AlarmMessages.trailEvent(
                    confirm ? "breach.confirmed" : "breach.dismissed", b.alarmId(), b.supplierId(), b.municipalityId())
                    .put("breachId", id).put("actionPlanId", b.actionPlanId())));
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

    private static String unread(String what, long id, int read, int latest) {
        return what + " " + id + ": version " + latest + " is the latest, not version " + read
                + " that was read; read version " + latest + " before deciding";
    }

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
                if (r.outcome().accepted()) {
                    List<PushEvent> pushed = notifier.record(c, notifications);
                    db.commitDurably(c);
                    notifier.publish(pushed);
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
}
