package dk.vagtcentral.server.push;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Which event ids this node has published, when ids commit out of order: every id up to {@link #low()} is done
 * (published or given up), and the ids above it that were published are remembered with when. An id missing below
 * a published one (a gap) is normally a transaction on another node that has not committed yet; a rolled-back one
 * leaves it missing for good, so a gap is given up once an id above it has been known for {@code gapTimeout}.
 * Thread-safe.
 */
final class PushWatermark {
    /** A range of ids given up: {@code from} to {@code to}, both included. */
    record Gap(long from, long to) {
    }

    private final Duration gapTimeout;
    private final TreeMap<Long, Instant> seen = new TreeMap<>();
    private long low;

    /** @param low every id up to this one counts as done already (e.g. the highest at start) */
    PushWatermark(long low, Duration gapTimeout) {
        this.low = low;
        this.gapTimeout = gapTimeout;
    }

    /** Marks {@code id} published; true the first time, false for an id done already (never publish it then). */
    synchronized boolean accept(long id, Instant now) {
        if (id <= low || seen.containsKey(id)) {
            return false;
        }
        seen.put(id, now);
        return true;
    }

    /** Every id up to this one is done: read from here. */
    synchronized long low() {
        return low;
    }

    /** Ids above {@link #low()} published (waiting for a gap below them to fill or be given up). */
    synchronized int pending() {
        return seen.size();
    }

    /**
     * Moves {@link #low()} over the ids published without a gap, and over each gap that an id above it has waited
     * out for the timeout; returns the gaps given up.
     */
    synchronized List<Gap> advance(Instant now) {
        List<Gap> givenUp = new ArrayList<>();
        while (!seen.isEmpty()) {
            var first = seen.firstEntry();
            long id = first.getKey();
            if (id != low + 1) {
                if (first.getValue().plus(gapTimeout).isAfter(now)) {
                    break;
                }
                givenUp.add(new Gap(low + 1, id - 1));
            }
            low = id;
            seen.pollFirstEntry();
        }
        return givenUp;
    }
}
