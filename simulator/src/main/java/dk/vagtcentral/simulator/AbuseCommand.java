package dk.vagtcentral.simulator;

import dk.vagtcentral.simulator.abuse.AbstractAbuseRun;
import dk.vagtcentral.simulator.abuse.AbuseReport;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The {@code abuse} command: one of the attacks of {@link dk.vagtcentral.simulator.abuse} for a while, then its report. */
@Command(name = "abuse",
        customSynopsis = "java -jar vagtcentral-simulator.jar abuse --mode MODE --port PORT [options]",
        description = {"play an attack (silent or slow connections, pipelining, unknown accounts)", "",
            "Plays an attack on a receiver for --duration, then prints what it saw. With --probe a well-behaved "
                    + "device sends beside the attack and must get every ACK within --probe-limit.", "",
            "Options marked with a mode apply to that mode only."},
        exitCodeListHeading = "%nexit codes:%n",
        exitCodeList = {
            "0:the attack ran (whatever the server did to it)",
            "1:not one connection could be opened, or the probe missed an ACK",
            "2:bad command line (one line on stderr naming the option)"})
final class AbuseCommand extends SimulatorCommand {

    /** An attack, its default number of connections and the options only it takes. */
    enum Mode {
        SILENT("silent", 1000, Set.of()),
        SLOW("slow", 1000, Set.of("--byte-interval", "--target", "--accounts", "--first-account", "--devices", "--event")),
        PIPELINE("pipeline", 8, Set.of("--accounts", "--first-account", "--devices", "--event", "--rate")),
        UNKNOWN_FLOOD("unknown-flood", 4, Set.of("--rate", "--transport", "--account-prefix", "--event"));

        /** Every option that applies to some modes only. */
        static final List<String> MODE_OPTIONS = List.of("--byte-interval", "--target", "--accounts", "--first-account",
                "--devices", "--event", "--rate", "--transport", "--account-prefix");

        final String cliName;
        final int defaultConnections;
        final Set<String> options;

        Mode(String cliName, int defaultConnections, Set<String> options) {
            this.cliName = cliName;
            this.defaultConnections = defaultConnections;
            this.options = options;
        }

        @Override
        public String toString() {
            return cliName;
        }

        /** The options of other modes that this mode does not take, in the order of {@link #MODE_OPTIONS}. */
        List<String> othersOptions() {
            return MODE_OPTIONS.stream().filter(option -> !options.contains(option)).toList();
        }

        /** "silent", "slow", "pipeline" or "unknown-flood" (case-insensitive). */
        static final class Converter implements ITypeConverter<Mode> {
            @Override
            public Mode convert(String text) {
                for (Mode mode : values()) {
                    if (mode.cliName.equalsIgnoreCase(text.strip())) {
                        return mode;
                    }
                }
                throw new TypeConversionException("expected silent, slow, pipeline or unknown-flood, got '" + text + "'");
            }
        }
    }

