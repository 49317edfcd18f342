package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.scaip.Mrs;
import dk.vagtcentral.protocol.sip.DigestAuth;
import dk.vagtcentral.protocol.sip.NameAddr;
import dk.vagtcentral.protocol.sip.SipHeaders;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;
import dk.vagtcentral.protocol.sip.Via;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.ScaipTestDevice;
import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SCAIP receiver against a real server, over UDP and TCP: what is stored and what is answered, request by request. */
class ScaipReceiverTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static int port;
    static final AtomicInteger REFS = new AtomicInteger(100);
    /** Registered in {@link #start} with a password. */
    static final String GUARDED = "4520000001";
    static final String PASSWORD = "pendant-secret";
    /** Registered in {@link #start} with the BODY quirk. */
    static final String BODY_STYLE = "4520000002";

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("scaip.port", 0));
        port = server.server.scaipPort();
        assertThat(server.put("/api/v1/admin/devices/" + GUARDED, new JsonObject().put("protocol", "SCAIP")
                .put("password", PASSWORD).put("label", "guarded").encode()).statusCode()).isEqualTo(201);
        assertThat(server.put("/api/v1/admin/devices/" + BODY_STYLE, new JsonObject().put("protocol", "SCAIP")
                .put("mrsStyle", "BODY").encode()).statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String ref() {
        return "R" + REFS.incrementAndGet();
    }

    static Mrq button(String cid, String ref) {
        return Mrq.of("ref", ref, "cid", cid, "mty", "ME", "dty", "0003", "did", "01", "stc", "0010",
                "crd", "gsm:+4520000000", "stt", "Knap trykket");
    }

    static JsonArray alarmsOf(String account) throws Exception {
        var response = server.get("/api/v1/alarms?account=" + account + "&limit=1000");
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonArray("items");
    }

    static JsonObject alarm(long id) throws Exception {
        return new JsonObject(server.get("/api/v1/alarms/" + id).body());
    }

    static String body(SipRequest r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The {@code <mrs>} of a MESSAGE-style answer: 200 OK without body, then the receiver's MESSAGE, answered 200. */
    static Mrs mrsByMessage(ScaipTestDevice device) throws Exception {
        SipResponse ok = device.response();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEmpty();
        SipRequest message = device.request();
        assertThat(message.method()).isEqualTo("MESSAGE");
        assertThat(message.header(SipHeaders.CONTENT_TYPE)).isEqualTo("application/scaip+xml");
        device.ok(message);
        return Mrs.parse(message.body()).orElseThrow();
    }

    @Test
    void aButtonPressOverUdpIsStoredBeforeItsMrsAndEveryElementIsKept() throws Exception {
        String cid = "4510001001";
        String ref = ref();
        Mrq mrq = button(cid, ref);
        try (ScaipTestDevice device = ScaipTestDevice.udp(port)) {
            device.send(device.message(cid, mrq));
            SipResponse ok = device.response();
            assertThat(ok.status()).isEqualTo(200);
            Via via = ok.topVia();
            assertThat(via.params()).containsEntry("rport", Integer.toString(device.localPort()))
                    .containsEntry("received", "127.0.0.1");
            assertThat(NameAddr.parse(ok.header(SipHeaders.TO)).tag()).isNotBlank();
            // the answer comes after the commit: the alarm is readable at once
            JsonArray stored = alarmsOf(cid);
            assertThat(stored).hasSize(1);
            SipRequest mrsMessage = device.request();
            assertThat(mrsMessage.requestUri()).isEqualTo("sip:" + cid + "@127.0.0.1:" + device.localPort());
            assertThat(mrsMessage.topVia().transport()).isEqualTo("UDP");
            Mrs mrs = Mrs.parse(mrsMessage.body()).orElseThrow();
            assertThat(mrs.ref()).isEqualTo(ref);
            assertThat(mrs.snu()).isZero();
            device.ok(mrsMessage);
            JsonObject alarm = alarm(stored.getJsonObject(0).getLong("id"));
            assertThat(alarm.getString("source")).isEqualTo("SCAIP_UDP");
            assertThat(alarm.getString("category")).isEqualTo("EMERGENCY");
            assertThat(alarm.getString("eventCode")).isEqualTo("10");
            assertThat(alarm.getString("zone")).isEqualTo("01");
            assertThat(alarm.getString("callbackAddress")).isEqualTo("gsm:+4520000000");
            assertThat(alarm.getString("data")).isEqualTo(mrq.xml());
            assertThat(alarm.getString("text")).contains("Personal trigger: manual alarm").contains("Knap trykket");
        }
    }

    @Test
    void udpRetransmissionsAreAbsorbedOrAnsweredAlikeAndStoredOnce() throws Exception {
        String cid = "4510001002";
        try (ScaipTestDevice device = ScaipTestDevice.udp(port)) {
            String request = device.message(cid, button(cid, ref()));
            device.send(request);
            device.send(request); // absorbed while the first is committing, or answered alike after
            SipResponse first = device.response();
            SipRequest mrs = device.request();
            device.ok(mrs);
            // a retransmission after the answer gets the very same response (same To tag), not a second alarm
            device.send(request);
            SipResponse again = null;
            for (int i = 0; i < 3 && again == null; i++) {
                var m = device.receive();
                if (m instanceof SipResponse r) {
                    again = r;
                }
            }
            assertThat(again).isNotNull();
            assertThat(again.header(SipHeaders.TO)).isEqualTo(first.header(SipHeaders.TO));
        }
        assertThat(alarmsOf(cid)).hasSize(1);
    }

    @Test
    void aRepeatedRefOverTcpIsAnsweredAgainAndStoredOnceAndTheBodyStyleCarriesTheMrs() throws Exception {
        String ref = ref();
        Mrq mrq = button(BODY_STYLE, ref);
        for (int i = 0; i < 2; i++) {
            try (ScaipTestDevice device = ScaipTestDevice.tcp(port)) {
                device.send(device.message(BODY_STYLE, mrq));
                SipResponse ok = device.response();
                assertThat(ok.status()).isEqualTo(200);
                assertThat(ok.header(SipHeaders.CONTENT_TYPE)).isEqualTo("application/scaip+xml");
                Mrs mrs = Mrs.parse(ok.body()).orElseThrow();
                assertThat(mrs.ref()).isEqualTo(ref);
                assertThat(mrs.snu()).isZero();
                assertThat(device.receive(300)).as("no MESSAGE follows in the BODY style").isNull();
            }
        }
        JsonArray stored = alarmsOf(BODY_STYLE);
        assertThat(stored).hasSize(1);
        assertThat(stored.getJsonObject(0).getString("source")).isEqualTo("SCAIP_TCP");
        // the same ref with other content is another message
        try (ScaipTestDevice device = ScaipTestDevice.tcp(port)) {
            device.send(device.message(BODY_STYLE, Mrq.of("ref", ref, "cid", BODY_STYLE, "dty", "5", "stc", "9")));
            assertThat(Mrs.parse(device.response().body()).orElseThrow().snu()).isZero();
        }
        assertThat(alarmsOf(BODY_STYLE)).hasSize(2);
    }

    @Test
    void tcpCarriesTheMrsMessageOnTheSameConnection() throws Exception {
        String cid = "4510001003";
        try (ScaipTestDevice device = ScaipTestDevice.tcp(port)) {
            device.send(device.message(cid, Mrq.of("cid", cid, "dty", "5", "stc", "9", "ref", "F1")));
            Mrs mrs = mrsByMessage(device);
            assertThat(mrs.ref()).isEqualTo("F1");
            assertThat(mrs.ok()).isTrue();
            // a keep-alive ping is answered with a pong on the same connection
            device.send("\r\n\r\n");
            assertThat(new String(device.readAvailable(2_000), StandardCharsets.US_ASCII)).isEqualTo("\r\n");
        }
        assertThat(alarmsOf(cid).getJsonObject(0).getString("category")).isEqualTo("EMERGENCY");
    }

    @Test
    void badXmlMissingElementsAndUnknownControllersAreRefusedWithTheirSnu() throws Exception {
        try (ScaipTestDevice device = ScaipTestDevice.udp(port)) {
            device.send(device.message("4510001004", "<mrq><ref>B1</ref><cid>4510001004</cid><dty>3</dty>"));
            Mrs bad = mrsByMessage(device);
            assertThat(bad.snu()).isEqualTo(2);
            assertThat(bad.ref()).isEqualTo("B1");
            device.send(device.message("4510001004", "<mrq><ref>B2</ref><cid>4510001004</cid></mrq>"));
            assertThat(mrsByMessage(device).snu()).isEqualTo(7);
            device.send(device.message("4599999999", button("4599999999", "B3")));
            Mrs unknown = mrsByMessage(device);
            assertThat(unknown.snu()).isEqualTo(5);
            assertThat(unknown.ste()).contains("unknown controller");
        }
        assertThat(alarmsOf("4510001004")).isEmpty();
        assertThat(alarmsOf("4599999999")).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonArray unknown = new JsonObject(server.get("/api/v1/unknown-devices?limit=1000").body())
                    .getJsonArray("items");
            assertThat(unknown.stream().map(o -> (JsonObject) o)
                    .filter(o -> "4599999999".equals(o.getString("account")))
                    .map(o -> o.getString("source"))).containsExactly("SCAIP_UDP");
        });
    }

    @Test
    void aControllerWithAPasswordIsChallengedAndOnlyItsValidAnswerIsStored() throws Exception {
        String ref = ref();
        try (ScaipTestDevice device = ScaipTestDevice.tcp(port)) {
            device.send(device.message(GUARDED, button(GUARDED, ref)));
            SipResponse challenge = device.response();
            assertThat(challenge.status()).isEqualTo(401);
            String www = challenge.header(SipHeaders.WWW_AUTHENTICATE);
            assertThat(www).startsWith("Digest ").contains("realm=\"vagtcentral\"").contains("algorithm=MD5");
            DigestAuth.Credentials offered = DigestAuth.parse(www);
            assertThat(alarmsOf(GUARDED)).isEmpty();

            device.send(device.message(GUARDED, button(GUARDED, ref), authorization(offered, "wrong-password")));
            assertThat(device.response().status()).isEqualTo(401);
            assertThat(alarmsOf(GUARDED)).isEmpty();

            device.send(device.message(GUARDED, button(GUARDED, ref), authorization(offered, PASSWORD)));
            Mrs mrs = mrsByMessage(device);
            assertThat(mrs.snu()).isZero();
            assertThat(mrs.ref()).isEqualTo(ref);
        }
        assertThat(alarmsOf(GUARDED)).hasSize(1);
    }

    /** What a device answers a challenge with, computed from RFC 2617's formulas. */
    static String authorization(DigestAuth.Credentials challenge, String password) {
        String uri = "sip:alarm@127.0.0.1:" + port;
        String nonce = challenge.get("nonce");
        String ha1 = md5(GUARDED + ":" + challenge.get("realm") + ":" + password);
        String ha2 = md5("MESSAGE:" + uri);
        String response = md5(ha1 + ":" + nonce + ":00000001:abcdef:auth:" + ha2);
        return "Authorization: Digest username=\"" + GUARDED + "\", realm=\"" + challenge.get("realm") + "\", nonce=\""
                + nonce + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, "
                + "nc=00000001, cnonce=\"abcdef\"";
    }

    static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHeartbeatIsAnsweredAndRaisesNothing() throws Exception {
        String cid = "4510001005";
        try (ScaipTestDevice device = ScaipTestDevice.udp(port)) {
            device.send(device.message(cid, Mrq.of("ref", "H1", "cid", cid, "mty", "PI", "dty", "2")));
            assertThat(mrsByMessage(device).snu()).isZero();
        }
        assertThat(alarmsOf(cid)).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonObject device = new JsonObject(server.get("/api/v1/devices").body()).getJsonArray("items").stream()
                    .map(o -> (JsonObject) o).filter(o -> cid.equals(o.getString("account"))).findFirst().orElseThrow();
            assertThat(device.getString("protocol")).isEqualTo("SCAIP");
            assertThat(device.getString("lastSeenAt")).as("the heartbeat counts as a sighting").isNotNull();
        });
    }

    @Test
    void optionsAnotherMethodAnotherBodyTypeAndMalformedRequestsGetTheirSipAnswers() throws Exception {
        try (ScaipTestDevice device = ScaipTestDevice.udp(port)) {
            device.send(device.request("OPTIONS", "4510001006", "", "", "z9hG4bK-o1", "o1", 1));
            SipResponse options = device.response();
            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header(SipHeaders.ALLOW)).contains("MESSAGE").contains("OPTIONS");
            assertThat(options.header(SipHeaders.ACCEPT)).isEqualTo("application/scaip+xml");

            device.send(device.request("INVITE", "4510001006", "", "", "z9hG4bK-i1", "i1", 1));
            SipResponse invite = device.response();
            assertThat(invite.status()).isEqualTo(405);
            assertThat(invite.header(SipHeaders.ALLOW)).contains("MESSAGE");

            device.send(device.request("MESSAGE", "4510001006", "hello", "text/plain", "z9hG4bK-p1", "p1", 1));
            assertThat(device.response().status()).isEqualTo(415);

            String noCallId = device.message("4510001006", button("4510001006", "M1")).replaceFirst("Call-ID: [^\r]*\r\n",
                    "");
            device.send(noCallId);
            SipResponse bad = device.response();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.header("Warning")).contains("Call-ID");
        }
        assertThat(alarmsOf("4510001006")).isEmpty();
    }

    @Test
    void aStreamWithoutContentLengthIsAnswered400AndClosed() throws Exception {
        try (ScaipTestDevice device = ScaipTestDevice.tcp(port)) {
            device.send(device.message("4510001007", button("4510001007", "C1"))
                    .replaceFirst("Content-Length: [0-9]+\r\n", ""));
            assertThat(device.response().status()).isEqualTo(400);
            assertThat(device.closedByPeer(3_000)).isTrue();
        }
    }

    @Test
    void theDc09ReceiverDoesNotTakeAScaipControllerForItsAccount() throws Exception {
        String cid = "4510001008";
        Dc09Message frame = new Dc09Message(Dc09Ids.SIA_DCS, false, 1, null, "0", cid, "#" + cid + "|NQA001",
                List.of(), Instant.now());
        try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
            assertThat(client.exchange(Dc09Codec.encode(frame)).message().id()).isEqualTo(Dc09Ids.DUH);
        }
        assertThat(alarmsOf(cid)).isEmpty();
    }
}
