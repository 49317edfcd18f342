package dk.vagtcentral.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipCodecTest {
    static final String BODY = "<mrq><ref>1</ref><cid>4510001000</cid><dty>3</dty></mrq>";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String message(String headers, String body) {
        return "MESSAGE sip:alarm@127.0.0.1 SIP/2.0\r\n" + headers + "Content-Length: " + bytes(body).length
                + "\r\n\r\n" + body;
    }

    static final String HEADERS = "Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-1;rport\r\n"
            + "Max-Forwards: 70\r\nFrom: <sip:4510001000@10.0.0.7>;tag=abc\r\nTo: <sip:alarm@127.0.0.1>\r\n"
            + "Call-ID: c1@10.0.0.7\r\nCSeq: 1 MESSAGE\r\nContent-Type: application/scaip+xml\r\n";

    @Test
    void aDatagramDecodesIntoItsRequest() {
        SipDecodeResult r = SipCodec.decodeDatagram(bytes(message(HEADERS, BODY)));
        SipRequest req = (SipRequest) r.message();
        assertEquals("MESSAGE", req.method());
        assertEquals("sip:alarm@127.0.0.1", req.requestUri());
        assertEquals("c1@10.0.0.7", req.callId());
        assertEquals(new CSeq(1, "MESSAGE"), req.cseq());
        assertEquals("z9hG4bK-1", req.topVia().branch());
        assertTrue(req.topVia().rportRequested());
        assertEquals(BODY, new String(req.body(), StandardCharsets.UTF_8));
    }

    @Test
    void compactNamesFoldedLinesAndBareLineFeedsAreRead() {
        String text = "MESSAGE sip:alarm@127.0.0.1 SIP/2.0\n"
                + "v: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-2\n"
                + "f: <sip:4510001000@10.0.0.7>\n ;tag=abc\n"
                + "t: <sip:alarm@127.0.0.1>\ni: c2\nCSEQ: 7 message\nc: application/scaip+xml\nl: " + BODY.length()
                + "\n\n" + BODY;
        SipRequest req = (SipRequest) SipCodec.decodeDatagram(bytes(text)).message();
        assertEquals("c2", req.header("Call-ID"));
        assertEquals("<sip:4510001000@10.0.0.7> ;tag=abc", req.header(SipHeaders.FROM));
        assertEquals("abc", NameAddr.parse(req.header(SipHeaders.FROM)).tag());
        assertEquals(new CSeq(7, "MESSAGE"), req.cseq());
        assertEquals("application/scaip+xml", req.header("content-type"));
        assertEquals(BODY.length(), req.body().length);
    }

    @Test
    void withoutContentLengthADatagramsBodyRunsToItsEnd() {
        String text = "MESSAGE sip:a@b SIP/2.0\r\n" + HEADERS + "\r\n" + BODY;
        assertEquals(BODY, new String(SipCodec.decodeDatagram(bytes(text)).message().body(), StandardCharsets.UTF_8));
    }

    @Test
    void aContentLengthBeyondTheDatagramIsAnsweredNotGuessed() {
        String text = "MESSAGE sip:a@b SIP/2.0\r\n" + HEADERS + "Content-Length: 500\r\n\r\n" + BODY;
        SipDecodeResult r = SipCodec.decodeDatagram(bytes(text));
        assertFalse(r.isSuccess());
        assertEquals(SipDecodeFailure.BAD_CONTENT_LENGTH, r.failure());
        assertTrue(r.answerable().isPresent(), "the headers read, so a 400 can be sent");
    }

    @Test
    void aMissingCallIdIsAnswerableButAMissingViaIsNot() {
        SipDecodeResult noCallId = SipCodec.decodeDatagram(bytes(message(HEADERS.replace("Call-ID: c1@10.0.0.7\r\n",
                ""), BODY)));
        assertEquals(SipDecodeFailure.MISSING_HEADER, noCallId.failure());
        assertTrue(noCallId.answerable().isPresent());
        SipDecodeResult noVia = SipCodec.decodeDatagram(bytes(message(HEADERS.replaceFirst("Via: [^\r]*\r\n", ""),
                BODY)));
        assertEquals(SipDecodeFailure.MISSING_HEADER, noVia.failure());
        assertTrue(noVia.answerable().isEmpty(), "a response cannot be routed without a Via");
    }

    @Test
    void aCseqOfAnotherMethodOrAnotherVersionIsRefused() {
        SipDecodeResult wrongMethod = SipCodec.decodeDatagram(bytes(message(HEADERS.replace("1 MESSAGE", "1 INVITE"),
                BODY)));
        assertEquals(SipDecodeFailure.BAD_HEADER, wrongMethod.failure());
        SipDecodeResult version = SipCodec.decodeDatagram(bytes(message(HEADERS, BODY).replace("SIP/2.0\r\nVia",
                "SIP/3.0\r\nVia")));
        assertEquals(SipDecodeFailure.UNSUPPORTED_VERSION, version.failure());
        assertTrue(version.answerable().isPresent());
    }

    @Test
    void garbageAndBinaryAreFailuresNeverExceptions() {
        assertEquals(SipDecodeFailure.BAD_START_LINE, SipCodec.decodeDatagram(bytes("hello world\r\n\r\n")).failure());
        assertEquals(SipDecodeFailure.BINARY, SipCodec.decodeDatagram(new byte[]{'M', 0, 1, 2, '\r', '\n'}).failure());
        assertTrue(SipCodec.decodeDatagram(bytes("\r\n\r\n")).isKeepalive());
        assertEquals(SipDecodeFailure.OVERSIZED, SipCodec.decodeDatagram(bytes("MESSAGE sip:a@b SIP/2.0\r\nX: "
                + "x".repeat(SipCodec.MAX_HEADER_SECTION) + "\r\n\r\n")).failure());
    }

    @Test
    void encodingWritesTheBodysLengthAndDecodesBack() {
        SipRequest req = new SipRequest("MESSAGE", "sip:4510001000@10.0.0.7:5060", SipHeaders.of(List.of(
                new SipHeaders.Field("Via", "SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK-x"),
                new SipHeaders.Field("From", "<sip:alarm@127.0.0.1>;tag=1"),
                new SipHeaders.Field("To", "<sip:4510001000@10.0.0.7>"),
                new SipHeaders.Field("Call-ID", "abc"), new SipHeaders.Field("CSeq", "1 MESSAGE"),
                new SipHeaders.Field("Content-Length", "999"))), bytes(BODY));
        byte[] wire = SipCodec.encode(req);
        assertTrue(new String(wire, StandardCharsets.UTF_8).contains("Content-Length: " + BODY.length() + "\r\n\r\n"));
        SipRequest back = (SipRequest) SipCodec.decodeDatagram(wire).message();
        assertEquals("abc", back.callId());
        assertArrayEquals(bytes(BODY), back.body());
    }

    @Test
    void aResponseDecodes() {
        String text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-y\r\nCall-ID: x\r\n"
                + "CSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n";
        SipResponse r = (SipResponse) SipCodec.decodeDatagram(bytes(text)).message();
        assertEquals(200, r.status());
        assertEquals("z9hG4bK-y", r.topVia().branch());
    }

    @Test
    void responsesCopyTheHeadersAndStampTheViaForSymmetricRouting() {
        String twoVias = HEADERS.replace("Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-1;rport\r\n",
                "Via: SIP/2.0/UDP 192.168.1.2:5060;branch=z9hG4bK-0;rport\r\n"
                        + "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-p\r\n");
        SipRequest req = (SipRequest) SipCodec.decodeDatagram(bytes(message(twoVias, BODY))).message();
        SipResponse ok = SipResponses.to(req, 200, "t1", "203.0.113.9", 40001, null, null);
        List<String> vias = ok.headers().all(SipHeaders.VIA);
        assertEquals("SIP/2.0/UDP 192.168.1.2:5060;branch=z9hG4bK-0;rport=40001;received=203.0.113.9", vias.get(0));
        assertEquals("<sip:alarm@127.0.0.1>;tag=t1", ok.header(SipHeaders.TO));
        assertEquals("SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-p", vias.get(1));
        assertEquals(req.header(SipHeaders.FROM), ok.header(SipHeaders.FROM));
        assertEquals("1 MESSAGE", ok.header(SipHeaders.CSEQ));
        SipResponse trying = SipResponses.to(req, 100, "t1", "203.0.113.9", 40001, null, null);
        assertNull(NameAddr.parse(trying.header(SipHeaders.TO)).tag(), "no To tag on 100 Trying");
    }

    @Test
    void viaParsesIpv6AndParameters() {
        Via v = Via.parse("SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bKabc;received=1.2.3.4");
        assertEquals("TCP", v.transport());
        assertEquals("[2001:db8::1]", v.host());
        assertEquals(5061, v.port());
        assertEquals("z9hG4bKabc", v.branch());
        assertNull(Via.parse("HTTP/1.1 host"));
        assertEquals(-1, Via.parse("SIP/2.0/UDP host.example").port());
    }
}
