package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.domain.Actor;
import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.domain.Command;
import dk.vagtcentral.server.domain.Interval;
import dk.vagtcentral.server.domain.ProfileBook;
import dk.vagtcentral.server.domain.RoutingData;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.push.PushEvent;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.DispatchStore.Deadline;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.InboxStore;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.ServerRuns;
import dk.vagtcentral.server.store.TrailStore;
import dk.vagtcentral.server.work.Lane;
import dk.vagtcentral.server.work.SerialWorker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher: one thread (a {@link SerialWorker}) that routes every stored alarm, applies every lifecycle
 * command and fires every escalation deadline, so all changes to an alarm's status are serialised. Work is batched:
 * everything waiting is done in one transaction, then the notifications go out. Life-safety alarms (fire, emergency,
 * not understood) are routed ahead of the rest, so a storm of technical events never delays an emergency.
 *
 * <p>Deadlines live in the database ({@code alarm_deadlines}), and any node fires any due deadline: each firing
 * transaction locks the due rows no other node holds ({@code FOR UPDATE SKIP LOCKED}), applies their steps and marks
 * them fired, so each step fires once however many nodes run. The due times within {@link #HORIZON} (this node's and
 * the others') are held in memory only to wake up on time; besides, the database is asked every
 * {@link #DUE_POLL}, which is how a dead node's deadlines are fired. At startup every pending deadline that fell due
 * while the server was down fires at once (late, and marked so) and every stored but unrouted alarm is routed; while
 * running, alarms left unrouted (by a failure, or by a node that died between storing and routing) are found again
 * every {@link #UNROUTED_SCAN_EVERY}. Routing locks the alarms it routes, so two nodes never route one alarm.
 *
 * <p>A transaction that lost a race with another node — a status version moved on, a lock wait timed out, a
 * deadlock or serialisation failure — is run again, up to {@link #ATTEMPTS} times, from a fresh read.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** Deadlines due within this are kept in memory. */
    static final Duration HORIZON = Duration.ofSeconds(60);
    private static final Duration REFILL_EVERY = Duration.ofSeconds(20);
    private static final int BATCH = 256;
    /**
     * Alarms routed per transaction when a backlog waits: one commit and one checkpoint for many, so a burst is
     * worked off faster than it arrives.
     */
    private static final int ROUTE_BATCH = 1024;
    /** Deadlines fired per transaction while alarms or actions are waiting. */
    private static final int BATCH_WHILE_BUSY = 16;
    /** How long routing waits to batch alarms; bounds what it adds to the receipt-to-desk latency. */
    static final Duration LINGER = Duration.ofMillis(20);
    /** How far back outages are remembered: longer than any call stays unanswered. */
    private static final Duration OUTAGE_MEMORY = Duration.ofDays(2);
    private static final int OPEN_CACHE = 50_000;
    /** How often the database is asked for due deadlines, whatever this node holds in memory. */
    static final Duration DUE_POLL = Duration.ofSeconds(1);
    /** How often alarms left unrouted are looked for. */
    static final Duration UNROUTED_SCAN_EVERY = Duration.ofSeconds(5);
    /**
     * How far back the unrouted scan looks again each time: another node's alarm can commit after a newer one (ids
     * are handed out before commit), at most as long as the database lets a transaction wait (see {@link Database}).
     */
    static final Duration UNROUTED_SCAN_LAG = Duration.ofSeconds(30);
    /** Alarms younger than this are left to the node that stored them (its dispatcher routes them right away). */
    static final Duration UNROUTED_GRACE = Duration.ofSeconds(5);
    /** Times a transaction that lost a race with another node is run. */
    static final int ATTEMPTS = 3;
    /** Commands applied between two routing turns: a new alarm never waits behind more of them. */
    private static final int ACTS_PER_TURN = 16;

    /**
     * How much may wait for the dispatcher thread. Beyond {@code routes} a stored alarm is not queued: it stays
     * unrouted in the database and the backlog scan routes it, so a flood costs no memory beyond this and loses
     * nothing. Beyond {@code commands} a person's command is refused at once (the API answers 503, try again).
     */
    public record Limits(int routes, int commands) {
        public Limits {
            if (routes < 1 || commands < 1) {
                throw new IllegalArgumentException("dispatcher queue limits must be positive");
            }
        }
    }

    private record Act(long alarmId, Command command, Actor actor, Promise<ActionResult> result) {
    }

    /**
     * Whether the thread that tells people about alarms is working: {@code alive} false means stored alarms reach
     * nobody; a turn long ago means it is stuck; {@code backlog} that alarms wait in the database beyond the queue.
     */
    public record Liveness(boolean alive, Duration sinceLastTurn, int queued, boolean backlog) {
        /** Dead, stuck for a minute, or working off a backlog. */
        public boolean degraded() {
            return !alive || backlog || sinceLastTurn.compareTo(Duration.ofMinutes(1)) > 0;
        }
    }

    private final DispatchStore store;
    private final Database db;
    private final ReferenceStore references;
    private final RuleProfiles profiles;
    private final TrailStore trail;
    private final InboxStore inbox;
    private final ServerRuns runs;
    private final String configuredFallback;
    private final Notifier notifier;
    private final Runnable webhooksQueued;
    private final WebhookPayload webhookPayload;
    private final Clock clock;
    private final SerialWorker worker = new SerialWorker("dispatcher");
    /** Alarms to route (life-safety ones first), and people's commands: bounded (see {@link Limits}). */
    private final Lane<Long> urgentRoutes;
    private final Lane<Long> routes;
    private final Lane<Act> acts;
    /** Suppliers whose suspension has to move their open calls; at most one entry per supplier. */
    private final Set<String> suspensions = ConcurrentHashMap.newKeySet();
    /**
     * The oldest alarm that did not fit in {@link #routes} (or {@code Long.MAX_VALUE}): from there the backlog scan
     * reads unrouted alarms from the database. {@link #overflows} counts them, so a scan that ran while more
     * overflowed does not end the backlog.
     */
    private final AtomicLong backlogFrom = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong overflows = new AtomicLong();
    /** Alarms whose routing failed on their own and that the supervisors were told about (once per alarm). */
    private final Set<Long> reportedRoutingFailures = new HashSet<>();
    private String lastFailure;
    private long backlogRetryNanos;
    private final PriorityQueue<Deadline> due = new PriorityQueue<>(
            Comparator.comparing(Deadline::dueAt).thenComparing(Deadline::id));
    private final Set<Long> held = new HashSet<>();
    private final RoutingCache routingCache;
    private final AtomicInteger heldGauge = new AtomicInteger();
    private final MeterRegistry registry;
    private final Timer notifyLatency;
    private final Counter lateDeadlines;
    private final Timer transactionTimer;
    private final Counter failures;
    private final Counter routeOverflows;
    private final Counter refusedCommands;
    private final Counter routingFailures;
    private Instant lastRefill = Instant.EPOCH;
    private Instant lastUnroutedScan = Instant.EPOCH;
    private Instant nextDuePoll = Instant.EPOCH;
    /** Whether {@link #committedOpen} may be used: only where this node is the only writer (the embedded H2). */
    private final boolean cacheOpen;
    private final Counter raceRetries;
    private Instant lastHeartbeat = Instant.EPOCH;
    private long unroutedScanFrom;
    private long runId;
    private volatile List<Interval> outages = List.of();
    /**
     * The open calls and notices as the last committed transactions left them, so each batch need not read them
     * again. Only where this thread is the only writer of alarm statuses: on the embedded H2, never on a shared
     * PostgreSQL, where another node may have changed them. Bounded; cleared on a failure.
     */
    private final Map<Long, Alarm> committedOpen = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Alarm> eldest) {
            return size() > OPEN_CACHE;
        }
    };

    public Dispatcher(DispatchStore store, ReferenceStore references, RuleProfiles profiles,
                      String configuredFallback, TrailStore trail, InboxStore inbox, ServerRuns runs,
                      Notifier notifier, Runnable webhooksQueued, WebhookPayload webhookPayload, Clock clock,
                      MeterRegistry registry, Limits limits) {
        this.urgentRoutes = worker.lane(limits.routes(), id -> { });
        this.routes = worker.lane(limits.routes(), id -> { });
        this.acts = worker.lane(limits.commands(),
                a -> a.result().tryFail(new RejectedExecutionException("dispatcher stopped")));
        this.trail = trail;
        this.inbox = inbox;
        this.runs = runs;
        this.store = store;
        this.db = store.database();
        this.cacheOpen = db.dialect() == Database.Dialect.H2;
        this.references = references;
        this.routingCache = new RoutingCache(references);
        this.profiles = profiles;
        this.configuredFallback = configuredFallback;
        this.notifier = notifier;
        this.webhooksQueued = webhooksQueued;
        this.webhookPayload = webhookPayload;
        this.clock = clock;
        this.registry = registry;
        this.notifyLatency = Timer.builder("vagtcentral.dispatch.notify.latency")
                .description("From an alarm's receipt to its desk and worker notification")
                .publishPercentileHistogram().register(registry);
        this.lateDeadlines = Counter.builder("vagtcentral.escalation.late")
                .description("Escalation steps that acted more than the tolerance after their due time")
                .register(registry);
        this.transactionTimer = Timer.builder("vagtcentral.dispatch.transaction")
                .description("One dispatcher transaction: a batch of routings, one command, or a batch of deadlines")
                .publishPercentileHistogram().register(registry);
        this.failures = Counter.builder("vagtcentral.dispatch.failures")
                .description("Dispatcher transactions that failed and were rolled back (retried)").register(registry);
        Gauge.builder("vagtcentral.deadlines.held", heldGauge, AtomicInteger::get)
                .description("Escalation deadlines due within the horizon held in memory").register(registry);
        Gauge.builder("vagtcentral.dispatch.queue.depth", worker, SerialWorker::queued)
                .description("Routings, commands and deadlines waiting for the dispatcher thread").register(registry);
        this.routeOverflows = Counter.builder("vagtcentral.dispatch.route.overflow")
                .description("Stored alarms that found the routing queue full and were routed from the database")
                .register(registry);
        this.refusedCommands = Counter.builder("vagtcentral.dispatch.commands.refused")
                .description("Commands refused because too many were waiting for the dispatcher").register(registry);
        this.raceRetries = Counter.builder("vagtcentral.dispatch.race.retries")
                .description("Dispatcher transactions run again after losing a race with another node")
                .register(registry);
        this.routingFailures = Counter.builder("vagtcentral.dispatch.routing.failed")
                .description("Alarms whose routing failed on their own: on the supervisors' inbox, retried")
                .register(registry);
    }

    /** Routes what was stored but not routed, loads the deadlines, and starts the thread. */
    public void start() throws SQLException {
        Instant now = clock.instant();
        runId = runs.start(now);
        lastHeartbeat = now;
        outages = runs.outages(now.minus(OUTAGE_MEMORY));
        if (!outages.isEmpty()) {
            LOG.info("event=dispatch.outages count={} last={}", outages.size(), outages.get(outages.size() - 1));
        }
        List<Long> unrouted = store.unrouted(0, ROUTE_BATCH);
        enqueue(unrouted, routes);
        if (unrouted.size() == ROUTE_BATCH) {
            // more than one batch was left unrouted: the backlog scan reads the rest as the queue empties
            overflowed(unrouted.get(unrouted.size() - 1) + 1);
        }
        unroutedScanFrom = unrouted.isEmpty() ? store.maxAlarmIdReceivedBefore(now.minus(UNROUTED_SCAN_LAG)) + 1
                : unrouted.get(0);
        long pending = store.pendingCount();
        LOG.info("event=dispatch.recovery unrouted_alarms={}{} pending_deadlines={}", unrouted.size(),
                unrouted.size() == ROUTE_BATCH ? "+" : "", pending);
        worker.start(new SerialWorker.Body() {
            @Override
            public void started() {
                Database.reserveConnectionsForThisThread();
            }

            @Override
            public boolean hasWork() {
                return Dispatcher.this.hasWork();
            }

            @Override
            public long waitMillis() {
                return Dispatcher.this.waitMillis();
            }

            @Override
            public void turn(boolean stopping) throws InterruptedException {
                Dispatcher.this.turn();
            }
        });
    }

    public Liveness liveness() {
        return new Liveness(worker.alive(), worker.sinceLastTurn(), worker.queued(),
                backlogFrom.get() != Long.MAX_VALUE);
    }

    /**
     * A new alarm was committed (called on the writer's thread: only enqueues); {@code urgent} for a life-safety
     * alarm, routed ahead of the others.
     */
    public void alarmStored(long alarmId, boolean urgent) {
        if (worker.running()) {
            enqueue(List.of(alarmId), urgent ? urgentRoutes : routes);
        }
    }

    /** Queues stored alarms for routing; those that do not fit are left to the backlog scan. How many fit. */
    private int enqueue(List<Long> ids, Lane<Long> lane) {
        for (int i = 0; i < ids.size(); i++) {
            if (!lane.offer(ids.get(i))) {
                routeOverflows.increment();
                overflowed(ids.get(i));
                return i;
            }
        }
        return ids.size();
    }

    private void overflowed(long alarmId) {
        backlogFrom.accumulateAndGet(alarmId, Math::min);
        overflows.incrementAndGet();
    }

    /**
     * A supplier was suspended (committed): its open calls move to municipal home care on the dispatcher thread.
     * New alarms of its citizens are routed there by the rules once the suspension is on record.
     */
    public void supplierSuspended(String supplierId) {
        if (worker.running()) {
            suspensions.add(supplierId);
            worker.wake();
        }
    }

    /** Applies {@code actor}'s command on the dispatcher thread; completes after the commit. */
    public Future<ActionResult> act(long alarmId, Command command, Actor actor) {
        Promise<ActionResult> result = SerialWorker.promise();
        if (!worker.running()) {
            result.fail(new RejectedExecutionException("dispatcher is stopped"));
        } else if (!acts.offer(new Act(alarmId, command, actor, result))) {
            refusedCommands.increment();
            result.fail(new RejectedExecutionException(
                    "the dispatcher has too many commands waiting; try again in a moment"));
        }
        return result.future();
    }

    // ---------------------------------------------------------------- the thread

    /**
     * One turn: a batch of alarms, then a few commands, suspensions, upkeep and due deadlines. Alarms go first and a
     * command waits behind at most one batch of them; a new alarm waits behind at most {@link #ACTS_PER_TURN}
     * commands, so neither a flood of alarms nor a flood of commands can hold the other up for long.
     */
    private void turn() throws InterruptedException {
        int routing = urgentRoutes.size() + routes.size();
        if (routing > 0 && routing < BATCH && acts.isEmpty()) {
            // routing waits a moment for more alarms: one commit for many rewrites the hot pages
            // once, which leaves the database to the alarm writer (ACKs) most of the time
            Thread.sleep(LINGER.toMillis());
        }
        routeQueued();
        actQueued();
        suspendQueued();
        Instant now = clock.instant();
        if (Duration.between(lastRefill, now).compareTo(REFILL_EVERY) >= 0 || lastRefill.isAfter(now)) {
            refill(now);
        }
        if (Duration.between(lastUnroutedScan, now).compareTo(UNROUTED_SCAN_EVERY) >= 0
                || lastUnroutedScan.isAfter(now)) {
            scanUnrouted(now);
        }
        if (Duration.between(lastHeartbeat, now).compareTo(ServerRuns.HEARTBEAT) >= 0
                || lastHeartbeat.isAfter(now)) {
            heartbeat(now);
        }
        scanBacklog();
        fireDue();
    }

    private boolean hasWork() {
        return worker.queued() > 0 || !suspensions.isEmpty()
                || (backlogFrom.get() != Long.MAX_VALUE && System.nanoTime() >= backlogRetryNanos);
    }

    private long waitMillis() {
        Instant now = clock.instant();
        Deadline next = due.peek();
        Instant wake = next == null || next.dueAt().isAfter(nextDuePoll) ? nextDuePoll : next.dueAt();
        long ms = Duration.between(now, wake).toMillis();
        return Math.max(0, Math.min(ms, 1000));
    }

    private void routeQueued() {
        Set<Long> batch = new LinkedHashSet<>();
        Long id;
        while (batch.size() < ROUTE_BATCH && (id = urgentRoutes.poll()) != null) {
            batch.add(id);
        }
        while (batch.size() < ROUTE_BATCH && (id = routes.poll()) != null) {
            batch.add(id);
        }
        if (!batch.isEmpty()) {
            routeBatch(new ArrayList<>(batch));
        }
    }

    private void actQueued() {
        Act a;
        for (int i = 0; i < ACTS_PER_TURN && (a = acts.poll()) != null; i++) {
            act(a);
        }
    }

    private void suspendQueued() {
        for (String supplierId : List.copyOf(suspensions)) {
            suspensions.remove(supplierId);
            suspend(supplierId);
        }
    }

    /** Queues the next alarms that did not fit in the queue, once it has been worked off. */
    private void scanBacklog() {
        long from = backlogFrom.get();
        if (from == Long.MAX_VALUE || !routes.isEmpty() || !urgentRoutes.isEmpty()) {
            return;
        }
        long seen = overflows.get();
        try {
            int room = Math.min(ROUTE_BATCH, routes.remainingCapacity());
            List<Long> ids = store.unrouted(from, room);
            int queued = enqueue(ids, routes);
            boolean done = ids.size() < room && overflows.get() == seen;
            // the scan goes on after the last alarm it queued, or from the first that did not fit
            long next = queued == 0 ? from : queued < ids.size() ? ids.get(queued) : ids.get(queued - 1) + 1;
            backlogFrom.compareAndSet(from, done ? Long.MAX_VALUE : next);
            LOG.info("event=dispatch.backlog queued={} from_id={} done={}", queued, from, done);
        } catch (SQLException e) {
            backlogRetryNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            LOG.error("event=dispatch.backlog_failed error=\"{}\"", e.getMessage());
        }
    }

    private void suspend(String supplierId) {
        try {
            Optional<Supplier> supplier = references.find(ReferenceStore.SUPPLIERS, supplierId)
                    .map(ReferenceStore.Stored::value);
            if (supplier.isEmpty() || !supplier.get().isSuspendedAt(clock.instant())) {
                return;
            }
            if (inTransaction(w -> w.supplierSuspended(supplier.get())) == null) {
                LOG.error("event=dispatch.suspension_failed supplier={}", supplierId);
            }
        } catch (SQLException e) {
            LOG.error("event=dispatch.suspension_failed supplier={} error=\"{}\"", supplierId, e.getMessage());
        }
    }

    /**
     * Routes alarms in one transaction. If that fails, each is routed on its own, so one alarm that cannot be
     * routed never holds up the others; one that fails alone goes on the supervisors' inbox and is retried at
     * every refill.
     */
    private void routeBatch(List<Long> ids) {
        if (route(ids)) {
            return;
        }
        if (ids.size() > 1) {
            LOG.warn("event=dispatch.route_retry alarms={} (routed one by one)", ids.size());
            for (long id : ids) {
                if (!route(List.of(id))) {
                    routingFailed(id);
                }
            }
        } else {
            routingFailed(ids.get(0));
        }
    }

    /**
     * Routes in a plain commit, not a durable one: a routing promises nobody anything that a restart could break —
     * lost with a killed process, the alarm is unrouted again and routed at startup — and the next durable commit
     * (an ACK's, a command's) writes it through anyway. This halves the checkpoints that contend with the ACKs.
     */
    private boolean route(List<Long> ids) {
        return inTransaction(w -> {
            // an alarm another node is routing right now is left to it; one it routed is skipped by route()
            List<Long> locked = w.lockForRouting(ids);
            w.load(locked);
            for (long id : locked) {
                w.route(id);
            }
        }, false) != null;
    }

    private void routingFailed(long alarmId) {
        routingFailures.increment();
        if (reportedRoutingFailures.size() > 10_000) {
            reportedRoutingFailures.clear();
        }
        if (!reportedRoutingFailures.add(alarmId)) {
            return;
        }
        String error = lastFailure;
        if (inTransaction(w -> w.routingFailed(alarmId, error)) == null) {
            reportedRoutingFailures.remove(alarmId);
        }
    }

    private void act(Act a) {
        ActionResult[] result = new ActionResult[1];
        DispatchWork work = inTransaction(w -> result[0] = w.command(a.alarmId(), a.command(), a.actor()));
        if (work == null) {
            a.result().tryFail(new IllegalStateException("the change could not be stored; try again"));
        } else {
            a.result().tryComplete(result[0]);
        }
    }

    /**
     * Fires one batch of due deadlines: those this node locked in the database, whoever armed them. Runs when a
     * deadline held in memory falls due and every {@link #DUE_POLL}. The loop comes back here at once while more
     * are due, but takes the queue first: an alarm that is on no desk yet, or a dispatcher's action, never waits
     * behind a backlog of escalation steps for calls that are already on a desk (only behind one small batch).
     */
    private void fireDue() {
        Instant now = clock.instant();
        boolean dueHeld = !due.isEmpty() && !due.peek().dueAt().isAfter(now);
        if (!dueHeld && now.isBefore(nextDuePoll)) {
            return;
        }
        int limit = worker.queued() == 0 ? BATCH : BATCH_WHILE_BUSY;
        List<List<Deadline>> fired = new ArrayList<>(1);
        DispatchWork work = inTransaction(w -> {
            List<Deadline> locked = w.lockDue(now, limit);
            for (Deadline d : locked) {
                w.fire(d);
            }
            fired.add(locked);
        });
        if (work == null) {
            nextDuePoll = now.plusSeconds(5); // and the held ones wait for it too: try again shortly
            while (!due.isEmpty() && !due.peek().dueAt().isAfter(now)) {
                Deadline d = due.poll();
                due.add(new Deadline(d.id(), d.alarmId(), d.stepId(), nextDuePoll, d.armedAt(), null, null, false,
                        null));
            }
            return;
        }
        // what was due is fired now, by this node or another; more than a batch: the next turn asks again
        int count = fired.get(fired.size() - 1).size();
        nextDuePoll = count == limit ? now : now.plus(DUE_POLL);
        while (!due.isEmpty() && !due.peek().dueAt().isAfter(now)) {
            held.remove(due.poll().id());
        }
        heldGauge.set(held.size());
        if (count > 0) {
            LOG.debug("event=deadlines.fired count={}", count);
        }
    }

    @FunctionalInterface
    private interface WorkBody {
        void run(DispatchWork work) throws SQLException;
    }

    /**
     * Runs {@code body} in one durable transaction; after the commit hands out notifications and deadlines. Null on
     * failure.
     */
    private DispatchWork inTransaction(WorkBody body) {
        return inTransaction(body, true);
    }

    private DispatchWork inTransaction(WorkBody body, boolean durable) {
        Timer.Sample sample = Timer.start(registry);
        try {
            return transaction(body, durable);
        } finally {
            sample.stop(transactionTimer);
        }
    }

    private DispatchWork transaction(WorkBody body, boolean durable) {
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Committed done;
            try {
                done = attempt(body, durable, now);
            } catch (SQLException | RuntimeException e) {
                committedOpen.clear();
                if (attempt < ATTEMPTS && lostRace(e)) {
                    raceRetries.increment();
                    LOG.info("event=dispatch.race_retry attempt={} error=\"{}\"", attempt, e.getMessage());
                    continue;
                }
                failures.increment();
                lastFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.error("event=dispatch.transaction_failed error=\"{}\"", e.getMessage(), e);
                return null;
            }
            afterCommit(done.work(), now, done.pushed());
            return done.work();
        }
    }

    /** A committed transaction's work, and the notifications it recorded, to publish. */
    private record Committed(DispatchWork work, List<PushEvent> pushed) {
    }

    private Committed attempt(WorkBody body, boolean durable, Instant now) throws SQLException {
        try (Connection c = db.connection()) {
            DispatchWork work = new DispatchWork(c, store, context(), now);
            List<PushEvent> pushed;
            try {
                body.run(work);
                work.flush();
                pushed = notifier.record(c, work.notifications());
                if (durable) {
                    db.commitDurably(c);
                } else {
                    c.commit();
                }
                return new Committed(work, pushed);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is discarded by the pool
                }
                throw e;
            }
        }
    }

    /**
     * Whether a transaction failed because another node got there first, so that running it again from a fresh read
     * will do: a status version that moved on, a serialisation failure or deadlock (40001, 40P01), a lock wait that
     * timed out (55P03), a unique key another node took (23505).
     */
    static boolean lostRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DispatchStore.StaleStatus) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("40001".equals(state) || "40P01".equals(state) || "55P03".equals(state)
                        || "23505".equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void afterCommit(DispatchWork work, Instant now, List<PushEvent> pushed) {
        for (Alarm a : work.rows()) {
            if (a.isOpenCase() && cacheOpen) {
                committedOpen.put(a.id(), a);
            } else {
                committedOpen.remove(a.id());
            }
        }
        Instant horizon = now.plus(HORIZON);
        for (Deadline d : work.armed()) {
            hold(d, horizon);
        }
        for (Deadline d : work.rescheduled()) {
            held.remove(d.id());
            hold(d, horizon);
        }
        heldGauge.set(held.size());
        for (var row : work.notifiedRows()) {
            notifyLatency.record(Duration.between(row.receivedAt(), clock.instant()).abs());
        }
        DispatchWork.Counts counts = work.counts();
        counts.routed().forEach((target, n) -> Counter.builder("vagtcentral.dispatch.routed").tag("target", target)
                .description("Alarms routed, by routing target").register(registry).increment(n));
        // DispatchWork counts fired ladder steps as "step:<OUTCOME>" and forwards by target in one map: two meters
        counts.escalations().forEach((what, n) -> (what.startsWith("step:")
                ? Counter.builder("vagtcentral.escalation.steps").tag("outcome", what.substring(5))
                        .description("Escalation ladder steps fired, by outcome (ACTED, SKIPPED, ALREADY_DONE ...)")
                : Counter.builder("vagtcentral.escalation.forwards").tag("target", what)
                        .description("Calls forwarded to municipal home care or fire-and-rescue, by target"))
                .register(registry).increment(n));
        counts.inbox().forEach((kind, n) -> Counter.builder("vagtcentral.inbox.raised").tag("kind", kind)
                .description("Items raised on the supervisors' inbox, by kind").register(registry).increment(n));
        if (counts.late() > 0) {
            lateDeadlines.increment(counts.late());
        }
        for (String line : work.logLines()) {
            LOG.info(line);
        }
        notifier.publish(pushed);
        if (work.webhooksQueued()) {
            webhooksQueued.run();
        }
    }

    private void hold(Deadline d, Instant horizon) {
        if (d.dueAt().isBefore(horizon) && held.add(d.id())) {
            due.add(d);
        }
    }

    /** Loads the due times of the pending deadlines due within the horizon (every node's), to wake up on time. */
    private void refill(Instant now) {
        lastRefill = now;
        try {
            Instant horizon = now.plus(HORIZON);
            for (Deadline d : store.pending(horizon, 50_000)) {
                hold(d, horizon);
            }
            heldGauge.set(held.size());
        } catch (SQLException e) {
            LOG.error("event=deadlines.refill_failed error=\"{}\"", e.getMessage());
        }
    }

    /**
     * Queues alarms left unrouted: whose routing failed, or that a node stored and did not route (it died, or a
     * crash lost the routing). Only ids from the oldest unrouted one seen, or from the newest seen
     * {@link #UNROUTED_SCAN_LAG} ago, are scanned, so this stays cheap on a large table and still finds an alarm
     * another node committed after a newer one.
     */
    private void scanUnrouted(Instant now) {
        lastUnroutedScan = now;
        if (!routes.isEmpty() || !urgentRoutes.isEmpty()) {
            return;
        }
        try {
            long floor = store.maxAlarmIdReceivedBefore(now.minus(UNROUTED_SCAN_LAG)) + 1;
            List<Long> unrouted = store.unrouted(unroutedScanFrom, now.minus(UNROUTED_GRACE), BATCH);
            enqueue(unrouted, routes);
            unroutedScanFrom = unrouted.isEmpty() ? Math.max(unroutedScanFrom, floor) : unrouted.get(0);
            if (!unrouted.isEmpty()) {
                LOG.info("event=dispatch.unrouted_found alarms={} first_id={}", unrouted.size(), unrouted.get(0));
            }
        } catch (SQLException e) {
            LOG.error("event=dispatch.unrouted_scan_failed error=\"{}\"", e.getMessage());
        }
    }

    private void heartbeat(Instant now) {
        lastHeartbeat = now;
        try {
            runs.heartbeat(runId, now);
        } catch (SQLException e) {
            LOG.error("event=dispatch.heartbeat_failed error=\"{}\"", e.getMessage());
        }
    }

    private DispatchWork.Context context() {
        return new DispatchWork.Context() {
            @Override
            public ReferenceStore references() {
                return references;
            }

            @Override
            public RoutingData routingDataFor(String account, Instant at) throws SQLException {
                return routingCache.routingDataFor(account, at, configuredFallback);
            }

            @Override
            public ProfileBook profiles() {
                return profiles.book();
            }

            @Override
            public List<Interval> outages() {
                return outages;
            }

            @Override
            public Alarm committedOpen(long id) {
                return cacheOpen ? committedOpen.get(id) : null;
            }

            @Override
            public TrailStore trail() {
                return trail;
            }

            @Override
            public InboxStore inbox() {
                return inbox;
            }

            @Override
            public WebhookPayload webhookPayload() {
                return webhookPayload;
            }
        };
    }

    /** Finishes what is queued (routing and commands), then stops. Pending deadlines stay in the database. */
    @Override
    public void close() {
        worker.close(Duration.ofSeconds(10));
    }
}
