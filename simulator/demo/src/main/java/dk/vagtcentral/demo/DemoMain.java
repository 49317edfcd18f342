package dk.vagtcentral.demo;

import dk.vagtcentral.server.Main;
import dk.vagtcentral.server.VagtcentralServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar vagtcentral-demo.jar [server options]}: the server with {@code --demo} (its demo devices and
 * reference data), and once it runs, simulated alarm transmitters that send real DC-09 alarms to its receiver and
 * simulated dispatchers who answer most calls at the demo suppliers' desks. The production jar,
 * {@code vagtcentral-server.jar}, carries none of this.
 */
public final class DemoMain {
    static final String USAGE = "usage: java -jar vagtcentral-demo.jar [options]\n"
            + "  the server with --demo, simulated alarm transmitters and simulated dispatchers; options:\n"
            + Main.options();
    /** The demo's SCAIP (SIP) port unless --scaip-port says otherwise; the DC-09 and HTTP defaults are 7111, 8180. */
    static final int SCAIP_PORT = 7160;
    /** Mean time between two demo alarms. */
    static final Duration MEAN_INTERVAL = Duration.ofSeconds(3);

    private DemoMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> given = Arrays.asList(args);
        if (given.contains("--help") || given.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        String[] withDemo = given.contains("--demo") ? args : concat(args, "--demo");
        if (!given.contains("--scaip-port")) {
            withDemo = concat(concat(withDemo, "--scaip-port"), Integer.toString(SCAIP_PORT));
        }
        return Main.run(withDemo, out, err, DemoMain::startCompanions);
    }

    /** The simulated devices and desks around a running server; closing them stops both. */
    static AutoCloseable startCompanions(VagtcentralServer server) {
        String host = server.config().dc09().host();
        DemoTraffic traffic = new DemoTraffic(server.vertx(), host.equals("0.0.0.0") ? "127.0.0.1" : host,
                server.dc09Port(), server.scaipPort(), MEAN_INTERVAL);
        DemoDesks desks = new DemoDesks(server.vertx(), server.dispatcher(), server.trail(),
                m -> server.ruleProfiles().book().forMunicipality(m), server.config().dispatch().timeScale());
        desks.start();
        traffic.start();
        return () -> {
            traffic.close();
            desks.close();
        };
    }

    private static String[] concat(String[] args, String extra) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
