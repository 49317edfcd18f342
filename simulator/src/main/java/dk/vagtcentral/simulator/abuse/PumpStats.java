package dk.vagtcentral.simulator.abuse;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Frames written by the pumps of a run, and how long their sockets were full (the receiver not reading). */
final class PumpStats {
    final LongAdder sent = new LongAdder();
    final LongAdder stalls = new LongAdder();
    final LongAdder stalledNanos = new LongAdder();
    final AtomicLong longestStallNanos = new AtomicLong();
    /** nanoTime the first pump started, 0 before: rates count from the first frame, not from the first connect. */
    final AtomicLong firstStartNanos = new AtomicLong();

    void started(long nanos) {
        firstStartNanos.compareAndSet(0, nanos);
    }

    String stallLine() {
        if (stalls.sum() == 0) {
            return "never (the receiver read everything at once)";
        }
        return String.format(Locale.ROOT, "%d times, %.1f s in total over all connections, longest %.1f s "
                + "(a full socket: the receiver stopped reading)", stalls.sum(), stalledNanos.sum() / 1e9,
                longestStallNanos.get() / 1e9);
    }
}
