package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.Dc09Timestamp;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.demo.DemoDevices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DC-09 receivers against a real server: what is stored and what is replied, frame by frame. */
class Dc09ReceiverTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static final AtomicInteger SEQ = new AtomicInteger(1);

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static int nextSeq() {
        return SEQ.getAndIncrement();
    }

    static Dc09Message sia(String account, int seq, String events, Instant timestamp) {
        return new Dc09Message(Dc09Ids.SIA_DCS, false, seq, null, "0", account, "#" + account + "|N" + events,
                List.of(), timestamp);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    JsonArray alarmsOf(String account) throws Exception {
        var response = server.get("/api/v1/alarms?account=" + account + "&limit=1000");
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonArray("items");
    }

    JsonObject alarm(long id) throws Exception {
        return new JsonObject(server.get("/api/v1/alarms/" + id).body());
    }

    @Test
    void emergencyIsStoredBeforeItIsAckedAndTheAckEchoesTheHeader() throws Exception {
        int seq = nextSeq();
        Dc09Message m = new Dc09Message(Dc09Ids.SIA_DCS, false, seq, "12", "3", "1010", "#1010|Nri1/QA001",
                List.of("X010E12.3456"), now());
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            Dc09DecodeResult reply = client.exchange(Dc09Codec.encode(m));
            assertThat(reply.isSuccess()).isTrue();
            Dc09Message ack = reply.message();
            assertThat(ack.id()).isEqualTo(Dc09Ids.ACK);
            assertThat(ack.sequence()).isEqualTo(seq);
            assertThat(ack.receiver()).isEqualTo("12");
            assertThat(ack.linePrefix()).isEqualTo("3");
            assertThat(ack.account()).isEqualTo("1010");
        }
        // the ACK came after the commit: the alarm is readable at once
        JsonArray alarms = alarmsOf("1010");
        assertThat(alarms).hasSize(1);
        JsonObject stored = alarm(alarms.getJsonObject(0).getLong("id"));
        assertThat(stored.getString("category")).isEqualTo("EMERGENCY");
        assertThat(stored.getString("eventCode")).isEqualTo("QA");
        assertThat(stored.getString("zone")).isEqualTo("001");
        assertThat(stored.getString("area")).isEqualTo("1");
        assertThat(stored.getString("extendedData")).isEqualTo("[X010E12.3456]");
        assertThat(stored.getInteger("sequence")).isEqualTo(seq);
        assertThat(stored.getBoolean("clockSuspect")).isFalse();
        assertThat(stored.getJsonArray("timeline").getJsonObject(0).getString("kind")).isEqualTo("RECEIVED");
        assertThat(stored.getJsonArray("timeline").stream()
                .filter(t -> ((JsonObject) t).getString("kind").equals("RECEIVED"))).hasSize(1);
    }

    @Test
    void retransmissionsAreAckedAgainWithoutASecondAlarm() throws Exception {
        int seq = nextSeq();
        Dc09Message m = sia("1011", seq, "MA002", now());
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.exchange(Dc09Codec.encode(m)).message().id()).isEqualTo(Dc09Ids.ACK);
            }
        }
        // the same message over a new connection and over UDP is still the same alarm
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            assertThat(client.exchange(Dc09Codec.encode(m)).message().id()).isEqualTo(Dc09Ids.ACK);
        }
        assertThat(Dc09TestClient.udpExchange(server.server.udpPort(), Dc09Codec.encode(m), a -> null).message().id())
                .isEqualTo(Dc09Ids.ACK);
        assertThat(alarmsOf("1011")).hasSize(1);
        // a new sequence number is a new alarm
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            client.exchange(Dc09Codec.encode(sia("1011", nextSeq(), "MA002", now())));
        }
        assertThat(alarmsOf("1011")).hasSize(2);
    }

    @Test
    void contactIdAndUdpAreStoredWithTheirCategory() throws Exception {
        Dc09Message cid = new Dc09Message(Dc09Ids.ADM_CID, false, nextSeq(), null, "0", "1012", "#1012|1110 01 015",
                List.of(), now());
        Dc09DecodeResult reply = Dc09TestClient.udpExchange(server.server.udpPort(), Dc09Codec.encode(cid), a -> null);
        assertThat(reply.message().id()).isEqualTo(Dc09Ids.ACK);
        JsonObject stored = alarmsOf("1012").getJsonObject(0);
        assertThat(stored.getString("category")).isEqualTo("FIRE");
        assertThat(stored.getString("eventCode")).isEqualTo("110");
        assertThat(stored.getString("source")).isEqualTo("DC09_UDP");
    }

    @Test
    void staleTimestampGetsNakWithTheReceiverClockAndIsNotStored() throws Exception {
        Instant stale = now().minus(Duration.ofMinutes(5));
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            Dc09DecodeResult reply = client.exchange(Dc09Codec.encode(sia("1013", nextSeq(), "RP000", stale)));
            Dc09Message nak = reply.message();
            assertThat(nak.id()).isEqualTo(Dc09Ids.NAK);
            assertThat(nak.timestamp()).isCloseTo(Instant.now(), within(Duration.ofSeconds(5)));
        }
        assertThat(alarmsOf("1013")).isEmpty();
    }

    @Test
    void emergencyWithDriftingClockIsRaisedAsClockSuspectAndTheCorrectedRetransmissionMerges() throws Exception {
        int seq = nextSeq();
        Instant drifted = now().minus(Duration.ofMinutes(7));
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            Dc09Message nak = client.exchange(Dc09Codec.encode(sia("1014", seq, "QA001", drifted))).message();
            assertThat(nak.id()).isEqualTo(Dc09Ids.NAK);
            // raised although NAKed: a human must see it
            JsonArray alarms = alarmsOf("1014");
            assertThat(alarms).hasSize(1);
            assertThat(alarms.getJsonObject(0).getBoolean("clockSuspect")).isTrue();
            assertThat(alarms.getJsonObject(0).getLong("clockDriftMs")).isLessThan(-6 * 60_000L);
            // the device corrects its clock from the NAK and retransmits: same alarm, now ACKed
            Dc09Message ack = client.exchange(Dc09Codec.encode(sia("1014", seq, "QA001", nak.timestamp()))).message();
            assertThat(ack.id()).isEqualTo(Dc09Ids.ACK);
        }
        JsonArray alarms = alarmsOf("1014");
        assertThat(alarms).hasSize(1);
        JsonArray timeline = alarm(alarms.getJsonObject(0).getLong("id")).getJsonArray("timeline");
        // the dispatcher's lines (ROUTED, NOTIFIED) interleave; ingest's own lines are one receipt and one correction
        assertThat(timeline.stream().map(o -> ((JsonObject) o).getString("kind"))
                .filter(k -> k.equals("RECEIVED") || k.equals("CLOCK_CORRECTED"))).containsExactly("RECEIVED", "CLOCK_CORRECTED");
    }

    @Test
    void timestampBeyondAnyPlausibleDriftIsAReplayAndNeverRaised() throws Exception {
        Instant ancient = now().minus(Duration.ofDays(2));
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            assertThat(client.exchange(Dc09Codec.encode(sia("1015", nextSeq(), "QA001", ancient))).message().id())
                    .isEqualTo(Dc09Ids.NAK);
        }
        assertThat(alarmsOf("1015")).isEmpty();
    }

    @Test
    void unknownAccountGetsDuhAndIsRecordedForSupervisors() throws Exception {
        int seq = nextSeq();
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            Dc09Message duh = client.exchange(Dc09Codec.encode(sia("ABC123", seq, "QA001", now()))).message();
            assertThat(duh.id()).isEqualTo(Dc09Ids.DUH);
            assertThat(duh.sequence()).isEqualTo(seq);
            assertThat(duh.account()).isEqualTo("ABC123");
        }
        assertThat(alarmsOf("ABC123")).isEmpty();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonArray unknown = new JsonObject(server.get("/api/v1/unknown-devices?limit=1000").body()).getJsonArray("items");
            assertThat(unknown.stream().map(o -> ((JsonObject) o).getString("account"))).contains("ABC123");
        });
    }

    @Test
    void unsupportedIdGetsDuhButUnreadableDataIsAckedAndRaisedAsUnknown() throws Exception {
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            Dc09Message odd = new Dc09Message("SIA-DCX", false, nextSeq(), null, "0", "1016", "#1016|NQA001", List.of(), now());
            assertThat(client.exchange(Dc09Codec.encode(odd)).message().id()).isEqualTo(Dc09Ids.DUH);
            assertThat(alarmsOf("1016")).isEmpty();
            Dc09Message garbled = new Dc09Message(Dc09Ids.SIA_DCS, false, nextSeq(), null, "0", "1016", "#1016|?what?",
                    List.of(), now());
            assertThat(client.exchange(Dc09Codec.encode(garbled)).message().id()).isEqualTo(Dc09Ids.ACK);
        }
        JsonArray alarms = alarmsOf("1016");
        assertThat(alarms).hasSize(1);
        assertThat(alarms.getJsonObject(0).getString("category")).isEqualTo("UNKNOWN");
        assertThat(alarms.getJsonObject(0).getString("data")).isEqualTo("#1016|?what?");
    }

    @Test
    void damagedFramesAreNeverAnsweredAndTheConnectionKeepsWorking() throws Exception {
        byte[] good = Dc09Codec.encode(sia("1017", nextSeq(), "QA001", now()));
        byte[] badCrc = good.clone();
        badCrc[1] = (byte) (badCrc[1] == '0' ? '1' : '0');
        byte[] badLength = Dc09Codec.encode(sia("1017", nextSeq(), "QA002", now()));
        badLength[7] = (byte) (badLength[7] == '0' ? '1' : '0');
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            client.send(badCrc);
            client.send(badLength);
            client.send("\u00e6\u00f8\u00e5 garbage \r\n".getBytes(StandardCharsets.UTF_8));
            client.send(new byte[2000]);
            client.send(("\n" + "A".repeat(1500)).getBytes(StandardCharsets.US_ASCII));
            client.send(good);
            Dc09Message reply = client.reply().message();
            assertThat(reply.id()).isEqualTo(Dc09Ids.ACK);
            assertThat(reply.sequence()).isEqualTo(Dc09Codec.decodeFrame(good, a -> null).message().sequence());
            assertThat(client.reply(a -> null, 300)).as("nothing else was answered").isNull();
        }
        JsonArray alarms = alarmsOf("1017");
        assertThat(alarms).hasSize(1);
        assertThat(alarms.getJsonObject(0).getString("zone")).isEqualTo("001");
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("vagtcentral_dc09_decode_failures_total{reason=\"BAD_CRC\"}");
        assertThat(metrics).contains("vagtcentral_dc09_frames_total{id=\"none\",result=\"invalid\"}");
    }

    @Test
    void encryptedMessagesGetEncryptedAcksAndPlainTextFromAnEncryptedDeviceIsRefused() throws Exception {
        byte[] key = Dc09Cipher.parseKey(DemoDevices.AES256_KEY);
        int seq = nextSeq();
        Dc09Message m = new Dc09Message(Dc09Ids.SIA_DCS, true, seq, null, "0", DemoDevices.AES256_ACCOUNT,
                "#" + DemoDevices.AES256_ACCOUNT + "|NFA001", List.of(), now());
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            client.send(Dc09Codec.encode(m, key, new SecureRandom()));
            Dc09DecodeResult reply = client.reply(a -> key, 5_000);
            assertThat(reply.isSuccess()).isTrue();
            assertThat(reply.message().id()).isEqualTo(Dc09Ids.ACK);
            assertThat(reply.message().encrypted()).isTrue();
            assertThat(reply.message().sequence()).isEqualTo(seq);
            assertThat(reply.message().timestamp()).isNotNull();

            Dc09Message plain = sia(DemoDevices.AES256_ACCOUNT, nextSeq(), "FA001", now());
            assertThat(client.exchange(Dc09Codec.encode(plain)).message().id()).isEqualTo(Dc09Ids.DUH);
        }
        assertThat(alarmsOf(DemoDevices.AES256_ACCOUNT)).hasSize(1);
    }

    @Test
    void nullSupervisionMessageUpdatesLastSeenAndIsNoAlarm() throws Exception {
        Dc09Message ping = new Dc09Message(Dc09Ids.NULL, false, 0, null, "0", "1018", "", List.of(), now());
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            assertThat(client.exchange(Dc09Codec.encode(ping)).message().id()).isEqualTo(Dc09Ids.ACK);
        }
        assertThat(alarmsOf("1018")).isEmpty();
        // last-seen is supervision data, written within about a second rather than before the ACK
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonObject device = new JsonObject(server.get("/api/v1/devices").body()).getJsonArray("items").stream()
                    .map(JsonObject.class::cast).filter(d -> d.getString("account").equals("1018")).findFirst().orElseThrow();
            assertThat(device.getString("lastSeenAt")).isNotNull();
            assertThat(Instant.parse(device.getString("lastSeenAt"))).isCloseTo(Instant.now(), within(Duration.ofSeconds(10)));
            assertThat(device.getLong("clockDriftMs")).isNotNull();
            assertThat(device.containsKey("aesKey")).isFalse();
        });
    }

    @Test
    void timestampFormatIsUtc() {
        assertThat(Dc09Timestamp.format(Instant.parse("2026-03-29T01:30:00Z"))).isEqualTo("_01:30:00,03-29-2026");
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(d.toMillis(), ChronoUnit.MILLIS);
    }

    /** Intact frames from a registered device are alarms even when their tail does not read (DOMAIN safety rules). */
    @Test
    void anIntactFrameWithAnUnreadableTailFromAKnownDeviceIsAckedAndRaised() throws Exception {
        for (String tail : List.of("#1030|NQA001]_25:61:00,13-45-2026", "#1030|N[QA002]", "#1030|NQA003][X[1]")) {
            int seq = nextSeq();
            String body = "\"SIA-DCS\"" + String.format("%04d", seq) + "L0#1030[" + tail;
            try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
                Dc09DecodeResult reply = client.exchange(frame(body));
                assertThat(reply.isSuccess()).as(tail).isTrue();
                assertThat(reply.message().id()).as(tail).isEqualTo(Dc09Ids.ACK);
                assertThat(reply.message().sequence()).isEqualTo(seq);
            }
        }
        JsonArray stored = alarmsOf("1030");
        assertThat(stored).hasSize(3);
        assertThat(stored.stream().map(o -> ((JsonObject) o).getString("category"))).containsOnly("UNKNOWN");
    }

    @Test
    void aDanishLetterInAZoneTextIsKept() throws Exception {
        int seq = nextSeq();
        String body = "\"SIA-DCS\"" + String.format("%04d", seq) + "L0#1031[#1031|NQA001^K\u00f8kken^]";
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            assertThat(client.exchange(frame(body)).message().id()).isEqualTo(Dc09Ids.ACK);
        }
        assertThat(alarmsOf("1031").getJsonObject(0).getString("text")).isEqualTo("K\u00f8kken");
    }

    @Test
    void aSupervisionMessageNamingItsAccountOnlyInTheDataBlockIsAcked() throws Exception {
        int seq = nextSeq();
        String body = "\"NULL\"" + String.format("%04d", seq) + "L0[#1032|]";
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            Dc09DecodeResult reply = client.exchange(frame(body));
            assertThat(reply.message().id()).isEqualTo(Dc09Ids.ACK);
        }
    }

    /** A frame around {@code body} with its CRC and length, the body's bytes taken as Latin-1. */
    static byte[] frame(String body) {
        byte[] b = body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String head = String.format("%04X0%03X", dk.vagtcentral.protocol.dc09.Crc16.of(b), b.length);
        byte[] out = new byte[b.length + 10];
        out[0] = '\n';
        System.arraycopy(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, out, 1, 8);
        System.arraycopy(b, 0, out, 9, b.length);
        out[out.length - 1] = '\r';
        return out;
    }
}
