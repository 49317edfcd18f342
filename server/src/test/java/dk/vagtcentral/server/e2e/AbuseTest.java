package dk.vagtcentral.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.simulator.EventKind;
import dk.vagtcentral.simulator.abuse.AbuseRun;
import dk.vagtcentral.simulator.abuse.AccountRange;
import dk.vagtcentral.simulator.abuse.Pipeliner;
import dk.vagtcentral.simulator.abuse.Probe;
import dk.vagtcentral.simulator.abuse.SilentConnections;
import dk.vagtcentral.simulator.abuse.SlowSender;
import dk.vagtcentral.simulator.abuse.SourceAddresses;
import dk.vagtcentral.simulator.abuse.UnknownFlood;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's promise, black-box on loopback: while any one of the simulator's attacks runs — silent connections,
 * slowloris senders, a client pipelining without waiting, a flood from unknown accounts — a well-behaved device is
 * heard within a second, on the connection it holds and on a fresh one. Attackers play other networks from
 * 127.0.0.2 and up. The caps are set low so the attacks reach them with few sockets.
 */
class AbuseTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static final AtomicInteger SEQ = new AtomicInteger(1);
    static final SourceAddresses ATTACKERS = SourceAddresses.parse("127.0.0.2-127.0.0.11");

    enum Attack {
        SILENT(port -> new SilentConnections("127.0.0.1", port, 1_000).sources(ATTACKERS)),
        SLOW(port -> new SlowSender("127.0.0.1", port, 300, Duration.ofMillis(300), SlowSender.Target.DC09)
                .sources(ATTACKERS)),
        PIPELINE(port -> new Pipeliner("127.0.0.1", port, 8, AccountRange.parse("1010-104F")).event(EventKind.TEST)
                .sources(ATTACKERS)),
        UNKNOWN_FLOOD(port -> new UnknownFlood("127.0.0.1", port, UnknownFlood.Transport.BOTH).connections(8)
                .sources(ATTACKERS));

        final Function<Integer, AbuseRun> make;

        Attack(Function<Integer, AbuseRun> make) {
            this.make = make;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of(
                "dc09.max-connections", 400,
                "dc09.pre-auth-timeout", "PT2S"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Attack.class)
    void aDeviceIsHeardWithinASecondWhileAnAttackRuns(Attack attack) throws Exception {
        int port = server.server.dc09Port();
        try (Probe probe = new Probe("127.0.0.1", port, "1000").interval(Duration.ofMillis(250))
                .ackLimit(Duration.ofSeconds(1)).event(EventKind.EMERGENCY);
             AbuseRun attacker = attack.make.apply(port)) {
            probe.start();
            attacker.start();
            Thread.sleep(1_000); // let the attack reach the caps
            for (int i = 0; i < 3; i++) {
                Duration fresh = heardOnAFreshConnection("1001");
                assertThat(fresh).as("%s: a device on a fresh connection", attack).isLessThan(Duration.ofSeconds(1));
                Thread.sleep(500); // pacing: three fresh devices spread over the attack, not waiting for a condition
            }
            probe.stop();
            attacker.stop();
            Probe.Report seen = probe.report();
            assertThat(seen.sent()).as("%s: the probe ran", attack).isGreaterThanOrEqualTo(8);
            assertThat(seen.missed()).as("%s: %s %s", attack, seen.summary(), seen.samples()).isZero();
            assertThat(attacker.report().summary()).isNotBlank();
        }
    }

    static Duration heardOnAFreshConnection(String account) throws Exception {
        long started = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.server.dc09Port()), 1_000);
            s.setSoTimeout(2_000);
            Dc09Message m = new Dc09Message(Dc09Ids.SIA_DCS, false, SEQ.getAndIncrement(), null, "0", account,
                    "#" + account + "|NQA001", List.of(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
            s.getOutputStream().write(Dc09Codec.encode(m));
            Dc09DecodeResult reply = Dc09TestClient.readFrame(s.getInputStream(), KeyResolver.NONE);
            assertThat(reply.isSuccess()).as("reply %s", reply).isTrue();
            assertThat(reply.message().id()).isEqualTo(Dc09Ids.ACK);
            assertThat(reply.message().sequence()).isEqualTo(m.sequence());
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
