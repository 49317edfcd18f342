package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.Dc09Timestamp;
import dk.vagtcentral.protocol.event.EventFormat;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code send} command: one message from one device, retransmitted until ACKed; the reply and the latency. */
@Command(name = "send",
        customSynopsis = "java -jar vagtcentral-simulator.jar send --port PORT --account ACCT [options]",
        description = {"send one message, retransmit until ACK, print the reply and the latency"})
final class SendCommand extends SimulatorCommand {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "receiver host (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "PORT", required = true, description = "receiver port (required)")
    int port;

    @Option(names = "--secondary", paramLabel = "HOST:PORT",
            description = "secondary receiver: used when the primary refuses or does not ACK in time")
    HostPort secondary;

    @Option(names = "--transport", paramLabel = "T", defaultValue = "tcp",
            description = "tcp | tcp-oneshot | udp (default ${DEFAULT-VALUE})")
    Transport transport;

    @Option(names = "--account", paramLabel = "ACCT", required = true,
            description = "device account, 3-16 hex digits (required)")
    String account;

    @Option(names = "--event", paramLabel = "E", defaultValue = "emergency",
            description = "emergency | fire | test | null (default ${DEFAULT-VALUE})")
    EventKind event;

    @Option(names = "--format", paramLabel = "F", defaultValue = "sia", description = "sia | cid (default ${DEFAULT-VALUE})")
    EventFormat format;

    @Option(names = "--zone", paramLabel = "ZZZ", defaultValue = EventKind.DEFAULT_ZONE,
            description = "zone, 3 hex digits (default ${DEFAULT-VALUE})")
    String zone;

    @Option(names = "--key", paramLabel = "HEX", description = "AES key, 32/48/64 hex digits: send encrypted")
    String key;

    @Option(names = "--receiver", paramLabel = "R", description = "receiver number \"R\" field, 1-6 hex digits (default none)")
    String receiver;

    @Option(names = "--prefix", paramLabel = "L", defaultValue = "0",
            description = "line prefix \"L\" field, 1-6 hex digits (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--sequence", paramLabel = "N", defaultValue = "1",
            description = "sequence number 1-" + SimulatedDevice.MAX_SEQUENCE + " (default ${DEFAULT-VALUE})")
    int sequence;

    @Option(names = "--clock-skew", paramLabel = "D", defaultValue = "0s", converter = Converters.AnyDuration.class,
            description = "device clock offset, e.g. 10m or -90s (default 0)")
    Duration clockSkew;

    @Option(names = "--no-timestamp", description = "send without timestamp (not allowed with --key)")
    boolean noTimestamp;

    @Option(names = "--ack-timeout", paramLabel = "D", defaultValue = "2s",
            description = "wait this long for a reply before retransmitting (default ${DEFAULT-VALUE})")
    Duration ackTimeout;

    @Option(names = "--attempts", paramLabel = "N", defaultValue = "5",
            description = "transmissions at most, 1-1000 (default ${DEFAULT-VALUE})")
    int attempts;

    @Option(names = "--deadline", paramLabel = "D", defaultValue = "30s",
            description = "give up after this long (default ${DEFAULT-VALUE})")
    Duration deadline;

    SendCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws InterruptedException {
        within("--port", port, 1, 65535);
        within("--sequence", sequence, 1, SimulatedDevice.MAX_SEQUENCE);
        within("--attempts", attempts, 1, 1000);
        String zoneId = checked("--zone", () -> EventKind.checkZone(zone));
        DeviceProfile device = checked("--account", () -> DeviceProfile.of(account));
        byte[] aesKey = key == null ? null : checked("--key", () -> Dc09Cipher.parseKey(key));
        DeviceProfile withReceiver = checked("--receiver", () -> device.withReceiver(receiver));
        DeviceProfile withPrefix = checked("--prefix", () -> withReceiver.withLinePrefix(prefix));
        if (noTimestamp && aesKey != null) {
            throw usage("--no-timestamp: an encrypted message (--key) must carry a timestamp");
        }
        DeviceProfile profile = withPrefix.withKey(aesKey).withFormat(format).withClockSkew(clockSkew)
                .withTimestamps(!noTimestamp);

        SimulatedDevice simulated = new SimulatedDevice(profile);
        simulated.setNextSequence(sequence);
        DeviceMessage message = simulated.message(event, zoneId);
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
            connectFirst(client);
            SendResult r;
            try {
                r = client.send(message).get();
            } catch (ExecutionException e) {
                return failed(String.valueOf(e.getCause()));
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
                        simulated.clockOffset().toMillis());
            }
            if (r.attempts() > 0 && r.reply() != null) {
                out.printf(Locale.ROOT, "latency: %.3f ms first send -> %s, %.3f ms last attempt -> %s%n",
                        r.firstSendToReplyMicros() / 1000.0, r.reply().id(), r.lastAttemptToReplyMicros() / 1000.0,
                        r.reply().id());
            }
            return r.acked() ? 0 : 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed(e.getMessage());
        }
    }

    /** Opens the TCP connection before the message goes out, so that the printed latency is the receiver's. */
    private void connectFirst(Dc09Client client) throws InterruptedException {
        if (transport == Transport.TCP) {
            try {
                client.connect().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
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
}
