package dk.vagtcentral.server.store;

import dk.vagtcentral.server.domain.Interval;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Each run of the server with a heartbeat, so that the time it was down is known: the gap between one run's last
 * heartbeat and the next run's start is an outage (DOMAIN.md rule 14: a call escalated because of it is this
 * system's fault, not the supplier's).
 */
public final class ServerRuns {
    /** How often a run's heartbeat is written; a gap must be longer than two of these to be an outage. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final Database db;

    public ServerRuns(Database db) {
        this.db = db;
    }

    /** Records the start of this run; its id. */
    public long start(Instant now) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("INSERT INTO server_runs (started_at, alive_at) VALUES (?, ?)",
                     new String[]{"id"})) {
            p.setObject(1, Sql.timestamp(now));
            p.setObject(2, Sql.timestamp(now));
            long id = Sql.insertReturningId(p);
            db.commitDurably(c);
            return id;
        }
    }

    public void heartbeat(long runId, Instant now) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("UPDATE server_runs SET alive_at = ? WHERE id = ?")) {
            p.setObject(1, Sql.timestamp(now));
            p.setLong(2, runId);
            p.executeUpdate();
            c.commit();
        }
    }

    /**
     * The outages since {@code since}: from a run's last heartbeat to the next run's start, where that gap is longer
     * than two heartbeats.
     */
    public List<Interval> outages(Instant since) throws SQLException {
        List<Interval> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT started_at, alive_at FROM server_runs "
                     + "WHERE alive_at >= ? ORDER BY started_at, id")) {
            p.setObject(1, Sql.timestamp(since));
            Instant lastAlive = null;
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Instant started = Sql.instant(rs, "started_at");
                    if (lastAlive != null && Duration.between(lastAlive, started).compareTo(HEARTBEAT.multipliedBy(2)) > 0) {
                        out.add(new Interval(lastAlive, started));
                    }
                    Instant alive = Sql.instant(rs, "alive_at");
                    lastAlive = lastAlive == null || alive.isAfter(lastAlive) ? alive : lastAlive;
                }
            }
            c.commit();
        }
        return out;
    }
}
