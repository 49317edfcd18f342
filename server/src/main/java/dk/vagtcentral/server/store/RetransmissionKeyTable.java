package dk.vagtcentral.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code retransmission_keys} table: each stored alarm's {@link RetransmissionKeys}, hashed, unique across every
 * node on the database. Used by the {@link AlarmWriter} inside its batch transactions.
 */
final class RetransmissionKeyTable {
    /** Keys looked up per statement: well inside every driver's limit on parameters. */
    private static final int CHUNK = 500;

    private RetransmissionKeyTable() {
    }

    /** The alarms stored under any of {@code keys}, by key, however old (the caller applies its window). */
    static Map<String, AlarmWriter.Known> lookup(Connection c, List<String> keys) throws SQLException {
        Map<String, String> byHash = new HashMap<>();
        for (String key : keys) {
            byHash.put(hash(key), key);
        }
        Map<String, AlarmWriter.Known> found = new HashMap<>();
        List<String> hashes = new ArrayList<>(new LinkedHashSet<>(byHash.keySet()));
        for (int from = 0; from < hashes.size(); from += CHUNK) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + CHUNK));
            try (PreparedStatement p = c.prepareStatement("SELECT k.key_hash, k.alarm_id, k.received_at, "
                    + "a.clock_suspect FROM retransmission_keys k LEFT JOIN alarms a ON a.id = k.alarm_id "
                    + "WHERE k.key_hash IN (" + placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        found.put(byHash.get(rs.getString(1)), new AlarmWriter.Known(rs.getLong(2),
                                Sql.instant(rs, "received_at"), rs.getBoolean(4)));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Stores the keys of the alarms just inserted with {@code ids}, in the order of their hashes: two nodes inserting
     * some of the same keys then wait for each other in one order instead of deadlocking.
     */
    static void insert(Connection c, List<NewAlarm> alarms, long[] ids) throws SQLException {
        java.util.TreeMap<String, Integer> byHash = new java.util.TreeMap<>();
        for (int i = 0; i < alarms.size(); i++) {
            for (String key : alarms.get(i).retransmissionKeys()) {
                byHash.putIfAbsent(hash(key), i);
            }
        }
        if (byHash.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO retransmission_keys (key_hash, alarm_id, received_at) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Integer> e : byHash.entrySet()) {
                p.setString(1, e.getKey());
                p.setLong(2, ids[e.getValue()]);
                p.setObject(3, Sql.timestamp(alarms.get(e.getValue()).receivedAt()));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Deletes the keys received before {@code horizon}; how many. */
    static int prune(Connection c, Instant horizon) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM retransmission_keys WHERE received_at < ?")) {
            p.setObject(1, Sql.timestamp(horizon));
            return p.executeUpdate();
        }
    }

    /**
     * Deletes the rows of {@code keys}, found older than the window, so they can be stored again for a new message
     * (DC-09 sequence numbers wrap around).
     */
    static void delete(Connection c, Collection<String> keys) throws SQLException {
        Set<String> hashes = new LinkedHashSet<>();
        keys.forEach(k -> hashes.add(hash(k)));
        if (hashes.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM retransmission_keys WHERE key_hash = ?")) {
            for (String h : hashes) {
                p.setString(1, h);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
