package dk.vagtcentral.server.store;

import dk.vagtcentral.server.domain.Charges;
import dk.vagtcentral.server.domain.EscalationLadder;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.MonthlyStatement;
import dk.vagtcentral.server.domain.ResponseWindow;
import dk.vagtcentral.server.domain.SupplierFigures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads for municipal supervisors: a supplier's calls (for {@link SupplierFigures}), its overdue justifications,
 * the escalations that acted, and what goes on a {@link MonthlyStatement}. Read-only; blocking JDBC, so call it
 * from a worker thread. Periods are half-open, {@code [from, to)}.
 */
public final class ReportQueries {
    /** Step name of an escalation a person made (a forward from the desk or a supervisor), not a ladder step. */
    public static final String MANUAL_STEP = "manual";
    /** {@link Escalation#kind()} values. */
    public static final String RENOTIFIED = "RENOTIFIED";
    public static final String FORWARDED_MUNICIPAL = "FORWARDED_MUNICIPAL";
    public static final String FORWARDED_FIRE = "FORWARDED_FIRE";
    /** {@link MonthlyStatement.Registration#kind()} values. */
    public static final String EMERGENCY_CALL = "EMERGENCY_CALL";
    public static final String ACUTE_RESPONSE = "ACUTE_RESPONSE";

    /**
     * One escalation: a ladder step that acted on a call, or a forward a person made.
     *
     * @param step   the ladder step id, or {@link #MANUAL_STEP}
     * @param dueAt  when the step was due; null for a manual forward
     * @param firedAt when it acted (the forward's time for a manual one)
     * @param late   whether the step acted later than its due time allowed (always false for a manual forward)
     * @param kind   {@link #RENOTIFIED}, {@link #FORWARDED_MUNICIPAL} or {@link #FORWARDED_FIRE}
     * @param supplierPhone         the supplier's 24/7 phone as on record now (so a supervisor can ring it at once),
     *                              or null
     * @param supplierContactPerson who to ask for on it, as on record now, or null
     */
    public record Escalation(long alarmId, String municipalityId, String supplierId, String step, Instant dueAt,
                             Instant firedAt, boolean late, String kind, String supplierPhone,
                             String supplierContactPerson) {

        /** An escalation without the supplier's phone and contact person (a page cursor needs only its key). */
        public Escalation(long alarmId, String municipalityId, String supplierId, String step, Instant dueAt,
                          Instant firedAt, boolean late, String kind) {
            this(alarmId, municipalityId, supplierId, step, dueAt, firedAt, late, kind, null, null);
        }
    }

    private final Database db;

