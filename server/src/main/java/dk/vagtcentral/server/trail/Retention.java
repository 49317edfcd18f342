package dk.vagtcentral.server.trail;

import dk.vagtcentral.server.cluster.Fence;
import dk.vagtcentral.server.cluster.LeaseLostException;
import dk.vagtcentral.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletion of old alarms (GDPR storage limitation; 002 Viborg §11.4 "sletning"): an alarm received more than
 * {@code keep} ago is deleted with everything hanging on it — timeline, escalation deadlines, webhook deliveries,
 * the dispatcher's row, charges, justifications with their versions and decisions, the supplier's failure, resolved
 * inbox items, and its links to action plans.
 *
 * <p>An alarm that is part of a case still being handled is kept, however old: one with a justification that is not
 * decided (OPEN, SUBMITTED, REJECTED), one linked to an action plan that is not approved or whose follow-up has not
 * ended, one on the supervisors' inbox unresolved, a call or notice nobody has closed yet, and one a breach candidate names (breach candidates and action plans are never deleted here, and their rows
 * must keep pointing at an alarm). Those are counted as kept for open cases; a later run deletes them once the case
 * is closed.
 *
 * <p>Works in chunks of alarm ids, each chunk one transaction committed durably, so a long purge never holds one huge
 * transaction and a crash loses at most the chunk in progress. A chunk that fails (e.g. a row was added to one of
 * its alarms meanwhile) is rolled back, logged and left for the next run. Each chunk is checked against the job's
 * {@link Fence} first: a node that lost the retention lease stops at once and deletes nothing more. Plain SQL for H2 and
 * PostgreSQL. Blocking JDBC: run it on a worker thread.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    public static final int DEFAULT_CHUNK = 1000;

    /** Why an old alarm is kept; an alarm id is bound to {@code a.id} and {@code now} to the one parameter. */
    private static final String KEPT = "EXISTS (SELECT 1 FROM justifications j WHERE j.alarm_id = a.id "
            + "AND j.state IN ('OPEN', 'SUBMITTED', 'REJECTED')) "
            + "OR EXISTS (SELECT 1 FROM action_plan_alarms pa JOIN action_plans p ON p.id = pa.action_plan_id "
            + "WHERE pa.alarm_id = a.id AND (p.state <> 'APPROVED' OR p.follow_up_until > ?)) "
            + "OR EXISTS (SELECT 1 FROM breach_candidates b WHERE b.alarm_id = a.id) "
            + "OR EXISTS (SELECT 1 FROM supervisor_inbox i WHERE i.alarm_id = a.id AND i.state = 'OPEN') "
            + "OR EXISTS (SELECT 1 FROM open_alarms o WHERE o.alarm_id = a.id)";

    /** Children first; each deletes the rows of the alarms in the IN list. */
    private static final List<String> DELETES = List.of(
            "DELETE FROM justification_versions WHERE justification_id IN "
                    + "(SELECT id FROM justifications WHERE alarm_id IN (%s))",
            "DELETE FROM justification_decisions WHERE justification_id IN "
                    + "(SELECT id FROM justifications WHERE alarm_id IN (%s))",
            "DELETE FROM supplier_failures WHERE alarm_id IN (%s)",
            "DELETE FROM supervisor_inbox WHERE alarm_id IN (%s)",
            "DELETE FROM open_alarms WHERE alarm_id IN (%s)",
            "DELETE FROM justifications WHERE alarm_id IN (%s)",
            "DELETE FROM action_plan_alarms WHERE alarm_id IN (%s)",
            "DELETE FROM charges WHERE alarm_id IN (%s)",
            "DELETE FROM webhook_deliveries WHERE alarm_id IN (%s)",
            "DELETE FROM alarm_deadlines WHERE alarm_id IN (%s)",
            "DELETE FROM alarm_timeline WHERE alarm_id IN (%s)",
            "DELETE FROM alarm_dispatch WHERE alarm_id IN (%s)",
            "DELETE FROM alarms WHERE id IN (%s)");

    /**
     * @param alarmsDeleted          alarms deleted, with what hangs on them
     * @param alarmsKeptForOpenCases alarms old enough to go that were kept because a case still needs them
     */
    public record Result(int alarmsDeleted, int alarmsKeptForOpenCases) {
    }

    private final Database db;
    private final Duration keep;
    private final int chunk;

    public Retention(Database db, Duration keep) {
        this(db, keep, DEFAULT_CHUNK);
    }

    /** @param chunk alarm ids looked at per transaction (1-10000) */
    public Retention(Database db, Duration keep, int chunk) {
        this.db = Objects.requireNonNull(db, "db");
        if (keep == null || keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must keep alarms for a positive duration, got " + keep);
        }
        if (chunk < 1 || chunk > 10_000) {
            throw new IllegalArgumentException("chunk must be 1-10000, got " + chunk);
        }
        this.keep = keep;
        this.chunk = chunk;
    }

    public Duration keep() {
        return keep;
    }

    /**
     * Deletes the alarms received before {@code now - keep} that no open case needs; {@link LeaseLostException} when
     * {@code fence} refuses a chunk (the chunks before it stay deleted).
     */
    public Result purge(Instant now, Fence fence) throws SQLException {
        Instant cutoff = now.minus(keep);
        OffsetDateTime cutoffTs = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        OffsetDateTime nowTs = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        int deleted = 0;
        int kept = 0;
        int failedChunks = 0;
        long afterId = 0;
        while (true) {
            List<Long> doomed = new ArrayList<>();
            int seen = 0;
            long lastId = afterId;
            try (Connection c = db.connection()) {
                try {
                    fence.check(c);
                    try (PreparedStatement p = c.prepareStatement("SELECT a.id, CASE WHEN " + KEPT
                            + " THEN 1 ELSE 0 END AS kept FROM alarms a WHERE a.received_at < ? AND a.id > ? "
                            + "ORDER BY a.id LIMIT " + chunk)) {
                        p.setObject(1, nowTs);
                        p.setObject(2, cutoffTs);
                        p.setLong(3, afterId);
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                seen++;
                                lastId = rs.getLong(1);
                                if (rs.getInt(2) == 1) {
                                    kept++;
                                } else {
                                    doomed.add(lastId);
                                }
                            }
                        }
                    }
                    if (!doomed.isEmpty()) {
                        delete(c, doomed);
                        db.commitDurably(c);
                    } else {
                        c.commit();
                    }
                    deleted += doomed.size();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    if (e instanceof LeaseLostException) {
                        LOG.warn("event=retention.stopped reason=lease_lost alarms_deleted={}", deleted);
                        throw e;
                    }
                    if (seen == 0) {
                        throw e; // not even the selection worked: nothing to skip to
                    }
                    failedChunks++;
                    LOG.warn("event=retention.chunk_failed first_after_id={} last_id={} alarms={} error=\"{}\"",
                            afterId, lastId, doomed.size(), e.getMessage());
                }
            }
            if (seen < chunk) {
                break;
            }
            afterId = lastId;
        }
        LOG.info("event=retention.purged alarms_deleted={} kept_for_open_cases={} older_than={} failed_chunks={}",
                deleted, kept, cutoff, failedChunks);
        return new Result(deleted, kept);
    }

    private static void delete(Connection c, List<Long> ids) throws SQLException {
        String in = "?, ".repeat(ids.size() - 1) + "?";
        for (String template : DELETES) {
            try (PreparedStatement p = c.prepareStatement(String.format(template, in))) {
                for (int i = 0; i < ids.size(); i++) {
                    p.setLong(i + 1, ids.get(i));
                }
                p.executeUpdate();
            }
        }
    }
}
