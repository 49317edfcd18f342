package dk.vagtcentral.server.store;

import dk.vagtcentral.protocol.event.TextBounds;
import dk.vagtcentral.server.domain.InboxKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JDBC for the supervisors' inbox (DOMAIN.md rules 12, 13, 14, 18): items raised in the transaction that caused
 * them, listed newest first by keyset, and resolved once with who and how (guarded by {@code row_version}).
 */
public final class InboxStore {

    /** One inbox item; a null municipality is for every supervisor and the administrators. */
    public record Item(long id, InboxKind kind, String municipalityId, Long alarmId, String supplierId,
                       Instant raisedAt, String reason, String state, Instant resolvedAt, String resolvedBy,
                       String resolution, int rowVersion) {
        public boolean open() {
            return "OPEN".equals(state);
        }
    }

    private final Database db;

    public InboxStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /** Raises an item in the caller's transaction; its id. */
    public long raise(Connection c, InboxKind kind, String municipalityId, Long alarmId, String supplierId,
                      Instant at, String reason) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO supervisor_inbox (kind, municipality_id, alarm_id, "
                + "supplier_id, raised_at, reason, state, row_version) VALUES (?, ?, ?, ?, ?, ?, 'OPEN', 1)",
                new String[]{"id"})) {
            p.setString(1, kind.name());
            p.setString(2, municipalityId);
            p.setObject(3, alarmId);
            p.setString(4, supplierId);
            p.setObject(5, Sql.timestamp(at));
            p.setString(6, TextBounds.clip(reason, 2000));
            return Sql.insertReturningId(p);
        }
    }

    /**
     * Raises an item once per {@code key} (a watch's finding: the same coverage hole or overdue justification is
     * found again at every check); empty when it was raised before.
     */
    public Optional<Long> raiseOnce(Connection c, String key, InboxKind kind, String municipalityId, Long alarmId,
                                    String supplierId, Instant at, String reason) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM supervisor_inbox WHERE dedup_key = ?")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return Optional.empty();
                }
            }
        }
        long id = raise(c, kind, municipalityId, alarmId, supplierId, at, reason);
        try (PreparedStatement p = c.prepareStatement("UPDATE supervisor_inbox SET dedup_key = ? WHERE id = ?")) {
            p.setString(1, key);
            p.setLong(2, id);
            p.executeUpdate();
        }
        return Optional.of(id);
    }

    public Optional<Item> find(long id) throws SQLException {
        try (Connection c = db.connection()) {
            Optional<Item> item = find(c, id);
            c.commit();
            return item;
        }
    }

    /** The item as {@code c}'s transaction sees it. */
    public Optional<Item> find(Connection c, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM supervisor_inbox WHERE id = ?")) {
            p.setLong(1, id);
            return read(p).stream().findFirst();
        }
    }

    /**
     * A page of items, newest first, below {@code beforeId} (null: from the newest). {@code municipalityId} null lists
     * every municipality's; otherwise that municipality's and those for every supervisor. {@code open} null lists
     * both states.
     */
    public List<Item> list(String municipalityId, Boolean open, List<InboxKind> kinds, Long alarmId, Long beforeId,
                           int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM supervisor_inbox WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (municipalityId != null) {
            sql.append(" AND (municipality_id = ? OR municipality_id IS NULL)");
            args.add(municipalityId);
        }
        if (open != null) {
            sql.append(" AND state = ?");
            args.add(open ? "OPEN" : "RESOLVED");
        }
        if (kinds != null && !kinds.isEmpty()) {
            sql.append(" AND kind IN (").append("?, ".repeat(kinds.size() - 1)).append("?)");
            kinds.forEach(k -> args.add(k.name()));
        }
        if (alarmId != null) {
            sql.append(" AND alarm_id = ?");
            args.add(alarmId);
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
            args.add(beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            List<Item> items = read(p);
            c.commit();
            return items;
        }
    }

    /**
     * The open items by kind: a municipality's and those for every supervisor ({@code municipalityId} null: every
     * municipality's). Kinds with none are absent.
     */
    public java.util.Map<InboxKind, Integer> openCounts(String municipalityId) throws SQLException {
        String sql = "SELECT kind, COUNT(*) FROM supervisor_inbox WHERE state = 'OPEN'"
                + (municipalityId == null ? "" : " AND (municipality_id = ? OR municipality_id IS NULL)")
                + " GROUP BY kind";
        java.util.Map<InboxKind, Integer> out = new java.util.EnumMap<>(InboxKind.class);
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            if (municipalityId != null) {
                p.setString(1, municipalityId);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(InboxKind.valueOf(rs.getString(1)), rs.getInt(2));
                }
            }
            c.commit();
        }
        return out;
    }

    /** Resolves an open item; false when it changed meanwhile (or was resolved). */
    public boolean resolve(Connection c, Item item, String by, String resolution, Instant at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE supervisor_inbox SET state = 'RESOLVED', resolved_at = ?, "
                + "resolved_by = ?, resolution = ?, row_version = row_version + 1 WHERE id = ? AND row_version = ? "
                + "AND state = 'OPEN'")) {
            p.setObject(1, Sql.timestamp(at));
            p.setString(2, by);
            p.setString(3, TextBounds.clip(resolution, 2000));
            p.setLong(4, item.id());
            p.setInt(5, item.rowVersion());
            return p.executeUpdate() == 1;
        }
    }

    private static List<Item> read(PreparedStatement p) throws SQLException {
        List<Item> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Object alarm = rs.getObject("alarm_id");
                out.add(new Item(rs.getLong("id"), InboxKind.valueOf(rs.getString("kind")),
                        rs.getString("municipality_id"), alarm == null ? null : ((Number) alarm).longValue(),
                        rs.getString("supplier_id"), Sql.instant(rs, "raised_at"), rs.getString("reason"),
                        rs.getString("state"), Sql.instant(rs, "resolved_at"), rs.getString("resolved_by"),
                        rs.getString("resolution"), rs.getInt("row_version")));
            }
        }
        return out;
    }

}
