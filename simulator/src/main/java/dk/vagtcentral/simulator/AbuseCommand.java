package dk.vagtcentral.simulator;

import dk.vagtcentral.simulator.abuse.AbuseReport;
import dk.vagtcentral.simulator.abuse.AbstractAbuseRun;
import dk.vagtcentral.simulator.abuse.AccountRange;
import dk.vagtcentral.simulator.abuse.Pipeliner;
import dk.vagtcentral.simulator.abuse.Probe;
import dk.vagtcentral.simulator.abuse.SilentConnections;
import dk.vagtcentral.simulator.abuse.SlowSender;
import dk.vagtcentral.simulator.abuse.SourceAddresses;
import dk.vagtcentral.simulator.abuse.UnknownAccounts;
import dk.vagtcentral.simulator.abuse.UnknownFlood;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@code abuse} command: one of the attacks of {@link dk.vagtcentral.simulator.abuse} for a while, then its report. */
final class AbuseCommand {
    static final String USAGE = """
            usage: abuse --mode MODE --port PORT [options]

            Plays an attack on a receiver for --duration, then prints what it saw. With --probe a well-behaved
            device sends beside the attack and must get every ACK within --probe-limit. Exit code 0 when the
            attack ran (whatever the server did to it), 1 when not one connection could be opened or the probe
            missed an ACK, 2 on a bad command line.

            modes:
              silent           open --connections TCP connections and send nothing on them
              slow             slowloris: each connection sends a valid DC-09 frame one byte every --byte-interval;
                               with --target http an HTTP request whose header never ends, one line per interval
              pipeline         write frames of known accounts as fast as the sockets take them, never waiting
                               for an ACK; each account's sequence numbers increase
              unknown-flood    frames from accounts nobody registered ("F" + 7 hex digits, each once), as fast
                               as possible over --transport; a receiver answers DUH

            options:
              --mode MODE            silent | slow | pipeline | unknown-flood (required)
              --host HOST            receiver host (default 127.0.0.1)
              --port PORT            DC-09 port, or the HTTP port with --target http (required)
              --duration D           how long the attack goes on (default 30s)
              --connections N        TCP connections (default: silent and slow 1000, pipeline 8, unknown-flood 4;
                                     unknown-flood opens as many UDP sockets)
              --source-addresses R   bind local addresses in turn, e.g. 127.0.0.2-127.0.0.20 (default: any)
              --io-threads N         client event-loop threads (default 1)
              --connect-timeout D    per connection attempt (default 5s)
              --probe ACCOUNT        a well-behaved device (a registered account, e.g. 1000) on its own connection,
                                     opened before the attack, sends a test message every --probe-interval
              --probe-port PORT      its DC-09 port (default --port; required with --target http)
              --probe-interval D     (default 1s)
              --probe-limit D        an ACK later than this is a miss; it does not retransmit (default 1s)
            slow:
              --byte-interval D      between one byte (DC-09) or header line (HTTP) and the next (default 1s)
              --target T             dc09 | http (default dc09)
            slow and pipeline:
              --accounts RANGE       hex accounts the frames come from, e.g. 1000-10FF (the default: the demo's)
              --first-account HEX    with --devices N: N accounts from HEX, as for the load command
              --devices N
              --event E              test | emergency | fire | null (default test; unknown-flood: emergency)
            pipeline and unknown-flood:
              --rate N               cap the frames per second over all sockets (default: as fast as possible)
            unknown-flood (also --event):
              --transport T          tcp | udp | both (default tcp)
              --account-prefix HEX   1-9 hex digits the unknown accounts start with (default F)
            """;

