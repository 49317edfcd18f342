package dk.vagtcentral.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC helpers shared by the store classes: instants travel as UTC OffsetDateTime. */
final class Sql {
    static final String INSERT_TIMELINE = "INSERT INTO alarm_timeline "
            + "(alarm_id, occurred_at, actor, kind, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private Sql() {
    }

    /** Runs a single-row insert prepared with generated keys; returns the new row's id. */
    static long insertReturningId(PreparedStatement p) throws SQLException {
        p.executeUpdate();
        try (ResultSet keys = p.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the database returned no generated id");
            }
            return keys.getLong(1);
        }
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static void bindTimeline(PreparedStatement p, long alarmId, Instant at, String actor, String kind,
                             String fromState, String toState, String detail) throws SQLException {
        p.setLong(1, alarmId);
        p.setObject(2, timestamp(at));
        p.setString(3, actor);
        p.setString(4, kind);
        p.setString(5, fromState);
        p.setString(6, toState);
        p.setString(7, detail);
    }
}
