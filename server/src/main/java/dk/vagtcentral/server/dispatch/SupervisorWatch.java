package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.cluster.Fence;
import dk.vagtcentral.server.domain.InboxKind;
import dk.vagtcentral.server.domain.Interval;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.push.PushEvent;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.InboxStore;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.TrailStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the supervisors must be told although no alarm event causes it (DOMAIN.md rule 18): a justification that
 * became overdue, and a hole in a supplier's duty roster. Each is raised on the inbox once (per due date, per hole)
 * and told live; the watches run from a worker thread, the justifications every minute and the roster hourly, on the
 * node that holds their lease: each transaction is checked against the {@link Fence} first, so a node that lost the
 * lease raises nothing.
 */
public final class SupervisorWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorWatch.class);

    private final Database db;
    private final InboxStore inbox;
    private final TrailStore trail;
    private final ReferenceStore references;
    private final Notifier notifier;

    public SupervisorWatch(Database db, InboxStore inbox, TrailStore trail, ReferenceStore references,
                           Notifier notifier) {
        this.db = db;
        this.inbox = inbox;
        this.trail = trail;
        this.references = references;
        this.notifier = notifier;
    }

    /** Raises each justification that is overdue at {@code now} once per due date; the number raised. */
    public int overdueJustifications(Instant now, Fence fence) throws SQLException {
        return fenced(fence, (c, out) -> {
            for (TrailStore.Justification j : trail.overdue(c, now, 500)) {
                String reason = "justification " + j.id() + " from " + j.supplierId() + " for alarm " + j.alarmId()
                        + " was due " + j.dueAt() + (j.state().equals("REJECTED") ? " (a new version, after a rejection)"
                        : "") + " and has not been given";
                raise(c, "overdue:" + j.id() + ":" + j.dueAt(), InboxKind.JUSTIFICATION_OVERDUE, j.municipalityId(),
                        j.alarmId(), j.supplierId(), now, reason, out);
            }
        });
    }

    /** Raises each roster hole of {@code gaps} (by supplier id) once; the number raised. */
    public int coverageHoles(Map<String, List<Interval>> gaps, Instant now, Fence fence) throws SQLException {
        return fenced(fence, (c, out) -> {
            for (Map.Entry<String, List<Interval>> e : gaps.entrySet()) {
                Optional<Supplier> supplier = references.find(ReferenceStore.SUPPLIERS, e.getKey())
                        .map(ReferenceStore.Stored::value);
                for (Interval gap : e.getValue()) {
                    String reason = "nobody on duty at " + e.getKey() + " from " + gap.start() + " to " + gap.end()
                            + " (" + Duration.between(gap.start(), gap.end()).toMinutes() + " min): alarms then go"
                            + " to municipal home care as the supplier's failure";
                    raise(c, "coverage:" + e.getKey() + ":" + gap.start(), InboxKind.COVERAGE_HOLE,
                            supplier.map(Supplier::municipalityId).orElse(null), null, e.getKey(), now, reason, out);
                }
            }
        });
    }

    private interface Raising {
        void raise(Connection c, List<Notifier.Notification> out) throws SQLException;
    }

    /** One durable transaction, checked against the fence first; what it raised is told live after the commit. */
    private int fenced(Fence fence, Raising work) throws SQLException {
        List<Notifier.Notification> out = new ArrayList<>();
        List<PushEvent> pushed;
        try (Connection c = db.connection()) {
            try {
                fence.check(c);
                work.raise(c, out);
                pushed = notifier.record(c, out);
                db.commitDurably(c);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        notifier.publish(pushed);
        return out.size();
    }

    private void raise(Connection c, String key, InboxKind kind, String municipality, Long alarmId, String supplier,
                       Instant now, String reason, List<Notifier.Notification> out) throws SQLException {
        Optional<Long> id = inbox.raiseOnce(c, key, kind, municipality, alarmId, supplier, now, reason);
        if (id.isPresent()) {
            out.add(new Notifier.Notification(Addresses.supervisors(municipality), InboxMessages.item(
                    new InboxStore.Item(id.get(), kind, municipality, alarmId, supplier, now, reason, "OPEN", null,
                            null, null, 1))));
            LOG.info("event=inbox.raised inbox_id={} kind={} municipality={} alarm_id={} supplier={}", id.get(), kind,
                    municipality, alarmId, supplier);
        }
    }
}
