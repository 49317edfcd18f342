package dk.vagtcentral.server.store;

import dk.vagtcentral.server.domain.ActionPlanCounter;
import dk.vagtcentral.server.domain.Charges;
import dk.vagtcentral.server.domain.ForwardTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JDBC for the accountability trail: justifications and their immutable versions, action plans with the alarms
 * that triggered them, material-breach candidates and call-out charges. Methods taking a {@link Connection} work in
 * the caller's transaction; every state change is guarded by {@code row_version}.
 */
public final class TrailStore {

    public record Justification(long id, long alarmId, String supplierId, String municipalityId, String target,
                                Instant forwardedAt, Instant dueAt, String state, Instant createdAt,
                                Instant decidedAt, String decidedBy, String decisionReason, int rowVersion) {
    }

    public record JustificationVersion(long id, long justificationId, int version, String text, String author,
                                       Instant submittedAt, boolean inTime) {
    }

    public record ActionPlan(long id, String supplierId, String municipalityId, String state, Instant requiredAt,
                             String counting, int threshold, String planText, String measures, LocalDate startsOn,
                             LocalDate endsOn, Instant submittedAt, String submittedBy, Instant decidedAt,
                             String decidedBy, String decisionReason, Instant approvedAt, Instant followUpUntil,
                             int rowVersion) {
    }

    public record PlanAlarm(long alarmId, Instant forwardedAt, String role) {
    }

    public record BreachCandidate(long id, String supplierId, String municipalityId, long actionPlanId, long alarmId,
                                  Instant raisedAt, String state, Instant decidedAt, String decidedBy,
                                  String decisionReason, int rowVersion) {
    }

    /** Filters for lists; null fields do not filter. */
    /** What a list is narrowed to; {@code states} empty means every state. */
    public record Filter(String municipalityId, String supplierId, List<String> states, Instant from, Instant to) {
        public static final Filter ALL = new Filter(null, null, List.of(), null, null);

        public Filter {
            states = states == null ? List.of() : List.copyOf(states);
        }
    }

    /**
     * Where a page of justifications starts: after this sort key. {@code rank} is 0 for a waiting one (OPEN or
     * REJECTED) due before the list's {@code overdueAt}, else 1; the list is ordered by rank, due time, id.
     */
    public record JustificationKey(int rank, Instant dueAt, long id) {
        public static int rank(Justification j, Instant overdueAt) {
            boolean waiting = j.state().equals("OPEN") || j.state().equals("REJECTED");
            return waiting && j.dueAt().isBefore(overdueAt) ? 0 : 1;
        }
    }

    /** Where a page of a newest-first list (action plans, breach candidates) starts: after this time and id. */
    public record NewestKey(Instant at, long id) {
    }

    private final Database db;

    public TrailStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    // ---------------------------------------------------------------- justifications

