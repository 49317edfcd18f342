package dk.vagtcentral.server.store;

import dk.vagtcentral.server.cluster.Fence;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox of webhook deliveries ({@code webhook_deliveries}, V003). A row is written by whoever causes
 * the webhook, in that transaction ({@link #enqueue}); the sender takes the due rows ({@link #due}) and
 * records each attempt ({@link #recordAttempt}) together with a line on the alarm's timeline. Delivery is
 * at least once: a row is only marked delivered after the receiver answered 2xx.
 */
public final class WebhookOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutbox.class);

    public static final String ACTOR = "system:webhook";
    public static final String KIND_DELIVERED = "WEBHOOK_DELIVERED";
    public static final String KIND_FAILED = "WEBHOOK_FAILED";
    public static final String KIND_GAVE_UP = "WEBHOOK_GAVE_UP";

    private static final int LAST_ERROR_MAX = 500;
    private static final int DETAIL_MAX = 2000;
    private static final String COLUMNS = "id, alarm_id, supplier_id, url, event, payload, created_at, attempts, "
            + "next_attempt_at, delivered_at, gave_up_at, last_error";
    private static final String PENDING = "delivered_at IS NULL AND gave_up_at IS NULL";

    /** A pending delivery, as the sender needs it. {@code attempts} is the number of attempts made so far. */
    public record Delivery(long id, long alarmId, String supplierId, String url, String event, String payload,
                           int attempts) {
    }

    /** Where a delivery stands: {@link #PENDING} until delivered or given up. */
    public enum Status { PENDING, DELIVERED, GAVE_UP }

    /**
     * A delivery as listed for an alarm (for the API). The URL is given as {@code target}: scheme, host, port
     * and path only, since query strings and user info often carry the receiver's secrets. The payload is
     * left out (it may describe the citizen).
     */
    public record StoredDelivery(long id, long alarmId, String supplierId, String target, String event,
                                 Instant createdAt, int attempts, Instant nextAttemptAt, Instant deliveredAt,
                                 Instant gaveUpAt, String lastError) {
        public Status status() {
            if (deliveredAt != null) {
                return Status.DELIVERED;
            }
            return gaveUpAt != null ? Status.GAVE_UP : Status.PENDING;
        }
    }

    private final Database db;

    public WebhookOutbox(Database db) {
        this.db = db;
    }

    /**
     * Adds a delivery in the caller's transaction (no commit): attempts 0, first attempt due {@code now}.
     * The sender should be woken after the caller's commit.
     */
    public static void enqueue(Connection c, long alarmId, String supplierId, String url, String event,
                               String payloadJson, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO webhook_deliveries "
                + "(alarm_id, supplier_id, url, event, payload, created_at, attempts, next_attempt_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, 0, ?)")) {
            p.setLong(1, alarmId);
            p.setString(2, supplierId);
            p.setString(3, url);
            p.setString(4, event);
            p.setString(5, payloadJson);
            p.setObject(6, Sql.timestamp(now));
            p.setObject(7, Sql.timestamp(now));
            p.executeUpdate();
        }
    }

    /** Pending deliveries due at {@code now}, the longest-waiting first, at most {@code limit}. */
    public List<Delivery> due(Instant now, int limit) throws SQLException {
        List<Delivery> result = new ArrayList<>();
        if (limit <= 0) {
            return result;
        }
        String sql = "SELECT id, alarm_id, supplier_id, url, event, payload, attempts FROM webhook_deliveries "
                + "WHERE " + PENDING + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setObject(1, Sql.timestamp(now));
                p.setInt(2, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        result.add(new Delivery(rs.getLong("id"), rs.getLong("alarm_id"), rs.getString("supplier_id"),
                                rs.getString("url"), rs.getString("event"), rs.getString("payload"),
                                rs.getInt("attempts")));
                    }
                }
            }
            c.commit();
        }
        return result;
    }

    /** When the earliest pending delivery is due; empty when nothing is pending. */
    public Optional<Instant> nextAttemptAt() throws SQLException {
        try (Connection c = db.connection()) {
            Instant next = null;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT MIN(next_attempt_at) AS next_at FROM webhook_deliveries WHERE " + PENDING);
                 ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    next = Sql.instant(rs, "next_at");
                }
            }
            c.commit();
            return Optional.ofNullable(next);
        }
    }

    /**
     * Records one attempt of {@code d} made at {@code at}, in one transaction with its timeline line: delivered,
     * failed with a next attempt at {@code nextAttemptAt}, or (not delivered and {@code nextAttemptAt} null)
     * given up. {@code outcome} is a short, secret-free description such as {@code "HTTP 503"}.
     *
     * The transaction is checked against the delivery job's {@code fence} first: a node that lost the lease records
     * nothing ({@link dk.vagtcentral.server.cluster.LeaseLostException}), and the row stays due for the holder.
     *
     * @return false (and nothing written) when the row was no longer pending at {@code d.attempts()} attempts,
     *         i.e. another sender recorded this attempt already
     */
    public boolean recordAttempt(Delivery d, Instant at, boolean delivered, String outcome, Instant nextAttemptAt,
                                 Fence fence) throws SQLException {
        int attempt = d.attempts() + 1;
        boolean gaveUp = !delivered && nextAttemptAt == null;
        String kind = delivered ? KIND_DELIVERED : gaveUp ? KIND_GAVE_UP : KIND_FAILED;
        StringBuilder detail = new StringBuilder()
                .append("attempt ").append(attempt).append(" to ").append(d.supplierId())
                .append(" (").append(d.event()).append(") at ").append(target(d.url())).append(": ").append(outcome);
        if (delivered) {
            detail.append("; delivered");
        } else if (gaveUp) {
            detail.append("; gave up after ").append(attempt).append(attempt == 1 ? " attempt" : " attempts");
        } else {
            detail.append("; next attempt at ").append(nextAttemptAt);
        }
        try (Connection c = db.connection()) {
            try {
                fence.check(c);
                int updated;
                try (PreparedStatement p = c.prepareStatement("UPDATE webhook_deliveries SET attempts = ?, "
                        + "delivered_at = ?, gave_up_at = ?, next_attempt_at = COALESCE(?, next_attempt_at), "
                        + "last_error = ? WHERE id = ? AND attempts = ? AND " + PENDING)) {
                    p.setInt(1, attempt);
                    p.setObject(2, delivered ? Sql.timestamp(at) : null);
                    p.setObject(3, gaveUp ? Sql.timestamp(at) : null);
                    p.setObject(4, delivered || gaveUp ? null : Sql.timestamp(nextAttemptAt));
                    p.setString(5, delivered ? null : truncate(outcome, LAST_ERROR_MAX));
                    p.setLong(6, d.id());
                    p.setInt(7, d.attempts());
                    updated = p.executeUpdate();
                }
                if (updated == 0) {
                    c.rollback();
                    LOG.warn("event=webhook.attempt_not_recorded delivery_id={} alarm_id={} attempt={} "
                            + "reason=no_longer_pending", d.id(), d.alarmId(), attempt);
                    return false;
                }
                try (PreparedStatement p = c.prepareStatement(Sql.INSERT_TIMELINE)) {
                    Sql.bindTimeline(p, d.alarmId(), at, ACTOR, kind, null, null,
                            truncate(detail.toString(), DETAIL_MAX));
                    p.executeUpdate();
                }
                db.commitDurably(c);
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    /** Every delivery of an alarm, oldest first. */
    public List<StoredDelivery> forAlarm(long alarmId) throws SQLException {
        List<StoredDelivery> result = new ArrayList<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM webhook_deliveries WHERE alarm_id = ? ORDER BY id")) {
                p.setLong(1, alarmId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        result.add(new StoredDelivery(rs.getLong("id"), rs.getLong("alarm_id"),
                                rs.getString("supplier_id"), target(rs.getString("url")), rs.getString("event"),
                                Sql.instant(rs, "created_at"), rs.getInt("attempts"),
                                Sql.instant(rs, "next_attempt_at"), Sql.instant(rs, "delivered_at"),
                                Sql.instant(rs, "gave_up_at"), rs.getString("last_error")));
                    }
                }
            }
            c.commit();
        }
        return result;
    }

    /**
     * The URL without user info, query or fragment ({@code https://host:port/path}), fit for timelines, logs
     * and the API.
     */
    public static String target(String url) {
        try {
            URI u = URI.create(url);
            if (u.getHost() == null) {
                return "(invalid URL)";
            }
            StringBuilder b = new StringBuilder();
            if (u.getScheme() != null) {
                b.append(u.getScheme()).append("://");
            }
            b.append(u.getHost());
            if (u.getPort() >= 0) {
                b.append(':').append(u.getPort());
            }
            if (u.getRawPath() != null) {
                b.append(u.getRawPath());
            }
            return b.toString();
        } catch (IllegalArgumentException e) {
            return "(invalid URL)";
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("event=store.rollback_failed error=\"{}\"", e.getMessage());
        }
    }
}
