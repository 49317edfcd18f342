package dk.vagtcentral.server.store;

import dk.vagtcentral.protocol.event.TextBounds;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.domain.AlarmState;
import dk.vagtcentral.server.work.Lane;
import dk.vagtcentral.server.work.SerialWorker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of ingested alarms, a {@link SerialWorker}. Requests queue up on two bounded lanes — life-safety
 * alarms (fire, emergency, not understood) ahead of everything else — and each turn the thread takes what waits (up
 * to {@code batchMax}, urgent first), writes it in one transaction and commits durably — a group commit — and only
 * then completes the requests' futures, on the callers' event loops, which is when the receivers encode and send
 * their ACKs. A failed commit fails every request of the batch: nothing is ACKed that was not stored, and the
 * devices retransmit. When the database refused the data itself (an SQL data or constraint error), the batch is
 * written again one request at a time, so one bad request cannot take the alarms that shared its batch with it.
 *
 * <p>What is not an alarm never waits in those lanes: a device's sighting (last seen, clock drift) and frames from
 * unknown accounts are collected in memory, bounded, and written at most once a second in transactions of their
 * own, so a failure there never fails an alarm's commit and a flood of them costs one row per account.
 *
 * <p>A failed commit is an alarm for the operators: it is logged at ERROR ({@code event=store.commit_failed}),
 * counted ({@code vagtcentral.store.commit.failures}, {@code vagtcentral.store.alarms.failed}) and reported by
 * {@link #commitHealth()} for {@code /health}.
 *
 * <p>Retransmissions are recognised by the database, so every node on one database recognises them: each alarm's
 * retransmission keys ({@link RetransmissionKeys}) are inserted with it into {@code retransmission_keys}, whose
 * primary key is the key's hash ({@link #pruneKeys} deletes the expired ones). A batch whose insert meets a taken key is rolled back and written again, now
 * looking its keys up first: a key found younger than {@code retransmitWindow} makes the request a duplicate of that
 * alarm, an older one is freed. Two nodes inserting the same key at once meet at the primary key the same way —
 * the device is ACKed again, and there is still one alarm.
 */
public final class AlarmWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmWriter.class);
    /** Alarms waiting per lane: about 1 KiB each, so the two lanes hold at most some 40 MiB. */
    public static final int LANE_CAPACITY = 20_000;
    /** Unknown accounts collected between two flushes; more are counted but not recorded. */
    static final int UNKNOWN_ACCOUNTS_PER_FLUSH = 100;
    private static final long FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Called with each new alarm's id after its commit, on the writer's thread. */
    @FunctionalInterface
    public interface StoredListener {
        void stored(long alarmId, boolean urgent);
    }

    public record StoreResult(long alarmId, boolean duplicate) {
    }

    /**
     * An event from an account no device is registered for, kept for supervisors. Its text fields are clipped to
     * their columns: an unknown sender's bytes must never fail the commit of the alarms batched with it.
     */
    public record UnknownDeviceEvent(String account, Instant receivedAt, AlarmSource source, String remoteAddress,
                                     String messageId, String reason) {
        public UnknownDeviceEvent {
            account = TextBounds.clip(account, 16);
            remoteAddress = TextBounds.clip(remoteAddress, 64);
            messageId = TextBounds.clip(messageId, 16);
            reason = TextBounds.clip(reason, 200);
        }
    }

    /**
     * Failed commits since start. {@code degraded} while the last failure is less than {@link #RECENT} old.
     *
     * @param failedCommits   commits that failed (a batch retried one by one counts once, plus each failing retry)
     * @param alarmsNotStored alarms whose commit failed and that were therefore not acknowledged
     * @param lastFailureAt   when the last commit failed, or null
     */
    public record CommitHealth(long failedCommits, long alarmsNotStored, Instant lastFailureAt) {
        public boolean degraded(Instant now) {
            return lastFailureAt != null && lastFailureAt.isAfter(now.minus(RECENT));
        }
    }

    /** How long a failed commit keeps {@link CommitHealth#degraded} true. */
    public static final Duration RECENT = Duration.ofMinutes(15);

    private record StoreAlarm(NewAlarm alarm, Promise<StoreResult> result) {
        boolean urgent() {
            return alarm.category().isLifeSafety();
        }
    }

    /** A device's latest sighting, and the latest clock drift it reported. */
    private record Sighting(Instant seenAt, Long driftMillis) {
    }

    /** Frames from one unknown account since the last flush. */
    private record UnknownAccount(UnknownDeviceEvent first, UnknownDeviceEvent last, long frames) {
    }

    /** An alarm stored earlier under one of a request's keys. */
    record Known(long alarmId, Instant receivedAt, boolean clockSuspect) {
    }

    private final Database db;
    private final int batchMax;
    private final Duration retransmitWindow;
    private final SerialWorker worker = new SerialWorker("alarm-writer");
    private final Lane<StoreAlarm> urgent;
    private final Lane<StoreAlarm> normal;
    private final List<StoredListener> storedListeners = new CopyOnWriteArrayList<>();
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private final Counter duplicates;
    private final Counter commitFailures;
    private final Counter alarmsFailed;
    private volatile Instant lastFailureAt;
    private final Counter unknownFrames;
    private final Counter unknownNotRecorded;
    private final Counter sightingFailures;
    private final MeterRegistry registry;
    /** Device last-seen and clock drift, written at most once a second: supervision data, not alarms. */
    private final ConcurrentHashMap<String, Sighting> sightings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UnknownAccount> unknowns = new ConcurrentHashMap<>();
    private long lastFlush = System.nanoTime();
    /** Times a batch is written again, looking its keys up, after meeting a taken key. */
    private static final int KEY_RACE_ATTEMPTS = 3;
    private final Counter keyRaces;

    public AlarmWriter(Database db, int batchMax, Duration retransmitWindow, MeterRegistry registry) {
        this.db = db;
        this.batchMax = batchMax;
        this.retransmitWindow = retransmitWindow;
        this.registry = registry;
        this.commitTimer = Timer.builder("vagtcentral.store.commit")
                .description("Time to write and durably commit one group of alarms")
                .publishPercentileHistogram().register(registry);
        this.batchSize = DistributionSummary.builder("vagtcentral.store.batch.size")
                .description("Requests per group commit").register(registry);
        this.duplicates = Counter.builder("vagtcentral.alarms.duplicates")
                .description("Retransmissions recognised and ACKed without a second alarm").register(registry);
        this.commitFailures = Counter.builder("vagtcentral.store.commit.failures")
                .description("Group commits that failed; their requests were not acknowledged").register(registry);
        this.alarmsFailed = Counter.builder("vagtcentral.store.alarms.failed")
                .description("Alarms whose commit failed: not acknowledged, the device must retransmit")
                .register(registry);
        this.unknownFrames = Counter.builder("vagtcentral.dc09.unknown.frames")
                .description("Frames from accounts no device is registered for (recorded one row per account)")
                .register(registry);
        this.unknownNotRecorded = Counter.builder("vagtcentral.dc09.unknown.not_recorded")
                .description("Frames from unknown accounts beyond the accounts recorded per second (a flood)")
                .register(registry);
        this.keyRaces = Counter.builder("vagtcentral.store.retransmission.races")
                .description("Batches written again because another node stored the same message at the same time")
                .register(registry);
        this.sightingFailures = Counter.builder("vagtcentral.store.sightings.failures")
                .description("Failed writes of device sightings (last seen, clock drift); retried").register(registry);
        RejectedExecutionException stopped = new RejectedExecutionException("alarm writer stopped");
        this.urgent = worker.lane(LANE_CAPACITY, s -> s.result().tryFail(stopped));
        this.normal = worker.lane(LANE_CAPACITY, s -> s.result().tryFail(stopped));
        io.micrometer.core.instrument.Gauge.builder("vagtcentral.store.queue.depth", worker, SerialWorker::queued)
                .description("Alarms and sightings waiting for the writer (both lanes)").register(registry);
    }

    /** Starts the writer thread. */
    public void start() {
        worker.start(new SerialWorker.Body() {
            @Override
            public void started() {
                Database.reserveConnectionsForThisThread();
            }

            @Override
            public boolean hasWork() {
                return !urgent.isEmpty() || !normal.isEmpty();
            }

            @Override
            public long waitMillis() {
                return 1000;
            }

            @Override
            public void turn(boolean stopping) {
                writeTurn(stopping);
            }
        });
    }

    /** Called with each new alarm's id after its commit. */
    public void onStored(StoredListener listener) {
        storedListeners.add(listener);
    }

    /**
     * Queues an alarm; the future completes (on the caller's Vert.x context) once it is durably committed, or fails
     * when the commit failed or its lane is full — then the sender must not be told it was stored.
     */
    public Future<StoreResult> store(NewAlarm alarm) {
        Promise<StoreResult> result = SerialWorker.promise();
        StoreAlarm request = new StoreAlarm(alarm, result);
        if (alarm.source().fromDevice()) {
            deviceSeen(alarm.account(), alarm.receivedAt(), alarm.clockDriftMillis());
        }
        if (!worker.running()) {
            result.fail(new RejectedExecutionException("alarm writer is stopped"));
        } else if (!(request.urgent() ? urgent : normal).offer(request)) {
            result.fail(new RejectedExecutionException("alarm writer queue is full"));
        }
        return result.future();
    }

    /**
     * Records that a device was heard from, and its clock drift when the message had a timestamp; written within
     * a second. Costs no queue slot: a storm of supervision messages never delays an alarm.
     */
    public void deviceSeen(String account, Instant seenAt, Long driftMillis) {
        sightings.merge(account, new Sighting(seenAt, driftMillis), (old, now) -> new Sighting(
                now.seenAt().isAfter(old.seenAt()) ? now.seenAt() : old.seenAt(),
                now.driftMillis() != null ? now.driftMillis() : old.driftMillis()));
    }

    /** Whether the writer's thread runs (stored alarms can be ACKed). */
    public boolean alive() {
        return worker.alive();
    }

    public CommitHealth commitHealth() {
        return new CommitHealth((long) commitFailures.count(), (long) alarmsFailed.count(), lastFailureAt);
    }

    /**
     * Records a frame from an account no device is registered for: one row per account (first and last seen, a
     * count), written within a second. In a flood of distinct accounts only the first
     * {@link #UNKNOWN_ACCOUNTS_PER_FLUSH} per second get rows; the rest are counted.
     */
    public void recordUnknownDevice(UnknownDeviceEvent event) {
        unknownFrames.increment();
        if (unknowns.size() >= UNKNOWN_ACCOUNTS_PER_FLUSH && !unknowns.containsKey(accountKey(event))) {
            unknownNotRecorded.increment();
            return;
        }
        unknowns.merge(accountKey(event), new UnknownAccount(event, event, 1),
                (old, now) -> new UnknownAccount(old.first(), now.last(), old.frames() + 1));
    }

    private static String accountKey(UnknownDeviceEvent e) {
        return e.account() == null ? "" : e.account();
    }

    /** Urgent alarms first, then the rest, up to {@code batchMax}; then what is due to be flushed. */
    private void writeTurn(boolean stopping) {
        List<StoreAlarm> batch = new ArrayList<>(Math.min(batchMax, 1024));
        urgent.drainTo(batch, batchMax);
        normal.drainTo(batch, batchMax - batch.size());
        if (!batch.isEmpty()) {
            try {
                writeBatch(batch);
            } catch (RuntimeException e) {
                LOG.error("event=writer.error", e);
                commitFailed(batch, e);
            }
        }
        if (stopping || System.nanoTime() - lastFlush >= FLUSH_NANOS) {
            lastFlush = System.nanoTime();
            flushSightings();
            flushUnknowns();
        }
    }

    /**
     * What became of one store request in a batch: a new alarm (insert index), or a retransmission of an
     * alarm committed earlier ({@code existing}) or of one inserted earlier in the same batch.
     */
    private record Outcome(StoreAlarm request, int insertIndex, Known existing, int duplicateOfInsert) {
    }

    private void writeBatch(List<StoreAlarm> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                writeOnce(batch, attempt > 1);
                return;
            } catch (SQLException | RuntimeException e) {
                if (attempt <= KEY_RACE_ATTEMPTS && isUniqueViolation(e)) {
                    // a key is taken: a retransmission of a stored alarm (found by looking the keys up), a key older
                    // than the window not pruned yet (freed), or another node storing it at this moment
                    if (attempt > 1) {
                        keyRaces.increment();
                        LOG.info("event=store.retransmission_race requests={} attempt={}", batch.size(), attempt);
                    }
                    continue;
                }
                if (batch.size() > 1 && (isDataError(e) || isLockTimeout(e))) {
                    recordFailedCommit();
                    LOG.error("event=store.commit_failed requests={} sql_state={} action=retry_one_by_one "
                            + "error=\"{}\"", batch.size(), sqlState(e), oneLine(e));
                    for (StoreAlarm request : batch) {
                        writeBatch(List.of(request));
                    }
                    return;
                }
                commitFailed(batch, e);
                return;
            }
        }
    }

    /**
     * One transaction for the batch. The keys are looked up only when {@code lookUp}: first every batch simply
     * inserts them, and only one that meets a taken key is written again with the lookup, since retransmissions are
     * few and a lookup per batch cost the writer a third of its speed.
     */
    private void writeOnce(List<StoreAlarm> batch, boolean lookUp) throws SQLException {
        Timer.Sample sample = Timer.start(registry);
        try (Connection c = db.connection()) {
            try {
                Map<String, Known> known = lookUp ? RetransmissionKeyTable.lookup(c, keysOf(batch)) : Map.of();
                Map<String, Integer> keysInBatch = new HashMap<>();
                List<StoreAlarm> inserts = new ArrayList<>();
                List<Outcome> outcomes = new ArrayList<>();
                Set<String> expired = new HashSet<>();
                for (StoreAlarm request : batch) {
                    outcomes.add(classify(request, known, expired, keysInBatch, inserts));
                }
                RetransmissionKeyTable.delete(c, expired);
                long[] ids = insertAlarms(c, inserts);
                RetransmissionKeyTable.insert(c, inserts.stream().map(StoreAlarm::alarm).toList(), ids);
                insertReceiptTimeline(c, inserts, ids);
                insertCorrections(c, outcomes);
                db.commitDurably(c);
                batchSize.record(batch.size());
                sample.stop(commitTimer);
                complete(outcomes, inserts, ids);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private static List<String> keysOf(List<StoreAlarm> batch) {
        List<String> keys = new ArrayList<>(batch.size() * 2);
        for (StoreAlarm s : batch) {
            keys.addAll(s.alarm().retransmissionKeys());
        }
        return keys;
    }

    /** Fails the batch's requests (the devices get no reply and retransmit) and tells the operators. */
    private void commitFailed(List<StoreAlarm> batch, Exception e) {
        recordFailedCommit();
        long alarms = batch.size();
        alarmsFailed.increment(alarms);
        NewAlarm first = batch.isEmpty() ? null : batch.get(0).alarm();
        LOG.error("event=store.commit_failed requests={} alarms={} first_account={} first_seq={} sql_state={} "
                        + "error=\"{}\"", batch.size(), alarms, first == null ? null : first.account(),
                first == null ? null : first.sequence(), sqlState(e), oneLine(e));
        failAll(batch, e);
    }

    private void recordFailedCommit() {
        commitFailures.increment();
        lastFailureAt = Instant.now();
    }

    /** The exception's message on one greppable line, bounded (drivers put the whole statement in it). */
    private static String oneLine(Throwable e) {
        return TextBounds.clip(String.valueOf(e.getMessage()).replaceAll("\\s+", " ").replace('"', '\''), 300);
    }

    /**
     * A unique-key violation (SQL state 23505, on H2 and PostgreSQL alike): a retransmission key taken; or a deadlock
     * (40P01) with another node inserting some of the same keys.
     */
    private static boolean isUniqueViolation(Throwable e) {
        String state = sqlState(e);
        return "23505".equals(state) || "40P01".equals(state);
    }

    /**
     * A lock wait that timed out (55P03): another node holds one of the batch's keys in a transaction it has not
     * committed (it may be frozen). The batch is written one by one, so only that request waits for it.
     */
    private static boolean isLockTimeout(Throwable e) {
        return "55P03".equals(sqlState(e));
    }

    /** Whether the database refused the data itself (SQL state class 22 or 23), not the connection or the server. */
    private static boolean isDataError(Throwable e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** The first SQL state in the exception's causes and chained SQL exceptions, or null. */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException x = sql; x != null; x = x.getNextException()) {
                    if (x.getSQLState() != null) {
                        return x.getSQLState();
                    }
                }
            }
        }
        return null;
    }

    /**
     * A retransmission of an alarm stored within the window before this one's receipt, or of one earlier in the
     * batch; else an insert. Keys found older than the window go to {@code expired}: they are free again.
     */
    private Outcome classify(StoreAlarm s, Map<String, Known> stored, Set<String> expired,
                             Map<String, Integer> keysInBatch, List<StoreAlarm> inserts) {
        NewAlarm alarm = s.alarm();
        Instant horizon = alarm.receivedAt().minus(retransmitWindow);
        for (String key : alarm.retransmissionKeys()) {
            Integer pending = keysInBatch.get(key);
            if (pending != null) {
                return new Outcome(s, -1, null, pending);
            }
            Known known = stored.get(key);
            if (known != null && !known.receivedAt().isBefore(horizon)) {
                return new Outcome(s, -1, known, -1);
            }
        }
        for (String key : alarm.retransmissionKeys()) {
            if (stored.containsKey(key)) {
                expired.add(key);
            }
        }
        int index = inserts.size();
        inserts.add(s);
        for (String key : alarm.retransmissionKeys()) {
            keysInBatch.put(key, index);
        }
        return new Outcome(s, index, null, -1);
    }

    private long[] insertAlarms(Connection c, List<StoreAlarm> inserts) throws SQLException {
        long[] ids = new long[inserts.size()];
        if (inserts.isEmpty()) {
            return ids;
        }
        String sql = "INSERT INTO alarms (account, source, message_id, seq_no, data_block, extended_data, category, "
                + "event_code, event_qualifier, zone_code, area, events, event_text, device_time, received_at, "
                + "clock_suspect, clock_drift_ms, state, idempotency_key, callback_address) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement p = c.prepareStatement(sql, new String[]{"id"})) {
            for (StoreAlarm s : inserts) {
                NewAlarm a = s.alarm();
                p.setString(1, a.account());
                p.setString(2, a.source().name());
                p.setString(3, a.messageId());
                if (a.sequence() == null) {
                    p.setNull(4, Types.INTEGER);
                } else {
                    p.setInt(4, a.sequence());
                }
                p.setString(5, a.dataBlock());
                p.setString(6, a.extendedData());
                p.setString(7, a.category().name());
                p.setString(8, a.eventCode());
                p.setString(9, a.eventQualifier());
                p.setString(10, a.zone());
                p.setString(11, a.area());
                p.setString(12, a.events());
                p.setString(13, a.text());
                p.setObject(14, Sql.timestamp(a.deviceTime()));
                p.setObject(15, Sql.timestamp(a.receivedAt()));
                p.setBoolean(16, a.clockSuspect());
                if (a.clockDriftMillis() == null) {
                    p.setNull(17, Types.BIGINT);
                } else {
                    p.setLong(17, a.clockDriftMillis());
                }
                p.setString(18, AlarmState.RECEIVED.name());
                p.setString(19, a.idempotencyKey());
                p.setString(20, a.callbackAddress());
                p.addBatch();
            }
            p.executeBatch();
            try (ResultSet keys = p.getGeneratedKeys()) {
                for (int i = 0; i < ids.length; i++) {
                    if (!keys.next()) {
                        throw new SQLException("database returned " + i + " generated ids for " + ids.length + " alarms");
                    }
                    ids[i] = keys.getLong(1);
                }
            }
        }
        return ids;
    }

    private void insertReceiptTimeline(Connection c, List<StoreAlarm> inserts, long[] ids) throws SQLException {
        if (inserts.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(Sql.INSERT_TIMELINE)) {
            for (int i = 0; i < ids.length; i++) {
                NewAlarm a = inserts.get(i).alarm();
                Sql.bindTimeline(p, ids[i], a.receivedAt(), actorOf(a), "RECEIVED", null, AlarmState.RECEIVED.name(),
                        a.receiptDetail());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** A clock-suspect alarm whose retransmission now carries a good clock gets that on its timeline. */
    private void insertCorrections(Connection c, List<Outcome> outcomes) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(Sql.INSERT_TIMELINE)) {
            boolean any = false;
            for (Outcome o : outcomes) {
                NewAlarm a = o.request().alarm();
                if (o.existing() != null && o.existing().clockSuspect() && !a.clockSuspect()) {
                    Sql.bindTimeline(p, o.existing().alarmId(), a.receivedAt(), actorOf(a), "CLOCK_CORRECTED", null,
                            null, "retransmission with a corrected device clock merged into this alarm; device time "
                                    + a.deviceTime());
                    p.addBatch();
                    any = true;
                }
            }
            if (any) {
                p.executeBatch();
            }
        }
    }

    private static String actorOf(NewAlarm a) {
        if (a.source() == AlarmSource.SUPERVISION) {
            return "system:supervision";
        }
        return a.source() == AlarmSource.API ? "api" : "device:" + a.account();
    }

    /**
     * Writes the devices' sightings in a transaction of their own. A failure is logged and the sightings are kept
     * for the next flush (newer ones replace them), so it never fails an alarm's commit and costs no memory beyond
     * one entry per registered device.
     */
    private void flushSightings() {
        if (sightings.isEmpty()) {
            return;
        }
        Map<String, Sighting> taken = takeAll(sightings);
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement("UPDATE devices SET last_seen_at = ?, "
                    + "last_clock_drift_ms = COALESCE(?, last_clock_drift_ms), "
                    + "last_clock_checked_at = CASE WHEN ? IS NULL THEN last_clock_checked_at ELSE ? END "
                    + "WHERE account = ?")) {
                for (Map.Entry<String, Sighting> e : taken.entrySet()) {
                    Sighting t = e.getValue();
                    p.setObject(1, Sql.timestamp(t.seenAt()));
                    if (t.driftMillis() == null) {
                        p.setNull(2, Types.BIGINT);
                        p.setNull(3, Types.BIGINT);
                    } else {
                        p.setLong(2, t.driftMillis());
                        p.setLong(3, t.driftMillis());
                    }
                    p.setObject(4, Sql.timestamp(t.seenAt()));
                    p.setString(5, e.getKey());
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            sightingFailures.increment();
            LOG.error("event=store.sightings_failed devices={} error=\"{}\"", taken.size(), oneLine(e));
            taken.forEach((account, t) -> sightings.merge(account, t, (newer, old) -> newer));
        }
    }

    /** Removes and returns what the map holds; entries added meanwhile stay for the next time. */
    private static <V> Map<String, V> takeAll(ConcurrentHashMap<String, V> map) {
        Map<String, V> taken = new HashMap<>();
        for (String key : List.copyOf(map.keySet())) {
            V value = map.remove(key);
            if (value != null) {
                taken.put(key, value);
            }
        }
        return taken;
    }

    /** Writes the unknown accounts seen since the last flush: one row per account, updated in place. */
    private void flushUnknowns() {
        if (unknowns.isEmpty()) {
            return;
        }
        Map<String, UnknownAccount> taken = takeAll(unknowns);
        List<Map.Entry<String, UnknownAccount>> entries = new ArrayList<>(taken.entrySet());
        try (Connection c = db.connection()) {
            try {
                int[] updated;
                try (PreparedStatement p = c.prepareStatement("UPDATE unknown_devices SET last_seen_at = ?, "
                        + "frames = frames + ?, source = ?, remote_address = ?, message_id = ?, reason = ? "
                        + "WHERE account = ?")) {
                    for (Map.Entry<String, UnknownAccount> e : entries) {
                        UnknownDeviceEvent last = e.getValue().last();
                        p.setObject(1, Sql.timestamp(last.receivedAt()));
                        p.setLong(2, e.getValue().frames());
                        p.setString(3, last.source().name());
                        p.setString(4, last.remoteAddress());
                        p.setString(5, last.messageId());
                        p.setString(6, last.reason());
                        p.setString(7, e.getKey());
                        p.addBatch();
                    }
                    updated = p.executeBatch();
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO unknown_devices (account, first_seen_at, "
                        + "last_seen_at, frames, source, remote_address, message_id, reason) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    boolean any = false;
                    for (int i = 0; i < entries.size(); i++) {
                        if (updated[i] > 0) {
                            continue;
                        }
                        UnknownAccount u = entries.get(i).getValue();
                        p.setString(1, entries.get(i).getKey());
                        p.setObject(2, Sql.timestamp(u.first().receivedAt()));
                        p.setObject(3, Sql.timestamp(u.last().receivedAt()));
                        p.setLong(4, u.frames());
                        p.setString(5, u.last().source().name());
                        p.setString(6, u.last().remoteAddress());
                        p.setString(7, u.last().messageId());
                        p.setString(8, u.last().reason());
                        p.addBatch();
                        any = true;
                    }
                    if (any) {
                        p.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("event=store.unknown_devices_failed accounts={} error=\"{}\"", entries.size(), oneLine(e));
        }
    }

    private void complete(List<Outcome> outcomes, List<StoreAlarm> inserts, long[] ids) {
        for (Outcome o : outcomes) {
            if (o.insertIndex() >= 0) {
                o.request().result().tryComplete(new StoreResult(ids[o.insertIndex()], false));
            } else {
                duplicates.increment();
                long id = o.existing() != null ? o.existing().alarmId() : ids[o.duplicateOfInsert()];
                o.request().result().tryComplete(new StoreResult(id, true));
            }
        }
        for (int i = 0; i < ids.length; i++) {
            long id = ids[i];
            boolean urgentAlarm = inserts.get(i).urgent();
            for (StoredListener listener : storedListeners) {
                try {
                    listener.stored(id, urgentAlarm);
                } catch (RuntimeException e) {
                    LOG.error("event=stored_listener.failed alarm_id={}", id, e);
                }
            }
        }
    }

    /**
     * Deletes the retransmission keys older than the window: a periodic job, off the writer's thread (a prune of
     * many rows there would hold up the ACKs); a key older than the window that is still there is freed by the
     * writer when it meets it. The number deleted.
     */
    public int pruneKeys(Instant now, dk.vagtcentral.server.cluster.Fence fence) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                fence.check(c);
                int deleted = RetransmissionKeyTable.prune(c, now.minus(retransmitWindow));
                c.commit();
                LOG.debug("event=store.keys_pruned deleted={}", deleted);
                return deleted;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private static void failAll(List<StoreAlarm> batch, Throwable cause) {
        for (StoreAlarm request : batch) {
            request.result().tryFail(cause);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("event=store.rollback_failed error=\"{}\"", e.getMessage());
        }
    }

    /** Writes what is queued (and the sightings and unknown accounts collected), then stops the thread. */
    @Override
    public void close() {
        worker.close(Duration.ofSeconds(10));
    }
}
