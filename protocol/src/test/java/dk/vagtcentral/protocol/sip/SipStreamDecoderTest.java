package dk.vagtcentral.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipStreamDecoderTest {
    static final String ONE = SipCodecTest.message(SipCodecTest.HEADERS.replace("UDP", "TCP"), SipCodecTest.BODY);
    static final String TWO = ONE.replace("Call-ID: c1", "Call-ID: c2");

    @Test
    void twoMessagesInOneReadAreTwoResults() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(SipCodecTest.bytes(ONE + TWO)));
        assertEquals("c1@10.0.0.7", ((SipDecodeResult) ch.readInbound()).message().callId());
        assertEquals("c2@10.0.0.7", ((SipDecodeResult) ch.readInbound()).message().callId());
        assertNull(ch.readInbound());
    }

    @Test
    void aMessageArrivingByteByByteIsFramedByItsContentLength() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamDecoder());
        byte[] bytes = SipCodecTest.bytes(ONE);
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[]{b}));
        }
        SipDecodeResult r = ch.readInbound();
        assertEquals(SipCodecTest.BODY, new String(r.message().body(), StandardCharsets.UTF_8));
        assertNull(ch.readInbound());
    }

    @Test
    void anEmptyLineBetweenMessagesIsAKeepalive() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(SipCodecTest.bytes("\r\n\r\n" + ONE)));
        assertTrue(((SipDecodeResult) ch.readInbound()).isKeepalive());
        assertTrue(((SipDecodeResult) ch.readInbound()).isSuccess());
    }

    @Test
    void withoutContentLengthTheFramingIsLostAndTheRestDropped() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamDecoder());
        String noLength = ONE.replaceFirst("Content-Length: [0-9]+\r\n", "");
        ch.writeInbound(Unpooled.wrappedBuffer(SipCodecTest.bytes(noLength + TWO)));
        SipDecodeResult r = ch.readInbound();
        assertFalse(r.isSuccess());
        assertEquals(SipDecodeFailure.BAD_CONTENT_LENGTH, r.failure());
        assertTrue(r.failure().framingLost());
        assertTrue(r.answerable().isPresent(), "answered 400 before the connection is closed");
        assertNull(ch.readInbound(), "nothing after a lost framing is trusted");
    }

    @Test
    void aHeaderProblemWithAReadableLengthKeepsTheStreamGoing() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamDecoder());
        String noCallId = ONE.replace("Call-ID: c1@10.0.0.7\r\n", "");
        ch.writeInbound(Unpooled.wrappedBuffer(SipCodecTest.bytes(noCallId + TWO)));
        assertEquals(SipDecodeFailure.MISSING_HEADER, ((SipDecodeResult) ch.readInbound()).failure());
        assertEquals("c2@10.0.0.7", ((SipDecodeResult) ch.readInbound()).message().callId());
    }

    @Test
    void anEndlessHeaderSectionIsOversized() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamDecoder(256, 256));
        ch.writeInbound(Unpooled.wrappedBuffer(SipCodecTest.bytes("MESSAGE sip:a@b SIP/2.0\r\nX: " + "y".repeat(400))));
        assertEquals(SipDecodeFailure.OVERSIZED, ((SipDecodeResult) ch.readInbound()).failure());
    }
}
