package dk.vagtcentral.server.work;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that owns its state and works off what is queued for it, turn by turn — the idiom of the alarm
 * writer and the dispatcher. Work arrives on bounded {@link Lane}s (a full lane refuses at once: nothing waits
 * unbounded); each turn the {@link Body} takes from them in the order and amounts it chooses, which is how urgent
 * work overtakes the rest. Results go back as Vert.x futures bound to the caller's context ({@link #promise()}),
 * so what a caller does with a result — encode an ACK, log, answer a request — runs on its own event loop, never
 * on this thread.
 */
public final class SerialWorker {
    private static final Logger LOG = LoggerFactory.getLogger(SerialWorker.class);

    /** What the thread does. Called only on the worker's thread. */
    public interface Body {
        /** Once, on the worker's thread, before its first turn. */
        default void started() {
        }

        /** Whether there is something to do now; when not, the thread sleeps until woken or {@link #waitMillis()}. */
        boolean hasWork();

        /** How long an idle thread waits at most before the next turn (timed work such as deadlines or flushes). */
        long waitMillis();

        /**
         * One turn. {@code stopping}: the worker is closing; the turn should work off what is queued (the lanes'
         * leftovers are refused once a turn makes no progress).
         */
        void turn(boolean stopping) throws InterruptedException;
    }

    private final String name;
    private final List<Lane<?>> lanes = new ArrayList<>();
    private final Semaphore wake = new Semaphore(0);
    private Thread thread;
    private volatile boolean running = true;
    private volatile long lastTurnNanos = System.nanoTime();

    public SerialWorker(String name) {
        this.name = name;
    }

    /**
     * A lane of at most {@code capacity} items; created before {@link #start}. {@code refused} is told about each
     * item left when the worker stops (to fail its promise).
     */
    public <T> Lane<T> lane(int capacity, Lane.Refusal<T> refused) {
        Lane<T> lane = new Lane<>(this, capacity, refused);
        lanes.add(lane);
        return lane;
    }

    /** A promise whose future completes on the calling thread's Vert.x context, if it runs on one. */
    public static <T> Promise<T> promise() {
        Context context = Vertx.currentContext();
        return context instanceof ContextInternal internal ? internal.promise() : Promise.promise();
    }

    public void start(Body body) {
        thread = new Thread(() -> run(body), name);
        thread.start();
    }

    public void wake() {
        wake.release();
    }

    public boolean running() {
        return running;
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    public Duration sinceLastTurn() {
        return Duration.ofNanos(System.nanoTime() - lastTurnNanos);
    }

    /** Items waiting on all lanes. */
    public int queued() {
        int n = 0;
        for (Lane<?> lane : lanes) {
            n += lane.size();
        }
        return n;
    }

    private void run(Body body) {
        body.started();
        while (true) {
            lastTurnNanos = System.nanoTime();
            try {
                boolean stopping = !running;
                if (!stopping && !body.hasWork()) {
                    wake.tryAcquire(Math.max(0, body.waitMillis()), TimeUnit.MILLISECONDS);
                }
                wake.drainPermits();
                stopping = !running;
                int before = queued();
                body.turn(stopping);
                if (stopping && (queued() == 0 || queued() >= before)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("event=worker.error worker={}", name, e);
            }
        }
    }

    /** Refuses new work, lets the thread finish what is queued (waiting at most {@code wait}), refuses the rest. */
    public void close(Duration wait) {
        running = false;
        wake.release();
        if (thread != null) {
            try {
                thread.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Lane<?> lane : lanes) {
            lane.refuseAll();
        }
    }
}
