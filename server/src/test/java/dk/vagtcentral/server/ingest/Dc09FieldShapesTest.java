package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.dc09.Crc16;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.Dc09Timestamp;
import dk.vagtcentral.protocol.event.EventData;
import dk.vagtcentral.protocol.event.TextBounds;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames shaped as real panels send them, through a real DC-09 connection: an intact frame from a known account is
 * ACKed and stored, whether or not its data is understood; only what cannot be processed at all gets DUH, and the
 * store never refuses what it is given.
 */
class Dc09FieldShapesTest {
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

    static String seq() {
        return String.format(Locale.ROOT, "%04d", SEQ.getAndIncrement());
    }

    static String now() {
        return Dc09Timestamp.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** LF, CRC, length, the body exactly as given, CR: any header shape, also one our encoder would not write. */
    static byte[] frame(String body) {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        return ("\n" + String.format(Locale.ROOT, "%04X0%03X", Crc16.of(b), b.length) + body + "\r")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static Dc09Message exchange(String body) throws Exception {
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            Dc09DecodeResult reply = client.exchange(frame(body));
            assertThat(reply).as("a reply to " + body).isNotNull();
            assertThat(reply.isSuccess()).isTrue();
            return reply.message();
        }
    }

    JsonArray alarmsOf(String account) throws Exception {
        return new JsonObject(server.get("/api/v1/alarms?account=" + account + "&limit=1000").body()).getJsonArray("items");
    }

    JsonObject alarm(JsonArray alarms, int index) throws Exception {
        return new JsonObject(server.get("/api/v1/alarms/" + alarms.getJsonObject(index).getLong("id")).body());
    }

    static double metric(String name, String labels) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + labels) + " (\\S+)$")
                .matcher(server.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    JsonObject health() throws Exception {
        return new JsonObject(server.get("/health").body());
    }

    @Test
    void fieldShapedFrameFromAKnownAccountIsAckedAndStoredWithWhatItCarries() throws Exception {
        String seq = seq();
        Dc09Message ack = exchange("\"SIA-DCS\"" + seq + "R1L0#1020[#1020|Nti19:44/id1/ri2QA15^Bedroom pendant ^]"
                + "[RBedroom][X010E30.0][Y56N09.0]" + now());
        assertThat(ack.id()).isEqualTo(Dc09Ids.ACK);
        assertThat(ack.sequence()).isEqualTo(Integer.parseInt(seq));
        JsonObject stored = alarm(alarmsOf("1020"), 0);
        assertThat(stored.getString("category")).isEqualTo("EMERGENCY");
        assertThat(stored.getString("eventCode")).isEqualTo("QA");
        assertThat(stored.getString("zone")).isEqualTo("15");
        assertThat(stored.getString("area")).isEqualTo("2");
        assertThat(stored.getString("events")).isEqualTo("QA15");
        assertThat(stored.getString("text")).isEqualTo("Bedroom pendant; room: Bedroom");
        assertThat(stored.getString("data")).isEqualTo("#1020|Nti19:44/id1/ri2QA15^Bedroom pendant ^");
        assertThat(stored.getString("extendedData")).isEqualTo("[RBedroom][X010E30.0][Y56N09.0]");
    }

    @Test
    void notUnderstoodDataIsAckedStoredAsUnknownWithItsRawDataAndCounted() throws Exception {
        double siaBefore = metric("vagtcentral_dc09_data_not_understood_total", "{id=\"SIA-DCS\"}");
        double cidBefore = metric("vagtcentral_dc09_data_not_understood_total", "{id=\"ADM-CID\"}");
        assertThat(exchange("\"SIA-DCS\"" + seq() + "L0#1021[#1021|N?what? 42]" + now()).id()).isEqualTo(Dc09Ids.ACK);
        assertThat(exchange("\"ADM-CID\"" + seq() + "L0#1021[#1021|2101 01 015][RHall]").id()).isEqualTo(Dc09Ids.ACK);

        JsonArray alarms = alarmsOf("1021");
        assertThat(alarms).hasSize(2);
        JsonObject sia = alarm(alarms, 0);
        assertThat(sia.getString("category")).isEqualTo("UNKNOWN");
        assertThat(sia.getString("data")).isEqualTo("#1021|N?what? 42");
        assertThat(sia.getString("eventCode")).isEmpty();
        assertThat(sia.getString("events")).isEmpty();
        assertThat(sia.getString("text")).startsWith("Data not understood (SIA data: ").endsWith("): #1021|N?what? 42");
        assertThat(sia.getJsonArray("timeline").getJsonObject(0).getString("detail")).contains("DATA NOT UNDERSTOOD");
        JsonObject cid = alarm(alarms, 1);
        assertThat(cid.getString("category")).isEqualTo("UNKNOWN");
        assertThat(cid.getString("data")).isEqualTo("#1021|2101 01 015");
        assertThat(cid.getString("text")).endsWith("#1021|2101 01 015 [RHall]");

        assertThat(metric("vagtcentral_dc09_data_not_understood_total", "{id=\"SIA-DCS\"}")).isEqualTo(siaBefore + 1);
        assertThat(metric("vagtcentral_dc09_data_not_understood_total", "{id=\"ADM-CID\"}")).isEqualTo(cidBefore + 1);
        assertThat(metric("vagtcentral_alarms_stored_total", "{category=\"UNKNOWN\",source=\"DC09\"}")).isPositive();
    }

    @Test
    void notUnderstoodOverUdpIsAckedToo() throws Exception {
        Dc09DecodeResult reply = Dc09TestClient.udpExchange(server.server.udpPort(),
                frame("\"SIA-DCS\"" + seq() + "L0#1026[#1026|Nri1/QA1^unclosed]"), a -> null);
        assertThat(reply.message().id()).isEqualTo(Dc09Ids.ACK);
        assertThat(alarmsOf("1026").getJsonObject(0).getString("category")).isEqualTo("UNKNOWN");
    }

    @Test
    void unreadableEmergencyWithADriftedClockIsRaisedClockSuspect() throws Exception {
        String drifted = Dc09Timestamp.format(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(7)));
        Dc09Message nak = exchange("\"SIA-DCS\"" + seq() + "L0#1027[#1027|N~~]" + drifted);
        assertThat(nak.id()).isEqualTo(Dc09Ids.NAK);
        JsonArray alarms = alarmsOf("1027");
        assertThat(alarms).hasSize(1);
        assertThat(alarms.getJsonObject(0).getString("category")).isEqualTo("UNKNOWN");
        assertThat(alarms.getJsonObject(0).getBoolean("clockSuspect")).isTrue();
    }

    @Test
    void unknownAccountStillGetsDuhWhateverItsData() throws Exception {
        for (String data : List.of("#ABCDEF|NQA001", "#ABCDEF|N?what?")) {
            String seq = seq();
            Dc09Message duh = exchange("\"SIA-DCS\"" + seq + "L0#ABCDEF[" + data + "]" + now());
            assertThat(duh.id()).isEqualTo(Dc09Ids.DUH);
            assertThat(duh.sequence()).isEqualTo(Integer.parseInt(seq));
        }
        assertThat(alarmsOf("ABCDEF")).isEmpty();
    }

    @Test
    void unsupportedAndStrayCharacterIdsGetDuhAndNothingIsStored() throws Exception {
        for (String id : List.of("SIA-DCX", "sia-dcs", "SIA DCS", "SIA-DCS" + "X".repeat(40), "", "*", "S!A")) {
            String seq = seq();
            Dc09Message duh = exchange("\"" + id + "\"" + seq + "L0#1023[#1023|NQA001]" + now());
            assertThat(duh.id()).as(id).isEqualTo(Dc09Ids.DUH);
            assertThat(duh.sequence()).isEqualTo(Integer.parseInt(seq));
            assertThat(duh.account()).isEqualTo("1023");
        }
        // an encrypted frame with a long id from an unknown account: DUH, and nothing reaches the store to fail it
        assertThat(exchange("\"*SIA-DCS" + "X".repeat(30) + "\"" + seq() + "L0#ABCD12[" + "0".repeat(32)).id())
                .isEqualTo(Dc09Ids.DUH);
        assertThat(alarmsOf("1023")).isEmpty();
        assertThat(exchange("\"SIA-DCS\"" + seq() + "L0#1023[#1023|NQA001]" + now()).id()).isEqualTo(Dc09Ids.ACK);
        assertThat(alarmsOf("1023")).hasSize(1);
        assertThat(health().getJsonObject("store").getLong("commitFailures")).isZero();
    }

    @Test
    void overLongAreaOrZoneNeverMakesTheCommitFail() throws Exception {
        List<String> data = List.of(
                "#1022|Nri123456789/QA001",
                "#1022|NQA1234567890",
                "#1022|Nid1234567890123456789/QA1",
                "#1022|Nri1^" + "a".repeat(300) + "^QA1^" + "t".repeat(400) + "^");
        for (String d : data) {
            assertThat(exchange("\"SIA-DCS\"" + seq() + "L0#1022[" + d + "]" + now()).id()).as(d).isEqualTo(Dc09Ids.ACK);
        }
        JsonArray alarms = alarmsOf("1022");
        assertThat(alarms).hasSize(data.size());
        for (int i = 0; i < 3; i++) {
            JsonObject a = alarm(alarms, i);
            assertThat(a.getString("category")).isEqualTo("UNKNOWN");
            assertThat(a.getString("data")).isEqualTo(data.get(i));
            assertThat(a.getString("area")).isNull();
            assertThat(a.getString("zone")).isNull();
        }
        JsonObject named = alarm(alarms, 3);
        assertThat(named.getString("category")).isEqualTo("EMERGENCY");
        assertThat(named.getString("area")).isEqualTo("1");
        assertThat(named.getString("text")).hasSize(EventData.MAX_TEXT).endsWith(TextBounds.MARKER);
        assertThat(named.getString("data")).isEqualTo(data.get(3));
        JsonObject health = health();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getJsonObject("store").getLong("commitFailures")).isZero();
    }

    @Test
    void theLongestFrameIsStoredWithItsRawDataWhole() throws Exception {
        String head = "\"SIA-DCS\"" + seq() + "L0#1028[";
        String data = "#1028|NQA1^" + "w".repeat(1024 - 10 - head.length() - "#1028|NQA1^".length() - 2) + "^";
        byte[] frame = frame(head + data + "]");
        assertThat(frame).hasSize(1024);
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            assertThat(client.exchange(frame).message().id()).isEqualTo(Dc09Ids.ACK);
        }
        assertThat(alarmsOf("1028").getJsonObject(0).getString("data")).isEqualTo(data);
    }

    /** eavanvalkenburg/pysiaalarm#49: an Aritech panel behind an OH receiver puts the account only in the data. */
    @Test
    void accountOnlyInTheDataBlock() throws Exception {
        Dc09Message ack = exchange("\"SIA-DCS\"" + seq() + "R0001L0001[#1024|Nri01/QA003*'HALL'NM]");
        assertThat(ack.id()).isEqualTo(Dc09Ids.ACK);
        assertThat(ack.account()).as("the ACK echoes the header, which had none").isNull();
        JsonObject stored = alarm(alarmsOf("1024"), 0);
        assertThat(stored.getString("category")).isEqualTo("EMERGENCY");
        assertThat(stored.getString("text")).isEqualTo("HALL");
    }

    /** schmupu/ioBroker.sia#11: a panel that sends an empty line prefix is answered in its own shape. */
    @Test
    void emptyLinePrefixIsAckedInTheSameShape() throws Exception {
        String seq = seq();
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            client.send(frame("\"SIA-DCS\"" + seq + "L#1025[#1025|NMA4]" + now()));
            Dc09DecodeResult reply = client.reply();
            assertThat(reply.message().id()).isEqualTo(Dc09Ids.ACK);
            assertThat(reply.message().linePrefix()).isEmpty();
        }
        assertThat(alarmsOf("1025").getJsonObject(0).getString("category")).isEqualTo("EMERGENCY");
    }
}
