package dk.vagtcentral.simulator.storm;

import dk.vagtcentral.simulator.LatencySummary;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What a storm run saw.
 *
 * @param kinds        figures per kind of message
 * @param rest         ACK latency (ms, from due) of everything but the emergencies
 * @param links        the client's connection figures, one line
 */
public record StormReport(StormConfig config, Instant startedAt, double seconds, Map<StormKind, KindFigures> kinds,
                          LatencySummary rest, String links) {

    /**
     * One kind's figures.
     *
     * @param scheduled  messages due within the run
     * @param sent       transmitted at least once
     * @param fromDue    ACK latency from when the message was due (ms; counts waiting behind the device's earlier
     *                   message)
     * @param fromFirstSend ACK latency from its first transmission (ms)
     */
    public record KindFigures(long scheduled, long sent, long acked, long duh, long failed, long cancelled,
                              long retransmissions, LatencySummary fromDue, LatencySummary fromFirstSend) {
    }

    public KindFigures of(StormKind kind) {
        return kinds.get(kind);
    }

    public long acked() {
        return kinds.values().stream().mapToLong(KindFigures::acked).sum();
    }

    public long scheduled() {
        return kinds.values().stream().mapToLong(KindFigures::scheduled).sum();
    }

    /** The one-line summary and the figures, as the CLI prints them. */
    public String format() {
        StormConfig c = config;
        KindFigures e = of(StormKind.EMERGENCY);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "storm: %d of %d messages ACKed in %.1f s; emergencies ACK p99 %.1f ms, "
                        + "the rest p99 %.1f ms (from due)%n", acked(), scheduled(), seconds, e.fromDue().p99(), rest.p99()));
        line(sb, "devices", String.format(Locale.ROOT, "%d (%s) on %d connections, NULL every %s",
                c.devices(), c.accounts(), c.connections(), seconds(c.nullInterval())));
        line(sb, "burst", String.format(Locale.ROOT, "%d power restores and %d emergencies within %s from %s",
                c.burstDevices(), c.emergencyDevices(), seconds(c.burstWindow()), seconds(c.burstAt())));
        for (StormKind k : StormKind.values()) {
            KindFigures f = of(k);
            line(sb, name(k), String.format(Locale.ROOT,
                    "scheduled %d, sent %d, ACKed %d, DUH %d, failed %d, not sent %d, retransmissions %d",
                    f.scheduled(), f.sent(), f.acked(), f.duh(), f.failed(), f.cancelled(), f.retransmissions()));
        }
        line(sb, "ack emergency", latency(e.fromDue()) + "  (ms, from due)");
        line(sb, "", latency(e.fromFirstSend()) + "  (ms, from first send)");
        line(sb, "ack rest", latency(rest) + "  (ms, from due)");
        line(sb, "  restores", latency(of(StormKind.POWER_RESTORE).fromDue()));
        line(sb, "  supervision", latency(of(StormKind.SUPERVISION).fromDue()));
        line(sb, "links", links);
        return sb.toString();
    }

    private static String name(StormKind k) {
        return switch (k) {
            case EMERGENCY -> "emergencies";
            case POWER_RESTORE -> "restores";
            case SUPERVISION -> "supervision";
        };
    }

    static String seconds(java.time.Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
    }

    static String latency(LatencySummary l) {
        return String.format(Locale.ROOT, "p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (n=%d)",
                l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.count());
    }

    static void line(StringBuilder sb, String label, String text) {
        sb.append(String.format(Locale.ROOT, "%-14s %s%n", label.isEmpty() ? "" : label + ":", text));
    }
}
