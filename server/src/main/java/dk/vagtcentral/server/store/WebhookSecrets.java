package dk.vagtcentral.server.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The suppliers' webhook signing secrets ({@code webhook_secrets}, V010). A supplier has one current secret (no
 * {@code retires_at}); a rotation gives it a {@code retires_at} and adds a new current one, and until then both sign.
 * A new secret is returned once, to be shown to the administrator; nothing here logs one. Blocking JDBC: call from
 * a worker thread.
 *
 * <p>The secrets are stored as they are: an HMAC needs the secret itself, so it cannot be hashed like a password.
 * Whoever can read the database can sign webhooks (and could read the alarms anyway).
 */
public final class WebhookSecrets {
    /** A new current secret, and until when the previous one (if any) still signs. */
    public record Issued(String secret, Instant createdAt, Instant previousRetiresAt) {
        @Override
        public String toString() {
            return "Issued[secret=(hidden), createdAt=" + createdAt + ", previousRetiresAt=" + previousRetiresAt + "]";
        }
    }

    private static final String PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;

    private final Database db;
    private final SecureRandom random = new SecureRandom();
    /**
     * Serialises issuing in this JVM (the admin API's instance and the sender's alike); across nodes each issuing
     * transaction locks the supplier's row first ({@link #lockSupplier}), so two requests cannot both find no secret
     * and add one each, nor two rotations both retire the same secret.
     */
    private static final Object issueLock = new Object();

    public WebhookSecrets(Database db) {
        this.db = db;
    }

    /** A new secret: {@code whsec_} and 32 random bytes (256 bits, the HMAC-SHA256 key size) in unpadded base64url. */
    String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Gives the supplier a current secret if it has none; returns it when one was made (empty when it had one), for
     * showing once.
     */
    public Optional<Issued> ensure(String supplierId, String actor, Instant now) throws SQLException {
        synchronized (issueLock) {
            try (Connection c = db.connection()) {
                try {
                    lockSupplier(c, supplierId);
                    if (hasCurrent(c, supplierId)) {
                        c.commit();
                        return Optional.empty();
                    }
                    String secret = newSecret();
                    insert(c, supplierId, secret, actor, now);
                    db.commitDurably(c);
                    return Optional.of(new Issued(secret, now, null));
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
    }

    /**
     * Replaces the supplier's current secret by a new one. The old one keeps signing until {@code now + overlap}
     * (none when {@code overlap} is zero); secrets retired before {@code now} are deleted.
     */
    public Issued rotate(String supplierId, String actor, Instant at, Duration overlap) throws SQLException {
        // as the database keeps it (microseconds), so that the instant returned is the one stored
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        Instant retiresAt = now.plus(overlap).truncatedTo(ChronoUnit.MICROS);
        synchronized (issueLock) {
            try (Connection c = db.connection()) {
                try {
                    lockSupplier(c, supplierId);
                    try (PreparedStatement p = c.prepareStatement(
                            "DELETE FROM webhook_secrets WHERE supplier_id = ? AND retires_at <= ?")) {
                        p.setString(1, supplierId);
                        p.setObject(2, Sql.timestamp(now));
                        p.executeUpdate();
                    }
                    int retired;
                    if (overlap.isZero() || overlap.isNegative()) {
                        try (PreparedStatement p = c.prepareStatement(
                                "DELETE FROM webhook_secrets WHERE supplier_id = ? AND retires_at IS NULL")) {
                            p.setString(1, supplierId);
                            p.executeUpdate();
                        }
                        retired = 0;
                    } else {
                        try (PreparedStatement p = c.prepareStatement("UPDATE webhook_secrets SET retires_at = ? "
                                + "WHERE supplier_id = ? AND retires_at IS NULL")) {
                            p.setObject(1, Sql.timestamp(retiresAt));
                            p.setString(2, supplierId);
                            retired = p.executeUpdate();
                        }
                    }
                    String secret = newSecret();
                    insert(c, supplierId, secret, actor, now);
                    db.commitDurably(c);
                    return new Issued(secret, now, retired > 0 ? retiresAt : null);
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
    }

    /** Locks the supplier's row until the transaction ends: issuing for one supplier goes one at a time. */
    private static void lockSupplier(Connection c, String supplierId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM suppliers WHERE id = ? FOR UPDATE")) {
            p.setString(1, supplierId);
            p.executeQuery().close();
        }
    }

    /** The secrets that sign a delivery at {@code now}, per supplier, the newest first; suppliers with none are left out. */
    public Map<String, List<String>> signing(Collection<String> supplierIds, Instant now) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (supplierIds.isEmpty()) {
            return out;
        }
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < supplierIds.size(); i++) {
            in.append(i == 0 ? "?" : ", ?");
        }
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement("SELECT supplier_id, secret FROM webhook_secrets "
                    + "WHERE supplier_id IN (" + in + ") AND (retires_at IS NULL OR retires_at > ?) "
                    + "ORDER BY supplier_id, id DESC")) {
                int i = 1;
                for (String id : supplierIds) {
                    p.setString(i++, id);
                }
                p.setObject(i, Sql.timestamp(now));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
            c.commit();
        }
        return out;
    }

    private static boolean hasCurrent(Connection c, String supplierId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT 1 FROM webhook_secrets WHERE supplier_id = ? AND retires_at IS NULL")) {
            p.setString(1, supplierId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insert(Connection c, String supplierId, String secret, String actor, Instant now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO webhook_secrets "
                + "(supplier_id, secret, created_at, created_by) VALUES (?, ?, ?, ?)")) {
            p.setString(1, supplierId);
            p.setString(2, secret);
            p.setObject(3, Sql.timestamp(now));
            p.setString(4, actor);
            p.executeUpdate();
        }
    }
}
