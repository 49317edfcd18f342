package dk.vagtcentral.server.store;

import dk.vagtcentral.server.config.ServerConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Rows put straight into the tables, as the dispatcher and the trail would have written them: fixtures for the
 * store and API tests that need a history without living through it.
 */
public final class StoreRows {
    private StoreRows() {
    }

    public static Database open(Path dir) {
        Database db = new Database(new ServerConfig.Store("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
                "", "", 2, 10, false), null);
        Migrations.apply(db);
        return db;
    }

    public static void reference(Connection c, String municipalityId, String... supplierIds) throws SQLException {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO municipalities (id, name, profile_id, version, "
                + "changed_at, changed_by) VALUES (?, ?, ?, 1, ?, 'test')")) {
            p.setString(1, municipalityId);
            p.setString(2, "Kommune " + municipalityId);
            p.setString(3, "viborg");
            p.setObject(4, ts(at));
            p.executeUpdate();
        }
        for (String s : supplierIds) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO suppliers (id, municipality_id, name, kind, "
                    + "version, changed_at, changed_by) VALUES (?, ?, ?, 'PRIVATE_CARE', 1, ?, 'test')")) {
                p.setString(1, s);
                p.setString(2, municipalityId);
                p.setString(3, "Supplier " + s);
                p.setObject(4, ts(at));
                p.executeUpdate();
            }
        }
    }

    public static long alarm(Connection c, Instant receivedAt, String category, String eventCode) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarms (account, source, message_id, data_block, "
                + "category, event_code, events, received_at, clock_suspect, state) "
                + "VALUES ('1001', 'DC09_TCP', 'ADM-CID', '#1001|1101 01 001', ?, ?, ?, ?, FALSE, 'RECEIVED')",
                new String[]{"id"})) {
            p.setString(1, category);
            p.setString(2, eventCode);
            p.setString(3, eventCode);
            p.setObject(4, ts(receivedAt));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public static void dispatch(Connection c, long alarmId, String handling, String municipalityId, String supplierId,
                         String citizenId, String state, Instant deadline, Instant respondedAt, String response,
                         Instant forwardedMunicipalAt, Instant forwardedFireAt) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_dispatch (alarm_id, handling, routed_at, "
                + "routing_target, citizen_id, municipality_id, supplier_id, response_deadline, state, "
                + "routed_to_kind, holder_kind, holder_supplier_id, responded_at, response, forwarded_municipal_at, "
                + "forwarded_fire_at, status_version) "
                + "VALUES (?, ?, ?, 'SUPPLIER', ?, ?, ?, ?, ?, 'PRIVATE_CARE', 'PRIVATE_CARE', ?, ?, ?, ?, ?, 1)")) {
            p.setLong(1, alarmId);
            p.setString(2, handling);
            p.setObject(3, ts(Instant.parse("2026-01-01T00:00:00Z")));
            p.setString(4, citizenId);
            p.setString(5, municipalityId);
            p.setString(6, supplierId);
            p.setObject(7, ts(deadline));
            p.setString(8, state);
            p.setString(9, supplierId);
            p.setObject(10, ts(respondedAt));
            p.setString(11, response);
            p.setObject(12, ts(forwardedMunicipalAt));
            p.setObject(13, ts(forwardedFireAt));
            p.executeUpdate();
        }
    }

    public static void timeline(Connection c, long alarmId, Instant at, String actor, String kind) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(Sql.INSERT_TIMELINE)) {
            Sql.bindTimeline(p, alarmId, at, actor, kind, null, null, kind + " by " + actor);
            p.executeUpdate();
        }
    }

    public static void deadline(Connection c, long alarmId, String step, Instant dueAt, Instant firedAt, String outcome,
                         boolean late) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_deadlines (alarm_id, step_id, due_at, "
                + "armed_at, fired_at, outcome, late) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, alarmId);
            p.setString(2, step);
            p.setObject(3, ts(dueAt));
            p.setObject(4, ts(dueAt.minusSeconds(600)));
            p.setObject(5, ts(firedAt));
            p.setString(6, outcome);
            p.setBoolean(7, late);
            p.executeUpdate();
        }
    }

    public static long justification(Connection c, long alarmId, String supplierId, String state, Instant dueAt)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO justifications (alarm_id, supplier_id, "
                + "municipality_id, forward_target, forwarded_at, due_at, state, created_at, row_version) "
                + "VALUES (?, ?, '791', 'MUNICIPAL_HOME_CARE', ?, ?, ?, ?, 1)", new String[]{"id"})) {
            p.setLong(1, alarmId);
            p.setString(2, supplierId);
            p.setObject(3, ts(dueAt.minus(Duration.ofDays(7))));
            p.setObject(4, ts(dueAt));
            p.setString(5, state);
            p.setObject(6, ts(dueAt.minus(Duration.ofDays(7))));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public static void charge(Connection c, long alarmId, String supplierId, String target, String amount, Instant at)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO charges (alarm_id, supplier_id, municipality_id, "
                + "target, amount_dkk, charged_at) VALUES (?, ?, '791', ?, ?, ?)")) {
            p.setLong(1, alarmId);
            p.setString(2, supplierId);
            p.setString(3, target);
            p.setBigDecimal(4, new BigDecimal(amount));
            p.setObject(5, ts(at));
            p.executeUpdate();
        }
    }

    public static long plan(Connection c, String supplierId, String state, Instant requiredAt) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO action_plans (supplier_id, municipality_id, state, "
                + "required_at, counting, threshold, row_version) VALUES (?, '791', ?, ?, 'ROLLING_30_DAYS', 2, 1)",
                new String[]{"id"})) {
            p.setString(1, supplierId);
            p.setString(2, state);
            p.setObject(3, ts(requiredAt));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public static void breach(Connection c, String supplierId, long planId, long alarmId, Instant raisedAt,
                              String state) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO breach_candidates (supplier_id, municipality_id, "
                + "action_plan_id, alarm_id, raised_at, state, row_version) VALUES (?, '791', ?, ?, ?, ?, 1)")) {
            p.setString(1, supplierId);
            p.setLong(2, planId);
            p.setLong(3, alarmId);
            p.setObject(4, ts(raisedAt));
            p.setString(5, state);
            p.executeUpdate();
        }
    }

    public static int count(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            int n = rs.getInt(1);
            c.commit();
            return n;
        }
    }

    public static OffsetDateTime ts(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
