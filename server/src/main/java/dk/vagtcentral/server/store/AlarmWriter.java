package dk.vagtcentral.server.store;

import dk.vagtcentral.protocol.event.TextBounds;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.domain.AlarmState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of ingested alarms. Requests queue up; one thread takes everything waiting (up to
 * {@code batchMax}), writes it in one transaction and commits durably — a group commit — and only then
 * completes the requests' futures, which is when the receivers send their ACKs. A failed commit fails
 * every request of the batch: nothing is ACKed that was not stored, and the devices retransmit. When the database
 * refused the data itself (an SQL data or constraint error), the batch is written again one request at a time, so
 * one bad request cannot take the alarms that shared its batch with it.
 *
 * <p>A failed commit is an alarm for the operators: it is logged at ERROR ({@code event=store.commit_failed}),
 * counted ({@code vagtcentral.store.commit.failures}, {@code vagtcentral.store.alarms.failed}) and reported by
 * {@link #commitHealth()} for {@code /health}.
 *
 * <p>Being the only writer lets it recognise retransmissions from memory: it keeps the retransmission
 * keys of the last {@code retransmitWindow} of alarms, reloaded from the database at startup.
 */
public final class AlarmWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmWriter.class);
    private static final int QUEUE_CAPACITY = 100_000;

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

    private sealed interface Command permits StoreAlarm, TouchDevice, RecordUnknown, Stop {
    }

    private record StoreAlarm(NewAlarm alarm, CompletableFuture<StoreResult> result) implements Command {
    }

    private record TouchDevice(String account, Instant seenAt, Long driftMillis, CompletableFuture<Void> result)
            implements Command {
    }

    private record RecordUnknown(UnknownDeviceEvent event) implements Command {
    }

    private record Stop() implements Command {
    }

    private record Known(long alarmId, Instant receivedAt, boolean clockSuspect) {
    }

    private final Database db;
    private final int batchMax;
    private final Duration retransmitWindow;
    private final BlockingQueue<Command> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final LinkedHashMap<String, Known> recent = new LinkedHashMap<>();
    private final List<LongConsumer> storedListeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private final Counter duplicates;
    private final Counter commitFailures;
    private final Counter alarmsFailed;
    private volatile Instant lastFailureAt;
    private final MeterRegistry registry;
    private volatile boolean running = true;
    /** Device last-seen and clock drift, written at most once a second: supervision data, not alarms. */
    private final Map<String, TouchDevice> dirtyDevices = new LinkedHashMap<>();
    private long lastDeviceFlush = System.nanoTime();
    private static final long DEVICE_FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);

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
        registry.gauge("vagtcentral.store.queue.depth", queue, BlockingQueue::size);
        this.thread = new Thread(this::run, "alarm-writer");
    }

    /** Loads the retransmission keys of recent alarms and starts the writer thread. */
    public void start(Instant now) {
        reloadRecent(now);
        thread.start();
    }

    /** Called with each new alarm's id after its commit. */
    public void onStored(LongConsumer listener) {
        storedListeners.add(listener);
    }

    public CompletableFuture<StoreResult> store(NewAlarm alarm) {
        CompletableFuture<StoreResult> result = new CompletableFuture<>();
        offer(new StoreAlarm(alarm, result), result);
        return result;
    }

    /** Records that a device was heard from, and its clock drift when the message had a timestamp. */
    public CompletableFuture<Void> touchDevice(String account, Instant seenAt, Long driftMillis) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        offer(new TouchDevice(account, seenAt, driftMillis, result), result);
        return result;
    }

    public CommitHealth commitHealth() {
        return new CommitHealth((long) commitFailures.count(), (long) alarmsFailed.count(), lastFailureAt);
    }

    public void recordUnknownDevice(UnknownDeviceEvent event) {
        if (!queue.offer(new RecordUnknown(event))) {
            LOG.warn("event=unknown_device.dropped reason=queue_full account={}", event.account());
        }
    }

    private void offer(Command command, CompletableFuture<?> result) {
        if (!running) {
            result.completeExceptionally(new RejectedExecutionException("alarm writer is stopped"));
        } else if (!queue.offer(command)) {
            result.completeExceptionally(new RejectedExecutionException("alarm writer queue is full"));
        }
    }

    private void run() {
        List<Command> batch = new ArrayList<>(batchMax);
        while (true) {
            try {
                Command first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (!dirtyDevices.isEmpty()) {
                        writeBatch(List.of());
                    }
                    if (!running) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchMax - 1);
                boolean stop = batch.removeIf(Stop.class::isInstance);
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
                batch.clear();
                if (stop) {
                    if (!dirtyDevices.isEmpty()) {
                        writeBatch(List.of());
                    }
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("event=writer.error", e);
                commitFailed(batch, e);
                batch.clear();
            }
        }
    }

    /**
     * What became of one store request in a batch: a new alarm (insert index), or a retransmission of an
     * alarm committed earlier ({@code existing}) or of one inserted earlier in the same batch.
     */
    private record Outcome(StoreAlarm request, int insertIndex, Known existing, int duplicateOfInsert) {
    }

    private void writeBatch(List<Command> batch) {
        Timer.Sample sample = Timer.start(registry);
        Map<String, Integer> keysInBatch = new HashMap<>();
        List<StoreAlarm> inserts = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        List<TouchDevice> touches = new ArrayList<>();
        List<UnknownDeviceEvent> unknowns = new ArrayList<>();
        for (Command command : batch) {
            if (command instanceof StoreAlarm s) {
                outcomes.add(classify(s, keysInBatch, inserts));
                if (s.alarm().source().fromDevice()) {
                    NewAlarm a = s.alarm();
                    markSeen(new TouchDevice(a.account(), a.receivedAt(), a.clockDriftMillis(), null));
                }
            } else if (command instanceof TouchDevice t) {
                markSeen(t);
                touches.add(t);
            } else if (command instanceof RecordUnknown u) {
                unknowns.add(u.event());
            }
        }
        try (Connection c = db.connection()) {
            try {
                long[] ids = insertAlarms(c, inserts);
                insertReceiptTimeline(c, inserts, ids);
                insertCorrections(c, outcomes);
                boolean flushDevices = System.nanoTime() - lastDeviceFlush >= DEVICE_FLUSH_NANOS || batch.isEmpty();
                if (flushDevices) {
                    updateDevices(c, dirtyDevices.values());
                }
                insertUnknowns(c, unknowns);
                db.commitDurably(c);
                if (!batch.isEmpty()) {
                    batchSize.record(batch.size());
                }
                sample.stop(commitTimer);
                if (flushDevices) {
                    dirtyDevices.clear();
                    lastDeviceFlush = System.nanoTime();
                }
                complete(outcomes, inserts, ids, touches);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (batch.size() > 1 && isDataError(e)) {
                recordFailedCommit();
                LOG.error("event=store.commit_failed requests={} sql_state={} action=retry_one_by_one error=\"{}\"",
                        batch.size(), sqlState(e), oneLine(e));
                for (Command command : batch) {
                    writeBatch(List.of(command));
                }
                return;
            }
            commitFailed(batch, e);
        }
    }

    /** Fails the batch's requests (the devices get no reply and retransmit) and tells the operators. */
    private void commitFailed(List<Command> batch, Exception e) {
        recordFailedCommit();
        long alarms = batch.stream().filter(StoreAlarm.class::isInstance).count();
        alarmsFailed.increment(alarms);
        NewAlarm first = batch.stream().filter(StoreAlarm.class::isInstance).map(c -> ((StoreAlarm) c).alarm())
                .findFirst().orElse(null);
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
    private static String oneLine(Exception e) {
        return TextBounds.clip(String.valueOf(e.getMessage()).replaceAll("\\s+", " ").replace('"', '\''), 300);
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

    /** Keeps the latest sighting of a device, and the latest clock drift it reported. */
    private void markSeen(TouchDevice t) {
        dirtyDevices.merge(t.account(), t, (old, now) -> now.driftMillis() != null ? now
                : new TouchDevice(now.account(), now.seenAt(), old.driftMillis(), null));
    }

    private Outcome classify(StoreAlarm s, Map<String, Integer> keysInBatch, List<StoreAlarm> inserts) {
        NewAlarm alarm = s.alarm();
        Instant horizon = alarm.receivedAt().minus(retransmitWindow);
        for (String key : alarm.retransmissionKeys()) {
            Integer pending = keysInBatch.get(key);
            if (pending != null) {
                return new Outcome(s, -1, null, pending);
            }
            Known known = recent.get(key);
            if (known != null && !known.receivedAt().isBefore(horizon)) {
                return new Outcome(s, -1, known, -1);
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
                + "clock_suspect, clock_drift_ms, state, idempotency_key) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
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

    private void updateDevices(Connection c, Iterable<TouchDevice> touches) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE devices SET last_seen_at = ?, "
                + "last_clock_drift_ms = COALESCE(?, last_clock_drift_ms), "
                + "last_clock_checked_at = CASE WHEN ? IS NULL THEN last_clock_checked_at ELSE ? END "
                + "WHERE account = ?")) {
            boolean any = false;
            for (TouchDevice t : touches) {
                p.setObject(1, Sql.timestamp(t.seenAt()));
                if (t.driftMillis() == null) {
                    p.setNull(2, Types.BIGINT);
                    p.setNull(3, Types.BIGINT);
                } else {
                    p.setLong(2, t.driftMillis());
                    p.setLong(3, t.driftMillis());
                }
                p.setObject(4, Sql.timestamp(t.seenAt()));
                p.setString(5, t.account());
                p.addBatch();
                any = true;
            }
            if (any) {
                p.executeBatch();
            }
        }
    }

    private void insertUnknowns(Connection c, List<UnknownDeviceEvent> unknowns) throws SQLException {
        if (unknowns.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO unknown_device_events "
                + "(account, received_at, source, remote_address, message_id, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (UnknownDeviceEvent u : unknowns) {
                p.setString(1, u.account());
                p.setObject(2, Sql.timestamp(u.receivedAt()));
                p.setString(3, u.source().name());
                p.setString(4, u.remoteAddress());
                p.setString(5, u.messageId());
                p.setString(6, u.reason());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private void complete(List<Outcome> outcomes, List<StoreAlarm> inserts, long[] ids, Iterable<TouchDevice> touches) {
        for (int i = 0; i < ids.length; i++) {
            NewAlarm a = inserts.get(i).alarm();
            Known known = new Known(ids[i], a.receivedAt(), a.clockSuspect());
            for (String key : a.retransmissionKeys()) {
                recent.remove(key); // re-inserted at the end, so the map stays in order of receipt
                recent.put(key, known);
            }
        }
        pruneRecent(Instant.now());
        for (Outcome o : outcomes) {
            if (o.insertIndex() >= 0) {
                o.request().result().complete(new StoreResult(ids[o.insertIndex()], false));
            } else {
                duplicates.increment();
                long id = o.existing() != null ? o.existing().alarmId() : ids[o.duplicateOfInsert()];
                o.request().result().complete(new StoreResult(id, true));
            }
        }
        for (TouchDevice t : touches) {
            if (t.result() != null) {
                t.result().complete(null);
            }
        }
        for (long id : ids) {
            for (LongConsumer listener : storedListeners) {
                try {
                    listener.accept(id);
                } catch (RuntimeException e) {
                    LOG.error("event=stored_listener.failed alarm_id={}", id, e);
                }
            }
        }
    }

    private void pruneRecent(Instant now) {
        Instant horizon = now.minus(retransmitWindow);
        Iterator<Known> it = recent.values().iterator();
        while (it.hasNext()) {
            if (it.next().receivedAt().isBefore(horizon)) {
                it.remove();
            } else {
                break;
            }
        }
    }

    private void reloadRecent(Instant now) {
        String sql = "SELECT id, account, source, seq_no, data_block, extended_data, device_time, received_at, "
                + "clock_suspect, idempotency_key FROM alarms WHERE received_at >= ? ORDER BY id";
        int count = 0;
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, Sql.timestamp(now.minus(retransmitWindow)));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    String account = rs.getString("account");
                    Instant receivedAt = Sql.instant(rs, "received_at");
                    Known known = new Known(id, receivedAt, rs.getBoolean("clock_suspect"));
                    List<String> keys = !AlarmSource.valueOf(rs.getString("source")).fromDevice()
                            ? RetransmissionKeys.forApi(account, rs.getString("idempotency_key"))
                            : RetransmissionKeys.forDc09(account, rs.getInt("seq_no"), rs.getString("data_block"),
                                    rs.getString("extended_data"), Sql.instant(rs, "device_time"));
                    for (String key : keys) {
                        recent.put(key, known);
                    }
                    count++;
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load recent alarms: " + e.getMessage(), e);
        }
        LOG.info("event=writer.recent_loaded alarms={} window={}", count, retransmitWindow);
    }

    private static void failAll(List<Command> batch, Throwable cause) {
        for (Command command : batch) {
            if (command instanceof StoreAlarm s) {
                s.result().completeExceptionally(cause);
            } else if (command instanceof TouchDevice t && t.result() != null) {
                t.result().completeExceptionally(cause);
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("event=store.rollback_failed error=\"{}\"", e.getMessage());
        }
    }

    /** Writes what is queued, then stops the thread. */
    @Override
    public void close() {
        running = false;
        queue.offer(new Stop());
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Command> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, new RejectedExecutionException("alarm writer stopped"));
    }
}
