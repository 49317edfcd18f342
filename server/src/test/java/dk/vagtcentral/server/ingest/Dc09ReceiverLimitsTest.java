package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver's limits against a real server: connections that do not speak are closed, the caps leave room for a
 * device, a pipelining client is paused rather than queued, failing UDP senders go unanswered and unknown accounts
 * cost one row each. Attackers play other networks from 127.0.0.2 and up.
 */
class Dc09ReceiverLimitsTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static final AtomicInteger SEQ = new AtomicInteger(1);
    final List<Socket> held = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of(
                "dc09.pre-auth-timeout", "PT1S",
                "dc09.max-connections", 12,
                "dc09.max-unauthenticated-per-source", 4,
                "dc09.max-in-flight", 4,
                "dc09.udp-invalid-per-second", 5));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeHeld() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        held.clear();
    }

    static Dc09Message sia(String account, String events) {
        return new Dc09Message(Dc09Ids.SIA_DCS, false, SEQ.getAndIncrement() % 9999 + 1, null, "0", account,
                "#" + account + "|N" + events, List.of(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    Socket open(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.server.dc09Port()), 5_000);
        held.add(s);
        return s;
    }

    /** Whether the server closed the socket within {@code millis}. */
    static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    static Dc09DecodeResult readReply(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        return Dc09TestClient.readFrame(s.getInputStream(), dk.vagtcentral.protocol.dc09.KeyResolver.NONE);
    }

    /** A device on a fresh connection sends an emergency: its ACK, timed. */
    static Duration deviceHeard(String account) throws IOException {
        long started = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.server.dc09Port()), 5_000);
            Dc09Message m = sia(account, "QA001");
            s.getOutputStream().write(Dc09Codec.encode(m));
            Dc09DecodeResult reply = readReply(s, 5_000);
            assertThat(reply).as("a reply").isNotNull();
            assertThat(reply.message().id()).isEqualTo(Dc09Ids.ACK);
            assertThat(reply.message().sequence()).isEqualTo(m.sequence());
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    double metric(String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + (name.contains("{") ? "" : "(?:\\{[^}]*\\})?")
                + " ([0-9.E+-]+)$")
                .matcher(server.get("/metrics").body());
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    @Test
    void aSilentConnectionIsClosedAfterThePreAuthenticationTimeAndADeviceThatSpokeIsKept() throws Exception {
        Socket silent = open("127.0.0.2");
        Socket device = open("127.0.0.1");
        device.getOutputStream().write(Dc09Codec.encode(sia("1020", "QA001")));
        assertThat(readReply(device, 5_000).message().id()).isEqualTo(Dc09Ids.ACK);

        assertThat(closedWithin(silent, 3_000)).as("silent connection closed").isTrue();
        assertThat(closedWithin(device, 1_500)).as("the device's connection is kept").isFalse();
        device.getOutputStream().write(Dc09Codec.encode(sia("1020", "RP001")));
        assertThat(readReply(device, 5_000).message().id()).isEqualTo(Dc09Ids.ACK);
        assertThat(metric("vagtcentral_dc09_connections_closed_total")).isPositive();
    }

    @Test
    void oneAddressCannotHoldMoreSilentConnectionsThanItsCap() throws Exception {
        List<Socket> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(open("127.0.0.3"));
        }
        Socket fifth = open("127.0.0.3");
        assertThat(closedWithin(fifth, 500)).as("beyond the per-address cap").isTrue();
        assertThat(closedWithin(four.get(0), 200)).as("those within the cap stay until their time").isFalse();
    }

    @Test
    void atTheConnectionCapTheOldestSilentConnectionGivesWayToADevice() throws Exception {
        List<Socket> attackers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            attackers.add(open("127.0.0." + (10 + i / 4)));
        }
        Duration heard = deviceHeard("1021");
        assertThat(heard).as("a device at the cap is heard within a second").isLessThan(Duration.ofSeconds(1));
        assertThat(closedWithin(attackers.get(0), 1_000)).as("the oldest silent one gave way").isTrue();
    }

    @Test
    void aClientThatPipelinesIsPausedAndEveryFrameIsStillAnswered() throws Exception {
        Socket s = open("127.0.0.1");
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        List<Integer> sequences = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Dc09Message m = sia("1022", i % 2 == 0 ? "RP001" : "YX001");
            sequences.add(m.sequence());
            burst.write(Dc09Codec.encode(m));
        }
        s.getOutputStream().write(burst.toByteArray());
        List<Integer> acked = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Dc09DecodeResult reply = readReply(s, 10_000);
            assertThat(reply).as("reply %d", i).isNotNull();
            assertThat(reply.message().id()).isEqualTo(Dc09Ids.ACK);
            acked.add(reply.message().sequence());
        }
        assertThat(acked).containsExactlyInAnyOrderElementsOf(sequences);
        assertThat(metric("vagtcentral_dc09_read_paused_total{reason=\"in_flight\"}")).as("reading paused at 4 in flight")
                .isPositive();
    }

    @Test
    void aClientThatDoesNotReadItsAcksIsNotReadEither() throws Exception {
        Socket s = open("127.0.0.1");
        s.setReceiveBufferSize(4096);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        for (int i = 0; i < 1_000; i++) {
            chunk.write(Dc09Codec.encode(new Dc09Message(Dc09Ids.NULL, false, i % 9999 + 1, null, "0", "1024", "",
                    List.of(), null)));
        }
        byte[] bytes = chunk.toByteArray();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 500; i++) {
                    s.getOutputStream().write(bytes); // blocks once the server stops reading
                }
            } catch (IOException closed) {
                // the test closed the socket
            }
        });
        writer.setDaemon(true);
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(
                () -> metric("vagtcentral_dc09_read_paused_total{reason=\"write_queue\"}") > 0);
        assertThat(writer.isAlive()).as("the client's writes block: the server no longer reads it").isTrue();
        s.close();
    }

    @Test
    void aConnectionThatKeepsFailingBeforeItSpeaksIsClosed() throws Exception {
        Socket s = open("127.0.0.4");
        for (int i = 0; i < Dc09TcpReceiver.FAILURES_BEFORE_SPEAKING; i++) {
            s.getOutputStream().write(Dc09Codec.encode(sia("FFFF" + i, "QA001")));
        }
        assertThat(closedWithin(s, 400)).as("closed for its failures, long before its pre-authentication time").isTrue();
    }

    @Test
    void aUdpSourceThatKeepsFailingIsNotAnsweredButItsDevicesAre() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.5", 0))) {
            udp.setSoTimeout(2_000);
            InetAddress target = InetAddress.getLoopbackAddress();
            for (int i = 0; i < 40; i++) {
                byte[] frame = Dc09Codec.encode(sia("FEED" + i, "QA001"));
                udp.send(new DatagramPacket(frame, frame.length, target, server.server.dc09Port()));
            }
            int replies = 0;
            byte[] buf = new byte[2048];
            try {
                while (true) {
                    udp.receive(new DatagramPacket(buf, buf.length));
                    replies++;
                    udp.setSoTimeout(500);
                }
            } catch (SocketTimeoutException done) {
                // no more replies
            }
            assertThat(replies).as("at most the budget of a second or two").isBetween(1, 10);
            assertThat(metric("vagtcentral_dc09_udp_dropped_total")).isGreaterThanOrEqualTo(30);

            byte[] frame = Dc09Codec.encode(sia("1023", "QA001"));
            udp.send(new DatagramPacket(frame, frame.length, target, server.server.dc09Port()));
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            udp.setSoTimeout(5_000);
            udp.receive(reply);
            byte[] bytes = java.util.Arrays.copyOf(buf, reply.getLength());
            assertThat(Dc09Codec.decodeFrame(bytes, dk.vagtcentral.protocol.dc09.KeyResolver.NONE).message().id())
                    .as("a registered device behind that address is answered").isEqualTo(Dc09Ids.ACK);
        }
    }

    @Test
    void framesFromOneUnknownAccountAreOneRowWithACount() throws Exception {
        try (Socket s = open("127.0.0.1")) {
            for (int i = 0; i < 5; i++) {
                s.getOutputStream().write(Dc09Codec.encode(sia("ABCDEF", "QA001")));
                assertThat(readReply(s, 5_000).message().id()).isEqualTo(Dc09Ids.DUH);
            }
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonArray items = new JsonObject(server.get("/api/v1/unknown-devices?limit=1000").body())
                    .getJsonArray("items");
            List<JsonObject> rows = items.stream().map(JsonObject.class::cast)
                    .filter(o -> "ABCDEF".equals(o.getString("account"))).toList();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getLong("frames")).isEqualTo(5);
            assertThat(rows.get(0).getString("firstSeenAt")).isNotNull();
        });
    }
}
