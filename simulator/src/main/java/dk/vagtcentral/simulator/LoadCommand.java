package dk.vagtcentral.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code load} command: a {@link LoadRunner} run of DC-09 transmitters or SCAIP devices ({@code --protocol}), its
 * latency report and optionally the check through the API.
 */
@Command(name = "load",
        customSynopsis = "java -jar vagtcentral-simulator.jar load --port PORT [options]",
        description = {"run many devices at a fixed rate or as fast as possible; report latency"})
final class LoadCommand extends SimulatorCommand {
    /** Options of one protocol only. */
    private static final List<String> DC09_ONLY = List.of("--format", "--encrypted-accounts", "--clock-skew",
            "--receiver", "--prefix");
    private static final List<String> SCAIP_ONLY = List.of("--device-type", "--password", "--passwords", "--crd");

    @Mixin
    TargetOptions target;

    @Option(names = "--api", paramLabel = "URL", description = "server HTTP API for --verify, e.g. http://127.0.0.1:8180")
    URI api;

    @Option(names = "--secondary", paramLabel = "HOST:PORT",
            description = "secondary receiver (another node): a device fails over to it when the primary refuses the "
                    + "connection or does not ACK within --ack-timeout")
    HostPort secondary;

    @Option(names = "--failback-after", paramLabel = "D", defaultValue = "60s",
            description = "with --secondary: a device goes back to the primary after this long (default ${DEFAULT-VALUE})")
    Duration failbackAfter;

