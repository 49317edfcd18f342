package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.Dc09Timestamp;
import dk.vagtcentral.protocol.event.EventFormat;
import dk.vagtcentral.protocol.scaip.Mrs;
import dk.vagtcentral.protocol.scaip.ScaipStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code send} command: one message from one device, retransmitted until ACKed; the reply and the latency. A
 * DC-09 transmitter by default, a SCAIP device with {@code --protocol scaip}.
 */
@Command(name = "send",
        customSynopsis = "java -jar vagtcentral-simulator.jar send --port PORT --account ACCT [options]",
        description = {"send one message, retransmit until ACK, print the reply and the latency"})
final class SendCommand extends SimulatorCommand {
    /** Options of one protocol only. */
    private static final List<String> DC09_ONLY = List.of("--format", "--zone", "--key", "--receiver", "--prefix",
            "--sequence", "--clock-skew", "--no-timestamp");
    private static final List<String> SCAIP_ONLY = List.of("--device-type", "--password", "--crd", "--ref");

    @Mixin
    TargetOptions target;

    @Option(names = "--secondary", paramLabel = "HOST:PORT",
            description = "secondary receiver: used when the primary refuses or does not ACK in time")
    HostPort secondary;

    @Option(names = "--account", paramLabel = "ACCT", required = true,
            description = "device account, 3-16 hex digits (required); scaip: the controller id (cid), 1-16 digits")
    String account;

    @Option(names = "--event", paramLabel = "E", defaultValue = "emergency",
            description = "emergency | fire | test | null (default ${DEFAULT-VALUE}); scaip: button | fall | smoke | "
                    + "battery-low | test | heartbeat | reset (emergency is button, fire smoke, null heartbeat)")
    String event;

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

    @Option(names = "--device-type", paramLabel = "N", defaultValue = "" + ScaipDevice.DEFAULT_DEVICE_TYPE,
            description = "scaip: dty of the device's own alarms, 0-9999 (default ${DEFAULT-VALUE}, personal trigger)")
    int deviceType;

    @Option(names = "--password", paramLabel = "PW",
            description = "scaip: the password the device answers a digest challenge (401) with")
    String password;

    @Option(names = "--crd", paramLabel = "ADDR",
            description = "scaip: voice call-back address sent with an alarm, e.g. gsm:+4512345678 or sip:...")
    String crd;

    @Option(names = "--ref", paramLabel = "REF",
            description = "scaip: the message's ref, 1-16 letters or digits (default: a new one)")
    String ref;

