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
import java.util.Set;

/** The {@code storm} command: {@link StormRun}, optionally registering the devices first and checking routing after. */
final class StormCommand {
    static final String USAGE = """
            usage: storm --port PORT [options]

            Many devices at once: every device sends a link-supervision NULL at its interval; within a few
            seconds a fraction of them sends a power restore (SIA AR) while 1 % press the emergency button.
            Reports ACK latency of the emergencies apart from the rest and, with --api, how long after its
            ACK each emergency showed as routed on the server.

              --host HOST              receiver host (default 127.0.0.1)
              --port PORT              receiver DC-09 port (required)
              --devices N              number of devices (default 100000)
              --first-account HEX      first account (default 100000: 100000..11869F for 100,000 devices,
                                       clear of the demo's 1000-10FF and 2000-2002)
              --connections N          TCP connections the devices share (default 64)
              --null-interval D        supervision interval of every device (default 60s)
              --burst-fraction F       share of the devices sending a power restore (default 0.3)
              --burst-at D             when the burst starts (default 10s)
              --burst-window D         the burst and the emergencies are spread over this (default 3s)
              --emergency-fraction F   share of the devices pressing emergency in that window (default 0.01)
              --duration D             how long messages are issued (default 60s)
              --ack-timeout D          reply timeout before a device retransmits (default 2s)
              --attempts N             transmissions per message at most (default 10)
              --deadline D             per-message deadline (default 60s)
              --io-threads N           client event-loop threads (default: CPUs)
              --seed N                 picks which devices burst and press (default 1)
              --api URL                server HTTP API, e.g. http://127.0.0.1:8180: after the run, time from
                                       each emergency's ACK to its routing (routing.routedAt)
              --user NAME              log in as NAME (an administrator) for --api
              --password PW            its password (default: $VAGTCENTRAL_API_PASSWORD); without --user the
                                       token in $VAGTCENTRAL_API_TOKEN is used
              --register               first register the accounts through the admin API (those the server
                                       does not list yet), without a supervision interval
              --register-concurrency N requests at a time (default 16)
              --municipality ID        register the devices to this municipality (default none)
              --supervision-interval D register the devices as supervised: silent longer than D raises
                                       "no contact" (default none)
              --routed-wait D          how long to wait for emergencies to be stored and routed (default 30s)
            """;

    private StormCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, InterruptedException {
        CliArgs a = CliArgs.parse(args,
                Set.of("host", "port", "devices", "first-account", "connections", "null-interval", "burst-fraction",
                        "burst-at", "burst-window", "emergency-fraction", "duration", "ack-timeout", "attempts",
                        "deadline", "io-threads", "seed", "api", "user", "password", "register-concurrency",
                        "municipality", "supervision-interval", "routed-wait"),
                Set.of("register"));
        String host = a.string("host", "127.0.0.1");
        int port = a.port("port", null, false);
        URI api = a.httpUri("api");
        if (a.flag("register") && api == null) {
            throw new UsageException("--register needs --api (the server's HTTP API, e.g. http://127.0.0.1:8180)");
        }
        for (String needsApi : List.of("user", "password", "municipality", "register-concurrency", "supervision-interval",
                "routed-wait")) {
            if (a.has(needsApi) && api == null) {
                throw new UsageException("--" + needsApi + " needs --api");
            }
        }
        if ((a.has("municipality") || a.has("register-concurrency") || a.has("supervision-interval"))
                && !a.flag("register")) {
            throw new UsageException("--municipality, --register-concurrency and --supervision-interval only apply "
                    + "with --register");
        }
        if (a.has("password") && !a.has("user")) {
            throw new UsageException("--password needs --user");
        }
        String firstText = a.string("first-account", "100000");
        if (!firstText.matches("[0-9A-Fa-f]{3,15}")) {
            throw new UsageException("--first-account: expected 3-15 hex digits such as 100000, got '" + firstText + "'");
        }
        StormConfig cfg;
        try {
            cfg = StormConfig.defaults(host, port)
                    .withDevices(a.integer("devices", 100_000, 1, 10_000_000))
                    .withFirstAccount(Long.parseLong(firstText, 16))
                    .withConnections(a.integer("connections", 64, 1, 100_000))
                    .withNullInterval(a.duration("null-interval", Duration.ofSeconds(60), false, false))
                    .withBurstFraction(fraction(a, "burst-fraction", 0.3))
                    .withBurstAt(a.duration("burst-at", Duration.ofSeconds(10), false, true))
                    .withBurstWindow(a.duration("burst-window", Duration.ofSeconds(3), false, false))
                    .withEmergencyFraction(fraction(a, "emergency-fraction", 0.01))
                    .withDuration(a.duration("duration", Duration.ofSeconds(60), false, false))
                    .withAckTimeout(a.duration("ack-timeout", Duration.ofSeconds(2), false, false))
                    .withMaxAttempts(a.integer("attempts", 10, 1, 1000))
                    .withDeadline(a.duration("deadline", Duration.ofSeconds(60), false, false))
                    .withIoThreads(a.integer("io-threads", 0, 1, 256))
                    .withSeed(a.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int concurrency = a.integer("register-concurrency", 16, 1, 1000);
        Duration supervision = a.has("supervision-interval")
                ? a.duration("supervision-interval", null, false, false) : null;
        Duration routedWait = a.duration("routed-wait", Duration.ofSeconds(30), false, true);

        ServerApi server = null;
        if (api != null) {
            server = new ServerApi(api);
            try {
                if (a.has("user")) {
                    String password = a.has("password") ? a.string("password", "") : System.getenv("VAGTCENTRAL_API_PASSWORD");
                    if (password == null) {
                        throw new UsageException("--user needs --password (or $VAGTCENTRAL_API_PASSWORD)");
                    }
                    server.login(a.string("user", ""), password);
                } else {
                    server.withToken(System.getenv("VAGTCENTRAL_API_TOKEN"));
                }
                if (a.flag("register")) {
                    DeviceRegistrar.Result r = new DeviceRegistrar(server).concurrency(concurrency)
                            .municipality(a.string("municipality", null)).supervisionInterval(supervision)
                            .register(cfg.accounts(), line -> {
                                out.println(line);
                                out.flush();
                            });
                    if (r.failed() > 0) {
                        err.println(Main.PROGRAM + " storm: " + r.failed() + " device(s) could not be registered");
                        return 1;
                    }
                }
            } catch (IOException e) {
                err.println(Main.PROGRAM + " storm: " + e.getMessage());
                return 1;
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
            err.println(Main.PROGRAM + " storm: " + e.getMessage());
            storm.close();
            return 1;
        }
        out.print(report.format());
        int code = report.scheduled() > 0 && report.acked() == 0 ? 1 : 0;
        if (code == 1) {
            err.println(Main.PROGRAM + " storm: no message was ACKed");
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

    private static double fraction(CliArgs a, String name, double def) throws UsageException {
        String v = a.string(name, null);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (d < 0 || d > 1 || Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": expected a fraction 0..1 such as 0.3, got '" + v + "'");
        }
    }
}