    /** Opens a justification for a forwarded call unless the supplier already has one for it; its id. */
    public Optional<Long> openJustification(Connection c, long alarmId, String supplierId, String municipalityId,
                                            ForwardTarget target, Instant forwardedAt, Instant dueAt, Instant now)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM justifications WHERE alarm_id = ? AND supplier_id = ?")) {
            q.setLong(1, alarmId);
            q.setString(2, supplierId);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO justifications (alarm_id, supplier_id, municipality_id, "
                + "forward_target, forwarded_at, due_at, state, created_at, row_version) VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, 1)",
                new String[]{"id"})) {
            p.setLong(1, alarmId);
            p.setString(2, supplierId);
            p.setString(3, municipalityId);
            p.setString(4, target.name());
            p.setObject(5, Sql.timestamp(forwardedAt));
            p.setObject(6, Sql.timestamp(dueAt));
            p.setObject(7, Sql.timestamp(now));
            return Optional.of(Sql.insertReturningId(p));
        }
    }

    /** Records that the supplier failed to answer this incident; false when it was recorded before. */
    public boolean recordFailure(Connection c, long alarmId, String supplierId, String municipalityId, Instant at,
                                 String cause) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM supplier_failures WHERE alarm_id = ? AND supplier_id = ?")) {
            q.setLong(1, alarmId);
            q.setString(2, supplierId);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO supplier_failures (alarm_id, supplier_id, "
                + "municipality_id, failed_at, cause) VALUES (?, ?, ?, ?, ?)")) {
            p.setLong(1, alarmId);
            p.setString(2, supplierId);
            p.setString(3, municipalityId);
            p.setObject(4, Sql.timestamp(at));
            p.setString(5, cause);
            p.executeUpdate();
            return true;
        }
    }

    /** The supplier's recorded failures (one per incident) since {@code since}, oldest first. */
    public List<ActionPlanCounter.Forward> failuresOf(Connection c, String supplierId, Instant since) throws SQLException {
        List<ActionPlanCounter.Forward> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT alarm_id, failed_at FROM supplier_failures "
                + "WHERE supplier_id = ? AND failed_at >= ? ORDER BY failed_at, alarm_id")) {
            p.setString(1, supplierId);
            p.setObject(2, Sql.timestamp(since));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new ActionPlanCounter.Forward(rs.getLong(1), Sql.instant(rs, "failed_at")));
                }
            }
        }
        return out;
    }

    public Optional<Justification> justification(Connection c, long id) throws SQLException {
        List<Justification> list = justifications(c, "id = ?", List.of(id), "id", 1);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Overdue first (earliest due), then the rest by due date; {@code overdueAt} decides what is overdue. */
    /** Justifications, those overdue at {@code overdueAt} first, then by due time; the page after {@code after}. */
    public List<Justification> justifications(Filter f, Instant overdueAt, JustificationKey after, int limit)
            throws SQLException {
        String rank = "CASE WHEN state IN ('OPEN', 'REJECTED') AND due_at < ? THEN 0 ELSE 1 END";
        List<Object> args = new ArrayList<>();
        String where = where(f, args, "forwarded_at");
        if (after != null) {
            where = and(where, "(" + rank + " > ? OR (" + rank + " = ? AND (due_at > ? OR (due_at = ? AND id > ?))))");
            args.addAll(List.of(Sql.timestamp(overdueAt), after.rank(), Sql.timestamp(overdueAt), after.rank(),
                    Sql.timestamp(after.dueAt()), Sql.timestamp(after.dueAt()), after.id()));
        }
        args.add(Sql.timestamp(overdueAt));
        try (Connection c = db.connection()) {
            List<Justification> out = justifications(c, where, args, rank + ", due_at, id", limit);
            c.commit();
            return out;
        }
    }

    /** Justifications owed (OPEN or REJECTED) whose due date passed before {@code now}, oldest due first. */
    public List<Justification> overdue(Connection c, Instant now, int limit) throws SQLException {
        return justifications(c, "state IN ('OPEN', 'REJECTED') AND due_at < ?", List.of(Sql.timestamp(now)),
                "due_at, id", limit);
    }

    public List<Justification> justificationsOfAlarm(Connection c, long alarmId) throws SQLException {
        return justifications(c, "alarm_id = ?", List.of(alarmId), "id", 100);
    }

    private List<Justification> justifications(Connection c, String where, List<Object> args, String order, int limit)
            throws SQLException {
        List<Justification> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM justifications" + (where.isEmpty() ? "" : " WHERE " + where)
                + " ORDER BY " + order + " LIMIT " + limit)) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Justification(rs.getLong("id"), rs.getLong("alarm_id"), rs.getString("supplier_id"),
                            rs.getString("municipality_id"), rs.getString("forward_target"),
                            Sql.instant(rs, "forwarded_at"), Sql.instant(rs, "due_at"), rs.getString("state"),
                            Sql.instant(rs, "created_at"), Sql.instant(rs, "decided_at"), rs.getString("decided_by"),
                            rs.getString("decision_reason"), rs.getInt("row_version")));
                }
            }
        }
        return out;
    }

    /** The newest version number of a justification's text, 0 before the first submission. */
    public int latestVersion(Connection c, long justificationId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM justification_versions "
                + "WHERE justification_id = ?")) {
            p.setLong(1, justificationId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public List<JustificationVersion> versions(Connection c, long justificationId) throws SQLException {
        List<JustificationVersion> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM justification_versions WHERE justification_id = ? "
                + "ORDER BY version")) {
            p.setLong(1, justificationId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new JustificationVersion(rs.getLong("id"), rs.getLong("justification_id"),
                            rs.getInt("version"), rs.getString("text"), rs.getString("author"),
                            Sql.instant(rs, "submitted_at"), rs.getBoolean("in_time")));
                }
            }
        }
        return out;
    }

    public void addVersion(Connection c, long justificationId, int version, String text, String author,
                           Instant submittedAt, boolean inTime) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO justification_versions (justification_id, version, "
                + "text, author, submitted_at, in_time) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, justificationId);
            p.setInt(2, version);
            p.setString(3, text);
            p.setString(4, author);
            p.setObject(5, Sql.timestamp(submittedAt));
            p.setBoolean(6, inTime);
            p.executeUpdate();
        }
    }

    /** Every version of each of the justifications, oldest first, in one query (for a list page). */
    public Map<Long, List<JustificationVersion>> versions(Connection c, List<Long> justificationIds)
            throws SQLException {
        Map<Long, List<JustificationVersion>> out = new HashMap<>();
        if (justificationIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM justification_versions WHERE justification_id IN ("
                + "?, ".repeat(justificationIds.size() - 1) + "?) ORDER BY justification_id, version")) {
            bind(p, new ArrayList<>(justificationIds));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong("justification_id"), k -> new ArrayList<>()).add(
                            new JustificationVersion(rs.getLong("id"), rs.getLong("justification_id"),
                                    rs.getInt("version"), rs.getString("text"), rs.getString("author"),
                                    Sql.instant(rs, "submitted_at"), rs.getBoolean("in_time")));
                }
            }
        }
        return out;
    }

    /** Every decision on each of the justifications, oldest first, in one query (for a list page). */
    public Map<Long, List<JustificationDecision>> decisions(Connection c, List<Long> justificationIds)
            throws SQLException {
        Map<Long, List<JustificationDecision>> out = new HashMap<>();
        if (justificationIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM justification_decisions WHERE justification_id "
                + "IN (" + "?, ".repeat(justificationIds.size() - 1) + "?) ORDER BY justification_id, id")) {
            bind(p, new ArrayList<>(justificationIds));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong("justification_id"), k -> new ArrayList<>()).add(
                            new JustificationDecision(rs.getLong("id"), rs.getLong("justification_id"),
                                    rs.getInt("version"), rs.getString("decision"), Sql.instant(rs, "decided_at"),
                                    rs.getString("decided_by"), rs.getString("reason"), Sql.instant(rs, "due_before"),
                                    Sql.instant(rs, "due_after")));
                }
            }
        }
        return out;
    }

    /** Moves a justification to {@code state}; false when it changed since it was read. */
    public boolean updateJustification(Connection c, Justification j, String state, Instant dueAt, Instant decidedAt,
                                       String decidedBy, String reason) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE justifications SET state = ?, due_at = ?, decided_at = ?, "
                + "decided_by = ?, decision_reason = ?, row_version = row_version + 1 WHERE id = ? AND row_version = ?")) {
            p.setString(1, state);
            p.setObject(2, Sql.timestamp(dueAt));
            p.setObject(3, Sql.timestamp(decidedAt));
            p.setString(4, decidedBy);
            p.setString(5, reason);
            p.setLong(6, j.id());
            p.setInt(7, j.rowVersion());
            return p.executeUpdate() == 1;
        }
    }

    /** One decision on a justification, with the due dates before and after it. */
    public record JustificationDecision(long id, long justificationId, int version, String decision, Instant decidedAt,
                                        String decidedBy, String reason, Instant dueBefore, Instant dueAfter) {
    }

    /** Keeps a supervisor's decision on version {@code version} of a justification; never updated. */
    public void recordDecision(Connection c, long justificationId, int version, String decision, Instant at, String by,
                               String reason, Instant dueBefore, Instant dueAfter) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO justification_decisions (justification_id, version, "
                + "decision, decided_at, decided_by, reason, due_before, due_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, justificationId);
            p.setInt(2, version);
            p.setString(3, decision);
            p.setObject(4, Sql.timestamp(at));
            p.setString(5, by);
            p.setString(6, reason);
            p.setObject(7, Sql.timestamp(dueBefore));
            p.setObject(8, Sql.timestamp(dueAfter));
            p.executeUpdate();
        }
    }

    /** Every decision on a justification, oldest first. */
    public List<JustificationDecision> decisions(Connection c, long justificationId) throws SQLException {
        List<JustificationDecision> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM justification_decisions WHERE justification_id = ? "
                + "ORDER BY id")) {
            p.setLong(1, justificationId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new JustificationDecision(rs.getLong("id"), rs.getLong("justification_id"),
                            rs.getInt("version"), rs.getString("decision"), Sql.instant(rs, "decided_at"),
                            rs.getString("decided_by"), rs.getString("reason"), Sql.instant(rs, "due_before"),
                            Sql.instant(rs, "due_after")));
                }
            }
        }
        return out;
    }

    public long countOverdue(Instant now) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM justifications WHERE state IN ('OPEN', 'REJECTED') "
                     + "AND due_at < ?")) {
            p.setObject(1, Sql.timestamp(now));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                c.commit();
                return n;
            }
        }
    }

    // ---------------------------------------------------------------- action plans

    /** The supplier's plan that is not approved yet (REQUIRED, SUBMITTED or REJECTED), if any. */
    public Optional<ActionPlan> openPlan(Connection c, String supplierId) throws SQLException {
        List<ActionPlan> list = plans(c, "supplier_id = ? AND state <> 'APPROVED'", List.of(supplierId), "id DESC", 1);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** The supplier's most recently approved plan, if any. */
    public Optional<ActionPlan> latestApprovedPlan(Connection c, String supplierId) throws SQLException {
        List<ActionPlan> list = plans(c, "supplier_id = ? AND state = 'APPROVED'", List.of(supplierId),
                "approved_at DESC, id DESC", 1);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    public long createPlan(Connection c, String supplierId, String municipalityId, Instant requiredAt, String counting,
                           int threshold) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO action_plans (supplier_id, municipality_id, state, "
                + "required_at, counting, threshold, row_version) VALUES (?, ?, 'REQUIRED', ?, ?, ?, 1)", new String[]{"id"})) {
            p.setString(1, supplierId);
            p.setString(2, municipalityId);
            p.setObject(3, Sql.timestamp(requiredAt));
            p.setString(4, counting);
            p.setInt(5, threshold);
            return Sql.insertReturningId(p);
        }
    }

    public void attach(Connection c, long planId, long alarmId, Instant forwardedAt, String role) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM action_plan_alarms WHERE action_plan_id = ? AND alarm_id = ?")) {
            q.setLong(1, planId);
            q.setLong(2, alarmId);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO action_plan_alarms (action_plan_id, alarm_id, "
                + "forwarded_at, role) VALUES (?, ?, ?, ?)")) {
            p.setLong(1, planId);
            p.setLong(2, alarmId);
            p.setObject(3, Sql.timestamp(forwardedAt));
            p.setString(4, role);
            p.executeUpdate();
        }
    }

    public List<PlanAlarm> planAlarms(Connection c, long planId) throws SQLException {
        return planAlarms(c, List.of(planId)).getOrDefault(planId, List.of());
    }

    /** The alarms of each of the plans, oldest forward first, in one query. */
    public Map<Long, List<PlanAlarm>> planAlarms(Connection c, List<Long> planIds) throws SQLException {
        Map<Long, List<PlanAlarm>> out = new HashMap<>();
        if (planIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT action_plan_id, alarm_id, forwarded_at, role "
                + "FROM action_plan_alarms WHERE action_plan_id IN (" + "?, ".repeat(planIds.size() - 1) + "?) "
                + "ORDER BY forwarded_at, alarm_id")) {
            bind(p, new ArrayList<>(planIds));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong("action_plan_id"), k -> new ArrayList<>()).add(new PlanAlarm(
                            rs.getLong("alarm_id"), Sql.instant(rs, "forwarded_at"), rs.getString("role")));
                }
            }
        }
        return out;
    }

    public Optional<ActionPlan> plan(Connection c, long id) throws SQLException {
        List<ActionPlan> list = plans(c, "id = ?", List.of(id), "id", 1);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Action plans, newest required first; the page after {@code after}. */
    public List<ActionPlan> plans(Filter f, NewestKey after, int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = olderThan(where(f, args, "required_at"), args, "required_at", after);
        try (Connection c = db.connection()) {
            List<ActionPlan> out = plans(c, where, args, "required_at DESC, id DESC", limit);
            c.commit();
            return out;
        }
    }

    private List<ActionPlan> plans(Connection c, String where, List<Object> args, String order, int limit)
            throws SQLException {
        List<ActionPlan> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM action_plans" + (where.isEmpty() ? "" : " WHERE " + where)
                + " ORDER BY " + order + " LIMIT " + limit)) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new ActionPlan(rs.getLong("id"), rs.getString("supplier_id"), rs.getString("municipality_id"),
                            rs.getString("state"), Sql.instant(rs, "required_at"), rs.getString("counting"),
                            rs.getInt("threshold"), rs.getString("plan_text"), rs.getString("measures"),
                            rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class),
                            Sql.instant(rs, "submitted_at"), rs.getString("submitted_by"), Sql.instant(rs, "decided_at"),
                            rs.getString("decided_by"), rs.getString("decision_reason"), Sql.instant(rs, "approved_at"),
                            Sql.instant(rs, "follow_up_until"), rs.getInt("row_version")));
                }
            }
        }
        return out;
    }

    public boolean submitPlan(Connection c, ActionPlan plan, String text, String measures, LocalDate startsOn,
                              LocalDate endsOn, String by, Instant at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE action_plans SET state = 'SUBMITTED', plan_text = ?, "
                + "measures = ?, starts_on = ?, ends_on = ?, submitted_at = ?, submitted_by = ?, "
                + "row_version = row_version + 1 WHERE id = ? AND row_version = ?")) {
            p.setString(1, text);
            p.setString(2, measures);
            p.setObject(3, startsOn, Types.DATE);
            p.setObject(4, endsOn, Types.DATE);
            p.setObject(5, Sql.timestamp(at));
            p.setString(6, by);
            p.setLong(7, plan.id());
            p.setInt(8, plan.rowVersion());
            return p.executeUpdate() == 1;
        }
    }

    /** One submission of an action plan, as the supplier wrote it; never updated. */
    public record PlanVersion(int version, String text, String measures, LocalDate startsOn, LocalDate endsOn,
                              String author, Instant submittedAt) {
    }

    /** One decision on an action plan: the version decided on ({@code 0}: a text from before versions were kept). */
    public record PlanDecision(int version, String decision, Instant decidedAt, String decidedBy, String reason) {
    }

    /** The newest version number of a plan's text, 0 before the first submission. */
    public int latestPlanVersion(Connection c, long planId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM action_plan_versions "
                + "WHERE action_plan_id = ?")) {
            p.setLong(1, planId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Keeps a submission of a plan as version {@code v.version()}. */
    public void addPlanVersion(Connection c, long planId, PlanVersion v) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO action_plan_versions (action_plan_id, version, "
                + "plan_text, measures, starts_on, ends_on, author, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, planId);
            p.setInt(2, v.version());
            p.setString(3, v.text());
            p.setString(4, v.measures());
            p.setObject(5, v.startsOn(), Types.DATE);
            p.setObject(6, v.endsOn(), Types.DATE);
            p.setString(7, v.author());
            p.setObject(8, Sql.timestamp(v.submittedAt()));
            p.executeUpdate();
        }
    }

    /** Keeps a supervisor's decision on a plan; never updated. */
    public void recordPlanDecision(Connection c, long planId, PlanDecision d) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO action_plan_decisions (action_plan_id, version, "
                + "decision, decided_at, decided_by, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, planId);
            p.setInt(2, d.version());
            p.setString(3, d.decision());
            p.setObject(4, Sql.timestamp(d.decidedAt()));
            p.setString(5, d.decidedBy());
            p.setString(6, d.reason());
            p.executeUpdate();
        }
    }

    /** Every version of each of the plans, oldest first, in one query. */
    public Map<Long, List<PlanVersion>> planVersions(Connection c, List<Long> planIds) throws SQLException {
        Map<Long, List<PlanVersion>> out = new HashMap<>();
        if (planIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM action_plan_versions WHERE action_plan_id IN ("
                + "?, ".repeat(planIds.size() - 1) + "?) ORDER BY action_plan_id, version")) {
            bind(p, new ArrayList<>(planIds));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong("action_plan_id"), k -> new ArrayList<>()).add(new PlanVersion(
                            rs.getInt("version"), rs.getString("plan_text"), rs.getString("measures"),
                            rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class),
                            rs.getString("author"), Sql.instant(rs, "submitted_at")));
                }
            }
        }
        return out;
    }

    /** Every decision on each of the plans, oldest first, in one query. */
    public Map<Long, List<PlanDecision>> planDecisions(Connection c, List<Long> planIds) throws SQLException {
        Map<Long, List<PlanDecision>> out = new HashMap<>();
        if (planIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM action_plan_decisions WHERE action_plan_id IN ("
                + "?, ".repeat(planIds.size() - 1) + "?) ORDER BY action_plan_id, id")) {
            bind(p, new ArrayList<>(planIds));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong("action_plan_id"), k -> new ArrayList<>()).add(new PlanDecision(
                            rs.getInt("version"), rs.getString("decision"), Sql.instant(rs, "decided_at"),
                            rs.getString("decided_by"), rs.getString("reason")));
                }
            }
        }
        return out;
    }

    public boolean decidePlan(Connection c, ActionPlan plan, boolean approve, String by, String reason, Instant at,
                              Instant followUpUntil) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE action_plans SET state = ?, decided_at = ?, decided_by = ?, "
                + "decision_reason = ?, approved_at = ?, follow_up_until = ?, row_version = row_version + 1 "
                + "WHERE id = ? AND row_version = ?")) {
            p.setString(1, approve ? "APPROVED" : "REJECTED");
            p.setObject(2, Sql.timestamp(at));
            p.setString(3, by);
            p.setString(4, reason);
            p.setObject(5, approve ? Sql.timestamp(at) : null);
            p.setObject(6, approve ? Sql.timestamp(followUpUntil) : null);
            p.setLong(7, plan.id());
            p.setInt(8, plan.rowVersion());
            return p.executeUpdate() == 1;
        }
    }

    // ---------------------------------------------------------------- breach candidates

    public long raiseBreach(Connection c, String supplierId, String municipalityId, long planId, long alarmId,
                            Instant at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO breach_candidates (supplier_id, municipality_id, "
                + "action_plan_id, alarm_id, raised_at, state, row_version) VALUES (?, ?, ?, ?, ?, 'OPEN', 1)",
                new String[]{"id"})) {
            p.setString(1, supplierId);
            p.setString(2, municipalityId);
            p.setLong(3, planId);
            p.setLong(4, alarmId);
            p.setObject(5, Sql.timestamp(at));
            return Sql.insertReturningId(p);
        }
    }

    public Optional<BreachCandidate> breach(Connection c, long id) throws SQLException {
        List<BreachCandidate> list = breaches(c, "id = ?", List.of(id), 1);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Material-breach candidates, newest first; the page after {@code after}. */
    public List<BreachCandidate> breaches(Filter f, NewestKey after, int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = olderThan(where(f, args, "raised_at"), args, "raised_at", after);
        try (Connection c = db.connection()) {
            List<BreachCandidate> out = breaches(c, where, args, limit);
            c.commit();
            return out;
        }
    }

    private List<BreachCandidate> breaches(Connection c, String where, List<Object> args, int limit) throws SQLException {
        List<BreachCandidate> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM breach_candidates"
                + (where.isEmpty() ? "" : " WHERE " + where) + " ORDER BY raised_at DESC, id DESC LIMIT " + limit)) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new BreachCandidate(rs.getLong("id"), rs.getString("supplier_id"),
                            rs.getString("municipality_id"), rs.getLong("action_plan_id"), rs.getLong("alarm_id"),
                            Sql.instant(rs, "raised_at"), rs.getString("state"), Sql.instant(rs, "decided_at"),
                            rs.getString("decided_by"), rs.getString("decision_reason"), rs.getInt("row_version")));
                }
            }
        }
        return out;
    }

    /** The supplier's other breach candidates, newest first (a candidate's history: how earlier ones were decided). */
    public List<BreachCandidate> otherBreaches(Connection c, String supplierId, long exceptId, int limit)
            throws SQLException {
        return breaches(c, "supplier_id = ? AND id <> ?", List.of(supplierId, exceptId), limit);
    }

    /** What waits for a municipality's supervisors on the trail ({@code municipalityId} null: every one's). */
    public record Counts(int justificationsToDecide, int justificationsOverdue, int justificationsWaiting,
                         int plansToDecide, int plansRequired, int breachesOpen) {
    }

    /**
     * The counts behind the console's tabs: justifications submitted (to decide), owed past their due date at
     * {@code now} (overdue) and owed in time (waiting); plans submitted and required; open breach candidates.
     */
    public Counts counts(String municipalityId, Instant now) throws SQLException {
        String scope = municipalityId == null ? "" : " AND municipality_id = ?";
        try (Connection c = db.connection()) {
            int[] j = new int[3];
            try (PreparedStatement p = c.prepareStatement("SELECT "
                    + "SUM(CASE WHEN state = 'SUBMITTED' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN state IN ('OPEN', 'REJECTED') AND due_at < ? THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN state IN ('OPEN', 'REJECTED') AND due_at >= ? THEN 1 ELSE 0 END) "
                    + "FROM justifications WHERE state IN ('OPEN', 'SUBMITTED', 'REJECTED')" + scope)) {
                p.setObject(1, Sql.timestamp(now));
                p.setObject(2, Sql.timestamp(now));
                if (municipalityId != null) {
                    p.setString(3, municipalityId);
                }
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    for (int i = 0; i < 3; i++) {
                        j[i] = rs.getInt(i + 1);
                    }
                }
            }
            int[] plans = new int[2];
            try (PreparedStatement p = c.prepareStatement("SELECT "
                    + "SUM(CASE WHEN state = 'SUBMITTED' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN state IN ('REQUIRED', 'REJECTED') THEN 1 ELSE 0 END) "
                    + "FROM action_plans WHERE state <> 'APPROVED'" + scope)) {
                if (municipalityId != null) {
                    p.setString(1, municipalityId);
                }
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    plans[0] = rs.getInt(1);
                    plans[1] = rs.getInt(2);
                }
            }
            int breaches;
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM breach_candidates WHERE state = 'OPEN'"
                    + scope)) {
                if (municipalityId != null) {
                    p.setString(1, municipalityId);
                }
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    breaches = rs.getInt(1);
                }
            }
            c.commit();
            return new Counts(j[0], j[1], j[2], plans[0], plans[1], breaches);
        }
    }

    public boolean decideBreach(Connection c, BreachCandidate b, boolean confirm, String by, String reason, Instant at)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE breach_candidates SET state = ?, decided_at = ?, "
                + "decided_by = ?, decision_reason = ?, row_version = row_version + 1 WHERE id = ? AND row_version = ?")) {
            p.setString(1, confirm ? "CONFIRMED" : "DISMISSED");
            p.setObject(2, Sql.timestamp(at));
            p.setString(3, by);
            p.setString(4, reason);
            p.setLong(5, b.id());
            p.setInt(6, b.rowVersion());
            return p.executeUpdate() == 1;
        }
    }

    // ---------------------------------------------------------------- charges

    /** Records a charge unless the alarm already has one for that target. */
    public boolean charge(Connection c, Charges.Charge charge, String municipalityId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM charges WHERE alarm_id = ? AND target = ?")) {
            q.setLong(1, charge.alarmId());
            q.setString(2, charge.target().name());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO charges (alarm_id, supplier_id, municipality_id, target, "
                + "amount_dkk, charged_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, charge.alarmId());
            p.setString(2, charge.supplierId());
            p.setString(3, municipalityId);
            p.setString(4, charge.target().name());
            p.setBigDecimal(5, charge.amountDkk());
            p.setObject(6, Sql.timestamp(charge.at()));
            p.executeUpdate();
            return true;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String where(Filter f, List<Object> args, String timeColumn) {
        List<String> parts = new ArrayList<>();
        if (f.municipalityId() != null) {
            parts.add("municipality_id = ?");
            args.add(f.municipalityId());
        }
        if (f.supplierId() != null) {
            parts.add("supplier_id = ?");
            args.add(f.supplierId());
        }
        if (!f.states().isEmpty()) {
            parts.add("state IN (" + "?, ".repeat(f.states().size() - 1) + "?)");
            args.addAll(f.states());
        }
        if (f.from() != null) {
            parts.add(timeColumn + " >= ?");
            args.add(Sql.timestamp(f.from()));
        }
        if (f.to() != null) {
            parts.add(timeColumn + " < ?");
            args.add(Sql.timestamp(f.to()));
        }
        return String.join(" AND ", parts);
    }

    private static String olderThan(String where, List<Object> args, String timeColumn, NewestKey after) {
        if (after == null) {
            return where;
        }
        args.addAll(List.of(Sql.timestamp(after.at()), Sql.timestamp(after.at()), after.id()));
        return and(where, "(" + timeColumn + " < ? OR (" + timeColumn + " = ? AND id < ?))");
    }

    private static String and(String where, String condition) {
        return where.isEmpty() ? condition : where + " AND " + condition;
    }

    private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            p.setObject(i + 1, args.get(i));
        }
    }
}
