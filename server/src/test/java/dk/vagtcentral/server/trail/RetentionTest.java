package dk.vagtcentral.server.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Old alarms go with everything hanging on them; alarms an open case needs stay, and so do recent ones. Small chunks
 * so that the purge runs over several transactions.
 */
class RetentionTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final Duration KEEP = Duration.ofDays(365);
    static final Instant OLD = NOW.minus(Duration.ofDays(400));
    static final int PLAIN_OLD = 23;

    @TempDir
    Path dir;
    Database db;

    long closedOld;
    long openJustification;
    long requiredPlan;
    long followUpPlan;
    long dismissedBreach;
    long recent;
    long justOld;
    long openJustificationId;
    List<Long> plainOld = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        db = new Database(new ServerConfig.Store("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "", "", 2, 10,
                false), null);
        Migrations.apply(db);
        try (Connection c = db.connection()) {
            // closed long ago, with every kind of row hanging on it; its case was decided and the plan approved
            closedOld = callWithTrail(c, OLD);
            long closedJustification = justification(c, closedOld, "ACCEPTED");
            version(c, closedJustification);
            charge(c, closedOld);
            long approved = plan(c, "APPROVED", NOW.minus(Duration.ofDays(100)));
            planAlarm(c, approved, closedOld);

            openJustification = callWithTrail(c, OLD.plusSeconds(60));
            openJustificationId = justification(c, openJustification, "OPEN");
            version(c, openJustificationId);

            requiredPlan = callWithTrail(c, OLD.plusSeconds(120));
            planAlarm(c, plan(c, "REQUIRED", null), requiredPlan);

            followUpPlan = callWithTrail(c, OLD.plusSeconds(180));
            long following = plan(c, "APPROVED", NOW.plus(Duration.ofDays(30)));
            planAlarm(c, following, followUpPlan);

            dismissedBreach = callWithTrail(c, OLD.plusSeconds(240));
            breach(c, approved, dismissedBreach, "DISMISSED");

            for (int i = 0; i < PLAIN_OLD; i++) {
                plainOld.add(callWithTrail(c, OLD.plus(Duration.ofHours(i + 1))));
            }
            justOld = callWithTrail(c, NOW.minus(KEEP).minusSeconds(1));
            recent = callWithTrail(c, NOW.minus(KEEP));
            callWithTrail(c, NOW.minus(Duration.ofDays(3)));
            c.commit();
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void deletesOldAlarmsWithEverythingOnThemAndKeepsOpenCasesAndRecentOnes() throws SQLException {
        Retention retention = new Retention(db, KEEP, 7);

        Retention.Result first = retention.purge(NOW, dk.vagtcentral.server.cluster.Fence.NONE);

        assertThat(first.alarmsDeleted()).isEqualTo(1 + PLAIN_OLD + 1);
        assertThat(first.alarmsKeptForOpenCases()).isEqualTo(4);
        assertThat(ids("SELECT id FROM alarms ORDER BY id")).containsExactlyInAnyOrder(openJustification,
                requiredPlan, followUpPlan, dismissedBreach, recent, recent + 1);
        for (long gone : List.of(closedOld, justOld, plainOld.get(0), plainOld.get(PLAIN_OLD - 1))) {
            for (String table : List.of("alarm_timeline", "alarm_deadlines", "webhook_deliveries", "alarm_dispatch",
                    "charges", "justifications", "action_plan_alarms")) {
                assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE alarm_id = " + gone))
                        .as(table + " of alarm " + gone).isZero();
            }
        }
        assertThat(count("SELECT COUNT(*) FROM justification_versions")).isEqualTo(1);
        for (long kept : List.of(openJustification, requiredPlan, recent)) {
            assertThat(count("SELECT COUNT(*) FROM alarm_timeline WHERE alarm_id = " + kept)).isEqualTo(2);
            assertThat(count("SELECT COUNT(*) FROM alarm_deadlines WHERE alarm_id = " + kept)).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM alarm_dispatch WHERE alarm_id = " + kept)).isEqualTo(1);
        }
        assertThat(count("SELECT COUNT(*) FROM action_plans")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM breach_candidates")).isEqualTo(1);

        Retention.Result second = retention.purge(NOW, dk.vagtcentral.server.cluster.Fence.NONE);
        assertThat(second).isEqualTo(new Retention.Result(0, 4));
        assertThat(count("SELECT COUNT(*) FROM alarms")).isEqualTo(6);
    }

    @Test
    void anAlarmGoesOnceItsCaseIsClosed() throws SQLException {
        Retention retention = new Retention(db, KEEP);
        retention.purge(NOW, dk.vagtcentral.server.cluster.Fence.NONE);
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("UPDATE justifications SET state = 'ACCEPTED' WHERE id = ?")) {
            p.setLong(1, openJustificationId);
            p.executeUpdate();
            c.commit();
        }

        assertThat(retention.purge(NOW, dk.vagtcentral.server.cluster.Fence.NONE)).isEqualTo(new Retention.Result(1, 3));
        assertThat(count("SELECT COUNT(*) FROM alarms WHERE id = " + openJustification)).isZero();
        assertThat(count("SELECT COUNT(*) FROM justification_versions")).isZero();
    }

    @Test
    void aCallNobodyClosedIsKeptHoweverOld() throws SQLException {
        long open;
        try (Connection c = db.connection()) {
            open = callWithTrail(c, OLD.plusSeconds(300));
            try (PreparedStatement p = c.prepareStatement("INSERT INTO open_alarms (alarm_id, account, citizen_id) "
                    + "VALUES (?, '1001', 'c-1')")) {
                p.setLong(1, open);
                p.executeUpdate();
            }
            c.commit();
        }

        Retention.Result result = new Retention(db, KEEP).purge(NOW, dk.vagtcentral.server.cluster.Fence.NONE);

        assertThat(result.alarmsKeptForOpenCases()).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM alarms WHERE id = " + open)).isOne();
        assertThat(count("SELECT COUNT(*) FROM open_alarms WHERE alarm_id = " + open)).isOne();
    }

    @Test
    void keepMustBePositive() {
        assertThatThrownBy(() -> new Retention(db, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Retention(db, Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Retention(db, null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- rows

    /** A closed call with two timeline lines, a disarmed deadline and a delivered webhook. */
    private static long callWithTrail(Connection c, Instant receivedAt) throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarms (account, source, message_id, data_block, "
                + "category, event_code, events, received_at, clock_suspect, state) "
                + "VALUES ('1001', 'DC09_TCP', 'ADM-CID', '#1001|1101', 'EMERGENCY', 'E101', 'E101', ?, FALSE, "
                + "'RECEIVED')", new String[]{"id"})) {
            p.setObject(1, ts(receivedAt));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_dispatch (alarm_id, handling, routed_at, "
                + "routing_target, citizen_id, municipality_id, supplier_id, state, routed_to_kind, holder_kind, "
                + "status_version) VALUES (?, 'CALL', ?, 'SUPPLIER', 'c-1', '791', 'omsorg', 'CLOSED', 'PRIVATE_CARE', "
                + "'PRIVATE_CARE', 3)")) {
            p.setLong(1, id);
            p.setObject(2, ts(receivedAt));
            p.executeUpdate();
        }
        for (String kind : List.of("RECEIVED", "CLOSED")) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_timeline (alarm_id, occurred_at, actor, "
                    + "kind) VALUES (?, ?, 'system', ?)")) {
                p.setLong(1, id);
                p.setObject(2, ts(receivedAt));
                p.setString(3, kind);
                p.executeUpdate();
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarm_deadlines (alarm_id, step_id, due_at, armed_at, "
                + "fired_at, outcome) VALUES (?, 'renotify-backup', ?, ?, ?, 'DISARMED')")) {
            p.setLong(1, id);
            p.setObject(2, ts(receivedAt.plusSeconds(180)));
            p.setObject(3, ts(receivedAt));
            p.setObject(4, ts(receivedAt.plusSeconds(60)));
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO webhook_deliveries (alarm_id, supplier_id, url, event, "
                + "payload, created_at, attempts, next_attempt_at, delivered_at) "
                + "VALUES (?, 'omsorg', 'https://omsorg.example/hook', 'alarm.new', '{}', ?, 1, ?, ?)")) {
            p.setLong(1, id);
            p.setObject(2, ts(receivedAt));
            p.setObject(3, ts(receivedAt));
            p.setObject(4, ts(receivedAt.plusSeconds(1)));
            p.executeUpdate();
        }
        return id;
    }

    private static long justification(Connection c, long alarmId, String state) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO justifications (alarm_id, supplier_id, "
                + "municipality_id, forward_target, forwarded_at, due_at, state, created_at, row_version) "
                + "VALUES (?, 'omsorg', '791', 'MUNICIPAL_HOME_CARE', ?, ?, ?, ?, 1)", new String[]{"id"})) {
            p.setLong(1, alarmId);
            p.setObject(2, ts(OLD));
            p.setObject(3, ts(OLD.plus(Duration.ofDays(7))));
            p.setString(4, state);
            p.setObject(5, ts(OLD));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void version(Connection c, long justificationId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO justification_versions (justification_id, version, "
                + "text, author, submitted_at, in_time) VALUES (?, 1, 'why', 'desk:anna', ?, TRUE)")) {
            p.setLong(1, justificationId);
            p.setObject(2, ts(OLD.plus(Duration.ofDays(1))));
            p.executeUpdate();
        }
    }

    private static void charge(Connection c, long alarmId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO charges (alarm_id, supplier_id, municipality_id, "
                + "target, amount_dkk, charged_at) VALUES (?, 'omsorg', '791', 'MUNICIPAL_HOME_CARE', 500.00, ?)")) {
            p.setLong(1, alarmId);
            p.setObject(2, ts(OLD));
            p.executeUpdate();
        }
    }

    private static long plan(Connection c, String state, Instant followUpUntil) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO action_plans (supplier_id, municipality_id, state, "
                + "required_at, counting, threshold, follow_up_until, row_version) "
                + "VALUES ('omsorg', '791', ?, ?, 'ROLLING_30_DAYS', 2, ?, 1)", new String[]{"id"})) {
            p.setString(1, state);
            p.setObject(2, ts(OLD));
            p.setObject(3, ts(followUpUntil));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void planAlarm(Connection c, long planId, long alarmId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO action_plan_alarms (action_plan_id, alarm_id, "
                + "forwarded_at, role) VALUES (?, ?, ?, 'TRIGGER')")) {
            p.setLong(1, planId);
            p.setLong(2, alarmId);
            p.setObject(3, ts(OLD));
            p.executeUpdate();
        }
    }

    private static void breach(Connection c, long planId, long alarmId, String state) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO breach_candidates (supplier_id, municipality_id, "
                + "action_plan_id, alarm_id, raised_at, state, row_version) VALUES ('omsorg', '791', ?, ?, ?, ?, 1)")) {
            p.setLong(1, planId);
            p.setLong(2, alarmId);
            p.setObject(3, ts(OLD));
            p.setString(4, state);
            p.executeUpdate();
        }
    }

    private int count(String sql) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            int n = rs.getInt(1);
            c.commit();
            return n;
        }
    }

    private List<Long> ids(String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            c.commit();
        }
        return out;
    }

    private static OffsetDateTime ts(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
