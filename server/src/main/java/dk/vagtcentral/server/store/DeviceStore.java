package dk.vagtcentral.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Devices and unknown-device events. Blocking JDBC. */
public final class DeviceStore {
    private final Database db;

    public DeviceStore(Database db) {
        this.db = db;
    }

    public List<Device> all() throws SQLException {
        List<Device> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT account, aes_key, label, last_seen_at, "
                     + "last_clock_drift_ms, last_clock_checked_at FROM devices ORDER BY account");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long drift = rs.getLong("last_clock_drift_ms");
                Long driftMillis = rs.wasNull() ? null : drift;
                out.add(new Device(rs.getString("account"), rs.getString("aes_key"), rs.getString("label"),
                        Sql.instant(rs, "last_seen_at"), driftMillis, Sql.instant(rs, "last_clock_checked_at")));
            }
            c.commit();
        }
        return out;
    }

    /** Registers devices not yet known; existing ones are left as they are. Returns how many were added. */
    public int registerIfAbsent(List<Device> devices, Instant now) throws SQLException {
        int added = 0;
        try (Connection c = db.connection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM devices WHERE account = ?");
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO devices (account, aes_key, label, created_at) VALUES (?, ?, ?, ?)")) {
            for (Device d : devices) {
                exists.setString(1, d.account());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                insert.setString(1, d.account());
                insert.setString(2, d.aesKeyHex());
                insert.setString(3, d.label());
                insert.setObject(4, Sql.timestamp(now));
                insert.executeUpdate();
                added++;
            }
            c.commit();
        }
        return added;
    }

    public record UnknownDeviceRow(long id, String account, Instant receivedAt, String source, String remoteAddress,
                                   String messageId, String reason) {
    }

    public List<UnknownDeviceRow> unknownDeviceEvents(long afterId, int limit) throws SQLException {
        List<UnknownDeviceRow> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT id, account, received_at, source, remote_address, "
                     + "message_id, reason FROM unknown_device_events WHERE id > ? ORDER BY id LIMIT ?")) {
            p.setLong(1, afterId);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new UnknownDeviceRow(rs.getLong("id"), rs.getString("account"),
                            Sql.instant(rs, "received_at"), rs.getString("source"), rs.getString("remote_address"),
                            rs.getString("message_id"), rs.getString("reason")));
                }
            }
            c.commit();
        }
        return out;
    }
}
