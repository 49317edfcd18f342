package dk.vagtcentral.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.scaip.Mrs;
import dk.vagtcentral.protocol.sip.SipHeaders;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;
import dk.vagtcentral.server.ScaipTestDevice;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCAIP voice over UDP against a whole server: a device whose citizen's supplier asked for it is told, in the
 * {@code <mrs>} of its committed alarm, to call the supplier's 24/7 phone ({@code cre 62}, {@code tnu}), in both
 * answer styles; a device that places no voice call, or whose supplier did not ask, is told nothing; and when the
 * voice lookup fails the device still gets its {@code snu 0} (without a number) and the alarm is stored.
 */
class ScaipVoiceEndToEndTest {
    /** Bound to c6, who chose the private supplier (which turns the setting on). MESSAGE style. */
    static final String CARE_DEVICE = "4530000006";
    /** Bound to c7, the private supplier's too; its model takes the {@code <mrs>} in the 200 OK. */
    static final String CARE_BODY_DEVICE = "4530000007";
    /** Bound to c4, who chose the municipal home care (the setting stays off there). */
    static final String HOME_DEVICE = "4530000004";
    /** Bound to c8 (the private supplier); used where the lookup fails. */
    static final String FAILING_DEVICE = "4530000008";
    /** The private supplier's phone, "+45 70 99 10 01", as a device dials it. */
    static final String CARE_PHONE = "+4570991001";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static final AtomicInteger REFS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("scaip.port", 0));
        TestTown.create(server.baseUrl(), null);
        String token = TestServer.login(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        Object[][] devices = {{CARE_DEVICE, "c6", null}, {CARE_BODY_DEVICE, "c7", "BODY"}, {HOME_DEVICE, "c4", null},
                {FAILING_DEVICE, "c8", null}};
        for (Object[] d : devices) {
            JsonObject device = new JsonObject().put("protocol", "SCAIP");
            if (d[2] != null) {
                device.put("mrsStyle", d[2]);
            }
            assertThat(server.put("/api/v1/admin/devices/" + d[0], device.encode()).statusCode()).isEqualTo(201);
            TestTown.post(server.baseUrl(), token, "device-bindings", new JsonObject().put("account", d[0])
                    .put("citizenId", d[1]).put("validFrom", Instant.now().minus(Duration.ofDays(1)).toString()));
        }
        var on = server.put("/api/v1/admin/suppliers/" + TestTown.CARE, new JsonObject()
                .put("municipalityId", TestTown.MUNICIPALITY).put("name", "Testby Omsorg ApS")
                .put("kind", "PRIVATE_CARE").put("phone", "+45 70 99 10 01").put("contactPerson", "Vagthavende")
                .put("scaipVoiceCallsDesk", true).encode());
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(new JsonObject(on.body()).getBoolean("scaipVoiceCallsDesk")).isTrue();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Mrq press(String cid, String crd) {
        return Mrq.of("ref", "V" + REFS.incrementAndGet(), "cid", cid, "mty", "ME", "dty", "3", "did", "01", "stc",
                "10", "crd", crd);
    }

    /** Sends over UDP as a MESSAGE-style device: the 200 OK, then the receiver's MESSAGE with the {@code <mrs>}. */
    static Mrs sendMessageStyle(String cid, Mrq mrq) throws Exception {
        try (ScaipTestDevice device = ScaipTestDevice.udp(server.server.scaipPort())) {
            device.send(device.message(cid, mrq));
            SipResponse ok = device.response();
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).isEmpty();
            SipRequest message = device.request();
            device.ok(message);
            Mrs mrs = Mrs.parse(message.body()).orElseThrow();
            assertThat(mrs.ref()).isEqualTo(mrq.ref());
            assertThat(mrs.snu()).isZero();
            return mrs;
        }
    }

    /** How many alarms of {@code account} hold this request. */
    static long stored(String account, Mrq mrq) throws Exception {
        JsonArray items = new JsonObject(server.get("/api/v1/alarms?account=" + account + "&limit=1000").body())
                .getJsonArray("items");
        return items.stream().map(o -> (JsonObject) o).filter(a -> a.getString("data").equals(mrq.xml())).count();
    }

    @Test
    void theSuppliersDevicesAreToldToCallItsDeskPhoneInBothAnswerStyles() throws Exception {
        Mrq press = press(CARE_DEVICE, "gsm:+4520006000");
        Mrs mrs = sendMessageStyle(CARE_DEVICE, press);
        assertThat(mrs.cre()).isEqualTo("62");
        assertThat(mrs.tnu()).isEqualTo(CARE_PHONE);
        assertThat(stored(CARE_DEVICE, press)).isEqualTo(1);

        Mrq body = press(CARE_BODY_DEVICE, "sip:" + CARE_BODY_DEVICE + "@carephone.example");
        try (ScaipTestDevice device = ScaipTestDevice.udp(server.server.scaipPort())) {
            device.send(device.message(CARE_BODY_DEVICE, body));
            SipResponse ok = device.response();
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header(SipHeaders.CONTENT_TYPE)).isEqualTo("application/scaip+xml");
            String xml = new String(ok.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(xml).contains("<snu>0</snu><cre>62</cre><tnu>" + CARE_PHONE + "</tnu>");
        }
        assertThat(stored(CARE_BODY_DEVICE, body)).isEqualTo(1);
    }

    @Test
    void aDeviceThatPlacesNoVoiceCallOrWhoseSupplierDidNotAskIsToldNoNumber() throws Exception {
        Mrs noVoice = sendMessageStyle(CARE_DEVICE, press(CARE_DEVICE, "no-voice:"));
        assertThat(noVoice.cre()).isNull();
        assertThat(noVoice.tnu()).isNull();
        Mrq homePress = press(HOME_DEVICE, "gsm:+4520004000");
        Mrs home = sendMessageStyle(HOME_DEVICE, homePress);
        assertThat(home.cre()).isNull();
        assertThat(home.tnu()).isNull();
        assertThat(stored(HOME_DEVICE, homePress)).isEqualTo(1);
    }

    @Test
    void whenTheVoiceLookupFailsTheDeviceStillGetsItsOkAndTheAlarmIsStored() throws Exception {
        // the routing data cannot be read while the choices table is away; the alarms table is untouched
        sql("ALTER TABLE supplier_choices RENAME TO supplier_choices_away");
        Mrq press = press(FAILING_DEVICE, "gsm:+4520008000");
        try {
            Mrs mrs = sendMessageStyle(FAILING_DEVICE, press);
            assertThat(mrs.cre()).isNull();
            assertThat(mrs.tnu()).isNull();
        } finally {
            sql("ALTER TABLE supplier_choices_away RENAME TO supplier_choices");
        }
        assertThat(stored(FAILING_DEVICE, press)).isEqualTo(1);
        // with the data readable again the same device is told the desk's phone
        assertThat(sendMessageStyle(FAILING_DEVICE, press(FAILING_DEVICE, "gsm:+4520008000")).tnu())
                .isEqualTo(CARE_PHONE);
    }

    static void sql(String statement) throws Exception {
        try (Connection c = server.server.database().connection(); Statement s = c.createStatement()) {
            s.execute(statement);
            c.commit();
        }
    }
}
