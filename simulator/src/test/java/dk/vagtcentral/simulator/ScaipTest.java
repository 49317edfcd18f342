package dk.vagtcentral.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.scaip.MrqDecoder;
import dk.vagtcentral.protocol.scaip.MrsStyle;
import dk.vagtcentral.protocol.scaip.ScaipStatus;
import dk.vagtcentral.protocol.sip.DigestAuth;
import dk.vagtcentral.protocol.sip.SipHeaders;
import dk.vagtcentral.protocol.sip.SipMessage;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.Via;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** SCAIP devices against an in-test receiver built on the protocol codec ({@link ScaipResponder}). */
class ScaipTest {
    private static final String CID = "4510001000";

    private static Dc09Client client(int port, Transport transport, Duration ackTimeout) {
        return Dc09Client.builder("127.0.0.1", port).protocol(Protocol.SCAIP).transport(transport)
                .ackTimeout(ackTimeout).maxAttempts(5).deadline(Duration.ofSeconds(30)).build();
    }

    private static Dc09Client client(int port, Transport transport) {
        return client(port, transport, Duration.ofSeconds(5));
    }

    private static SendResult result(CompletableFuture<SendResult> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static Mrq mrq(SipRequest request) {
        return MrqDecoder.decode(request.body()).mrq();
    }

    @ParameterizedTest(name = "{0}, <mrs> in {1}")
    @CsvSource({"UDP, BODY", "UDP, MESSAGE", "TCP, BODY", "TCP, MESSAGE"})
    void aButtonPressIsAckedByItsMrsEitherWay(Transport transport, MrsStyle style) throws Exception {
        try (ScaipResponder receiver = new ScaipResponder(); Dc09Client client = client(receiver.port(), transport)) {
            receiver.style = style;
            ScaipMessage message = ScaipDevice.of(CID).message(ScaipKind.BUTTON);

            SendResult r = result(client.send(message));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(1, r.attempts());
            assertEquals(0, r.mrs().snu());
            assertEquals(message.ref(), r.mrs().ref());
            assertEquals(1, receiver.storedCount(CID, message.ref()));
            SipRequest sent = receiver.messages().get(0);
            assertEquals("application/scaip+xml", sent.header(SipHeaders.CONTENT_TYPE));
            assertEquals(transport.name(), sent.topVia().transport());
            assertTrue(sent.topVia().rportRequested(), "asks for the answer on the flow it sent from");
            Mrq body = mrq(sent);
            assertEquals(List.of("ref", "cid", "mty", "dty", "stc"),
                    body.elements().stream().map(Mrq.Element::name).toList());
            assertEquals(CID, body.cid());
            assertEquals("ME", body.mty());
            assertEquals(3, body.code(Mrq.DTY).getAsInt());
            assertEquals(10, body.code(Mrq.STC).getAsInt());
            if (style == MrsStyle.MESSAGE) {
                await().atMost(Duration.ofSeconds(5)).until(() -> receiver.mrsAnswers.contains(200));
                assertEquals(1, client.log().mrsInMessage());
                assertEquals(0, client.log().mrsInBody());
            } else {
                assertEquals(1, client.log().mrsInBody());
            }
            AckedMessage acked = r.toAcked();
            assertTrue(acked.isAlarm());
            assertEquals(CID + "|" + message.ref(), acked.key());
            assertEquals(0, client.log().sipRetransmissions());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void aDigestChallengeIsAnsweredWithThePasswordAndLaterMessagesAnswerItUnasked(Transport transport)
            throws Exception {
        try (ScaipResponder receiver = new ScaipResponder(); Dc09Client client = client(receiver.port(), transport)) {
            receiver.password = "s3cret";
            ScaipDevice device = ScaipDevice.of(CID).withPassword("s3cret");

            SendResult first = result(client.send(device, ScaipKind.FALL));
            SendResult second = result(client.send(device, ScaipKind.BUTTON));

            assertEquals(SendOutcome.ACKED, first.outcome(), first.toString());
            assertEquals(2, first.attempts(), "the request, then again with credentials");
            assertEquals(1, first.challenges());
            assertEquals(SendOutcome.ACKED, second.outcome(), second.toString());
            assertEquals(1, second.attempts(), "the device answers the challenge it kept");
            assertEquals(0, second.challenges());
            assertEquals(1, receiver.challenges.get());
            assertEquals(2, receiver.authorized.get());
            List<SipRequest> sent = receiver.messages();
            assertNull(sent.get(0).header(SipHeaders.AUTHORIZATION));
            DigestAuth.Credentials c = DigestAuth.parse(sent.get(1).header(SipHeaders.AUTHORIZATION));
            assertEquals(CID, c.username());
            assertEquals("auth", c.get("qop"));
            assertEquals(ScaipResponder.REALM, c.get("realm"));
            assertEquals(sent.get(0).callId(), sent.get(1).callId(), "the same message: the same Call-ID");
            assertEquals(sent.get(0).cseq().number() + 1, sent.get(1).cseq().number(), "a new request: the next CSeq");
            assertNotEquals(sent.get(0).topVia().branch(), sent.get(1).topVia().branch());
            assertEquals(mrq(sent.get(0)).ref(), mrq(sent.get(1)).ref());
            assertEquals("00000002", DigestAuth.parse(sent.get(2).header(SipHeaders.AUTHORIZATION)).get("nc"));
            assertEquals(1, receiver.storedCount(CID, mrq(sent.get(0)).ref()));
        }
    }

    @Test
    void aWrongPasswordFailsTheMessageAndSaysSo() throws Exception {
        try (ScaipResponder receiver = new ScaipResponder();
             Dc09Client client = client(receiver.port(), Transport.UDP)) {
            receiver.password = "right";

            SendResult r = result(client.send(ScaipDevice.of(CID).withPassword("wrong"), ScaipKind.BUTTON));

            assertEquals(SendOutcome.FAILED, r.outcome());
            assertEquals(2, r.attempts());
            assertTrue(r.detail().contains("refused the device's credentials") && r.detail().contains("wrong password"),
                    r.detail());
            assertTrue(receiver.stored.isEmpty());
        }
    }

    @Test
    void aChallengeToADeviceWithoutAPasswordFailsAndSaysWhatIsMissing() throws Exception {
        try (ScaipResponder receiver = new ScaipResponder();
             Dc09Client client = client(receiver.port(), Transport.TCP)) {
            receiver.password = "pw";

            SendResult r = result(client.send(ScaipDevice.of(CID), ScaipKind.BUTTON));

            assertEquals(SendOutcome.FAILED, r.outcome());
            assertEquals(1, r.attempts());
            assertTrue(r.detail().contains("asks for a password") && r.detail().contains("--password"), r.detail());
        }
    }

    @Test
    void aLostDatagramIsRetransmittedUnchangedWithinItsTransaction() throws Exception {
        try (ScaipResponder receiver = new ScaipResponder();
             Dc09Client client = client(receiver.port(), Transport.UDP)) {
            receiver.dropDatagrams.set(1);

            SendResult r = result(client.send(ScaipDevice.of(CID), ScaipKind.SMOKE));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(1, r.attempts(), "one request, sent twice");
            assertEquals(1, client.log().sipRetransmissions());
            assertEquals(0, client.log().timeouts());
            assertEquals(1, receiver.dropped.get());
            SipMessage lost = receiver.droppedMessages.get(0);
            SipRequest retransmitted = receiver.messages().get(0);
            assertEquals(lost.topVia().branch(), retransmitted.topVia().branch(), "the same transaction");
            assertEquals(lost.callId(), retransmitted.callId());
            assertEquals(lost.cseq(), retransmitted.cseq());
            assertEquals(new String(lost.body()), new String(retransmitted.body()));
            assertEquals(1, receiver.messages().size());
        }
    }

    @Test
    void udpRetransmissionsComeAtDoublingIntervalsFrom500MillisecondsUpTo4Seconds() {
        long interval = ScaipWire.T1_MILLIS;
        List<Long> intervals = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            intervals.add(interval);
            interval = ScaipWire.nextInterval(interval);
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 4000L, 4000L), intervals);
    }

    @Test
    void retransmissionsOfARequestStillBeingAnsweredAreAbsorbedAndStoredOnce() throws Exception {
        try (ScaipResponder receiver = new ScaipResponder();
             Dc09Client client = client(receiver.port(), Transport.UDP)) {
            receiver.holdFirstUntilRetransmitted = true;
            ScaipMessage message = ScaipDevice.of(CID).message(ScaipKind.BUTTON);

            SendResult r = result(client.send(message));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(1, r.attempts());
            assertTrue(client.log().sipRetransmissions() >= 1);
            assertTrue(receiver.absorbed.get() >= 1);
            assertEquals(1, receiver.storedCount(CID, message.ref()));
            List<SipRequest> sent = receiver.messages();
            assertTrue(sent.size() >= 2, "the request and its retransmission: " + sent.size());
            for (SipRequest s : sent) {
                assertEquals(sent.get(0).topVia().branch(), s.topVia().branch());
                assertEquals(sent.get(0).cseq(), s.cseq());
            }
            assertEquals(1, client.log().ackedCount());
        }
    }

    @Test
    void overTcpTheMessageGoesAgainWithTheSameRefAfterTheTimeout() throws Exception {
        try (ScaipResponder receiver = new ScaipResponder();
             Dc09Client client = client(receiver.port(), Transport.TCP, Duration.ofMillis(300))) {
            receiver.ignoreRequests.set(1);
            ScaipMessage message = ScaipDevice.of(CID).message(ScaipKind.BUTTON);

            SendResult r = result(client.send(message));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(2, r.attempts());
            assertEquals(1, client.log().timeouts());
            assertEquals(0, client.log().sipRetransmissions(), "TCP is reliable: no retransmission of a request");
            List<SipRequest> sent = receiver.messages();
            assertEquals(2, sent.size());
            assertEquals(sent.get(0).callId(), sent.get(1).callId());
            assertEquals(1, sent.get(0).cseq().number());
            assertEquals(2, sent.get(1).cseq().number());
            assertNotEquals(sent.get(0).topVia().branch(), sent.get(1).topVia().branch());
            assertTrue(sent.get(1).topVia().branch().startsWith(Via.MAGIC_COOKIE));
            assertEquals(message.data(), mrq(sent.get(1)).xml(), "the same <mrq>, ref and all");
            assertEquals(1, receiver.storedCount(CID, message.ref()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = MrsStyle.class)
    void anMrsWithAnotherSnuEndsTheMessageAsRefusedAndIsCounted(MrsStyle style) throws Exception {
        try (ScaipResponder receiver = new ScaipResponder();
             Dc09Client client = client(receiver.port(), Transport.UDP)) {
            receiver.style = style;
            receiver.status = m -> ScaipStatus.NOT_TREATED;

            SendResult r = result(client.send(ScaipDevice.of(CID), ScaipKind.BUTTON));

            assertEquals(SendOutcome.REFUSED, r.outcome(), r.toString());
            assertEquals(5, r.mrs().snu());
            assertEquals(1, r.attempts(), "an answer: not sent again");
            assertTrue(r.detail().contains("snu 5 (not treated)"), r.detail());
            assertEquals(1, client.log().refused());
            assertEquals(Map.of(5, 1L), client.log().refusedBySnu());
            assertTrue(client.log().acked().isEmpty());
            assertEquals(1, receiver.messages().size());
        }
    }

    @Test
    void aHeartbeatIsAckedButIsNotAnAlarm() throws Exception {
        try (ScaipResponder receiver = new ScaipResponder();
             Dc09Client client = client(receiver.port(), Transport.UDP)) {
            SendResult r = result(client.send(ScaipDevice.of(CID), ScaipKind.HEARTBEAT));

            assertEquals(SendOutcome.ACKED, r.outcome());
            Mrq sent = mrq(receiver.messages().get(0));
            assertEquals("PI", sent.mty());
            assertNull(sent.value(Mrq.STC));
            assertFalse(r.message().isAlarm());
            assertFalse(r.toAcked().isAlarm());
            assertTrue(receiver.stored.isEmpty());
        }
    }

    @Test
    void goesToTheSecondaryWhenThePrimaryRefusesTheConnection() throws Exception {
        try (ScaipResponder secondary = new ScaipResponder();
             Dc09Client client = Dc09Client.builder("127.0.0.1", TwoReceivers.refusingPort())
                     .protocol(Protocol.SCAIP).secondary("127.0.0.1", secondary.port()).build()) {
            ScaipMessage message = ScaipDevice.of(CID).message(ScaipKind.BUTTON);

            SendResult r = result(client.send(message));

            assertEquals(SendOutcome.ACKED, r.outcome(), r.toString());
            assertEquals(1, client.log().failover().failovers());
            assertEquals(1, secondary.storedCount(CID, message.ref()));
        }
    }

    @Test
    void tcpOneShotIsNotASCaipTransport() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Dc09Client.builder("127.0.0.1", 5060).protocol(Protocol.SCAIP)
                        .transport(Transport.TCP_ONESHOT).build());
        assertTrue(e.getMessage().contains("tcp or udp"), e.getMessage());
    }

    @Test
    void theKindsCarryTheirCodesAndEachMessageItsOwnRef() {
        ScaipDevice device = new ScaipDevice(CID, 12, null, "gsm:+4512345678");
        ScaipMessage a = device.message(ScaipKind.BUTTON);
        ScaipMessage b = device.message(ScaipKind.BATTERY_LOW);
        assertNotEquals(a.ref(), b.ref());
        assertTrue(a.ref().matches("[0-9A-Z]{10}"), a.ref());
        assertEquals("12", a.mrq().value(Mrq.DTY), "the device's own type");
        assertEquals("gsm:+4512345678", a.mrq().crd(), "an alarm carries the call-back address");
        assertEquals("16", b.mrq().value(Mrq.STC));
        assertEquals("5", device.message(ScaipKind.FALL).mrq().value(Mrq.DTY));
        assertEquals("23", device.message(ScaipKind.SMOKE).mrq().value(Mrq.DTY));
        assertEquals("RE", device.message(ScaipKind.RESET).mrq().mty());
        assertNull(device.message(ScaipKind.RESET).mrq().crd());
        assertEquals("102", device.message(ScaipKind.TEST).mrq().value(Mrq.STC));
        assertEquals(ScaipKind.BUTTON, ScaipKind.parse("emergency"));
        assertEquals(ScaipKind.SMOKE, ScaipKind.parse("fire"));
        assertEquals(ScaipKind.HEARTBEAT, ScaipKind.parse("NULL"));
        assertEquals(ScaipKind.BATTERY_LOW, ScaipKind.parse("battery-low"));
        assertNotNull(MrqDecoder.decode(a.mrq().encode()).mrq(), "what the receiver's decoder reads");
    }
}
