package dk.vagtcentral.simulator.abuse;

import dk.vagtcentral.simulator.LatencySummary;
import java.util.List;
import java.util.Locale;

/**
 * What happened to the TCP connections of an abuse run.
 *
 * @param attempted      connection attempts (reconnects included)
 * @param opened         attempts that connected
 * @param failed         attempts that did not connect (refused, timed out, reset)
 * @param closedByServer connections that ended while the run was still going (closed or reset by the other side)
 * @param open           connections open at the moment of the report (at {@code stop()} once stopped)
 * @param timeToClose    from connected to closed by the server, of the {@code closedByServer} connections (ms)
 * @param firstCloseSeconds seconds from the start of the run to the first close by the server (-1: none)
 * @param lastCloseSeconds  seconds from the start of the run to the last close by the server (-1: none)
 * @param errors         a few distinct connect errors
 */
public record ConnectionStats(long attempted, long opened, long failed, long closedByServer, long open,
                              LatencySummary timeToClose, double firstCloseSeconds, double lastCloseSeconds,
                              List<String> errors) {

    /** "1000 attempted, 1000 connected, 0 failed; 998 closed by the server, 2 still open". */
    public String line() {
        return String.format(Locale.ROOT, "%d attempted, %d connected, %d failed to connect; %d closed by the server, %d open",
                attempted, opened, failed, closedByServer, open);
    }

    /** The time-to-close percentiles, or "none closed". */
    public String closeLine() {
        if (timeToClose.count() == 0) {
            return "none closed by the server";
        }
        return String.format(Locale.ROOT, "p50 %.0f  p90 %.0f  p99 %.0f  max %.0f ms after connecting (n=%d); "
                        + "closes from %.1f s to %.1f s into the run",
                timeToClose.p50(), timeToClose.p90(), timeToClose.p99(), timeToClose.max(), timeToClose.count(),
                firstCloseSeconds, lastCloseSeconds);
    }
}
