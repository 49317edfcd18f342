package dk.vagtcentral.server.net;

import dk.vagtcentral.server.config.ConfigException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many connections the listeners may hold together, derived from the process's file-descriptor limit minus a
 * reserve for what the server itself needs (database files and pool, logs, the JDK, webhooks). A listener at its
 * cap refuses or evicts instead of letting the process run out of descriptors, where every socket — a device's
 * alarm and {@code /health} included — would fail.
 *
 * @param descriptorLimit the process's descriptor limit
 * @param reserve         descriptors kept free for the server's own use
 * @param dc09            connections the DC-09 TCP receiver may hold
 * @param http            connections the HTTP server may hold
 */
public record ConnectionBudget(long descriptorLimit, int reserve, int dc09, int http) {
    /** Used when the JVM cannot tell the descriptor limit (not a Unix JVM). */
    static final long UNKNOWN_LIMIT = 4096;
    /** The DC-09 receiver's share of a derived budget: devices outnumber browsers by far. */
    private static final double DC09_SHARE = 0.75;

    /**
     * The budget for a descriptor limit; {@code dc09Configured} or {@code httpConfigured} of 0 take their share of
     * what the reserve leaves, a positive value is taken as given (but must fit).
     */
    public static ConnectionBudget of(long descriptorLimit, int reserve, int dc09Configured, int httpConfigured) {
        long available = descriptorLimit - reserve;
        if (available < 2) {
            throw new ConfigException("connections.descriptor-reserve", "leaves no descriptors for connections: the "
                    + "process may open " + descriptorLimit + " (raise it with ulimit -n / LimitNOFILE)");
        }
        int dc09 = dc09Configured > 0 ? dc09Configured
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (available * DC09_SHARE)));
        int http = httpConfigured > 0 ? httpConfigured
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, available - dc09));
        if ((long) dc09 + http > available) {
            throw new ConfigException(dc09Configured > 0 ? "dc09.max-connections" : "http.max-connections",
                    "dc09.max-connections + http.max-connections = " + ((long) dc09 + http) + " exceed the "
                            + available + " descriptors the process has beyond connections.descriptor-reserve");
        }
        return new ConnectionBudget(descriptorLimit, reserve, dc09, http);
    }

    /** The budget for this process. */
    public static ConnectionBudget forThisProcess(int reserve, int dc09Configured, int httpConfigured) {
        return of(processDescriptorLimit(), reserve, dc09Configured, httpConfigured);
    }

    static long processDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return max > 0 ? max : UNKNOWN_LIMIT;
        }
        return UNKNOWN_LIMIT;
    }
}