    @Option(names = "--secondary-api", paramLabel = "URL",
            description = "with --verify: the other node's HTTP API, asked when --api is down")
    URI secondaryApi;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "256",
            description = "number of devices, 1-1000000 (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--first-account", paramLabel = "ACCT", defaultValue = "1000",
            description = "first account of the range, hex (default ${DEFAULT-VALUE}, so 1000..10FF); scaip: the "
                    + "first controller id, digits (default 4510001000, the demo's 4510001000..4510001255)")
    String firstAccount;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
            description = "TCP connections / UDP sockets the devices share (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "5000",
            description = "open model: N messages/s over all devices (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--max", description = "closed model: as fast as the receiver answers (excludes --rate)")
    boolean max;

    @Option(names = "--outstanding", paramLabel = "N", defaultValue = "4",
            description = "with --max: messages in flight per connection (default ${DEFAULT-VALUE})")
    int outstanding;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s",
            description = "measured time (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "5s", converter = Converters.NonNegativeDuration.class,
            description = "time before measuring (default ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--messages", paramLabel = "N",
            description = "stop after N messages, warmup included (default: no limit)")
    Long messages;

    @Option(names = "--mix", paramLabel = "SPEC", defaultValue = "emergency=80,test=15,null=5",
            description = "event weights (default ${DEFAULT-VALUE}; kinds: emergency, fire, test, null); scaip: "
                    + "button, fall, smoke, battery-low, test, heartbeat, reset (default " + ScaipSettings.DEFAULT_MIX
                    + ")")
    String mix;

    @Option(names = "--format", paramLabel = "F", defaultValue = "sia",
            description = "sia | cid | mixed (default ${DEFAULT-VALUE}; mixed: even devices SIA, odd ones Contact ID)")
    LoadConfig.Formats format;

    @Option(names = "--encrypted-accounts", paramLabel = "L",
            description = "ACCT:HEXKEY,... devices sending encrypted (outside the range: extra devices)")
    String encryptedAccounts;

    @Option(names = "--clock-skew", paramLabel = "D", defaultValue = "0s", converter = Converters.AnyDuration.class,
            description = "clock offset of every device at start, e.g. 10m or -90s (default 0)")
    Duration clockSkew;

    @Option(names = "--receiver", paramLabel = "R", description = "receiver number \"R\" field (default none)")
    String receiver;

    @Option(names = "--prefix", paramLabel = "L", defaultValue = "0",
            description = "line prefix \"L\" field (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--device-type", paramLabel = "N", defaultValue = "" + ScaipDevice.DEFAULT_DEVICE_TYPE,
            description = "scaip: dty of the devices' own alarms (button, battery, reset), 0-9999 (default "
                    + "${DEFAULT-VALUE}, personal trigger)")
    int deviceType;

    @Option(names = "--password", paramLabel = "PW",
            description = "scaip: the password every device answers a digest challenge (401) with")
    String password;

    @Option(names = "--passwords", paramLabel = "L",
            description = "scaip: CID:PASSWORD,... passwords of single devices (before --password)")
    String passwords;

    @Option(names = "--crd", paramLabel = "ADDR",
            description = "scaip: voice call-back address sent with every alarm, e.g. gsm:+4512345678")
    String crd;

    @Option(names = "--ack-timeout", paramLabel = "D", defaultValue = "2s",
            description = "reply timeout before retransmitting (default ${DEFAULT-VALUE}); scaip: for the <mrs>, then "
                    + "a new request with the same ref (over UDP the request is repeated from 500ms on)")
    Duration ackTimeout;

    @Mixin
    ClientOptions client;

    @Option(names = "--verify",
            description = "check every ACKed alarm is stored exactly once through --api (sends the bearer token in "
                    + "$VAGTCENTRAL_API_TOKEN, an admin's login); scaip: matched by controller id and ref")
    boolean verify;

    @Option(names = "--verify-wait", paramLabel = "D", defaultValue = "5s", converter = Converters.NonNegativeDuration.class,
            description = "keep re-checking missing alarms this long (default ${DEFAULT-VALUE})")
    Duration verifyWait;

    @Option(names = "--hdr-out", paramLabel = "FILE",
            description = "write the latency percentile distribution (ms, .hgrm) to FILE")
    Path hdrOut;

    LoadCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws InterruptedException {
        LoadConfig cfg = config();

        out.printf(Locale.ROOT, "load: %s%s to %s:%d%s, %d devices, %d connections, %s, %s warmup + %s%n",
                cfg.protocol() == Protocol.SCAIP ? "SCAIP over " : "", cfg.transport(), target.host, target.port,
                secondary == null ? "" : " (secondary " + secondary + ")",
                cfg.totalDevices(), Math.min(cfg.connections(), cfg.totalDevices()),
                cfg.openModel() ? "rate " + LoadReport.number(cfg.rate()) + " msg/s"
                        : "max (" + cfg.outstanding() + " outstanding/connection)",
                LoadRunner.format(cfg.warmup()), LoadRunner.format(cfg.duration()));
        LoadResult result;
        try {
            result = LoadRunner.run(cfg);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            return failed(e.getMessage());
        }
        out.print(LoadReport.format(result));
        if (hdrOut != null) {
            try (PrintStream hgrm = new PrintStream(Files.newOutputStream(hdrOut), true, "UTF-8")) {
                result.histogram().outputPercentileDistribution(hgrm, 1000.0);
                out.println("histogram:   written to " + hdrOut + " (ms)");
            } catch (IOException e) {
                return failed("cannot write --hdr-out " + hdrOut + ": " + e.getMessage());
            }
        }
        int code = 0;
        if (result.sent() > 0 && result.acked() == 0) {
            code = failed("no message was ACKed");
        }
        if (verify) {
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
                code = failed("verify failed: " + e.getMessage());
            }
        }
        return code;
    }

    /** The run's settings; a usage error for an option out of range or a combination the config refuses. */
    private LoadConfig config() {
        within("--port", target.port, 1, 65535);
        if (verify && api == null) {
            throw usage("--verify needs --api (the server's HTTP API, e.g. http://127.0.0.1:8180)");
        }
        if (secondaryApi != null && !verify) {
            throw usage("--secondary-api only applies with --verify");
        }
        if (given("--failback-after") && secondary == null) {
            throw usage("--failback-after only applies with --secondary");
        }
        if (max && given("--rate")) {
            throw usage("--rate and --max exclude each other");
        }
        if (given("--outstanding") && !max) {
            throw usage("--outstanding only applies with --max");
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw invalid("--rate", "expected a positive number");
        }
        target.refuseOptionsOfTheOtherProtocol(DC09_ONLY, SCAIP_ONLY);
        Protocol protocol = target.protocol;
        if (protocol == Protocol.SCAIP && target.transport == Transport.TCP_ONESHOT) {
            throw invalid("--transport", "SCAIP devices send over tcp or udp");
        }
        long first = protocol == Protocol.DC09 ? hexAccount("--first-account", firstAccount, 1)
                : given("--first-account") ? controllerId("--first-account", firstAccount)
                : LoadConfig.FIRST_DEMO_CONTROLLER;
        try {
            LoadConfig c = LoadConfig.defaults(target.host, target.port, protocol)
                    .withTransport(target.transport)
                    .withDevices(within("--devices", devices, 1, 1_000_000))
                    .withFirstAccount(first)
                    .withConnections(within("--connections", connections, 1, 100_000))
                    .withDuration(duration)
                    .withWarmup(warmup)
                    .withMessageLimit(messages == null ? 0 : within("--messages", messages, 1, Long.MAX_VALUE))
                    .withClockSkew(clockSkew)
                    .withAckTimeout(ackTimeout)
                    .withMaxAttempts(client.maxAttempts())
                    .withDeadline(client.deadline)
                    .withIoThreads(client.ioThreads())
                    .withKeepAcked(verify)
                    .withFormats(format)
                    .withLinePrefix(checked("--prefix", () -> DeviceProfile.of("000").withLinePrefix(prefix)).linePrefix());
            c = protocol == Protocol.SCAIP ? c.withScaip(scaipSettings())
                    : c.withMix(checked("--mix", () -> LoadConfig.parseMix(mix)));
            if (encryptedAccounts != null) {
                c = c.withEncryptedAccounts(checked("--encrypted-accounts",
                        () -> LoadConfig.parseEncryptedAccounts(encryptedAccounts)));
            }
            if (receiver != null) {
                c = c.withReceiver(checked("--receiver", () -> DeviceProfile.of("000").withReceiver(receiver)).receiver());
            }
            if (secondary != null) {
                c = c.withSecondary(secondary.host(), secondary.port()).withFailbackAfter(failbackAfter);
            }
            return max ? c.withMax(within("--outstanding", outstanding, 1, 10_000)) : c.withRate(rate);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage()); // a combination LoadConfig refuses, e.g. an account range past 16 hex digits
        }
    }

    /** What the SCAIP devices send, from --mix (when given), --device-type, --password, --passwords and --crd. */
    private ScaipSettings scaipSettings() {
        ScaipSettings s = ScaipSettings.defaults()
                .withDeviceType(within("--device-type", deviceType, 0, 9999))
                .withPassword(password)
                .withCallback(crd);
        if (given("--mix")) {
            s = s.withMix(checked("--mix", () -> ScaipSettings.parseMix(mix)));
        }
        if (passwords != null) {
            s = s.withPasswords(checked("--passwords", () -> ScaipSettings.parsePasswords(passwords)));
        }
        if (crd != null && (crd.isBlank() || crd.length() > 256)) {
            throw invalid("--crd", "expected a call-back address of 1-256 characters");
        }
        return s;
    }

    /** A SCAIP controller id: 1-16 digits. */
    private long controllerId(String option, String text) {
        if (!text.matches("[0-9]{1,16}")) {
            throw invalid(option, "expected a controller id of 1-16 digits such as 4510001000");
        }
        return Long.parseLong(text);
    }

    private static String trimmed(URI api) {
        String s = api.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