    public ReportQueries(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** A care supplier of a municipality, for the comparison. */
    public record CareSupplier(String id, String name, String kind) {
    }

    /**
     * The municipality's care suppliers (private care first, then municipal home care; by name): those who answer
     * calls. Fire-and-rescue is left out: it keeps no response window of its own here.
     */
    public List<CareSupplier> careSuppliers(String municipalityId) throws SQLException {
        List<CareSupplier> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT id, name, kind FROM suppliers WHERE municipality_id = ? "
                     + "AND kind IN ('PRIVATE_CARE', 'MUNICIPAL_HOME_CARE') "
                     + "ORDER BY CASE WHEN kind = 'PRIVATE_CARE' THEN 0 ELSE 1 END, name, id")) {
            p.setString(1, municipalityId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new CareSupplier(rs.getString("id"), rs.getString("name"), rs.getString("kind")));
                }
            }
            c.commit();
        }
        return out;
    }

    /** Whether a supplier with this id is on record. */
    public boolean supplierExists(String supplierId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT 1 FROM suppliers WHERE id = ?")) {
            p.setString(1, supplierId);
            try (ResultSet rs = p.executeQuery()) {
                boolean found = rs.next();
                c.commit();
                return found;
            }
        }
    }

    /**
     * The calls (handling CALL) {@code supplierId} had to answer, received in {@code [from, to)}, oldest first: those
     * routed to it (not fire alarms, which fire-and-rescue holds) and those it owed while nobody was on its roster. A
     * call without a stored response deadline (a fallback) gets receipt + the default 30-minute window.
     */
    public List<SupplierFigures.Call> calls(String supplierId, Instant from, Instant to) throws SQLException {
        List<SupplierFigures.Call> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT a.id, a.received_at, d.responded_at, d.response_deadline, "
                     + "d.forwarded_municipal_at, d.forwarded_fire_at, d.state FROM alarms a "
                     + "JOIN alarm_dispatch d ON d.alarm_id = a.id "
                     + "WHERE d.handling = 'CALL' AND (d.duty_supplier_id = ? OR (d.supplier_id = ? "
                     + "AND d.routed_to_kind <> 'FIRE_AND_RESCUE')) AND a.received_at >= ? AND a.received_at < ? "
                     + "ORDER BY a.received_at, a.id")) {
            p.setString(1, supplierId);
            p.setString(2, supplierId);
            p.setObject(3, Sql.timestamp(from));
            p.setObject(4, Sql.timestamp(to));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Instant received = Sql.instant(rs, "received_at");
                    Instant deadline = Sql.instant(rs, "response_deadline");
                    Instant responded = Sql.instant(rs, "responded_at");
                    out.add(new SupplierFigures.Call(rs.getLong("id"), received, responded,
                            deadline == null ? ResponseWindow.DEFAULT.deadline(received) : deadline,
                            Sql.instant(rs, "forwarded_municipal_at") != null
                                    || Sql.instant(rs, "forwarded_fire_at") != null,
                            responded == null && "CANCELLED".equals(rs.getString("state"))));
                }
            }
            c.commit();
        }
        return out;
    }

    /** The supplier's justifications that are due and not given at {@code now}: OPEN or REJECTED, due before now. */
    public int overdueJustifications(String supplierId, Instant now) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM justifications WHERE supplier_id = ? "
                     + "AND state IN ('OPEN', 'REJECTED') AND due_at < ?")) {
            p.setString(1, supplierId);
            p.setObject(2, Sql.timestamp(now));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                int n = rs.getInt(1);
                c.commit();
                return n;
            }
        }
    }

    /**
     * The escalations that acted, newest first: ladder deadlines with outcome ACTED, and forwards that a person made
     * (timeline FORWARDED_MUNICIPAL / FORWARDED_FIRE by anyone but {@code system:escalation}, as step
     * {@link #MANUAL_STEP}). Every filter may be null (any); {@code from}/{@code to} bound the time it acted;
     * {@code step} is a ladder step id or {@link #MANUAL_STEP}.
     */
    public List<Escalation> escalations(String municipalityId, String supplierId, Instant from, Instant to,
                                        String step, int limit) throws SQLException {
        return escalations(municipalityId, supplierId, from, to, step, null, limit);
    }

    /** Newest first: the time it acted, then alarm id, step and kind (all descending), so a page ends exactly. */
    public static final Comparator<Escalation> NEWEST_FIRST = Comparator.comparing(Escalation::firedAt)
            .thenComparingLong(Escalation::alarmId).thenComparing(Escalation::step).thenComparing(Escalation::kind)
            .reversed();

    /** As above, the page that follows {@code after} (the last item of the previous page; null for the first). */
    public List<Escalation> escalations(String municipalityId, String supplierId, Instant from, Instant to,
                                        String step, Escalation after, int limit) throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        // each source is read from the previous page's (time, alarm) inclusive, a few more than a page: the items
        // tied with the last one on both are few (one alarm's steps at one instant) and are dropped below
        int fetch = after == null ? limit : limit + 8;
        List<Escalation> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            if (step == null || !step.equals(MANUAL_STEP)) {
                out.addAll(ladderEscalations(c, municipalityId, supplierId, from, to, step, after, fetch));
            }
            if (step == null || step.equals(MANUAL_STEP)) {
                out.addAll(manualForwards(c, municipalityId, supplierId, from, to, after, fetch));
            }
            c.commit();
        }
        if (after != null) {
            out.removeIf(e -> NEWEST_FIRST.compare(e, after) <= 0);
        }
        out.sort(NEWEST_FIRST);
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    private static void notNewerThan(StringBuilder sql, List<Object> args, String timeColumn, String alarmColumn,
                                     Escalation after) {
        if (after != null) {
            sql.append(" AND (").append(timeColumn).append(" < ? OR (").append(timeColumn).append(" = ? AND ")
                    .append(alarmColumn).append(" <= ?))");
            args.add(Sql.timestamp(after.firedAt()));
            args.add(Sql.timestamp(after.firedAt()));
            args.add(after.alarmId());
        }
    }

    private static List<Escalation> ladderEscalations(Connection c, String municipalityId, String supplierId,
                                                      Instant from, Instant to, String step, Escalation after,
                                                      int limit)
            throws SQLException {
        // What the step did is on the alarm's timeline: the line the escalation wrote when it claimed the deadline
        // (same transaction, same instant). Failing that, the forward timestamps on the dispatch row tell.
        StringBuilder sql = new StringBuilder("SELECT dl.alarm_id, d.municipality_id, d.supplier_id, dl.step_id, "
                + "dl.due_at, dl.fired_at, dl.late, d.forwarded_municipal_at, d.forwarded_fire_at, "
                + "s.phone AS supplier_phone, s.contact_person AS supplier_contact_person, "
                + "(SELECT MIN(t.kind) FROM alarm_timeline t WHERE t.alarm_id = dl.alarm_id AND t.actor = ? "
                + "AND t.kind IN ('RENOTIFIED', 'FORWARDED_MUNICIPAL', 'FORWARDED_FIRE') "
                + "AND t.occurred_at = dl.fired_at) AS timeline_kind "
                + "FROM alarm_deadlines dl JOIN alarm_dispatch d ON d.alarm_id = dl.alarm_id "
                + "LEFT JOIN suppliers s ON s.id = d.supplier_id WHERE dl.outcome = 'ACTED'");
        List<Object> args = new ArrayList<>();
        args.add(EscalationLadder.ACTOR);
        filters(sql, args, municipalityId, supplierId, from, to, "dl.fired_at");
        notNewerThan(sql, args, "dl.fired_at", "dl.alarm_id", after);
        if (step != null) {
            sql.append(" AND dl.step_id = ?");
            args.add(step);
        }
        sql.append(" ORDER BY dl.fired_at DESC, dl.alarm_id DESC LIMIT ").append(limit);
        List<Escalation> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Instant fired = Sql.instant(rs, "fired_at");
                    String kind = rs.getString("timeline_kind");
                    if (kind == null) {
                        if (fired.equals(Sql.instant(rs, "forwarded_fire_at"))) {
                            kind = FORWARDED_FIRE;
                        } else if (fired.equals(Sql.instant(rs, "forwarded_municipal_at"))) {
                            kind = FORWARDED_MUNICIPAL;
                        } else {
                            kind = RENOTIFIED;
                        }
                    }
                    out.add(new Escalation(rs.getLong("alarm_id"), rs.getString("municipality_id"),
                            rs.getString("supplier_id"), rs.getString("step_id"), Sql.instant(rs, "due_at"), fired,
                            rs.getBoolean("late"), kind, rs.getString("supplier_phone"),
                            rs.getString("supplier_contact_person")));
                }
            }
        }
        return out;
    }

    private static List<Escalation> manualForwards(Connection c, String municipalityId, String supplierId,
                                                   Instant from, Instant to, Escalation after, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT t.alarm_id, d.municipality_id, d.supplier_id, t.occurred_at, "
                + "t.kind, s.phone AS supplier_phone, s.contact_person AS supplier_contact_person "
                + "FROM alarm_timeline t JOIN alarm_dispatch d ON d.alarm_id = t.alarm_id "
                + "LEFT JOIN suppliers s ON s.id = d.supplier_id WHERE t.kind IN ('FORWARDED_MUNICIPAL', 'FORWARDED_FIRE') AND t.actor <> ?");
        List<Object> args = new ArrayList<>();
        args.add(EscalationLadder.ACTOR);
        filters(sql, args, municipalityId, supplierId, from, to, "t.occurred_at");
        notNewerThan(sql, args, "t.occurred_at", "t.alarm_id", after);
        sql.append(" ORDER BY t.occurred_at DESC, t.alarm_id DESC LIMIT ").append(limit);
        List<Escalation> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Escalation(rs.getLong("alarm_id"), rs.getString("municipality_id"),
                            rs.getString("supplier_id"), MANUAL_STEP, null, Sql.instant(rs, "occurred_at"), false,
                            rs.getString("kind"), rs.getString("supplier_phone"),
                            rs.getString("supplier_contact_person")));
                }
            }
        }
        return out;
    }

    /**
     * What the supplier registers for settlement in {@code [from, to)} (003 Odder §4.9 "Alle akutte besøg, herunder
     * nødkald"; 002 Viborg §8.3): one {@link #EMERGENCY_CALL} per call routed to it and received in the period
     * (at receipt; detail "category event-code, final state"), and one {@link #ACUTE_RESPONSE} per such call whose
     * response was recorded in the period (at the response; detail "response kind, in time|late", plus "after
     * forward" when the call had been forwarded before the response was recorded). Ordered by time, then alarm id.
     */
    public List<MonthlyStatement.Registration> registrations(String supplierId, Instant from, Instant to)
            throws SQLException {
        List<MonthlyStatement.Registration> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement("SELECT a.id, a.received_at, a.category, a.event_code, "
                    + "d.state FROM alarms a JOIN alarm_dispatch d ON d.alarm_id = a.id "
                    + "WHERE d.handling = 'CALL' AND d.supplier_id = ? AND a.received_at >= ? AND a.received_at < ? "
                    + "ORDER BY a.received_at, a.id")) {
                p.setString(1, supplierId);
                p.setObject(2, Sql.timestamp(from));
                p.setObject(3, Sql.timestamp(to));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MonthlyStatement.Registration(rs.getLong("id"), Sql.instant(rs, "received_at"),
                                EMERGENCY_CALL, rs.getString("category") + " " + rs.getString("event_code") + ", "
                                + rs.getString("state")));
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT a.id, a.received_at, d.responded_at, d.response, "
                    + "d.response_deadline, d.forwarded_municipal_at, d.forwarded_fire_at FROM alarms a "
                    + "JOIN alarm_dispatch d ON d.alarm_id = a.id WHERE d.handling = 'CALL' AND d.supplier_id = ? "
                    + "AND d.responded_at IS NOT NULL AND d.responded_at >= ? AND d.responded_at < ? "
                    + "ORDER BY d.responded_at, a.id")) {
                p.setString(1, supplierId);
                p.setObject(2, Sql.timestamp(from));
                p.setObject(3, Sql.timestamp(to));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Instant received = Sql.instant(rs, "received_at");
                        Instant responded = Sql.instant(rs, "responded_at");
                        Instant deadline = Sql.instant(rs, "response_deadline");
                        if (deadline == null) {
                            deadline = ResponseWindow.DEFAULT.deadline(received);
                        }
                        String response = rs.getString("response");
                        String detail = (response == null ? "response" : response) + ", "
                                + (responded.isBefore(deadline) ? "in time" : "late");
                        if (before(Sql.instant(rs, "forwarded_municipal_at"), responded)
                                || before(Sql.instant(rs, "forwarded_fire_at"), responded)) {
                            detail += ", after forward";
                        }
                        out.add(new MonthlyStatement.Registration(rs.getLong("id"), responded, ACUTE_RESPONSE, detail));
                    }
                }
            }
            c.commit();
        }
        out.sort(Comparator.comparing(MonthlyStatement.Registration::at)
                .thenComparingLong(MonthlyStatement.Registration::alarmId));
        return out;
    }

    /** The supplier's call-out charges made in {@code [from, to)}, oldest first. */
    public List<Charges.Charge> charges(String supplierId, Instant from, Instant to) throws SQLException {
        List<Charges.Charge> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT id, alarm_id, supplier_id, target, amount_dkk, charged_at "
                     + "FROM charges WHERE supplier_id = ? AND charged_at >= ? AND charged_at < ? "
                     + "ORDER BY charged_at, alarm_id, id")) {
            p.setString(1, supplierId);
            p.setObject(2, Sql.timestamp(from));
            p.setObject(3, Sql.timestamp(to));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String target = rs.getString("target");
                    ForwardTarget forwardTarget;
                    try {
                        forwardTarget = ForwardTarget.valueOf(target);
                    } catch (IllegalArgumentException e) {
                        throw new SQLException("charge " + rs.getLong("id") + " has an unknown target " + target, e);
                    }
                    out.add(new Charges.Charge(rs.getLong("alarm_id"), rs.getString("supplier_id"), forwardTarget,
                            rs.getBigDecimal("amount_dkk"), Sql.instant(rs, "charged_at")));
                }
            }
            c.commit();
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static boolean before(Instant forwardedAt, Instant respondedAt) {
        return forwardedAt != null && !forwardedAt.isAfter(respondedAt);
    }

    private static void filters(StringBuilder sql, List<Object> args, String municipalityId, String supplierId,
                                Instant from, Instant to, String timeColumn) {
        if (municipalityId != null) {
            sql.append(" AND d.municipality_id = ?");
            args.add(municipalityId);
        }
        if (supplierId != null) {
            sql.append(" AND d.supplier_id = ?");
            args.add(supplierId);
        }
        if (from != null) {
            sql.append(" AND ").append(timeColumn).append(" >= ?");
            args.add(Sql.timestamp(from));
        }
        if (to != null) {
            sql.append(" AND ").append(timeColumn).append(" < ?");
            args.add(Sql.timestamp(to));
        }
    }

    private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            p.setObject(i + 1, args.get(i));
        }
    }
}
