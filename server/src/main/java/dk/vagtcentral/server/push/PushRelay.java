package dk.vagtcentral.server.push;

import dk.vagtcentral.server.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts committed push events on this node's event bus, where the streams ({@code EventStream}) read them: the ones
 * this node committed at once ({@link #published}), and on PostgreSQL, where several nodes share the database, the
 * ones other nodes committed too. For those a thread LISTENs on {@link PushLog#CHANNEL} with a connection of its own
 * and, on each NOTIFY and at least every {@link #POLL}, reads the rows it has not published yet. Ids commit out of
 * order across nodes, so what is done is a {@link PushWatermark}, not a last id; no id is published twice on one
 * node. On H2 (one node) there is no thread: everything is this node's.
 */
public final class PushRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushRelay.class);
    /** The safety poll: at least this often, whether a NOTIFY came or not. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** How long a missing id may hold the watermark once a later id is known. */
    static final Duration GAP_TIMEOUT = Duration.ofSeconds(30);
    static final int PAGE = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Vertx vertx;
    private final PushLog log;
    /** Real time for the gap timeout: a transport matter, whatever clock the rules run on. */
    private final Clock clock = Clock.systemUTC();
    private volatile PushWatermark watermark;
    private volatile boolean running;
    private Thread thread;

    public PushRelay(Vertx vertx, PushLog log) {
        this.vertx = vertx;
        this.log = log;
    }

    /** On PostgreSQL starts listening, from the highest id written so far; on H2 nothing to start. */
    public void start() throws SQLException {
        if (log.database().dialect() != Database.Dialect.POSTGRESQL) {
            return;
        }
        watermark = new PushWatermark(log.maxId(), GAP_TIMEOUT);
        running = true;
        thread = new Thread(this::listen, "push-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes events this node has just committed (their transaction has, not may). */
    public void published(List<PushEvent> events) {
        PushWatermark w = watermark;
        Instant now = clock.instant();
        for (PushEvent e : events) {
            if (w == null || w.accept(e.id(), now)) {
                send(e);
            }
        }
    }

    private void send(PushEvent e) {
        vertx.eventBus().publish(e.address(), e.body(), new DeliveryOptions()
                .addHeader(PushEvent.EVENT_HEADER, e.event())
                .addHeader(PushEvent.ID_HEADER, Long.toString(e.id())));
    }

    /**
     * Publishes the rows above the watermark not published yet, then moves the watermark; the number published.
     * Only the relay's thread calls it (and tests).
     */
    int poll(Connection c) throws SQLException {
        PushWatermark w = watermark;
        int published = 0;
        long from = w.low();
        while (true) {
            List<PushEvent> page = log.after(c, from, PAGE);
            Instant now = clock.instant();
            for (PushEvent e : page) {
                if (w.accept(e.id(), now)) {
                    send(e);
                    published++;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            from = page.get(page.size() - 1).id();
        }
        for (PushWatermark.Gap g : w.advance(clock.instant())) {
            LOG.warn("event=push.gap_given_up from={} to={} after_s={}", g.from(), g.to(),
                    GAP_TIMEOUT.toSeconds());
        }
        return published;
    }

    /** For tests: starts the watermark at {@code low} without a thread, so {@link #poll} can be driven by hand. */
    void startWithoutThread(long low) {
        watermark = new PushWatermark(low, GAP_TIMEOUT);
    }

    private void listen() {
        long backoff = 500;
        Properties props = new Properties();
        // a dead connection fails the next poll's read instead of hanging it; LISTEN needs no transaction
        props.setProperty("socketTimeout", "10");
        props.setProperty("connectTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "vagtcentral-push-relay");
        while (running) {
            try (Connection c = log.database().unpooledConnection(props)) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + PushLog.CHANNEL);
                }
                LOG.info("event=push.listening channel={} from_id={}", PushLog.CHANNEL, watermark.low());
                backoff = 500;
                PGConnection pg = c.unwrap(PGConnection.class);
                // what was committed while not listening
                poll(c);
                long lastPoll = System.nanoTime();
                while (running) {
                    PGNotification[] notes = pg.getNotifications((int) POLL.toMillis());
                    boolean due = System.nanoTime() - lastPoll >= POLL.toNanos();
                    if ((notes != null && notes.length > 0) || due) {
                        poll(c);
                        lastPoll = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warn("event=push.listen_failed retry_ms={} pending={} error=\"{}\"", backoff,
                        watermark.pending(), e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
        LOG.info("event=push.stopped");
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