    @Option(names = "--mode", paramLabel = "MODE", required = true, converter = Mode.Converter.class, description = {
        "silent | slow | pipeline | unknown-flood (required):",
        "silent: open --connections TCP connections and send nothing on them",
        "slow: slowloris: each connection sends a valid DC-09 frame one byte every --byte-interval; with --target "
                + "http an HTTP request whose header never ends, one line per interval",
        "pipeline: write frames of known accounts as fast as the sockets take them, never waiting for an ACK; each "
                + "account's sequence numbers increase",
        "unknown-flood: frames from accounts nobody registered (\"F\" + 7 hex digits, each once), as fast as possible "
                + "over --transport; a receiver answers DUH"})
    Mode mode;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "receiver host (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "PORT", required = true,
            description = "DC-09 port, or the HTTP port with --target http (required)")
    int port;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s",
            description = "how long the attack goes on (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--connections", paramLabel = "N", description = "TCP connections (default: silent and slow 1000, "
            + "pipeline 8, unknown-flood 4; unknown-flood opens as many UDP sockets)")
    Integer connections;

    @Option(names = "--source-addresses", paramLabel = "R",
            description = "bind local addresses in turn, e.g. 127.0.0.2-127.0.0.20 (default: any)")
    SourceAddresses sourceAddresses;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "1",
            description = "client event-loop threads, 1-256 (default ${DEFAULT-VALUE})")
    int ioThreads;

    @Option(names = "--connect-timeout", paramLabel = "D", defaultValue = "5s",
            description = "per connection attempt (default ${DEFAULT-VALUE})")
    Duration connectTimeout;

    @Option(names = "--probe", paramLabel = "ACCOUNT", description = "a well-behaved device (a registered account, e.g. "
            + "1000) on its own connection, opened before the attack, sends a test message every --probe-interval")
    String probeAccount;

    @Option(names = "--probe-port", paramLabel = "PORT",
            description = "the probe's DC-09 port (default --port; required with --target http)")
    Integer probePort;

    @Option(names = "--probe-interval", paramLabel = "D", defaultValue = "1s",
            description = "between the probe's messages (default ${DEFAULT-VALUE})")
    Duration probeInterval;

    @Option(names = "--probe-limit", paramLabel = "D", defaultValue = "1s",
            description = "an ACK later than this is a miss; the probe does not retransmit (default ${DEFAULT-VALUE})")
    Duration probeLimit;

    @Option(names = "--byte-interval", paramLabel = "D", defaultValue = "1s", description = "slow: between one byte "
            + "(DC-09) or header line (HTTP) and the next (default ${DEFAULT-VALUE})")
    Duration byteInterval;

    @Option(names = "--target", paramLabel = "T", defaultValue = "dc09",
            description = "slow: dc09 | http (default ${DEFAULT-VALUE})")
    SlowSender.Target target;

    @Option(names = "--accounts", paramLabel = "RANGE", description = "slow, pipeline: hex accounts the frames come "
            + "from, e.g. 1000-10FF (default: the demo's 1000-10FF)")
    AccountRange accounts;

    @Option(names = "--first-account", paramLabel = "HEX", defaultValue = "1000", description = "slow, pipeline: with "
            + "--devices N: N accounts from HEX, as for the load command (default ${DEFAULT-VALUE})")
    String firstAccount;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "256",
            description = "slow, pipeline: the number of accounts from --first-account (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--event", paramLabel = "E", description = "slow, pipeline, unknown-flood: test | emergency | fire "
            + "| null (default test; unknown-flood: emergency)")
    EventKind event;

    @Option(names = "--rate", paramLabel = "N", description = "pipeline, unknown-flood: cap the frames per second over "
            + "all sockets (default: as fast as possible)")
    Double rate;

    @Option(names = "--transport", paramLabel = "T", defaultValue = "tcp",
            description = "unknown-flood: tcp | udp | both (default ${DEFAULT-VALUE})")
    UnknownFlood.Transport transport;

    @Option(names = "--account-prefix", paramLabel = "HEX", defaultValue = "F", description = "unknown-flood: 1-9 hex "
            + "digits the unknown accounts start with (default ${DEFAULT-VALUE})")
    String accountPrefix;

    AbuseCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws InterruptedException {
        refuseGiven(mode.othersOptions(), "does not apply to --mode " + mode);
        within("--port", port, 1, 65535);
        int sockets = connections == null ? mode.defaultConnections : within("--connections", connections, 1, 1_000_000);
        within("--io-threads", ioThreads, 1, 256);
        if (rate != null && (!(rate > 0) || rate.isInfinite())) {
            throw invalid("--rate", "expected a positive number");
        }
        double frameRate = rate == null ? 0 : rate;
        EventKind kind = event != null ? event : mode == Mode.UNKNOWN_FLOOD ? EventKind.EMERGENCY : EventKind.TEST;
        SourceAddresses sources = sourceAddresses == null ? SourceAddresses.none() : sourceAddresses;
        Probe probe = probe();

        AbstractAbuseRun<?> run;
        String what;
        try {
            switch (mode) {
                case SILENT -> {
                    run = new SilentConnections(host, port, sockets);
                    what = sockets + " silent connections";
                }
                case SLOW -> {
                    AccountRange range = accountRange();
                    boolean http = target == SlowSender.Target.HTTP;
                    run = new SlowSender(host, port, sockets, byteInterval, target).accounts(range).event(kind);
                    what = sockets + " slow " + (http ? "HTTP requests" : "DC-09 senders (accounts " + range + ")")
                            + ", one " + (http ? "header line" : "byte") + " every " + LoadRunner.format(byteInterval);
                }
                case PIPELINE -> {
                    AccountRange range = accountRange();
                    run = new Pipeliner(host, port, sockets, range).event(kind).rate(frameRate);
                    what = sockets + " pipelining connections, accounts " + range + ", "
                            + kind.name().toLowerCase(Locale.ROOT) + " frames, " + pace(frameRate);
                }
                default -> {
                    UnknownAccounts generator = checked("--account-prefix",
                            () -> new UnknownAccounts(accountPrefix, ThreadLocalRandom.current().nextLong()));
                    run = new UnknownFlood(host, port, transport).connections(sockets).rate(frameRate).event(kind)
                            .accounts(generator);
                    what = "frames from unknown accounts " + generator.prefix() + "xxxxxxx over " + transport + " ("
                            + sockets + (transport == UnknownFlood.Transport.BOTH ? " TCP + " + sockets + " UDP"
                            : transport == UnknownFlood.Transport.UDP ? " UDP sockets" : " connections") + "), "
                            + pace(frameRate);
                }
            }
            run.sources(sources).ioThreads(ioThreads).connectTimeout(connectTimeout);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }

        out.printf(Locale.ROOT, "abuse %s: %s to %s:%d from %s for %s%n", mode, what, host, port, sources,
                LoadRunner.format(duration));
        out.flush();
        return attack(run, probe);
    }

    /** The well-behaved device of --probe, or null. */
    private Probe probe() {
        if (probeAccount == null) {
            refuseGiven(List.of("--probe-port", "--probe-interval", "--probe-limit"), "needs --probe");
            return null;
        }
        if (mode == Mode.SLOW && target == SlowSender.Target.HTTP && probePort == null) {
            throw usage("--probe with --target http needs --probe-port (the DC-09 port)");
        }
        int dc09Port = probePort == null ? port : within("--probe-port", probePort, 1, 65535);
        return checked("--probe", () -> new Probe(host, dc09Port, probeAccount)).interval(probeInterval)
                .ackLimit(probeLimit);
    }

    /** Runs the attack (and the probe) for --duration; the report, also on Ctrl-C. */
    private int attack(AbstractAbuseRun<?> run, Probe probe) throws InterruptedException {
        AtomicBoolean reported = new AtomicBoolean();
        Thread hook = new Thread(() -> { // Ctrl-C: still print what was seen
            if (probe != null) {
                probe.stop();
            }
            run.stop();
            if (reported.compareAndSet(false, true)) {
                out.print(run.report().format());
                if (probe != null) {
                    out.print(probe.report().format());
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
                return failed(e.getMessage());
            }
            Thread.sleep(duration.toMillis());
        } finally {
            if (probe != null) {
                probe.stop();
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
                code = failed("the well-behaved device missed " + p.missed() + " ACK(s) of " + p.sent() + " within "
                        + p.ackLimit().toMillis() + " ms");
            }
        }
        boolean tcp = !(run instanceof UnknownFlood f && f.report().transport() == UnknownFlood.Transport.UDP);
        if (tcp && opened(report) == 0) {
            return failed("not one connection to " + host + ":" + port + " could be opened");
        }
        return code;
    }

    private static String pace(double frameRate) {
        return frameRate > 0 ? "at most " + LoadReport.number(frameRate) + " frames/s" : "as fast as possible";
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
    private AccountRange accountRange() {
        boolean fromFirst = given("--first-account") || given("--devices");
        if (accounts != null && fromFirst) {
            throw usage("--accounts and --first-account/--devices exclude each other");
        }
        if (accounts != null) {
            return accounts;
        }
        if (fromFirst) {
            long first = hexAccount("--first-account", firstAccount, 3);
            int count = within("--devices", devices, 1, 1_000_000);
            return new AccountRange(first, first + count - 1, firstAccount.length());
        }
        return AccountRange.parse("1000-10FF");
    }
}
