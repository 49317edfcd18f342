package dk.vagtcentral.server.store;

import dk.vagtcentral.server.domain.AlarmState;
import dk.vagtcentral.server.domain.Handling;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What is open right now, database-wide, for the gauges {@code vagtcentral_alarms_open{state,handling}} and
 * {@code vagtcentral_oldest_unacknowledged_call_age_seconds}. Read by a periodic refresh (every few seconds, off the
 * event loop), never at scrape time; every node on one database reports the same figures, so a dashboard takes the
 * max over the nodes, not the sum.
 *
 * <p>Cheap on purpose: the open calls and service notices are the {@code open_alarms} rows (kept from routing to close
 * or cancel) joined to their dispatch rows by primary key; the alarms not routed yet are found through the
 * {@code received_at} index within {@link #UNROUTED_LOOKBACK}, never by scanning the alarm history.
 */
public final class OpenAlarmStats {
    /** How far back a stored, not yet routed call is looked for. Routing takes milliseconds; a day is an outage. */
    static final Duration UNROUTED_LOOKBACK = Duration.ofHours(24);
    /** The handlings a row in open_alarms can have: what is "open". */
    static final List<Handling> OPEN_HANDLINGS = List.of(Handling.CALL, Handling.SERVICE_NOTICE);

    private static final String OPEN_BY_STATE = "SELECT d.state, d.handling, COUNT(*) FROM open_alarms o "
            + "JOIN alarm_dispatch d ON d.alarm_id = o.alarm_id GROUP BY d.state, d.handling";
    private static final String OLDEST_UNACKNOWLEDGED = "SELECT MIN(a.received_at) FROM open_alarms o "
            + "JOIN alarm_dispatch d ON d.alarm_id = o.alarm_id JOIN alarms a ON a.id = o.alarm_id "
            + "WHERE d.handling = 'CALL' AND d.state IN (" + awaitingAcknowledgement() + ")";
    private static final String UNROUTED_CALLS = "SELECT COUNT(*), MIN(a.received_at) FROM alarms a "
            + "WHERE a.received_at >= ? AND a.category IN ('FIRE', 'EMERGENCY', 'UNKNOWN') "
            + "AND NOT EXISTS (SELECT 1 FROM alarm_dispatch d WHERE d.alarm_id = a.id)";

    /** One reading: open alarms by state and handling, and when the oldest unacknowledged call came in (or null). */
    public record Snapshot(Map<AlarmState, Map<Handling, Long>> open, Instant oldestUnacknowledgedCall) {
        public long open(AlarmState state, Handling handling) {
            return open.getOrDefault(state, Map.of()).getOrDefault(handling, 0L);
        }
    }

    private final Database db;
    private final Clock clock;
    /** The last reading; null before the first and after a failed one (the gauges then read NaN, not stale). */
    private final AtomicReference<Snapshot> last = new AtomicReference<>();

    public OpenAlarmStats(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private static String awaitingAcknowledgement() {
        StringBuilder in = new StringBuilder();
        for (AlarmState s : AlarmState.values()) {
            if (s.awaitsAcknowledgement()) {
                in.append(in.length() == 0 ? "" : ", ").append('\'').append(s.name()).append('\'');
            }
        }
        return in.toString();
    }

    /** Reads the figures now, in one read-only transaction. */
    public Snapshot read(Instant now) throws SQLException {
        Map<AlarmState, Map<Handling, Long>> open = new EnumMap<>(AlarmState.class);
        Instant oldest;
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement(OPEN_BY_STATE); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    open.computeIfAbsent(AlarmState.valueOf(rs.getString(1)), s -> new EnumMap<>(Handling.class))
                            .merge(Handling.valueOf(rs.getString(2)), rs.getLong(3), Long::sum);
                }
            }
            try (PreparedStatement p = c.prepareStatement(OLDEST_UNACKNOWLEDGED); ResultSet rs = p.executeQuery()) {
                rs.next();
                oldest = instant(rs, 1);
            }
            // stored and ACKed but not routed yet: a call in RECEIVED that nobody has been told of
            try (PreparedStatement p = c.prepareStatement(UNROUTED_CALLS)) {
                p.setObject(1, Sql.timestamp(now.minus(UNROUTED_LOOKBACK)));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    long unrouted = rs.getLong(1);
                    if (unrouted > 0) {
                        open.computeIfAbsent(AlarmState.RECEIVED, s -> new EnumMap<>(Handling.class))
                                .merge(Handling.CALL, unrouted, Long::sum);
                        Instant first = instant(rs, 2);
                        if (first != null && (oldest == null || first.isBefore(oldest))) {
                            oldest = first;
                        }
                    }
                }
            }
            c.commit();
        }
        return new Snapshot(open, oldest);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Reads and keeps the figures for the gauges; a failed read leaves them NaN until the next one succeeds. */
    public Snapshot refresh() throws SQLException {
        try {
            Snapshot s = read(clock.instant());
            last.set(s);
            return s;
        } catch (SQLException | RuntimeException e) {
            last.set(null);
            throw e;
        }
    }

    /** The gauges, one series per open state and handling (0 when none), read from the last refresh. */
    public void register(MeterRegistry registry) {
        for (AlarmState state : AlarmState.values()) {
            if (!state.isOpen()) {
                continue;
            }
            for (Handling handling : OPEN_HANDLINGS) {
                Gauge.builder("vagtcentral.alarms.open", last, r -> r.get() == null ? Double.NaN
                                : r.get().open(state, handling))
                        .description("Open calls and service notices by state and handling, database-wide (the same"
                                + " on every node; refreshed every few seconds)")
                        .tag("state", state.name()).tag("handling", handling.name()).strongReference(true)
                        .register(registry);
            }
        }
        Gauge.builder("vagtcentral.oldest.unacknowledged.call.age", last, r -> {
                    Snapshot s = r.get();
                    if (s == null) {
                        return Double.NaN;
                    }
                    return s.oldestUnacknowledgedCall() == null ? 0
                            : Math.max(0, Duration.between(s.oldestUnacknowledgedCall(), clock.instant()).toMillis()
                            / 1000.0);
                }).baseUnit("seconds").strongReference(true)
                .description("Seconds since the oldest call nobody has acknowledged came in (0 when none), "
                        + "database-wide; unrouted calls included")
                .register(registry);
    }
}
