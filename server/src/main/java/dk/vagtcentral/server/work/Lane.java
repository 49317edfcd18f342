package dk.vagtcentral.server.work;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/** A bounded queue feeding a {@link SerialWorker}; offering wakes the worker. Safe to offer from any thread. */
public final class Lane<T> {
    /** Told about an item that will never be worked on (the worker stopped). */
    @FunctionalInterface
    public interface Refusal<T> {
        void refused(T item);
    }

    private final SerialWorker worker;
    private final LinkedBlockingQueue<T> queue;
    private final Refusal<T> refusal;

    Lane(SerialWorker worker, int capacity, Refusal<T> refusal) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a lane needs room for at least one item");
        }
        this.worker = worker;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.refusal = refusal;
    }

    /** Queues the item and wakes the worker; false when the lane is full or the worker has stopped. */
    public boolean offer(T item) {
        if (!worker.running() || !queue.offer(item)) {
            return false;
        }
        worker.wake();
        return true;
    }

    public T poll() {
        return queue.poll();
    }

    /** Moves up to {@code max} items to {@code to}; how many. */
    public int drainTo(Collection<? super T> to, int max) {
        return max <= 0 ? 0 : queue.drainTo(to, max);
    }

    public int size() {
        return queue.size();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    void refuseAll() {
        List<T> left = new ArrayList<>();
        queue.drainTo(left);
        for (T item : left) {
            refusal.refused(item);
        }
    }
}
