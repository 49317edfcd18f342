package dk.vagtcentral.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads alarms and their timelines. Blocking JDBC: call from a worker thread, never an event loop. */
public final class AlarmQueries {
    /** The state shown is the dispatcher's (alarm_dispatch), RECEIVED until the alarm is routed. */
    private static final String COLUMNS = "a.id, a.account, a.source, a.message_id, a.seq_no, a.data_block, "
            + "a.extended_data, a.category, a.event_code, a.event_qualifier, a.zone_code, a.area, a.events, a.event_text, "
            + "a.device_time, a.received_at, a.clock_suspect, a.clock_drift_ms, a.callback_address, "
            + "COALESCE(d.state, a.state) AS state";
    private static final String FROM = " FROM alarms a LEFT JOIN alarm_dispatch d ON d.alarm_id = a.id";

    public record Page(List<StoredAlarm> items, Long nextAfterId) {
    }

    private final Database db;

    public AlarmQueries(Database db) {
        this.db = db;
    }

    public Optional<StoredAlarm> find(long id) throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE a.id = ?")) {
                p.setLong(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        c.commit();
                        return Optional.empty();
                    }
                    StoredAlarm alarm = map(rs, timeline(c, id));
                    c.commit();
                    return Optional.of(alarm);
                }
            }
        }
    }

    /** Alarms in id order after {@code afterId}, optionally of one account; one more than asked tells if there is a next page. */
    public Page list(String account, long afterId, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + FROM + " WHERE a.id > ?" + (account == null ? "" : " AND a.account = ?")
                + " ORDER BY a.id LIMIT ?";
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setLong(i++, afterId);
            if (account != null) {
                p.setString(i++, account);
            }
            p.setInt(i, limit + 1);
            List<StoredAlarm> items = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    items.add(map(rs, List.of()));
                }
            }
            c.commit();
            Long next = null;
            if (items.size() > limit) {
                items.remove(items.size() - 1);
                next = items.get(items.size() - 1).id();
            }
            return new Page(items, next);
        }
    }

    public long count() throws SQLException {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM alarms");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        }
    }

    private static List<StoredAlarm.TimelineEntry> timeline(Connection c, long alarmId) throws SQLException {
        List<StoredAlarm.TimelineEntry> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, occurred_at, actor, kind, from_state, to_state, detail "
                + "FROM alarm_timeline WHERE alarm_id = ? ORDER BY id")) {
            p.setLong(1, alarmId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredAlarm.TimelineEntry(rs.getLong("id"), Sql.instant(rs, "occurred_at"),
                            rs.getString("actor"), rs.getString("kind"), rs.getString("from_state"),
                            rs.getString("to_state"), rs.getString("detail")));
                }
            }
        }
        return out;
    }

    private static StoredAlarm map(ResultSet rs, List<StoredAlarm.TimelineEntry> timeline) throws SQLException {
        int seq = rs.getInt("seq_no");
        Integer sequence = rs.wasNull() ? null : seq;
        long drift = rs.getLong("clock_drift_ms");
        Long driftMillis = rs.wasNull() ? null : drift;
        return new StoredAlarm(rs.getLong("id"), rs.getString("account"), rs.getString("source"),
                rs.getString("message_id"), sequence, rs.getString("data_block"), rs.getString("extended_data"),
                rs.getString("category"), rs.getString("event_code"), rs.getString("event_qualifier"),
                rs.getString("zone_code"), rs.getString("area"), rs.getString("events"), rs.getString("event_text"),
                Sql.instant(rs, "device_time"), Sql.instant(rs, "received_at"), rs.getBoolean("clock_suspect"),
                driftMillis, rs.getString("state"), timeline, rs.getString("callback_address"));
    }
}
