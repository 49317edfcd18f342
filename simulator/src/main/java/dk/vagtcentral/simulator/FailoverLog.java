package dk.vagtcentral.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe record of receiver switches, per device and overall: failovers (primary to secondary),
 * failbacks (secondary to primary, on time or because the secondary failed) and the failover gaps as
 * the devices saw them (last ACK from the primary to the first ACK from the secondary).
 */
public final class FailoverLog {
    /** One device's switches. */
    public record DeviceFailovers(String account, long failovers, long failbacks, long gaps) {
    }

    private static final class Counts {
        final LongAdder failovers = new LongAdder();
        final LongAdder failbacks = new LongAdder();
        final LongAdder gaps = new LongAdder();
    }

    private final Map<String, Counts> devices = new ConcurrentHashMap<>();
    private final LongAdder failovers = new LongAdder();
    private final LongAdder failbacks = new LongAdder();
    private final ConcurrentLinkedQueue<Long> gapNanos = new ConcurrentLinkedQueue<>();

    void failover(String account) {
        failovers.increment();
        counts(account).failovers.increment();
    }

    void failback(String account) {
        failbacks.increment();
        counts(account).failbacks.increment();
    }

    void gap(String account, long nanos) {
        gapNanos.add(Math.max(0, nanos));
        counts(account).gaps.increment();
    }

    private Counts counts(String account) {
        return devices.computeIfAbsent(account, a -> new Counts());
    }

    public long failovers() {
        return failovers.sum();
    }

    public long failbacks() {
        return failbacks.sum();
    }

    /** A device's switches (all zero for a device that never switched). */
    public DeviceFailovers device(String account) {
        Counts c = devices.get(account);
        return c == null ? new DeviceFailovers(account, 0, 0, 0)
                : new DeviceFailovers(account, c.failovers.sum(), c.failbacks.sum(), c.gaps.sum());
    }

    /** The devices that switched at least once. */
    public int devicesSwitched() {
        return devices.size();
    }

    /** The device with the most failovers, or null when none failed over. */
    public DeviceFailovers mostFailovers() {
        DeviceFailovers most = null;
        for (String account : devices.keySet()) {
            DeviceFailovers d = device(account);
            if (d.failovers() > 0 && (most == null || d.failovers() > most.failovers())) {
                most = d;
            }
        }
        return most;
    }

    /** The failover gaps measured so far, shortest first. */
    public Duration[] gaps() {
        long[] sorted = gapNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return Arrays.stream(sorted).mapToObj(Duration::ofNanos).toArray(Duration[]::new);
    }

    /** Min, median and max of the gaps, or null when no gap was measured. */
    public GapSummary gapSummary() {
        Duration[] g = gaps();
        if (g.length == 0) {
            return null;
        }
        int n = g.length;
        Duration median = n % 2 == 1 ? g[n / 2] : g[n / 2 - 1].plus(g[n / 2]).dividedBy(2);
        return new GapSummary(n, g[0], median, g[n - 1]);
    }

    /** Failover gaps: how many were measured, and their min, median and max. */
    public record GapSummary(int count, Duration min, Duration median, Duration max) {
    }
}
