package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.Dc09Timestamp;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.protocol.event.EventFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * Command line: {@code send}, {@code load}, {@code baseline-server}, {@code abuse} and {@code storm}. Exit codes: 0 success, 1 the
 * run failed (not ACKed, nothing ACKed, verification failed, connection impossible), 2 bad command line.
 */
public final class Main {
    static final String PROGRAM = "vagtcentral-simulator";

    private static final String USAGE = """
            usage: java -jar vagtcentral-simulator.jar <command> [options]

            Plays social-alarm transmitters speaking SIA DC-09 to a receiver.

            commands:
              send             send one message, retransmit until ACK, print the reply and the latency
              load             run many devices at a fixed rate or as fast as possible; report latency
              baseline-server  a bare DC-09 receiver that ACKs everything at once (throughput ceiling)
              abuse            play an attack (silent or slow connections, pipelining, unknown accounts)
              storm            many devices: supervision, a burst of power restores and emergencies;
                               ACK latency of emergencies against the rest, optionally time to routed

            Run '<command> --help' for the options of a command.
            """;

    private static final String SEND_USAGE = """
            usage: send --port PORT --account ACCT [options]

              --host HOST            receiver host (default 127.0.0.1)
              --port PORT            receiver port (required)
              --secondary HOST:PORT  secondary receiver: used when the primary refuses or does not ACK in time
              --transport T          tcp | tcp-oneshot | udp (default tcp)
              --account ACCT         device account, 3-16 hex digits (required)
              --event E              emergency | fire | test | null (default emergency)
              --format F             sia | cid (default sia)
              --zone ZZZ             zone, 3 hex digits (default 001)
              --key HEX              AES key, 32/48/64 hex digits: send encrypted
              --receiver R           receiver number "R" field, 1-6 hex digits (default none)
              --prefix L             line prefix "L" field, 1-6 hex digits (default 0)
              --sequence N           sequence number 1-9999 (default 1)
              --clock-skew D         device clock offset, e.g. 10m or -90s (default 0)
              --no-timestamp         send without timestamp (not allowed with --key)
              --ack-timeout D        wait this long for a reply before retransmitting (default 2s)
              --attempts N           transmissions at most (default 5)
              --deadline D           give up after this long (default 30s)
            """;

    private static final String LOAD_USAGE = """
            usage: load --port PORT [options]

              --host HOST            receiver host (default 127.0.0.1)
              --port PORT            receiver port (required)
              --api URL              server HTTP API for --verify, e.g. http://127.0.0.1:8180
              --secondary HOST:PORT  secondary receiver (another node): a device fails over to it when the
                                     primary refuses the connection or does not ACK within --ack-timeout
              --failback-after D     a device goes back to the primary after this long (default 60s)
              --secondary-api URL    with --verify: the other node's HTTP API, asked when --api is down
              --transport T          tcp | tcp-oneshot | udp (default tcp)
              --devices N            number of devices (default 256)
              --first-account HEX    first account of the range (default 1000, so 1000..10FF)
              --connections N        TCP connections / UDP sockets the devices share (default 64)
              --rate N               open model: N messages/s over all devices (default 5000)
              --max                  closed model: as fast as the receiver answers
              --outstanding N        with --max: messages in flight per connection (default 4)
              --duration D           measured time (default 30s)
              --warmup D             time before measuring (default 5s)
              --messages N           stop after N messages, warmup included (default: no limit)
              --mix SPEC             event weights (default emergency=80,test=15,null=5; kinds: emergency, fire, test, null)
              --format F             sia | cid | mixed (default sia)
              --encrypted-accounts L ACCT:HEXKEY,... devices sending encrypted (outside the range: extra devices)
              --clock-skew D         clock offset of every device at start, e.g. 10m (default 0)
              --receiver R           receiver number "R" field (default none)
              --prefix L             line prefix "L" field (default 0)
              --ack-timeout D        reply timeout before retransmitting (default 2s)
              --attempts N           transmissions per message at most (default 10)
              --deadline D           per-message deadline (default 60s)
              --io-threads N         client event-loop threads (default: CPUs)
              --verify               check every ACKed alarm is stored exactly once through --api
                                     (sends the bearer token in $VAGTCENTRAL_API_TOKEN, an admin's login)
              --verify-wait D        keep re-checking missing alarms this long (default 5s)
              --hdr-out FILE         write the latency percentile distribution (ms, .hgrm) to FILE
            """;

