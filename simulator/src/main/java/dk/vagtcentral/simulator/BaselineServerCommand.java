package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.protocol.scaip.MrsStyle;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code baseline-server} command: a {@link BaselineServer} until Ctrl-C. */
@Command(name = "baseline-server",
        customSynopsis = "java -jar vagtcentral-simulator.jar baseline-server [--port PORT] [--host HOST] [--threads N] "
                + "[--mrs-style body|message]",
        description = {"a bare DC-09 and SCAIP receiver that ACKs everything at once (throughput ceiling)", "",
            "ACKs every unencrypted SIA-DCS, ADM-CID and NULL message at once and stores nothing; encrypted messages "
                    + "get DUH (it has no keys). On the same port, a SCAIP MESSAGE gets 200 OK and an <mrs> with "
                    + "snu 0 at once (a connection or datagram starting with a letter is SIP). Stop with Ctrl-C."})
final class BaselineServerCommand extends SimulatorCommand {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7112",
            description = "TCP and UDP port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--threads", paramLabel = "N", description = "event-loop threads, 1-256 (default: CPUs)")
    Integer threads;

    @Option(names = "--mrs-style", paramLabel = "S", defaultValue = "body",
            description = "SCAIP: body (the <mrs> in the 200 OK) | message (an empty 200 OK, then a MESSAGE with the "
                    + "<mrs>) (default ${DEFAULT-VALUE})")
    String mrsStyle;

    BaselineServerCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws InterruptedException {
        within("--port", port, 0, 65535);
        int eventLoops = eventLoops("--threads", threads);
        MrsStyle style = switch (mrsStyle.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "body" -> MrsStyle.BODY;
            case "message" -> MrsStyle.MESSAGE;
            default -> throw invalid("--mrs-style", "expected body or message");
        };
        BaselineServer server;
        try {
            server = BaselineServer.start(host, port, eventLoops, KeyResolver.NONE, style);
        } catch (IllegalStateException e) {
            return failed(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.printf(Locale.ROOT, "baseline-server: stopped; %d frames, %d ACK, %d DUH, %d SIP requests, %d <mrs> "
                            + "snu 0, %d other <mrs>, %d unanswered%n", server.framesReceived(), server.acksSent(),
                    server.duhsSent(), server.sipRequests(), server.mrsOk(), server.mrsRefused(), server.unanswered());
            out.flush();
            stopped.countDown();
        }, "baseline-shutdown"));
        out.printf(Locale.ROOT, "baseline-server: listening on %s:%d (TCP and UDP), ACKing unencrypted DC-09 messages "
                + "and answering SCAIP with <mrs> snu 0 (%s); Ctrl-C to stop%n", host, server.port(),
                style == MrsStyle.BODY ? "in the 200 OK" : "in a MESSAGE");
        out.flush();
        stopped.await();
        return 0;
    }
}
