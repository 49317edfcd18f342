package dk.vagtcentral.server.auth;

import dk.vagtcentral.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Users, sessions, the access log, and the scope lookups the authorisation needs (who an alarm, a citizen, a supplier
 * or a trail item belongs to). JDBC, blocking: call from worker threads.
 */
public final class AuthStore {
    private final Database db;

    public AuthStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /** A user as stored, without the password hash. */
    public record User(long id, String username, String displayName, Role role, String supplierId,
                       String municipalityId, String workerId, Instant createdAt, boolean disabled) {
        public Principal principal() {
            return new Principal(username, role, supplierId, municipalityId, workerId);
        }
    }

    /**
     * Who owns an alarm: its routing and its holder, and how it is handled and where it stands (a handling and a
     * state as {@code alarm_dispatch} names them). Null fields when not routed.
     */
    public record AlarmScope(long alarmId, String municipalityId, String supplierId, String holderSupplierId,
                             String workerId, String helpWorkerId, String citizenId, String handling, String state) {

        /** Whether it is a call (not a notice or a record) that has not been closed or cancelled. */
        public boolean openCall() {
            return "CALL".equals(handling) && state != null && !state.equals("CLOSED") && !state.equals("CANCELLED");
        }
    }

    /** Who owns a justification, action plan or breach candidate. */
    public record Owner(String supplierId, String municipalityId) {
    }

    public record AccessEntry(long id, Instant at, String username, String role, String what, String citizenId,
                              Long alarmId, String path) {
    }

    private static final String USER_COLUMNS = "id, username, display_name, role, supplier_id, municipality_id, "
            + "worker_id, created_at, disabled";

    // ---------------------------------------------------------------- users