    private static final String BASELINE_USAGE = """
            usage: baseline-server [--port PORT] [--host HOST] [--threads N]

              --host HOST            address to listen on (default 127.0.0.1)
              --port PORT            TCP and UDP port (default 7112; 0 picks a free one)
              --threads N            event-loop threads (default: CPUs)

            ACKs every unencrypted SIA-DCS, ADM-CID and NULL message at once and stores nothing;
            encrypted messages get DUH (it has no keys). Stop with Ctrl-C.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            out.print(USAGE);
            return 0;
        }
        try {
            return switch (command) {
                case "send" -> {
                    if (rest.contains("--help")) {
                        out.print(SEND_USAGE);
                        yield 0;
                    }
                    yield send(rest, out, err);
                }
                case "load" -> {
                    if (rest.contains("--help")) {
                        out.print(LOAD_USAGE);
                        yield 0;
                    }
                    yield load(rest, out, err);
                }
                case "baseline-server" -> {
                    if (rest.contains("--help")) {
                        out.print(BASELINE_USAGE);
                        yield 0;
                    }
                    yield baseline(rest, out, err);
                }
                case "abuse" -> {
                    if (rest.contains("--help")) {
                        out.print(AbuseCommand.USAGE);
                        yield 0;
                    }
                    yield AbuseCommand.run(rest, out, err);
                }
                case "storm" -> {
                    if (rest.contains("--help")) {
                        out.print(StormCommand.USAGE);
                        yield 0;
                    }
                    yield StormCommand.run(rest, out, err);
                }
                default -> throw new UsageException("unknown command '" + command
                        + "' (expected send, load, baseline-server, abuse or storm)");
            };
        } catch (UsageException e) {
            String prefix = Set.of("send", "load", "baseline-server", "abuse", "storm").contains(command) ? PROGRAM + " " + command : PROGRAM;
            err.println(prefix + ": " + e.getMessage() + " (see --help)");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(PROGRAM + ": interrupted");
            return 1;
        }
    }

    // ------------------------------------------------------------------ send

    private static int send(List<String> args, PrintStream out, PrintStream err) throws UsageException, InterruptedException {
        CliArgs a = CliArgs.parse(args,
                Set.of("host", "port", "secondary", "transport", "account", "event", "format", "zone", "key", "receiver",
                        "prefix", "sequence", "clock-skew", "ack-timeout", "attempts", "deadline"),
                Set.of("no-timestamp"));
        String host = a.string("host", "127.0.0.1");
        int port = a.port("port", null, false);
        CliArgs.HostPort secondary = a.hostPort("secondary");
        Transport transport = transport(a);
        EventKind kind = option("event", () -> EventKind.parse(a.string("event", "emergency")));
        EventFormat format = format(a.string("format", "sia"));
        String zone = option("zone", () -> EventKind.checkZone(a.string("zone", EventKind.DEFAULT_ZONE)));
        Duration ackTimeout = a.duration("ack-timeout", Duration.ofSeconds(2), false, false);
        int attempts = a.integer("attempts", 5, 1, 1000);
        Duration deadline = a.duration("deadline", Duration.ofSeconds(30), false, false);
        Duration skew = a.duration("clock-skew", Duration.ZERO, true, true);
        int sequence = a.integer("sequence", 1, 1, SimulatedDevice.MAX_SEQUENCE);
        String account = a.required("account");
        option("account", () -> DeviceProfile.of(account));
        byte[] key = a.has("key") ? option("key", () -> Dc09Cipher.parseKey(a.string("key", null))) : null;
        String receiver = a.string("receiver", null);
        option("receiver", () -> DeviceProfile.of(account).withReceiver(receiver));
        String prefix = a.string("prefix", "0");
        option("prefix", () -> DeviceProfile.of(account).withLinePrefix(prefix));
        if (a.flag("no-timestamp") && key != null) {
            throw new UsageException("--no-timestamp: an encrypted message (--key) must carry a timestamp");
        }
        DeviceProfile profile = DeviceProfile.of(account).withKey(key).withReceiver(receiver).withLinePrefix(prefix)
                .withFormat(format).withClockSkew(skew).withTimestamps(!a.flag("no-timestamp"));

        SimulatedDevice device = new SimulatedDevice(profile);
        device.setNextSequence(sequence);
        DeviceMessage message = device.message(kind, zone);
        Dc09Client.Builder builder = Dc09Client.builder(host, port).transport(transport).ackTimeout(ackTimeout)
                .maxAttempts(attempts).deadline(deadline).connections(1);
        if (secondary != null) {
            builder.secondary(secondary.host(), secondary.port());
        }
        try (Dc09Client client = builder.build()) {
            out.printf(Locale.ROOT, "sending %s seq %04d account %s data [%s]%s via %s to %s:%d%s%n", message.id(),
                    message.sequence(), message.account(), message.data(),
                    profile.encrypted() ? " (AES-" + profile.keyRef().length * 8 + ")" : "", transport, host, port,
                    secondary == null ? "" : " (secondary " + secondary + ")");
            connectFirst(client, transport);
            SendResult r;
            try {
                r = client.send(message).get();
            } catch (ExecutionException e) {
                err.println(PROGRAM + " send: " + e.getCause());
                return 1;
            }
            if (r.lastFrame() != null) {
                out.println("sent:    " + r.lastFrame());
            }
            if (r.reply() != null) {
                out.println("reply:   " + describe(r.reply()));
            }
            out.printf(Locale.ROOT, "result:  %s after %d attempt(s), %d NAK(s)%s%n", r.outcome(), r.attempts(), r.naks(),
                    r.detail() == null ? "" : " - " + r.detail());
            if (client.log().failover().failovers() > 0) {
                out.printf(Locale.ROOT, "failover: to the secondary %s, %d failover(s), %d failback(s)%n", secondary,
                        client.log().failover().failovers(), client.log().failover().failbacks());
            }
            if (r.naks() > 0) {
                out.printf(Locale.ROOT, "clock:   corrected from the NAK, device clock now %+d ms from local%n",
                        device.clockOffset().toMillis());
            }
            if (r.attempts() > 0 && r.reply() != null) {
                out.printf(Locale.ROOT, "latency: %.3f ms first send -> %s, %.3f ms last attempt -> %s%n",
                        r.firstSendToReplyMicros() / 1000.0, r.reply().id(), r.lastAttemptToReplyMicros() / 1000.0,
                        r.reply().id());
            }
            return r.acked() ? 0 : 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println(PROGRAM + " send: " + e.getMessage());
            return 1;
        }
    }

    /** Opens the TCP connection before the message goes out, so that the printed latency is the receiver's. */
    private static void connectFirst(Dc09Client client, Transport transport) throws InterruptedException {
        if (transport == Transport.TCP) {
            try {
                client.connect().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // the send reports the connection problem
            }
        }
    }

    static String describe(Dc09Message m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.encrypted() ? "*" : "").append(m.id())
                .append(String.format(Locale.ROOT, " seq %04d", m.sequence()));
        if (m.receiver() != null) {
            sb.append(" R").append(m.receiver());
        }
        sb.append(" L").append(m.linePrefix());
        if (m.account() != null) {
            sb.append(" account ").append(m.account());
        }
        if (!m.data().isEmpty()) {
            sb.append(" data [").append(m.data()).append(']');
        }
        if (m.timestamp() != null) {
            sb.append(" receiver time ").append(Dc09Timestamp.format(m.timestamp()).substring(1)).append(" UTC");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ load

    private static int load(List<String> args, PrintStream out, PrintStream err) throws UsageException, InterruptedException {
        CliArgs a = CliArgs.parse(args,
                Set.of("host", "port", "api", "secondary", "failback-after", "secondary-api", "transport", "devices", "first-account", "connections", "rate",
                        "outstanding", "duration", "warmup", "messages", "mix", "format", "encrypted-accounts",
                        "clock-skew", "receiver", "prefix", "ack-timeout", "attempts", "deadline", "io-threads",
                        "verify-wait", "hdr-out"),
                Set.of("max", "verify"));
        String host = a.string("host", "127.0.0.1");
        int port = a.port("port", null, false);
        URI api = a.httpUri("api");
        if (a.flag("verify") && api == null) {
            throw new UsageException("--verify needs --api (the server's HTTP API, e.g. http://127.0.0.1:8180)");
        }
        CliArgs.HostPort secondary = a.hostPort("secondary");
        URI secondaryApi = a.httpUri("secondary-api");
        if (secondaryApi != null && !a.flag("verify")) {
            throw new UsageException("--secondary-api only applies with --verify");
        }
        if (a.has("failback-after") && secondary == null) {
            throw new UsageException("--failback-after only applies with --secondary");
        }
        if (a.flag("max") && a.has("rate")) {
            throw new UsageException("--rate and --max exclude each other");
        }
        if (a.has("outstanding") && !a.flag("max")) {
            throw new UsageException("--outstanding only applies with --max");
        }
        String firstText = a.string("first-account", "1000");
        long first;
        try {
            if (!firstText.matches("[0-9A-Fa-f]{1,15}")) {
                throw new NumberFormatException();
            }
            first = Long.parseLong(firstText, 16);
        } catch (NumberFormatException e) {
            throw new UsageException("--first-account: expected hex digits such as 1000, got '" + firstText + "'");
        }
        Duration verifyWait = a.duration("verify-wait", Duration.ofSeconds(5), false, true);
        String hdrOut = a.string("hdr-out", null);
        LoadConfig cfg;
        try {
            cfg = loadConfig(a, host, port, first, secondary);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }

        out.printf(Locale.ROOT, "load: %s to %s:%d%s, %d devices, %d connections, %s, %s warmup + %s%n",
                cfg.transport(), host, port, secondary == null ? "" : " (secondary " + secondary + ")", cfg.totalDevices(), Math.min(cfg.connections(), cfg.totalDevices()),
                cfg.openModel() ? "rate " + LoadReport.number(cfg.rate()) + " msg/s" : "max (" + cfg.outstanding() + " outstanding/connection)",
                LoadRunner.format(cfg.warmup()), LoadRunner.format(cfg.duration()));
        LoadResult result;
        try {
            result = LoadRunner.run(cfg);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println(PROGRAM + " load: " + e.getMessage());
            return 1;
        }
        out.print(LoadReport.format(result));
        if (hdrOut != null) {
            try (PrintStream hgrm = new PrintStream(Files.newOutputStream(Path.of(hdrOut)), true, "UTF-8")) {
                result.histogram().outputPercentileDistribution(hgrm, 1000.0);
                out.println("histogram:   written to " + hdrOut + " (ms)");
            } catch (IOException e) {
                err.println(PROGRAM + " load: cannot write --hdr-out " + hdrOut + ": " + e.getMessage());
                return 1;
            }
        }
        int code = 0;
        if (result.sent() > 0 && result.acked() == 0) {
            err.println(PROGRAM + " load: no message was ACKed");
            code = 1;
        }
        if (a.flag("verify")) {
            try {
                AlarmApiVerifier verifier = new AlarmApiVerifier(secondaryApi == null ? List.of(api)
                        : List.of(api, secondaryApi)).withToken(System.getenv("VAGTCENTRAL_API_TOKEN"));
                VerifyResult v = verifier.verify(result.ackedMessages(), result.startedAt().minusSeconds(2), verifyWait);
                out.print(LoadReport.format(v));
                if (!verifier.currentApi().equals(trimmed(api))) {
                    out.println("verify: asked " + verifier.currentApi() + " (" + api + " did not answer)");
                }
                if (!v.ok()) {
                    code = 1;
                }
            } catch (IOException e) {
                err.println(PROGRAM + " load: verify failed: " + e.getMessage());
                code = 1;
            }
        }
        return code;
    }

    /** The load settings from the command line; IllegalArgumentException for a combination the config refuses. */
    private static LoadConfig loadConfig(CliArgs a, String host, int port, long first, CliArgs.HostPort secondary)
            throws UsageException {
        LoadConfig c = LoadConfig.defaults(host, port)
                .withTransport(transport(a))
                .withDevices(a.integer("devices", 256, 1, 1_000_000))
                .withFirstAccount(first)
                .withConnections(a.integer("connections", 64, 1, 100_000))
                .withDuration(a.duration("duration", Duration.ofSeconds(30), false, false))
                .withWarmup(a.duration("warmup", Duration.ofSeconds(5), false, true))
                .withMessageLimit(a.longValue("messages", 0, 1, Long.MAX_VALUE))
                .withClockSkew(a.duration("clock-skew", Duration.ZERO, true, true))
                .withAckTimeout(a.duration("ack-timeout", Duration.ofSeconds(2), false, false))
                .withMaxAttempts(a.integer("attempts", 10, 1, 1000))
                .withDeadline(a.duration("deadline", Duration.ofSeconds(60), false, false))
                .withIoThreads(a.integer("io-threads", 0, 1, 256))
                .withKeepAcked(a.flag("verify"));
        if (secondary != null) {
            c = c.withSecondary(secondary.host(), secondary.port())
                    .withFailbackAfter(a.duration("failback-after", Duration.ofSeconds(60), false, false));
        }
        c = a.flag("max") ? c.withMax(a.integer("outstanding", 4, 1, 10_000)) : c.withRate(a.positiveDouble("rate", 5000));
        if (a.has("mix")) {
            c = c.withMix(option("mix", () -> LoadConfig.parseMix(a.string("mix", ""))));
        }
        String fmt = a.string("format", "sia").toLowerCase(Locale.ROOT);
        c = c.withFormats(switch (fmt) {
            case "sia" -> LoadConfig.Formats.SIA;
            case "cid" -> LoadConfig.Formats.CID;
            case "mixed" -> LoadConfig.Formats.MIXED;
            default -> throw new UsageException("--format: expected sia, cid or mixed, got '" + a.string("format", "") + "'");
        });
        if (a.has("encrypted-accounts")) {
            c = c.withEncryptedAccounts(option("encrypted-accounts",
                    () -> LoadConfig.parseEncryptedAccounts(a.string("encrypted-accounts", ""))));
        }
        if (a.has("receiver")) {
            String r = a.string("receiver", null);
            option("receiver", () -> DeviceProfile.of("000").withReceiver(r));
            c = c.withReceiver(r);
        }
        if (a.has("prefix")) {
            String p = a.string("prefix", null);
            option("prefix", () -> DeviceProfile.of("000").withLinePrefix(p));
            c = c.withLinePrefix(p);
        }
        return c;
    }

    // ------------------------------------------------------------------ baseline-server

    private static int baseline(List<String> args, PrintStream out, PrintStream err) throws UsageException, InterruptedException {
        CliArgs a = CliArgs.parse(args, Set.of("host", "port", "threads"), Set.of());
        String host = a.string("host", "127.0.0.1");
        int port = a.port("port", 7112, true);
        int threads = a.integer("threads", 0, 1, 256);
        BaselineServer server;
        try {
            server = BaselineServer.start(host, port, threads, KeyResolver.NONE);
        } catch (IllegalStateException e) {
            err.println(PROGRAM + " baseline-server: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.printf(Locale.ROOT, "baseline-server: stopped; %d frames, %d ACK, %d DUH, %d unanswered%n",
                    server.framesReceived(), server.acksSent(), server.duhsSent(), server.unanswered());
            out.flush();
            stopped.countDown();
        }, "baseline-shutdown"));
        out.printf(Locale.ROOT, "baseline-server: listening on %s:%d (TCP and UDP), ACKing unencrypted messages; Ctrl-C to stop%n",
                host, server.port());
        out.flush();
        stopped.await();
        return 0;
    }

    // ------------------------------------------------------------------ helpers

    private static String trimmed(URI api) {
        String s = api.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    interface Parse<T> {
        T get();
    }

    /** Runs a parse that throws IllegalArgumentException and reports it against an option. */
    static <T> T option(String name, Parse<T> parse) throws UsageException {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + name + ": " + e.getMessage());
        }
    }

    private static Transport transport(CliArgs a) throws UsageException {
        return option("transport", () -> Transport.parse(a.string("transport", "tcp")));
    }

    private static EventFormat format(String text) throws UsageException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "sia" -> EventFormat.SIA_DCS;
            case "cid" -> EventFormat.CONTACT_ID;
            default -> throw new UsageException("--format: expected sia or cid, got '" + text + "'");
        };
    }

}
