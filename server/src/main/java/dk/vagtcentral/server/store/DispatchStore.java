package dk.vagtcentral.server.store;

import dk.vagtcentral.protocol.event.TextBounds;
import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.domain.AlarmState;
import dk.vagtcentral.server.domain.AlarmStatus;
import dk.vagtcentral.server.domain.Handling;
import dk.vagtcentral.server.domain.ResponseKind;
import dk.vagtcentral.server.domain.Routing;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.domain.TimelineEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dispatcher's JDBC: the routing decision and lifecycle status kept on each alarm, and the durable escalation
 * deadlines. Methods taking a {@link Connection} work inside the caller's transaction (the dispatcher commits once
 * per batch); the others open their own. Every status update is guarded by {@code status_version}, so a write
 * based on a stale read fails instead of overwriting.
 */
public final class DispatchStore {
    private static final String SELECT = "SELECT a.id, a.account, a.category, a.event_code, a.event_qualifier, "
            + "a.zone_code, a.area, a.event_text, a.data_block, a.received_at, a.callback_address, d.* FROM alarms a "
            + "LEFT JOIN alarm_dispatch d ON d.alarm_id = a.id";

    /** An armed escalation deadline. */
    public record Deadline(long id, long alarmId, String stepId, Instant dueAt, Instant armedAt, Instant firedAt,
                           String outcome, boolean late, String detail) {
    }

    /** Thrown when a status update finds another writer got there first; the transaction must be retried. */
    public static final class StaleStatus extends SQLException {
        public StaleStatus(long alarmId, int version) {
            super("alarm " + alarmId + " changed concurrently (expected status version " + version + ")");
        }
    }

    private final Database db;

    public DispatchStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    // ---------------------------------------------------------------- alarms

