package dk.vagtcentral.server.push;

import dk.vagtcentral.server.dispatch.Notifier.Notification;
import dk.vagtcentral.server.store.Database;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table {@code push_events}: notifications written in the transaction that causes them, read by every node's
 * {@link PushRelay} and by a reconnecting stream's catch-up, and deleted after {@link #RETENTION}.
 */
public final class PushLog {
    private static final Logger LOG = LoggerFactory.getLogger(PushLog.class);
    /** The PostgreSQL NOTIFY channel; the payload is the transaction's highest event id. */
    public static final String CHANNEL = "vagtcentral_push";
    /** How long rows are kept: bodies may name citizens, so one day at most. */
    public static final Duration RETENTION = Duration.ofHours(24);
    /** The column's size; a larger body (never seen in practice) is stored as its event alone. */
    static final int MAX_BODY = 1_000_000;

    /** What a stream that reconnects after an id is sent: the rows it missed, or {@code resync} to reload all. */
    public record Replay(boolean resync, List<PushEvent> events, long maxId) {
    }

    private final Database db;

    public PushLog(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /**
     * Writes {@code notifications} in {@code c}'s transaction (uncommitted) and returns them with their ids, in the
     * same order. On PostgreSQL also NOTIFY {@link #CHANNEL} with the highest id, which is delivered at commit.
     */
    public List<PushEvent> append(Connection c, List<Notification> notifications, Instant now) throws SQLException {
        if (notifications.isEmpty()) {
            return List.of();
        }
        List<PushEvent> out = new ArrayList<>(notifications.size());
        try (PreparedStatement p = c.prepareStatement("INSERT INTO push_events (created_at, address, event, body) "
                + "VALUES (?, ?, ?, ?)", new String[] {"id"})) {
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            for (Notification n : notifications) {
                String event = n.body().getString("event", "message");
                String body = n.body().encode();
                if (body.length() > MAX_BODY) {
                    LOG.warn("event=push.body_too_large address={} push_event={} chars={}", n.address(), event,
                            body.length());
                    body = new JsonObject().put("event", event).put("truncated", true).encode();
                }
                p.setObject(1, at);
                p.setString(2, n.address());
                p.setString(3, event);
                p.setString(4, body);
                p.addBatch();
            }
            p.executeBatch();
            try (ResultSet keys = p.getGeneratedKeys()) {
                for (Notification n : notifications) {
                    if (!keys.next()) {
                        throw new SQLException("the database returned fewer ids than push events written");
                    }
                    out.add(new PushEvent(keys.getLong(1), n.address(), n.body().getString("event", "message"),
                            n.body()));
                }
            }
        }
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
            long max = out.stream().mapToLong(PushEvent::id).max().orElseThrow();
            try (PreparedStatement p = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                p.setString(1, CHANNEL);
                p.setString(2, Long.toString(max));
                p.execute();
            }
        }
        return out;
    }

    /** The highest id written so far (0 for none). */
    public long maxId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(id) FROM push_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@link #maxId(Connection)} on a connection of the pool. */
    public long maxId() throws SQLException {
        try (Connection c = db.connection()) {
            try {
                return maxId(c);
            } finally {
                c.commit();
            }
        }
    }

    /** Up to {@code limit} rows with an id above {@code afterId}, oldest first (for the relay). */
    public List<PushEvent> after(Connection c, long afterId, int limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id, address, event, body FROM push_events WHERE id > ? "
                + "ORDER BY id FETCH FIRST " + limit + " ROWS ONLY")) {
            p.setLong(1, afterId);
            return read(p);
        }
    }

    /**
     * The rows of {@code addresses} with an id above {@code afterId}, oldest first, for a stream that reconnects; a
     * {@code resync} instead when rows after that id may have been deleted already (the oldest kept is newer), when
     * the id is one this database never gave (restored or replaced), or when more than {@code limit} were missed.
     */
    public Replay replay(List<String> addresses, long afterId, int limit) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                long min;
                long max;
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT MIN(id), MAX(id) FROM push_events")) {
                    rs.next();
                    min = rs.getLong(1);
                    max = rs.getLong(2);
                }
                if (afterId < 0 || afterId > max || afterId < min - 1) {
                    return new Replay(true, List.of(), max);
                }
                if (addresses.isEmpty() || afterId == max) {
                    return new Replay(false, List.of(), max);
                }
                String in = String.join(", ", Collections.nCopies(addresses.size(), "?"));
                try (PreparedStatement p = c.prepareStatement("SELECT id, address, event, body FROM push_events "
                        + "WHERE address IN (" + in + ") AND id > ? ORDER BY id FETCH FIRST " + (limit + 1)
                        + " ROWS ONLY")) {
                    int i = 1;
                    for (String a : addresses) {
                        p.setString(i++, a);
                    }
                    p.setLong(i, afterId);
                    List<PushEvent> rows = read(p);
                    return rows.size() > limit ? new Replay(true, List.of(), max) : new Replay(false, rows, max);
                }
            } finally {
                c.commit();
            }
        }
    }

    /** Deletes rows written more than {@link #RETENTION} before {@code now}; the number deleted. Idempotent. */
    public int purge(Instant now, dk.vagtcentral.server.cluster.Fence fence) throws SQLException {
        try (Connection c = db.connection()) {
            fence.check(c);
            try (PreparedStatement p = c.prepareStatement("DELETE FROM push_events WHERE created_at < ?")) {
                p.setObject(1, OffsetDateTime.ofInstant(now.minus(RETENTION), ZoneOffset.UTC));
                int n = p.executeUpdate();
                c.commit();
                if (n > 0) {
                    LOG.info("event=push.purged rows={}", n);
                }
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static List<PushEvent> read(PreparedStatement p) throws SQLException {
        List<PushEvent> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                JsonObject body;
                try {
                    body = new JsonObject(rs.getString(4));
                } catch (DecodeException e) {
                    LOG.warn("event=push.unreadable_body push_id={}", id);
                    body = new JsonObject().put("event", rs.getString(3));
                }
                out.add(new PushEvent(id, rs.getString(2), rs.getString(3), body));
            }
        }
        return out;
    }
}
