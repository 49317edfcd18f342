package dk.vagtcentral.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.scaip.Mrs;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.ScaipTestDevice;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.demo.DemoDevices;
import dk.vagtcentral.server.demo.DemoReferenceData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
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

/**
 * SCAIP devices against a whole server with the demo's citizens, suppliers and rosters: a button press is answered,
 * stored once however often it is sent, routed to the citizen's supplier as the citizen's DC-09 pendant is, and is a
 * call with the 30-minute window; a heartbeat raises nothing; a reset or a cancel from the device is a hint on the
 * call and never closes it (DOMAIN.md rule 13), while a battery restore closes its own battery notice.
 */
class ScaipEndToEndTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static final AtomicInteger REFS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("scaip.port", 0, "demo-reference", true));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String ref() {
        return "E" + REFS.incrementAndGet();
    }

    /** Sends the request over UDP as a device and waits for its {@code snu 0}; the stored alarm's id. */
    static long send(String cid, Mrq mrq) throws Exception {
        try (ScaipTestDevice device = ScaipTestDevice.udp(server.server.scaipPort())) {
            device.send(device.message(cid, mrq));
            SipResponse ok = device.response();
            assertThat(ok.status()).isEqualTo(200);
            SipRequest message = device.request();
            device.ok(message);
            Mrs mrs = Mrs.parse(message.body()).orElseThrow();
            assertThat(mrs.ref()).isEqualTo(mrq.ref());
            assertThat(mrs.snu()).isZero();
        }
        return alarmOf(cid, mrq.ref());
    }

    static long alarmOf(String cid, String ref) throws Exception {
        return alarms(cid).stream().map(o -> (JsonObject) o)
                .filter(a -> a.getString("data").contains("<ref>" + ref + "</ref>"))
                .mapToLong(a -> a.getLong("id")).findFirst().orElseThrow();
    }

    static JsonArray alarms(String account) throws Exception {
        return new JsonObject(server.get("/api/v1/alarms?account=" + account + "&limit=1000").body())
                .getJsonArray("items");
    }

    static JsonObject alarm(long id) throws Exception {
        return new JsonObject(server.get("/api/v1/alarms/" + id).body());
    }

    static JsonObject routed(long id) throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> alarm(id).getJsonObject("routing") != null);
        return alarm(id);
    }

    static List<String> kinds(JsonObject alarm) {
        return alarm.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("kind")).toList();
    }

    static Mrq press(String cid, String ref) {
        return Mrq.of("ref", ref, "cid", cid, "mty", "ME", "dty", "3", "did", "01", "stc", "10",
                "crd", "gsm:+4520001000");
    }

    @Test
    void aButtonPressIsAnsweredStoredOnceAndRoutedToTheCitizensSupplierLikeItsDc09Twin() throws Exception {
        int n = 0x21;
        String cid = DemoDevices.scaipController(n);
        String twin = String.format("%04X", DemoDevices.FIRST_PLAIN + n);
        Mrq mrq = press(cid, ref());
        long id = send(cid, mrq);
        // the device did not hear the mrs and sends again, over TCP this time: answered, not stored again
        try (ScaipTestDevice device = ScaipTestDevice.tcp(server.server.scaipPort())) {
            device.send(device.message(cid, mrq));
            assertThat(device.response().status()).isEqualTo(200);
            SipRequest again = device.request();
            assertThat(Mrs.parse(again.body()).orElseThrow().snu()).isZero();
            device.ok(again);
        }
        assertThat(alarms(cid)).hasSize(1);

        JsonObject call = routed(id);
        JsonObject routing = call.getJsonObject("routing");
        assertThat(routing.getString("handling")).isEqualTo("CALL");
        assertThat(routing.getString("citizenId")).isEqualTo(DemoReferenceData.citizenId(twin));
        assertThat(call.getString("callbackAddress")).isEqualTo("gsm:+4520001000");
        Instant received = Instant.parse(call.getString("receivedAt"));
        Instant deadline = Instant.parse(call.getString("responseDeadline"));
        assertThat(Duration.between(received, deadline)).isEqualTo(Duration.ofMinutes(30));

        Dc09Message dc09 = new Dc09Message(Dc09Ids.SIA_DCS, false, 77, null, "0", twin, "#" + twin + "|NQA001",
                List.of(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            assertThat(client.exchange(Dc09Codec.encode(dc09)).message().id()).isEqualTo(Dc09Ids.ACK);
        }
        long dc09Id = alarms(twin).getJsonObject(0).getLong("id");
        assertThat(routed(dc09Id).getJsonObject("routing").getString("supplierId"))
                .isEqualTo(routing.getString("supplierId")).isNotNull();
    }

    @Test
    void aHeartbeatRaisesNothing() throws Exception {
        String cid = DemoDevices.scaipController(0x22);
        try (ScaipTestDevice device = ScaipTestDevice.udp(server.server.scaipPort())) {
            device.send(device.message(cid, Mrq.of("ref", ref(), "cid", cid, "mty", "PI", "dty", "2")));
            assertThat(device.response().status()).isEqualTo(200);
            SipRequest mrs = device.request();
            assertThat(Mrs.parse(mrs.body()).orElseThrow().snu()).isZero();
            device.ok(mrs);
        }
        assertThat(alarms(cid)).isEmpty();
    }

    @Test
    void aResetOrCancelFromTheDeviceIsAHintAndNeverClosesTheCall() throws Exception {
        String cid = DemoDevices.scaipController(0x23);
        long call = send(cid, press(cid, ref()));
        assertThat(routed(call).getJsonObject("routing").getString("handling")).isEqualTo("CALL");
        String state = alarm(call).getJsonObject("status").getString("state");

        long reset = send(cid, Mrq.of("ref", ref(), "cid", cid, "mty", "RE", "dty", "3", "did", "01"));
        await().atMost(Duration.ofSeconds(15)).until(() -> kinds(alarm(call)).contains("DEVICE_RESTORE"));
        assertThat(routed(reset).getJsonObject("routing").getString("handling")).isEqualTo("RESTORE");
        long cancel = send(cid, Mrq.of("ref", ref(), "cid", cid, "mty", "ME", "dty", "3", "did", "01", "stc", "19"));
        await().atMost(Duration.ofSeconds(15)).until(() -> kinds(alarm(call)).contains("DEVICE_CANCEL"));
        assertThat(routed(cancel).getJsonObject("routing").getString("handling")).isEqualTo("DEVICE_CANCEL");
        long done = send(cid, Mrq.of("ref", ref(), "cid", cid, "mty", "IN", "dty", "3", "did", "01", "stc", "111"));
        assertThat(routed(done).getJsonObject("routing").getString("handling")).isEqualTo("DEVICE_CANCEL");

        JsonObject still = alarm(call);
        assertThat(still.getJsonObject("status").getString("state")).as("only a person closes a call")
                .isEqualTo(state).isNotIn("CLOSED", "CANCELLED");
        assertThat(kinds(still)).doesNotContain("RESTORED", "CLOSED", "CANCELLED");
    }

    @Test
    void aBatteryRestoreClosesItsOwnTechnicalNoticeOnly() throws Exception {
        String cid = DemoDevices.scaipController(0x24);
        long low = send(cid, Mrq.of("ref", ref(), "cid", cid, "mty", "ME", "dty", "3", "did", "02", "stc", "0016"));
        assertThat(routed(low).getJsonObject("routing").getString("handling")).isEqualTo("SERVICE_NOTICE");
        // mains restored is not battery OK; a battery OK of another device of the controller is not this one's
        send(cid, Mrq.of("ref", ref(), "cid", cid, "mty", "IN", "dty", "3", "did", "02", "stc", "86"));
        send(cid, Mrq.of("ref", ref(), "cid", cid, "mty", "IN", "dty", "3", "did", "09", "stc", "15"));
        long ok = send(cid, Mrq.of("ref", ref(), "cid", cid, "mty", "IN", "dty", "3", "did", "02", "stc", "15"));
        routed(ok);
        await().atMost(Duration.ofSeconds(15)).until(() -> "CLOSED".equals(alarm(low).getJsonObject("status")
                .getString("state")));
        JsonObject closed = alarm(low);
        assertThat(closed.getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .filter(t -> t.getString("kind").equals("RESTORED")).map(t -> t.getString("actor")))
                .containsExactly("device:" + cid);
        assertThat(closed.getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .filter(t -> t.getString("kind").equals("RESTORED")).map(t -> t.getString("detail")).findFirst()
                .orElseThrow()).contains("alarm " + ok);
    }

    @Test
    void aSmokeDetectorIsAFireCall() throws Exception {
        String cid = DemoDevices.scaipController(0x25);
        long fire = send(cid, Mrq.of("ref", ref(), "cid", cid, "mty", "ME", "dty", "0023", "did", "05", "stc", "9"));
        JsonObject a = routed(fire);
        assertThat(a.getString("category")).isEqualTo("FIRE");
        assertThat(a.getJsonObject("routing").getString("handling")).isEqualTo("CALL");
    }
}