    public Map<Long, Alarm> load(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, Alarm> out = new LinkedHashMap<>();
        List<Long> list = new ArrayList<>(ids);
        for (int from = 0; from < list.size(); from += 100) {
            List<Long> chunk = list.subList(from, Math.min(list.size(), from + 100));
            try (PreparedStatement p = c.prepareStatement(SELECT + " WHERE a.id IN ("
                    + "?, ".repeat(chunk.size() - 1) + "?) ORDER BY a.id")) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Alarm row = map(rs);
                        out.put(row.id(), row);
                    }
                }
            }
        }
        return out;
    }

    public Optional<Alarm> find(long id) throws SQLException {
        try (Connection c = db.connection()) {
            Optional<Alarm> row = Optional.ofNullable(load(c, List.of(id)).get(id));
            c.commit();
            return row;
        }
    }

    /**
     * Ids of alarms from {@code fromId} on that are stored but not routed (a crash or a failed batch between commit
     * and routing), oldest first.
     */
    public List<Long> unrouted(long fromId, int limit) throws SQLException {
        return unrouted(fromId, Instant.MAX, limit);
    }

    /** {@link #unrouted(long, int)}, of the alarms received before {@code receivedBefore}. */
    public List<Long> unrouted(long fromId, Instant receivedBefore, int limit) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT a.id FROM alarms a WHERE a.id >= ? AND a.received_at < ? "
                     + "AND NOT EXISTS (SELECT 1 FROM alarm_dispatch d WHERE d.alarm_id = a.id) ORDER BY a.id LIMIT ?")) {
            p.setLong(1, fromId);
            p.setObject(2, Sql.timestamp(receivedBefore.isAfter(FAR_FUTURE) ? FAR_FUTURE : receivedBefore));
            p.setInt(3, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            c.commit();
        }
        return out;
    }

    private static final Instant FAR_FUTURE = Instant.parse("9999-01-01T00:00:00Z");

    /** The newest alarm id received before {@code before} (0 when none). */
    public long maxAlarmIdReceivedBefore(Instant before) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT MAX(id) FROM alarms WHERE received_at < ?")) {
            p.setObject(1, Sql.timestamp(before));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                c.commit();
                return id;
            }
        }
    }

    /**
     * The ids of the open calls and service notices of {@code accounts} and of {@code citizenIds}, as this
     * transaction sees them: what a repeated press joins and a restore restores.
     */
    /**
     * Holds the open calls of {@code accounts} and {@code citizenIds} until the transaction ends, for routing: a
     * routing of another node that would open or join one of them waits for this transaction (PostgreSQL advisory
     * locks; on H2 the one dispatcher thread serialises routings).
     */
    public void lockOpenCalls(Connection c, Collection<String> accounts, Collection<String> citizenIds)
            throws SQLException {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        accounts.forEach(a -> names.add("open-calls-account:" + a.toUpperCase(java.util.Locale.ROOT)));
        citizenIds.forEach(id -> names.add("open-calls-citizen:" + id));
        AdvisoryLocks.lock(db, c, names);
    }

    public Set<Long> openAlarmIds(Connection c, Collection<String> accounts, Collection<String> citizenIds)
            throws SQLException {
        Set<Long> ids = new java.util.LinkedHashSet<>();
        openAlarmIdsWhere(c, "account", accounts, ids);
        openAlarmIdsWhere(c, "citizen_id", citizenIds, ids);
        return ids;
    }

    private static void openAlarmIdsWhere(Connection c, String column, Collection<String> values, Set<Long> into)
            throws SQLException {
        for (List<String> chunk : chunks(values)) {
            try (PreparedStatement p = c.prepareStatement("SELECT alarm_id FROM open_alarms WHERE " + column
                    + " IN (" + "?, ".repeat(chunk.size() - 1) + "?)")) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setString(i + 1, chunk.get(i));
                }
                collect(p, into);
            }
        }
    }

    /** The open calls {@code supplierId} holds, oldest first (a suspended supplier's calls move on). */
    public List<Long> openCallsHeldBy(Connection c, String supplierId) throws SQLException {
        Set<Long> ids = new java.util.LinkedHashSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT alarm_id FROM alarm_dispatch WHERE holder_supplier_id = ? "
                + "AND handling = 'CALL' AND state NOT IN ('CLOSED', 'CANCELLED') ORDER BY alarm_id")) {
            p.setString(1, supplierId);
            collect(p, ids);
        }
        return new ArrayList<>(ids);
    }

    private static List<List<String>> chunks(Collection<String> values) {
        List<String> list = new ArrayList<>(new java.util.LinkedHashSet<>(values));
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < list.size(); from += 100) {
            out.add(list.subList(from, Math.min(list.size(), from + 100)));
        }
        return out;
    }

    private static void collect(PreparedStatement p, Set<Long> into) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                into.add(rs.getLong(1));
            }
        }
    }

    /** Stores the routing decision and the first status of a not yet routed alarm: its dispatch row. */
    public void saveRouting(Connection c, Alarm before, Alarm after) throws SQLException {
        Routing r = after.routing();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_dispatch (state, routed_to_kind, holder_kind, "
                + "holder_supplier_id, acknowledged_at, acknowledged_by, responded_at, response, help_worker_id, "
                + "forwarded_municipal_at, forwarded_fire_at, escalation_steps, status_version, fault, handling, "
                + "routed_at, routing_target, citizen_id, municipality_id, profile_id, supplier_id, worker_id, "
                + "fire_supplier_id, unroutable_reason, routing_note, response_deadline, duty_supplier_id, "
                + "incident_alarm_id, alarm_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindStatus(p, after);
            p.setString(i++, r.handling().name());
            p.setObject(i++, Sql.timestamp(r.routedAt()));
            p.setString(i++, r.target());
            p.setString(i++, r.citizenId());
            p.setString(i++, r.municipalityId());
            p.setString(i++, r.profileId());
            p.setString(i++, r.supplierId());
            p.setString(i++, r.workerId());
            p.setString(i++, r.fireSupplierId());
            p.setString(i++, r.unroutableReason());
            p.setString(i++, TextBounds.clip(r.note(), 2000));
            p.setObject(i++, Sql.timestamp(r.responseDeadline()));
            p.setString(i++, r.dutySupplierId());
            p.setObject(i++, r.incidentAlarmId());
            p.setLong(i, before.id());
            p.executeUpdate();
        }
        if (after.isOpenCase()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO open_alarms (alarm_id, account, citizen_id) "
                    + "VALUES (?, ?, ?)")) {
                p.setLong(1, after.id());
                p.setString(2, after.account());
                p.setString(3, after.citizenId());
                p.executeUpdate();
            }
        }
    }

    private static final String STATUS_SET = "state = ?, routed_to_kind = ?, holder_kind = ?, holder_supplier_id = ?, "
            + "acknowledged_at = ?, acknowledged_by = ?, responded_at = ?, response = ?, help_worker_id = ?, "
            + "forwarded_municipal_at = ?, forwarded_fire_at = ?, escalation_steps = ?, status_version = ?, fault = ?";

    /** Binds {@link #STATUS_SET}'s 14 parameters; returns the next parameter index. */
    private static int bindStatus(PreparedStatement p, Alarm after) throws SQLException {
        AlarmStatus s = after.status();
        p.setString(1, s.state().name());
        p.setString(2, s.routedTo().name());
        p.setString(3, s.holder().name());
        p.setString(4, after.holderSupplierId());
        p.setObject(5, Sql.timestamp(s.acknowledgedAt()));
        p.setString(6, s.acknowledgedBy());
        p.setObject(7, Sql.timestamp(s.respondedAt()));
        p.setString(8, s.response() == null ? null : s.response().name());
        p.setString(9, s.helpWorkerId());
        p.setObject(10, Sql.timestamp(s.forwardedMunicipalAt()));
        p.setObject(11, Sql.timestamp(s.forwardedFireAt()));
        p.setString(12, s.escalationStepsDone().isEmpty() ? null
                : String.join(",", new TreeSet<>(s.escalationStepsDone())));
        p.setInt(13, after.statusVersion());
        p.setString(14, after.fault().name());
        return 15;
    }

    /** Stores {@code after}'s status over {@code before}'s; fails with {@link StaleStatus} if it changed meanwhile. */
    public void saveStatus(Connection c, Alarm before, Alarm after) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE alarm_dispatch SET " + STATUS_SET
                + " WHERE alarm_id = ? AND status_version = ?")) {
            int i = bindStatus(p, after);
            p.setLong(i++, before.id());
            p.setInt(i, before.statusVersion());
            if (p.executeUpdate() != 1) {
                throw new StaleStatus(before.id(), before.statusVersion());
            }
        }
        if (before.isOpenCase() && !after.isOpenCase()) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM open_alarms WHERE alarm_id = ?")) {
                p.setLong(1, before.id());
                p.executeUpdate();
            }
        }
    }

    // ---------------------------------------------------------------- timeline

    /** A timeline line to append; {@code kind} is a {@link TimelineEvent.Kind} name or a shell event (ROUTED ...). */
    public record TimelineLine(long alarmId, Instant at, String actor, String kind, String fromState, String toState,
                               String detail) {

        public static TimelineLine of(long alarmId, TimelineEvent e) {
            return new TimelineLine(alarmId, e.at(), e.actor(), e.kind().name(), name(e.fromState()),
                    name(e.toState()), e.detail());
        }

        private static String name(AlarmState s) {
            return s == null ? null : s.name();
        }
    }

    public void appendTimeline(Connection c, List<TimelineLine> lines) throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(Sql.INSERT_TIMELINE)) {
            for (TimelineLine l : lines) {
                Sql.bindTimeline(p, l.alarmId(), l.at(), l.actor(), l.kind(), l.fromState(), l.toState(),
                        TextBounds.clip(l.detail(), 2000));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    // ---------------------------------------------------------------- deadlines

    /** A deadline to arm for an alarm that has none for this step yet. */
    public record NewDeadline(long alarmId, String stepId, Instant dueAt) {
    }

    /** Arms deadlines of freshly routed alarms in one batch (they cannot be armed already). */
    public List<Deadline> armNew(Connection c, List<NewDeadline> deadlines, Instant now) throws SQLException {
        List<Deadline> out = new ArrayList<>(deadlines.size());
        if (deadlines.isEmpty()) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_deadlines (alarm_id, step_id, due_at, armed_at) "
                + "VALUES (?, ?, ?, ?)", new String[]{"id"})) {
            for (NewDeadline d : deadlines) {
                p.setLong(1, d.alarmId());
                p.setString(2, d.stepId());
                p.setObject(3, Sql.timestamp(d.dueAt()));
                p.setObject(4, Sql.timestamp(now));
                p.addBatch();
            }
            p.executeBatch();
            try (ResultSet keys = p.getGeneratedKeys()) {
                for (NewDeadline d : deadlines) {
                    if (!keys.next()) {
                        throw new SQLException("database returned too few generated deadline ids");
                    }
                    out.add(new Deadline(keys.getLong(1), d.alarmId(), d.stepId(), d.dueAt(), now, null, null, false,
                            null));
                }
            }
        }
        return out;
    }

    /** Arms the deadline unless this step is already armed for the alarm; returns it when newly armed. */
    public Optional<Deadline> arm(Connection c, long alarmId, String stepId, Instant dueAt, Instant now)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM alarm_deadlines WHERE alarm_id = ? AND step_id = ?")) {
            q.setLong(1, alarmId);
            q.setString(2, stepId);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_deadlines (alarm_id, step_id, due_at, armed_at) "
                + "VALUES (?, ?, ?, ?)", new String[]{"id"})) {
            p.setLong(1, alarmId);
            p.setString(2, stepId);
            p.setObject(3, Sql.timestamp(dueAt));
            p.setObject(4, Sql.timestamp(now));
            return Optional.of(new Deadline(Sql.insertReturningId(p), alarmId, stepId, dueAt, now, null, null, false,
                    null));
        }
    }

    /**
     * Claims a pending deadline: marks it fired with its outcome. False when it had already fired (or was disarmed),
     * in which case the caller must not act. Done in the transaction that applies the step's effect, so the effect
     * and the claim commit together or not at all.
     */
    public boolean claim(Connection c, long deadlineId, Instant firedAt, String outcome, boolean late, String detail)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE alarm_deadlines SET fired_at = ?, outcome = ?, late = ?, "
                + "detail = ? WHERE id = ? AND fired_at IS NULL")) {
            p.setObject(1, Sql.timestamp(firedAt));
            p.setString(2, outcome);
            p.setBoolean(3, late);
            p.setString(4, TextBounds.clip(detail, 1000));
            p.setLong(5, deadlineId);
            return p.executeUpdate() == 1;
        }
    }

    /** Moves a pending deadline (it fired early, e.g. after a clock step back). */
    public void reschedule(Connection c, long deadlineId, Instant dueAt) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE alarm_deadlines SET due_at = ? WHERE id = ? AND fired_at IS NULL")) {
            p.setObject(1, Sql.timestamp(dueAt));
            p.setLong(2, deadlineId);
            p.executeUpdate();
        }
    }

    /** Disarms an alarm's pending deadlines (the call was answered or ended); returns how many. */
    public int disarm(Connection c, long alarmId, Instant at, String why) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE alarm_deadlines SET fired_at = ?, outcome = 'DISARMED', "
                + "detail = ? WHERE alarm_id = ? AND fired_at IS NULL")) {
            p.setObject(1, Sql.timestamp(at));
            p.setString(2, TextBounds.clip(why, 1000));
            p.setLong(3, alarmId);
            return p.executeUpdate();
        }
    }

    /** Pending deadlines due before {@code until}, earliest first. */
    public List<Deadline> pending(Instant until, int limit) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT * FROM alarm_deadlines WHERE fired_at IS NULL "
                     + "AND due_at < ? ORDER BY due_at, id LIMIT ?")) {
            p.setObject(1, Sql.timestamp(until));
            p.setInt(2, limit);
            List<Deadline> out = readDeadlines(p);
            c.commit();
            return out;
        }
    }

    /**
     * Locks and returns up to {@code limit} pending deadlines due at {@code now}, earliest first, skipping the ones
     * another node's transaction holds: each node fires what it locked, in this transaction, and marks it fired
     * there ({@link #claim}), so a step fires exactly once however many nodes look. A node frozen while holding
     * some loses its locks when the database ends its idle transaction (see {@link Database}).
     */
    public List<Deadline> lockDue(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM alarm_deadlines WHERE fired_at IS NULL "
                + "AND due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            p.setObject(1, Sql.timestamp(now));
            p.setInt(2, limit);
            return readDeadlines(p);
        }
    }

    /**
     * Locks the alarms among {@code ids} that no other transaction holds, for routing them: two nodes never route
     * one alarm at once, and one that another node is routing is left to it. The locked ids.
     */
    public List<Long> lockForRouting(Connection c, List<Long> ids) throws SQLException {
        List<Long> locked = new ArrayList<>(ids.size());
        // on PostgreSQL a weaker lock than FOR UPDATE: the timeline's and the dispatch row's foreign keys take a key
        // share lock on the alarm, which FOR UPDATE would block (and SKIP LOCKED would then skip the alarm)
        String lockClause = db.dialect() == Database.Dialect.POSTGRESQL ? "FOR NO KEY UPDATE SKIP LOCKED"
                : "FOR UPDATE SKIP LOCKED";
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM alarms WHERE id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ") " + lockClause)) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        locked.add(rs.getLong(1));
                    }
                }
            }
        }
        return locked;
    }

    /** One deadline as this transaction sees it. */
    public Optional<Deadline> deadline(Connection c, long deadlineId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM alarm_deadlines WHERE id = ?")) {
            p.setLong(1, deadlineId);
            return readDeadlines(p).stream().findFirst();
        }
    }

    /** An alarm's deadlines as this transaction sees them. */
    public List<Deadline> deadlines(Connection c, long alarmId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM alarm_deadlines WHERE alarm_id = ? ORDER BY due_at, id")) {
            p.setLong(1, alarmId);
            return readDeadlines(p);
        }
    }

    public List<Deadline> deadlines(long alarmId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT * FROM alarm_deadlines WHERE alarm_id = ? ORDER BY due_at, id")) {
            p.setLong(1, alarmId);
            List<Deadline> out = readDeadlines(p);
            c.commit();
            return out;
        }
    }

    public long pendingCount() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM alarm_deadlines WHERE fired_at IS NULL");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        }
    }

    private static List<Deadline> readDeadlines(PreparedStatement p) throws SQLException {
        List<Deadline> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Deadline(rs.getLong("id"), rs.getLong("alarm_id"), rs.getString("step_id"),
                        Sql.instant(rs, "due_at"), Sql.instant(rs, "armed_at"), Sql.instant(rs, "fired_at"),
                        rs.getString("outcome"), rs.getBoolean("late"), rs.getString("detail")));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- mapping

    private static Alarm map(ResultSet rs) throws SQLException {
        Instant receivedAt = Sql.instant(rs, "received_at");
        Routing routing = null;
        Instant routedAt = Sql.instant(rs, "routed_at");
        if (routedAt != null) {
            Object incident = rs.getObject("incident_alarm_id");
            routing = new Routing(Handling.valueOf(rs.getString("handling")), routedAt, rs.getString("routing_target"),
                    rs.getString("citizen_id"), rs.getString("municipality_id"), rs.getString("profile_id"),
                    rs.getString("supplier_id"), rs.getString("worker_id"), rs.getString("fire_supplier_id"),
                    rs.getString("unroutable_reason"), rs.getString("routing_note"),
                    Sql.instant(rs, "response_deadline"), rs.getString("duty_supplier_id"),
                    incident == null ? null : ((Number) incident).longValue());
        }
        String routedTo = rs.getString("routed_to_kind");
        AlarmStatus status;
        int version = 0;
        Alarm.Fault fault = Alarm.Fault.NONE;
        if (routedTo == null) {
            status = AlarmStatus.received(receivedAt, SupplierKind.SUPERVISORS);
        } else {
            String response = rs.getString("response");
            String steps = rs.getString("escalation_steps");
            Set<String> done = steps == null || steps.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(steps.split(",")));
            status = new AlarmStatus(AlarmState.valueOf(rs.getString("state")), receivedAt,
                    SupplierKind.valueOf(routedTo), SupplierKind.valueOf(rs.getString("holder_kind")),
                    Sql.instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"), Sql.instant(rs, "responded_at"),
                    response == null ? null : ResponseKind.valueOf(response), rs.getString("help_worker_id"),
                    Sql.instant(rs, "forwarded_municipal_at"), Sql.instant(rs, "forwarded_fire_at"), done);
            version = rs.getInt("status_version");
            fault = Alarm.Fault.valueOf(rs.getString("fault"));
        }
        return new Alarm(rs.getLong("id"), rs.getString("account"), EventCategory.valueOf(rs.getString("category")),
                rs.getString("event_code"), rs.getString("event_qualifier"), rs.getString("zone_code"),
                rs.getString("area"), rs.getString("event_text"), rs.getString("data_block"), receivedAt, routing,
                status, rs.getString("holder_supplier_id"), fault, version, rs.getString("callback_address"));
    }

}
