package dk.vagtcentral.simulator;

import dk.vagtcentral.simulator.storm.DeviceRegistrar;
import dk.vagtcentral.simulator.storm.RoutedCheck;
import dk.vagtcentral.simulator.storm.ServerApi;
import dk.vagtcentral.simulator.storm.StormConfig;
import dk.vagtcentral.simulator.storm.StormReport;
import dk.vagtcentral.simulator.storm.StormRun;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code storm} command: {@link StormRun}, optionally registering the devices first and checking routing after. */
@Command(name = "storm",
        customSynopsis = "java -jar vagtcentral-simulator.jar storm --port PORT [options]",
        description = {"many devices: supervision, a burst of power restores and emergencies; ACK latency of "
                + "emergencies against the rest, optionally time to routed", "",
            "Many devices at once: every device sends a link-supervision NULL at its interval; within a few seconds a "
                    + "fraction of them sends a power restore (SIA AR) while 1 %% press the emergency button. Reports "
                    + "ACK latency of the emergencies apart from the rest and, with --api, how long after its ACK each "
                    + "emergency showed as routed on the server."})
final class StormCommand extends SimulatorCommand {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "receiver host (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "PORT", required = true, description = "receiver DC-09 port (required)")
    int port;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "100000",
            description = "number of devices, 1-10000000 (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--first-account", paramLabel = "HEX", defaultValue = "100000", description = "first account "
            + "(default ${DEFAULT-VALUE}: 100000..11869F for 100,000 devices, clear of the demo's 1000-10FF and 2000-2002)")
    String firstAccount;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
            description = "TCP connections the devices share (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--null-interval", paramLabel = "D", defaultValue = "60s",
            description = "supervision interval of every device (default ${DEFAULT-VALUE})")
    Duration nullInterval;

    @Option(names = "--burst-fraction", paramLabel = "F", defaultValue = "0.3",
            description = "share of the devices sending a power restore (default ${DEFAULT-VALUE})")
    double burstFraction;

    @Option(names = "--burst-at", paramLabel = "D", defaultValue = "10s", converter = Converters.NonNegativeDuration.class,
            description = "when the burst starts (default ${DEFAULT-VALUE})")
    Duration burstAt;

    @Option(names = "--burst-window", paramLabel = "D", defaultValue = "3s",
            description = "the burst and the emergencies are spread over this (default ${DEFAULT-VALUE})")
    Duration burstWindow;

    @Option(names = "--emergency-fraction", paramLabel = "F", defaultValue = "0.01",
            description = "share of the devices pressing emergency in that window (default ${DEFAULT-VALUE})")
    double emergencyFraction;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "60s",
            description = "how long messages are issued (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--ack-timeout", paramLabel = "D", defaultValue = "2s",
            description = "reply timeout before a device retransmits (default ${DEFAULT-VALUE})")
    Duration ackTimeout;

    @Mixin
    ClientOptions client;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "picks which devices burst and press (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--api", paramLabel = "URL", description = "server HTTP API, e.g. http://127.0.0.1:8180: after the "
            + "run, time from each emergency's ACK to its routing (routing.routedAt)")
    URI api;

    @Option(names = "--user", paramLabel = "NAME", description = "log in as NAME (an administrator) for --api")
    String user;

    @Option(names = "--password", paramLabel = "PW", description = "its password (default: $VAGTCENTRAL_API_PASSWORD); "
            + "without --user the token in $VAGTCENTRAL_API_TOKEN is used")
    String password;

    @Option(names = "--register", description = "first register the accounts through the admin API (those the server "
            + "does not list yet), without a supervision interval")
    boolean register;

    @Option(names = "--register-concurrency", paramLabel = "N", defaultValue = "16",
            description = "with --register: requests at a time, 1-1000 (default ${DEFAULT-VALUE})")
    int registerConcurrency;

    @Option(names = "--municipality", paramLabel = "ID",
            description = "with --register: register the devices to this municipality (default none)")
    String municipality;

    @Option(names = "--supervision-interval", paramLabel = "D", description = "with --register: register the devices "
            + "as supervised: silent longer than D raises \"no contact\" (default none)")
    Duration supervisionInterval;

    @Option(names = "--routed-wait", paramLabel = "D", defaultValue = "30s", converter = Converters.NonNegativeDuration.class,
            description = "how long to wait for emergencies to be stored and routed (default ${DEFAULT-VALUE})")
    Duration routedWait;

    StormCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws InterruptedException {
        StormConfig cfg = config();
        ServerApi server = null;
        if (api != null) {
            server = new ServerApi(api);
            try {
                if (user != null) {
                    String pw = password != null ? password : System.getenv("VAGTCENTRAL_API_PASSWORD");
                    if (pw == null) {
                        throw usage("--user needs --password (or $VAGTCENTRAL_API_PASSWORD)");
                    }
                    server.login(user, pw);
                } else {
                    server.withToken(System.getenv("VAGTCENTRAL_API_TOKEN"));
                }
                if (register) {
                    DeviceRegistrar.Result r = new DeviceRegistrar(server).concurrency(registerConcurrency)
                            .municipality(municipality).supervisionInterval(supervisionInterval)
                            .register(cfg.accounts(), line -> {
                                out.println(line);
                                out.flush();
                            });
                    if (r.failed() > 0) {
                        return failed(r.failed() + " device(s) could not be registered");
                    }
                }
            } catch (IOException e) {
                return failed(e.getMessage());
            }
        }

        out.printf(Locale.ROOT, "storm: %d devices (%s) to %s:%d on %d connections for %s: NULL every %s, "
                        + "%d power restores and %d emergencies within %s from %s%n", cfg.devices(), cfg.accounts(), host,
                port, cfg.connections(), LoadRunner.format(cfg.duration()), LoadRunner.format(cfg.nullInterval()),
                cfg.burstDevices(), cfg.emergencyDevices(), LoadRunner.format(cfg.burstWindow()),
                LoadRunner.format(cfg.burstAt()));
        out.flush();
        StormRun storm = new StormRun(cfg);
        StormReport report;
        try {
            storm.start();
            report = storm.awaitEnd();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            storm.close();
            return failed(e.getMessage());
        }
        out.print(report.format());
        int code = 0;
        if (report.scheduled() > 0 && report.acked() == 0) {
            code = failed("no message was ACKed");
        }
        if (server != null) {
            RoutedCheck.Result routed = new RoutedCheck(server).check(storm.ackedEmergencies(),
                    report.startedAt().minusSeconds(2), routedWait);
            out.print(routed.format());
            if (routed.firstError() != null && routed.routed() == 0) {
                code = 1;
            }
        }
        return code;
    }

    /** The storm's settings; a usage error for an option out of range or options that do not go together. */
    private StormConfig config() {
        within("--port", port, 1, 65535);
        if (register && api == null) {
            throw usage("--register needs --api (the server's HTTP API, e.g. http://127.0.0.1:8180)");
        }
        if (api == null) {
            refuseGiven(List.of("--user", "--password", "--municipality", "--register-concurrency",
                    "--supervision-interval", "--routed-wait"), "needs --api");
        }
        if ((given("--municipality") || given("--register-concurrency") || given("--supervision-interval")) && !register) {
            throw usage("--municipality, --register-concurrency and --supervision-interval only apply with --register");
        }
        if (given("--password") && !given("--user")) {
            throw usage("--password needs --user");
        }
        within("--register-concurrency", registerConcurrency, 1, 1000);
        long first = hexAccount("--first-account", firstAccount, 3);
        try {
            return StormConfig.defaults(host, port)
                    .withDevices(within("--devices", devices, 1, 10_000_000))
                    .withFirstAccount(first)
                    .withConnections(within("--connections", connections, 1, 100_000))
                    .withNullInterval(nullInterval)
                    .withBurstFraction(fraction("--burst-fraction", burstFraction))
                    .withBurstAt(burstAt)
                    .withBurstWindow(burstWindow)
                    .withEmergencyFraction(fraction("--emergency-fraction", emergencyFraction))
                    .withDuration(duration)
                    .withAckTimeout(ackTimeout)
                    .withMaxAttempts(client.maxAttempts())
                    .withDeadline(client.deadline)
                    .withIoThreads(client.ioThreads())
                    .withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage()); // e.g. the two fractions add up to more than 1
        }
    }

    private double fraction(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw invalid(option, "expected a fraction 0..1 such as 0.3");
        }
        return value;
    }
}
