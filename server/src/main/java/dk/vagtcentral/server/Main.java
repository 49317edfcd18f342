package dk.vagtcentral.server;

import dk.vagtcentral.server.config.ConfigException;
import dk.vagtcentral.server.config.ConfigLoader;
import dk.vagtcentral.server.config.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code java -jar vagtcentral-server.jar [--config FILE] [--data-dir DIR] [--dc09-port N] [--scaip-port N]
 * [--http-port N] [--demo]}.
 * Flags override the config file. A bad flag or configuration value prints one line naming the key and
 * exits with code 2.
 */
public final class Main {
    static final String USAGE = "usage: java -jar vagtcentral-server.jar [options]\n" + options();

    /** The server's options, also accepted by the demo launcher. */
    public static String options() {
        return """
              --config FILE     YAML configuration (defaults: config/vagtcentral.yaml)
              --data-dir DIR    where the embedded H2 database lives
              --dc09-port N     SIA DC-09 receiver port, TCP and UDP (0 = any free port)
              --scaip-port N    SCAIP (SIP) receiver port, UDP and TCP (0 = any free port; off when not given)
              --http-port N     HTTP API port (0 = any free port)
              --demo            the demo's devices and reference data (vagtcentral-demo.jar adds live traffic)
              --time-scale N    run every rule duration N times faster (demo and training only)
              --municipalities DIR  directory of the municipalities' rule profiles
              --help            this text
            """.stripTrailing();
    }

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Starts the server and returns 0 once it runs (it stops on shutdown), or an exit code for bad input. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, server -> () -> { });
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}, and once the server runs starts a companion (the demo's
     * simulated devices and desks), which is closed before the server on shutdown.
     */
    public static int run(String[] args, PrintStream out, PrintStream err,
                          Function<VagtcentralServer, AutoCloseable> companion) {
        ServerConfig config;
        try {
            Parsed parsed = parse(args);
            if (parsed == null) {
                out.println(USAGE);
                return 0;
            }
            config = ConfigLoader.load(parsed.configFile(), parsed.overrides());
        } catch (ConfigException e) {
            err.println("vagtcentral: " + e.getMessage());
            return 2;
        }
        LogFormat.apply(config.logFormat(), config.nodeId());
        try {
            VagtcentralServer server = VagtcentralServer.start(config, Clock.systemUTC());
            AutoCloseable started = companion.apply(server);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    err.println("vagtcentral: " + e.getMessage());
                }
                server.close();
            }, "shutdown"));
            String scheme = config.http().tls() ? "https" : "http";
            out.printf("Vagtcentral running: DC-09 on %s:%d (TCP%s), HTTP on %s://%s:%d%n",
                    config.dc09().host(), server.dc09Port(), config.dc09().udp() ? "+UDP" : "",
                    scheme, config.http().host(), server.httpPort());
            if (config.scaip().enabled()) {
                out.printf("  SCAIP (SIP) on %s:%d (%s%s)%n", config.scaip().host(), server.scaipPort(),
                        config.scaip().tls() ? "TLS" : "TCP", config.scaip().udp() ? "+UDP" : "");
            }
            String web = scheme + "://" + (config.http().host().equals("0.0.0.0") ? "127.0.0.1"
                    : config.http().host()) + ":" + server.httpPort();
            out.printf("  dispatcher desk:    %s/desk/%n  supervisor console: %s/console/%n  API description:    "
                    + "%s/api/openapi.yaml%n", web, web, web);
            return 0;
        } catch (ConfigException e) {
            // a rule profile is read at startup: a bad one is a configuration error like any other
            err.println("vagtcentral: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("vagtcentral: startup failed: " + e.getMessage());
            return 1;
        }
    }

    record Parsed(Path configFile, Map<String, Object> overrides) {
    }

    /** Returns null when help was asked for. */
    static Parsed parse(String[] args) {
        Path configFile = null;
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--demo" -> overrides.put("demo", true);
                case "--config" -> configFile = Path.of(value(args, ++i, arg));
                case "--data-dir" -> overrides.put("data-dir", value(args, ++i, arg));
                case "--dc09-port" -> overrides.put("dc09.port", value(args, ++i, arg));
                case "--scaip-port" -> overrides.put("scaip.port", value(args, ++i, arg));
                case "--http-port" -> overrides.put("http.port", value(args, ++i, arg));
                case "--time-scale" -> overrides.put("dispatch.time-scale", value(args, ++i, arg));
                case "--municipalities" -> overrides.put("dispatch.municipalities", value(args, ++i, arg));
                default -> throw new ConfigException(arg, "unknown option (see --help)");
            }
        }
        return new Parsed(configFile, overrides);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new ConfigException(flag, "needs a value");
        }
        return args[i];
    }
}