    @Option(names = "--ack-timeout", paramLabel = "D", defaultValue = "2s",
            description = "wait this long for a reply before retransmitting (default ${DEFAULT-VALUE}); scaip: for the "
                    + "<mrs>, then a new request with the same ref (over UDP the request is repeated from 500ms on)")
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
        within("--port", target.port, 1, 65535);
        within("--attempts", attempts, 1, 1000);
        target.refuseOptionsOfTheOtherProtocol(DC09_ONLY, SCAIP_ONLY);
        Message message;
        String via;
        if (target.protocol == Protocol.SCAIP) {
            if (target.transport == Transport.TCP_ONESHOT) {
                throw invalid("--transport", "a SCAIP device sends over tcp or udp");
            }
            ScaipKind kind = checked("--event", () -> ScaipKind.parse(event));
            ScaipDevice device = checked("--account", () -> new ScaipDevice(account, ScaipDevice.DEFAULT_DEVICE_TYPE,
                    password, null));
            ScaipDevice typed = checked("--device-type", () -> device.withDeviceType(deviceType));
            ScaipDevice scaip = crd == null ? typed : checked("--crd", () -> typed.withCallback(crd));
            message = ref == null ? scaip.message(kind) : checked("--ref", () -> scaip.message(kind, ref));
            via = String.format(Locale.ROOT, "sending SCAIP MESSAGE %s cid %s%s", message.describe(), account,
                    password == null ? "" : " (with a password)");
        } else {
            within("--sequence", sequence, 1, SimulatedDevice.MAX_SEQUENCE);
            EventKind kind = checked("--event", () -> EventKind.parse(event));
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
            DeviceMessage m = simulated.message(kind, zoneId);
            message = m;
            via = String.format(Locale.ROOT, "sending %s seq %04d account %s data [%s]%s", m.id(), m.sequence(),
                    m.account(), m.data(), profile.encrypted() ? " (AES-" + profile.keyRef().length * 8 + ")" : "");
        }
        Dc09Client.Builder builder = Dc09Client.builder(target.host, target.port).protocol(target.protocol)
                .transport(target.transport).ackTimeout(ackTimeout).maxAttempts(attempts).deadline(deadline)
                .connections(1);
        if (secondary != null) {
            builder.secondary(secondary.host(), secondary.port());
        }
        try (Dc09Client client = builder.build()) {
            out.printf(Locale.ROOT, "%s via %s to %s:%d%s%n", via, target.transport, target.host, target.port,
                    secondary == null ? "" : " (secondary " + secondary + ")");
            connectFirst(client);
            SendResult r;
            try {
                r = client.send(message).get();
            } catch (ExecutionException e) {
                return failed(String.valueOf(e.getCause()));
            }
            report(r, client);
            return r.acked() ? 0 : 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed(e.getMessage());
        }
    }

    private void report(SendResult r, Dc09Client client) {
        if (r.lastFrame() != null) {
            out.println("sent:    " + r.lastFrame());
        }
        if (r.reply() != null) {
            out.println("reply:   " + describe(r.reply()));
        }
        if (r.mrs() != null) {
            out.println("reply:   " + describe(r.mrs()));
        }
        MessageLog log = client.log();
        if (target.protocol == Protocol.SCAIP) {
            out.printf(Locale.ROOT, "result:  %s after %d attempt(s), %d digest challenge(s), %d UDP retransmission(s)%s%n",
                    r.outcome(), r.attempts(), r.challenges(), log.sipRetransmissions(),
                    r.detail() == null ? "" : " - " + r.detail());
        } else {
            out.printf(Locale.ROOT, "result:  %s after %d attempt(s), %d NAK(s)%s%n", r.outcome(), r.attempts(),
                    r.naks(), r.detail() == null ? "" : " - " + r.detail());
        }
        if (log.failover().failovers() > 0) {
            out.printf(Locale.ROOT, "failover: to the secondary %s, %d failover(s), %d failback(s)%n", secondary,
                    log.failover().failovers(), log.failover().failbacks());
        }
        if (r.naks() > 0 && r.message() instanceof DeviceMessage m) {
            out.printf(Locale.ROOT, "clock:   corrected from the NAK, device clock now %+d ms from local%n",
                    m.device().clockOffset().toMillis());
        }
        String answer = r.reply() != null ? r.reply().id() : r.mrs() != null ? "<mrs> snu " + r.mrs().snu() : null;
        if (r.attempts() > 0 && answer != null) {
            out.printf(Locale.ROOT, "latency: %.3f ms first send -> %s, %.3f ms last attempt -> %s%n",
                    r.firstSendToReplyMicros() / 1000.0, answer, r.lastAttemptToReplyMicros() / 1000.0, answer);
        }
    }

    /** Opens the TCP connection before the message goes out, so that the printed latency is the receiver's. */
    private void connectFirst(Dc09Client client) throws InterruptedException {
        if (target.transport == Transport.TCP) {
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

    /** "<mrs> ref 2M3K9QX0AB snu 0 (OK)", with the status text and other fields the receiver sent. */
    static String describe(Mrs m) {
        String text;
        try {
            text = ScaipStatus.of(m.snu()).text();
        } catch (IllegalArgumentException e) {
            text = "unknown status";
        }
        StringBuilder sb = new StringBuilder("<mrs> ref ").append(m.ref()).append(" snu ").append(m.snu())
                .append(" (").append(text).append(')');
        String[][] optional = {{"ste", m.ste()}, {"cve", m.cve()}, {"mre", m.mre()}, {"cre", m.cre()},
            {"tnu", m.tnu()}, {"hbi", m.hbi()}};
        for (String[] o : optional) {
            if (o[1] != null) {
                sb.append(' ').append(o[0]).append('=').append(o[1]);
            }
        }
        return sb.toString();
    }
}