    public long countUsers() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM users");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        }
    }

    /** Adds a user; false when the username is taken. */
    public boolean createUser(String username, String displayName, Role role, String supplierId,
                              String municipalityId, String workerId, String passwordHash, Instant now)
            throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
                q.setString(1, username);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        c.rollback();
                        return false;
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO users (username, display_name, role, "
                    + "supplier_id, municipality_id, worker_id, password_hash, created_at, disabled) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
                p.setString(1, username);
                p.setString(2, displayName);
                p.setString(3, role.name());
                p.setString(4, supplierId);
                p.setString(5, municipalityId);
                p.setString(6, workerId);
                p.setString(7, passwordHash);
                p.setObject(8, ts(now));
                p.executeUpdate();
            } catch (SQLException e) {
                c.rollback();
                if ("23505".equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
            db.commitDurably(c);
            return true;
        }
    }

    public Optional<User> user(String username) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users WHERE username = ?")) {
            p.setString(1, username);
            try (ResultSet rs = p.executeQuery()) {
                Optional<User> u = rs.next() ? Optional.of(user(rs)) : Optional.empty();
                c.commit();
                return u;
            }
        }
    }

    /** The stored password hash of an enabled user, or empty. */
    public Optional<String> passwordHash(String username) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement(
                     "SELECT password_hash FROM users WHERE username = ? AND disabled = FALSE")) {
            p.setString(1, username);
            try (ResultSet rs = p.executeQuery()) {
                Optional<String> h = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                c.commit();
                return h;
            }
        }
    }

    public List<User> users() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users ORDER BY username");
             ResultSet rs = p.executeQuery()) {
            List<User> list = new ArrayList<>();
            while (rs.next()) {
                list.add(user(rs));
            }
            c.commit();
            return list;
        }
    }

    /** Sets a new password and revokes the user's sessions; false when no such user. */
    public boolean setPassword(String username, String passwordHash) throws SQLException {
        return update(username, "UPDATE users SET password_hash = ? WHERE username = ?", passwordHash);
    }

    /** Disables (or enables) a user; disabling revokes its sessions. False when no such user. */
    public boolean setDisabled(String username, boolean disabled) throws SQLException {
        return update(username, "UPDATE users SET disabled = " + (disabled ? "TRUE" : "FALSE") + " WHERE username = ?");
    }

    /**
     * Gives a user another role and binding (supplier, municipality, worker id; null where the role has none) and
     * revokes its sessions: a token must not carry rights its user no longer has. False when no such user.
     */
    public boolean setRole(String username, Role role, String supplierId, String municipalityId, String workerId)
            throws SQLException {
        return update(username, "UPDATE users SET role = ?, supplier_id = ?, municipality_id = ?, worker_id = ? "
                + "WHERE username = ?", role.name(), supplierId, municipalityId, workerId);
    }

    /** Runs {@code sql} with {@code values} and then the username as its parameters, and revokes the sessions. */
    private boolean update(String username, String sql, String... values) throws SQLException {
        try (Connection c = db.connection()) {
            int n;
            try (PreparedStatement p = c.prepareStatement(sql)) {
                int i = 1;
                for (String value : values) {
                    p.setString(i++, value);
                }
                p.setString(i, username);
                n = p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE sessions SET revoked = TRUE WHERE user_id = "
                    + "(SELECT id FROM users WHERE username = ?)")) {
                p.setString(1, username);
                p.executeUpdate();
            }
            db.commitDurably(c);
            return n > 0;
        }
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), rs.getString("supplier_id"), rs.getString("municipality_id"),
                rs.getString("worker_id"), instant(rs, "created_at"), rs.getBoolean("disabled"));
    }

    // ---------------------------------------------------------------- sessions

    public void createSession(String tokenHash, String username, Instant now, Instant expires) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("INSERT INTO sessions (token_hash, user_id, created_at, "
                     + "expires_at, revoked) SELECT ?, id, ?, ?, FALSE FROM users WHERE username = ?")) {
            p.setString(1, tokenHash);
            p.setObject(2, ts(now));
            p.setObject(3, ts(expires));
            p.setString(4, username);
            p.executeUpdate();
            db.commitDurably(c);
        }
    }

    /** A live session: its enabled user, and when it expires. */
    public record LiveSession(User user, Instant expiresAt) {
    }

    /** The enabled user of a live (unexpired, unrevoked) session. */
    public Optional<User> session(String tokenHash, Instant now) throws SQLException {
        return liveSession(tokenHash, now).map(LiveSession::user);
    }

    /** A live (unexpired, unrevoked) session of an enabled user, with its expiry. */
    public Optional<LiveSession> liveSession(String tokenHash, Instant now) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT u.id, u.username, u.display_name, u.role, "
                     + "u.supplier_id, u.municipality_id, u.worker_id, u.created_at, u.disabled, s.expires_at "
                     + "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? "
                     + "AND s.revoked = FALSE AND s.expires_at > ? AND u.disabled = FALSE")) {
            p.setString(1, tokenHash);
            p.setObject(2, ts(now));
            try (ResultSet rs = p.executeQuery()) {
                Optional<LiveSession> u = rs.next() ? Optional.of(new LiveSession(user(rs),
                        instant(rs, "expires_at"))) : Optional.empty();
                c.commit();
                return u;
            }
        }
    }

    public void revokeSession(String tokenHash) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("UPDATE sessions SET revoked = TRUE WHERE token_hash = ?")) {
            p.setString(1, tokenHash);
            p.executeUpdate();
            db.commitDurably(c);
        }
    }

    // ---------------------------------------------------------------- access log

    /** One read of citizen data: who (username, role), what, which citizen and alarm, by which path, when. */
    public record AccessRecord(Instant at, String username, String role, String what, String citizenId, Long alarmId,
                               String path) {
        public static AccessRecord of(Instant at, Principal who, String what, String citizenId, Long alarmId,
                                      String path) {
            return new AccessRecord(at, who.username(), who.role().name(), what, citizenId, alarmId, path);
        }
    }

    public void logAccess(Instant at, Principal who, String what, String citizenId, Long alarmId, String path)
            throws SQLException {
        logAccess(List.of(AccessRecord.of(at, who, what, citizenId, alarmId, path)));
    }

    /** Writes the records in one durable transaction. */
    public void logAccess(List<AccessRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("INSERT INTO access_log (at, username, role, what, citizen_id, "
                     + "alarm_id, path) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (AccessRecord r : records) {
                p.setObject(1, ts(r.at()));
                p.setString(2, r.username());
                p.setString(3, r.role());
                p.setString(4, r.what());
                p.setString(5, r.citizenId());
                if (r.alarmId() == null) {
                    p.setNull(6, Types.BIGINT);
                } else {
                    p.setLong(6, r.alarmId());
                }
                p.setString(7, r.path().length() > 500 ? r.path().substring(0, 500) : r.path());
                p.addBatch();
            }
            p.executeBatch();
            db.commitDurably(c);
        }
    }

    /** The citizen's access log, newest first; the page after ({@code beforeAt}, {@code beforeId}) when given. */
    public List<AccessEntry> accessLog(String citizenId, Instant beforeAt, Long beforeId, int limit)
            throws SQLException {
        boolean after = beforeAt != null && beforeId != null;
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT id, at, username, role, what, citizen_id, alarm_id, path "
                     + "FROM access_log WHERE citizen_id = ?" + (after ? " AND (at < ? OR (at = ? AND id < ?))" : "")
                     + " ORDER BY at DESC, id DESC")) {
            p.setString(1, citizenId);
            if (after) {
                p.setObject(2, ts(beforeAt));
                p.setObject(3, ts(beforeAt));
                p.setLong(4, beforeId);
            }
            p.setMaxRows(limit);
            try (ResultSet rs = p.executeQuery()) {
                List<AccessEntry> list = new ArrayList<>();
                while (rs.next()) {
                    long alarm = rs.getLong("alarm_id");
                    list.add(new AccessEntry(rs.getLong("id"), instant(rs, "at"), rs.getString("username"),
                            rs.getString("role"), rs.getString("what"), rs.getString("citizen_id"),
                            rs.wasNull() ? null : alarm, rs.getString("path")));
                }
                c.commit();
                return list;
            }
        }
    }

    // ---------------------------------------------------------------- scope lookups

    /** The municipality of supervisors' inbox item {@code id} (empty string when it is for every supervisor). */
    public Optional<String> inboxMunicipality(long id) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT municipality_id FROM supervisor_inbox WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                Optional<String> m = rs.next() ? Optional.of(rs.getString(1) == null ? "" : rs.getString(1))
                        : Optional.empty();
                c.commit();
                return m;
            }
        }
    }

    public Optional<AlarmScope> alarmScope(long alarmId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT municipality_id, supplier_id, holder_supplier_id, "
                     + "worker_id, help_worker_id, citizen_id, handling, state FROM alarm_dispatch WHERE alarm_id = ?")) {
            p.setLong(1, alarmId);
            try (ResultSet rs = p.executeQuery()) {
                Optional<AlarmScope> s = rs.next() ? Optional.of(new AlarmScope(alarmId, rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8)))
                        : Optional.empty();
                c.commit();
                return s;
            }
        }
    }

    /** Of the alarms with ids in [fromId, toId], those the principal may see (not for ADMIN: it sees all). */
    public Set<Long> visibleAlarms(Principal who, long fromId, long toId) throws SQLException {
        String cond;
        List<String> args = new ArrayList<>();
        switch (who.role()) {
            case SUPERVISOR -> {
                // an alarm no municipality could be found for is every supervisor's (DOMAIN.md rule 12)
                cond = "(municipality_id = ? OR municipality_id IS NULL)";
                args.add(who.municipalityId());
            }
            case DISPATCHER -> {
                cond = "(supplier_id = ? OR holder_supplier_id = ?)";
                args.add(who.supplierId());
                args.add(who.supplierId());
            }
            case WORKER -> {
                cond = "(supplier_id = ? OR holder_supplier_id = ? OR worker_id = ? OR help_worker_id = ?)";
                args.add(who.supplierId());
                args.add(who.supplierId());
                args.add(who.workerId());
                args.add(who.workerId());
            }
            default -> throw new IllegalArgumentException("no scope for " + who.role());
        }
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT alarm_id FROM alarm_dispatch WHERE alarm_id >= ? "
                     + "AND alarm_id <= ? AND " + cond)) {
            p.setLong(1, fromId);
            p.setLong(2, toId);
            for (int i = 0; i < args.size(); i++) {
                p.setString(3 + i, args.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                Set<Long> ids = new HashSet<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
                c.commit();
                return ids;
            }
        }
    }

    public Optional<String> supplierMunicipality(String supplierId) throws SQLException {
        return single("SELECT municipality_id FROM suppliers WHERE id = ?", supplierId);
    }

    public Optional<String> citizenMunicipality(String citizenId) throws SQLException {
        return single("SELECT municipality_id FROM citizens WHERE id = ?", citizenId);
    }

    public boolean municipalityExists(String id) throws SQLException {
        return single("SELECT id FROM municipalities WHERE id = ?", id).isPresent();
    }

    /** The owner of a trail item: table is justifications, action_plans or breach_candidates. */
    public Optional<Owner> trailOwner(String table, long id) throws SQLException {
        if (!Set.of("justifications", "action_plans", "breach_candidates").contains(table)) {
            throw new IllegalArgumentException(table);
        }
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT supplier_id, municipality_id FROM " + table
                     + " WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                Optional<Owner> o = rs.next() ? Optional.of(new Owner(rs.getString(1), rs.getString(2)))
                        : Optional.empty();
                c.commit();
                return o;
            }
        }
    }

    private Optional<String> single(String sql, String arg) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, arg);
            try (ResultSet rs = p.executeQuery()) {
                Optional<String> v = rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                c.commit();
                return v;
            }
        }
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