    private AbuseCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, InterruptedException {
        CliArgs a = CliArgs.parse(args,
                Set.of("mode", "host", "port", "duration", "connections", "source-addresses", "io-threads",
                        "connect-timeout", "byte-interval", "target", "accounts", "first-account", "devices", "event",
                        "rate", "transport", "account-prefix", "probe", "probe-port", "probe-interval", "probe-limit"),
                Set.of());
        String mode = a.required("mode").toLowerCase(Locale.ROOT);
        Set<String> allowed = switch (mode) {
            case "silent" -> Set.of();
            case "slow" -> Set.of("byte-interval", "target", "accounts", "first-account", "devices", "event");
            case "pipeline" -> Set.of("accounts", "first-account", "devices", "event", "rate");
            case "unknown-flood" -> Set.of("rate", "transport", "account-prefix", "event");
            default -> throw new UsageException("--mode: expected silent, slow, pipeline or unknown-flood, got '"
                    + a.string("mode", "") + "'");
        };
        for (String modeOption : List.of("byte-interval", "target", "accounts", "first-account", "devices", "event",
                "rate", "transport", "account-prefix")) {
            if (a.has(modeOption) && !allowed.contains(modeOption)) {
                throw new UsageException("--" + modeOption + " does not apply to --mode " + mode);
            }
        }
        String host = a.string("host", "127.0.0.1");
        int port = a.port("port", null, false);
        Duration duration = a.duration("duration", Duration.ofSeconds(30), false, false);
        int defaultConnections = switch (mode) {
            case "silent", "slow" -> 1000;
            case "pipeline" -> 8;
            default -> 4;
        };
        int connections = a.integer("connections", defaultConnections, 1, 1_000_000);
        SourceAddresses sources = a.has("source-addresses")
                ? Main.option("source-addresses", () -> SourceAddresses.parse(a.string("source-addresses", "")))
                : SourceAddresses.none();
        int ioThreads = a.integer("io-threads", 1, 1, 256);
        Duration connectTimeout = a.duration("connect-timeout", Duration.ofSeconds(5), false, false);
        EventKind event = a.has("event") ? Main.option("event", () -> EventKind.parse(a.string("event", "")))
                : mode.equals("unknown-flood") ? EventKind.EMERGENCY : EventKind.TEST;
        double rate = a.has("rate") ? a.positiveDouble("rate", 0) : 0;
        Probe probe = null;
        if (a.has("probe")) {
            boolean http = "slow".equals(mode) && a.string("target", "dc09").strip().equalsIgnoreCase("http");
            if (http && !a.has("probe-port")) {
                throw new UsageException("--probe with --target http needs --probe-port (the DC-09 port)");
            }
            int probePort = a.port("probe-port", port, false);
            String account = a.string("probe", "");
            Duration probeInterval = a.duration("probe-interval", Duration.ofSeconds(1), false, false);
            Duration probeLimit = a.duration("probe-limit", Duration.ofSeconds(1), false, false);
            probe = Main.option("probe", () -> new Probe(host, probePort, account)).interval(probeInterval)
                    .ackLimit(probeLimit);
        } else {
            for (String probeOption : List.of("probe-port", "probe-interval", "probe-limit")) {
                if (a.has(probeOption)) {
                    throw new UsageException("--" + probeOption + " needs --probe");
                }
            }
        }

        AbstractAbuseRun<?> run;
        String what;
        try {
            switch (mode) {
                case "silent" -> {
                    run = new SilentConnections(host, port, connections);
                    what = connections + " silent connections";
                }
                case "slow" -> {
                    SlowSender.Target target = Main.option("target", () -> SlowSender.Target.parse(a.string("target", "dc09")));
                    Duration interval = a.duration("byte-interval", Duration.ofSeconds(1), false, false);
                    AccountRange accounts = accounts(a);
                    run = new SlowSender(host, port, connections, interval, target).accounts(accounts).event(event);
                    what = connections + " slow " + (target == SlowSender.Target.HTTP ? "HTTP requests" : "DC-09 senders (accounts " + accounts + ")")
                            + ", one " + (target == SlowSender.Target.HTTP ? "header line" : "byte") + " every "
                            + LoadRunner.format(interval);
                }
                case "pipeline" -> {
                    AccountRange accounts = accounts(a);
                    run = new Pipeliner(host, port, connections, accounts).event(event).rate(rate);
                    what = connections + " pipelining connections, accounts " + accounts + ", "
                            + event.name().toLowerCase(Locale.ROOT) + " frames, "
                            + (rate > 0 ? "at most " + LoadReport.number(rate) + " frames/s" : "as fast as possible");
                }
                default -> {
                    UnknownFlood.Transport transport = Main.option("transport",
                            () -> UnknownFlood.Transport.parse(a.string("transport", "tcp")));
                    String prefix = a.string("account-prefix", "F");
                    UnknownAccounts generator = Main.option("account-prefix",
                            () -> new UnknownAccounts(prefix, ThreadLocalRandom.current().nextLong()));
                    run = new UnknownFlood(host, port, transport).connections(connections).rate(rate).event(event)
                            .accounts(generator);
                    what = "frames from unknown accounts " + generator.prefix() + "xxxxxxx over " + transport + " ("
                            + connections + (transport == UnknownFlood.Transport.BOTH ? " TCP + " + connections + " UDP"
                            : transport == UnknownFlood.Transport.UDP ? " UDP sockets" : " connections") + "), "
                            + (rate > 0 ? "at most " + LoadReport.number(rate) + " frames/s" : "as fast as possible");
                }
            }
            run.sources(sources).ioThreads(ioThreads).connectTimeout(connectTimeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }

        out.printf(Locale.ROOT, "abuse %s: %s to %s:%d from %s for %s%n", mode, what, host, port, sources,
                LoadRunner.format(duration));
        out.flush();
        AtomicBoolean reported = new AtomicBoolean();
        AbstractAbuseRun<?> theRun = run;
        Probe theProbe = probe;
        Thread hook = new Thread(() -> { // Ctrl-C: still print what was seen
            if (theProbe != null) {
                theProbe.stop();
            }
            theRun.stop();
            if (reported.compareAndSet(false, true)) {
                out.print(theRun.report().format());
                if (theProbe != null) {
                    out.print(theProbe.report().format());
                }
                out.flush();
            }
        }, "abuse-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                if (probe != null) {
                    probe.start(); // before the attack: it has its connection as a device in service would
                }
                run.start();
            } catch (IllegalStateException e) {
                err.println(Main.PROGRAM + " abuse: " + e.getMessage());
                return 1;
            }
            Thread.sleep(duration.toMillis());
        } finally {
            if (theProbe != null) {
                theProbe.stop();
            }
            run.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook prints
            }
        }
        AbuseReport report = run.report();
        boolean print = reported.compareAndSet(false, true);
        if (print) {
            out.print(report.format());
        }
        int code = 0;
        if (probe != null) {
            Probe.Report p = probe.report();
            if (print) {
                out.print(p.format());
            }
            if (p.missed() > 0 || p.sent() == 0) {
                err.println(Main.PROGRAM + " abuse: the well-behaved device missed " + p.missed() + " ACK(s) of "
                        + p.sent() + " within " + p.ackLimit().toMillis() + " ms");
                code = 1;
            }
        }
        boolean tcp = !(run instanceof UnknownFlood f && f.report().transport() == UnknownFlood.Transport.UDP);
        if (tcp && opened(report) == 0) {
            err.println(Main.PROGRAM + " abuse: not one connection to " + host + ":" + port + " could be opened");
            return 1;
        }
        return code;
    }

    private static long opened(AbuseReport r) {
        if (r instanceof SilentConnections.Report s) {
            return s.stats().opened();
        }
        if (r instanceof SlowSender.Report s) {
            return s.stats().opened();
        }
        if (r instanceof Pipeliner.Report p) {
            return p.stats().opened();
        }
        if (r instanceof UnknownFlood.Report u) {
            return u.stats().opened();
        }
        return 1;
    }

    /** --accounts RANGE, or --first-account HEX with --devices N, or the demo's 1000-10FF. */
    private static AccountRange accounts(CliArgs a) throws UsageException {
        if (a.has("accounts") && (a.has("first-account") || a.has("devices"))) {
            throw new UsageException("--accounts and --first-account/--devices exclude each other");
        }
        if (a.has("accounts")) {
            return Main.option("accounts", () -> AccountRange.parse(a.string("accounts", "")));
        }
        if (a.has("first-account") || a.has("devices")) {
            String firstText = a.string("first-account", "1000");
            if (!firstText.matches("[0-9A-Fa-f]{3,15}")) {
                throw new UsageException("--first-account: expected 3-15 hex digits such as 1000, got '" + firstText + "'");
            }
            int devices = a.integer("devices", 256, 1, 1_000_000);
            return new AccountRange(Long.parseLong(firstText, 16), Long.parseLong(firstText, 16) + devices - 1,
                    firstText.length());
        }
        return AccountRange.parse("1000-10FF");
    }
}
