package dk.vagtcentral.server.store;

import dk.vagtcentral.protocol.scaip.MrsStyle;
import dk.vagtcentral.server.cluster.Fence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
                     + "last_clock_drift_ms, last_clock_checked_at, supervision_interval_s, municipality_id, protocol, "
                     + "sip_password, mrs_style FROM devices ORDER BY account");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(device(rs));
            }
            c.commit();
        }
        return out;
    }

    public Optional<Device> find(String account) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT account, aes_key, label, last_seen_at, "
                     + "last_clock_drift_ms, last_clock_checked_at, supervision_interval_s, municipality_id, protocol, "
                     + "sip_password, mrs_style FROM devices WHERE account = ?")) {
            p.setString(1, account);
            try (ResultSet rs = p.executeQuery()) {
                Optional<Device> d = rs.next() ? Optional.of(device(rs)) : Optional.empty();
                c.commit();
                return d;
            }
        }
    }

    private static Device device(ResultSet rs) throws SQLException {
        long drift = rs.getLong("last_clock_drift_ms");
        Long driftMillis = rs.wasNull() ? null : drift;
        long interval = rs.getLong("supervision_interval_s");
        Duration supervision = rs.wasNull() ? null : Duration.ofSeconds(interval);
        String style = rs.getString("mrs_style");
        return new Device(rs.getString("account"), rs.getString("aes_key"), rs.getString("label"),
                Sql.instant(rs, "last_seen_at"), driftMillis, Sql.instant(rs, "last_clock_checked_at"), supervision,
                rs.getString("municipality_id"), Device.Protocol.valueOf(rs.getString("protocol")),
                rs.getString("sip_password"), style == null ? null : MrsStyle.valueOf(style));
    }

    /**
     * Registers a device or changes its key, label and supervision interval (its history of sightings stays).
     * Returns true when it was new.
     */
    public boolean save(Device d, Instant now) throws SQLException {
        try (Connection c = db.connection()) {
            int updated;
            try (PreparedStatement u = c.prepareStatement("UPDATE devices SET aes_key = ?, label = ?, "
                    + "supervision_interval_s = ?, municipality_id = ?, protocol = ?, sip_password = ?, mrs_style = ? "
                    + "WHERE account = ?")) {
                u.setString(1, d.aesKeyHex());
                u.setString(2, d.label());
                setInterval(u, 3, d.supervisionInterval());
                u.setString(4, d.municipalityId());
                setScaip(u, 5, d);
                u.setString(8, d.account());
                updated = u.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement i = c.prepareStatement("INSERT INTO devices (account, aes_key, label, created_at, "
                        + "supervision_interval_s, municipality_id, protocol, sip_password, mrs_style) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    i.setString(1, d.account());
                    i.setString(2, d.aesKeyHex());
                    i.setString(3, d.label());
                    i.setObject(4, Sql.timestamp(now));
                    setInterval(i, 5, d.supervisionInterval());
                    i.setString(6, d.municipalityId());
                    setScaip(i, 7, d);
                    i.executeUpdate();
                }
            }
            db.commitDurably(c);
            return updated == 0;
        }
    }

    /** The protocol, SIP password and mrs style at {@code index}, {@code index + 1}, {@code index + 2}. */
    private static void setScaip(PreparedStatement p, int index, Device d) throws SQLException {
        p.setString(index, d.protocol().name());
        p.setString(index + 1, d.sipPassword());
        p.setString(index + 2, d.mrsStyle() == null ? null : d.mrsStyle().name());
    }

    private static void setInterval(PreparedStatement p, int index, Duration interval) throws SQLException {
        if (interval == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, interval.toSeconds());
        }
    }

    /** A supervised device, with when it was last heard from (or registered) and when "no contact" was last raised. */
    public record Supervised(String account, Duration interval, Instant lastHeard, Instant noContactAlarmAt) {

        /** Silent past its interval at {@code now}, and not yet alarmed for this silence. */
        public boolean overdue(Instant now) {
            return !now.isBefore(lastHeard.plus(interval))
                    && (noContactAlarmAt == null || noContactAlarmAt.isBefore(lastHeard));
        }
    }

    /**
     * The supervised devices silent past their interval at {@code now} and not yet raised for this silence. The
     * database does the filtering, so a check over 100,000 devices that are all heard from reads none of them.
     */
    public List<Supervised> overdue(Instant now) throws SQLException {
        List<Supervised> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT account, supervision_interval_s, created_at, last_seen_at, "
                     + "no_contact_alarm_at FROM devices WHERE supervision_interval_s IS NOT NULL "
                     + "AND COALESCE(last_seen_at, created_at) + supervision_interval_s * INTERVAL '1' SECOND <= ? "
                     + "AND (no_contact_alarm_at IS NULL OR no_contact_alarm_at < COALESCE(last_seen_at, created_at)) "
                     + "ORDER BY account")) {
            p.setObject(1, Sql.timestamp(now));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Instant seen = Sql.instant(rs, "last_seen_at");
                    Supervised d = new Supervised(rs.getString("account"),
                            Duration.ofSeconds(rs.getLong("supervision_interval_s")),
                            seen == null ? Sql.instant(rs, "created_at") : seen, Sql.instant(rs, "no_contact_alarm_at"));
                    if (d.overdue(now)) {
                        out.add(d);
                    }
                }
            }
            c.commit();
        }
        return out;
    }

    /**
     * Records that "no contact" was raised for these devices' current silence, in one durable commit checked against
     * the supervision job's {@code fence} first (nothing is marked when it refuses).
     */
    public void markNoContactRaised(List<String> accounts, Instant at, Fence fence) throws SQLException {
        if (accounts.isEmpty()) {
            return;
        }
        try (Connection c = db.connection()) {
            try {
                fence.check(c);
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE devices SET no_contact_alarm_at = ? WHERE account = ?")) {
                    for (String account : accounts) {
                        p.setObject(1, Sql.timestamp(at));
                        p.setString(2, account);
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                db.commitDurably(c);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Registers devices not yet known; existing ones are left as they are. Returns how many were added. */
    public int registerIfAbsent(List<Device> devices, Instant now) throws SQLException {
        int added = 0;
        try (Connection c = db.connection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM devices WHERE account = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO devices (account, aes_key, label, created_at, "
                     + "protocol, sip_password, mrs_style) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
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
                setScaip(insert, 5, d);
                insert.executeUpdate();
                added++;
            }
            db.commitDurably(c);
        }
        return added;
    }

    /**
     * Frames from one account nobody registered: when first and last seen, how many, and the last one's details.
     * {@code account} is null for frames that named none.
     */
    public record UnknownDeviceRow(long id, String account, Instant firstSeenAt, Instant lastSeenAt, long frames,
                                   String source, String remoteAddress, String messageId, String reason) {
    }

    /** Unknown accounts in the order they were first seen, paged by id. */
    public List<UnknownDeviceRow> unknownDevices(long afterId, int limit) throws SQLException {
        List<UnknownDeviceRow> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT id, account, first_seen_at, last_seen_at, frames, "
                     + "source, remote_address, message_id, reason FROM unknown_devices WHERE id > ? ORDER BY id "
                     + "LIMIT ?")) {
            p.setLong(1, afterId);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String account = rs.getString("account");
                    out.add(new UnknownDeviceRow(rs.getLong("id"), account.isEmpty() ? null : account,
                            Sql.instant(rs, "first_seen_at"), Sql.instant(rs, "last_seen_at"), rs.getLong("frames"),
                            rs.getString("source"), rs.getString("remote_address"), rs.getString("message_id"),
                            rs.getString("reason")));
                }
            }
            c.commit();
        }
        return out;
    }
}
