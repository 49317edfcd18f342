package dk.vagtcentral.simulator;

import java.util.Locale;

/** Renders a {@link LoadResult} (and a {@link VerifyResult}) as the plain-text report the CLI prints. */
public final class LoadReport {
    private LoadReport() {
    }

    public static String format(LoadResult r) {
        LoadConfig c = r.config();
        StringBuilder sb = new StringBuilder();
        String model = c.openModel()
                ? String.format(Locale.ROOT, "open model at %s msg/s", number(c.rate()))
                : "closed model (max, " + c.outstanding() + " outstanding per connection)";
        boolean scaip = c.protocol() == Protocol.SCAIP;
        line(sb, "run", String.format(Locale.ROOT, "%s%s to %s:%d, %d devices on %d connections, %s",
                scaip ? "SCAIP over " : "", c.transport(), c.host(), c.port(), c.totalDevices(),
                Math.min(c.connections(), c.totalDevices()), model));
        line(sb, "time", String.format(Locale.ROOT, "%.1f s measured after %s warmup (%d warmup messages not counted)",
                r.measuredSeconds(), LoadRunner.format(c.warmup()), r.warmupMessages()));
        MessageLog log = r.clientLog();
        if (scaip) {
            line(sb, "messages", String.format(Locale.ROOT, "sent %d, ACKed %d (<mrs> snu 0), refused %d, failed %d",
                    r.sent(), r.acked(), r.refused(), r.failed()));
        } else {
            line(sb, "messages", String.format(Locale.ROOT, "sent %d, ACKed %d, NAK %d, DUH %d, failed %d",
                    r.sent(), r.acked(), r.naks(), r.duh(), r.failed()));
        }
        line(sb, "", String.format(Locale.ROOT, "(scheduled %d, not sent by the end %d, retransmissions %d)",
                r.scheduled(), r.cancelled(), r.retransmissions()));
        line(sb, "throughput", String.format(Locale.ROOT, "%.1f ACKed/s", r.throughput()));
        line(sb, "ack latency", latency(r.latency()) + (c.openModel() ? "  (ms, from scheduled send)" : "  (ms, from first send)"));
        if (c.openModel()) {
            line(sb, "", latency(r.serviceLatency()) + "  (ms, from first send)");
        }
        if (scaip) {
            scaip(sb, r, log);
        }
        line(sb, "links", String.format(Locale.ROOT,
                "%d disconnects, %d connect failures, %d timeouts, %d bad replies, %d unmatched replies",
                log.disconnects(), log.connectFailures(), log.timeouts(), log.badReplies(), log.unmatchedReplies()));
        if (c.hasSecondary()) {
            failover(sb, c, log.failover());
        }
        for (String f : r.failureSamples()) {
            line(sb, "failure", f);
        }
        return sb.toString();
    }

    private static void failover(StringBuilder sb, LoadConfig c, FailoverLog f) {
        line(sb, "failover", String.format(Locale.ROOT, "%d failovers, %d failbacks, %d devices switched"
                        + " (secondary %s:%d, failback after %s, whole run)", f.failovers(), f.failbacks(),
                f.devicesSwitched(), c.secondaryHost(), c.secondaryPort(), LoadRunner.format(c.failbackAfter())));
        FailoverLog.DeviceFailovers most = f.mostFailovers();
        if (most != null) {
            line(sb, "", String.format(Locale.ROOT, "most: account %s, %d failovers, %d failbacks",
                    most.account(), most.failovers(), most.failbacks()));
        }
        FailoverLog.GapSummary g = f.gapSummary();
        line(sb, "gap", g == null ? "none measured (no ACK from the secondary after a failover)"
                : String.format(Locale.ROOT, "min %.3f  median %.3f  max %.3f  (n=%d)  (ms, last primary ACK to first secondary ACK)",
                        g.min().toNanos() / 1e6, g.median().toNanos() / 1e6, g.max().toNanos() / 1e6, g.count()));
    }

    /** The SCAIP lines: how the answers came, and the refusals by snu (whole run). */
    private static void scaip(StringBuilder sb, LoadResult r, MessageLog log) {
        line(sb, "sip", String.format(Locale.ROOT, "%d digest challenges answered, %d UDP retransmissions,"
                        + " <mrs> in %d 200 OK bodies and %d MESSAGEs (whole run)", log.challenges(),
                log.sipRetransmissions(), log.mrsInBody(), log.mrsInMessage()));
        if (!log.refusedBySnu().isEmpty()) {
            StringBuilder by = new StringBuilder();
            log.refusedBySnu().forEach((snu, n) -> by.append(by.isEmpty() ? "" : ", ").append("snu ").append(snu)
                    .append(": ").append(n));
            line(sb, "refused", by + " (whole run)");
        }
    }

    public static String format(VerifyResult v) {
        StringBuilder sb = new StringBuilder(v.summaryLine()).append('\n');
        for (String m : v.missingSamples()) {
            sb.append("  missing ").append(m).append('\n');
        }
        for (String d : v.duplicatedSamples()) {
            sb.append("  duplicated ").append(d).append('\n');
        }
        return sb.toString();
    }

    private static String latency(LatencySummary l) {
        return String.format(Locale.ROOT, "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (n=%d)",
                l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.count());
    }

    static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static void line(StringBuilder sb, String label, String text) {
        sb.append(String.format(Locale.ROOT, "%-12s %s%n", label.isEmpty() ? "" : label + ":", text));
    }
}
