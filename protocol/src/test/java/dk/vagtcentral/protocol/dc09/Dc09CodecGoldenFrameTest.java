package dk.vagtcentral.protocol.dc09;

import static dk.vagtcentral.protocol.dc09.TestFrames.ascii;
import static dk.vagtcentral.protocol.dc09.TestFrames.frameText;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact frames. Each expected frame is written out literally (CRC and length computed outside
 * the production code) and also rebuilt with the test's bitwise CRC, so a wrong literal cannot hide.
 */
class Dc09CodecGoldenFrameTest {
    static final Instant T = Instant.parse("2012-09-25T14:12:04Z");
    static final String TS = "_14:12:04,09-25-2012";

    static final Dc09Message SIA = new Dc09Message("SIA-DCS", false, 2, "1", "0", "1234",
            "#1234|NRP000", List.of(), T);

    private static void assertFrame(String expectedFrame, String body, Dc09Message message) {
        assertEquals(expectedFrame, frameText(body), "literal agrees with the bitwise CRC");
        byte[] encoded = Dc09Codec.encode(message);
        assertEquals(expectedFrame, new String(encoded, StandardCharsets.US_ASCII));
        assertArrayEquals(ascii(expectedFrame), encoded);
        Dc09DecodeResult decoded = Dc09Codec.decodeFrame(encoded, KeyResolver.NONE);
        assertTrue(decoded.isSuccess(), decoded::toString);
        assertEquals(message, decoded.message());
        assertNull(decoded.failure());
    }

    @Test
    void siaDcsWithTimestamp() {
        String body = "\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]" + TS;
        assertFrame("\nF7340038" + body + "\r", body, SIA);

        Dc09Message m = Dc09Codec.decodeFrame(ascii("\nF7340038" + body + "\r"), KeyResolver.NONE).message();
        assertEquals("SIA-DCS", m.id());
        assertFalse(m.encrypted());
        assertEquals(2, m.sequence());
        assertEquals("1", m.receiver());
        assertEquals("0", m.linePrefix());
        assertEquals("1234", m.account());
        assertEquals("#1234|NRP000", m.data());
        assertEquals(List.of(), m.extendedData());
        assertEquals(T, m.timestamp());
        assertFalse(m.isNull());
    }

    @Test
    void contactIdWithoutReceiverOrTimestamp() {
        String body = "\"ADM-CID\"0005L0#1234[#1234|1110 01 015]";
        Dc09Message m = new Dc09Message("ADM-CID", false, 5, null, "0", "1234", "#1234|1110 01 015", List.of(), null);
        assertFrame("\nFFE60027" + body + "\r", body, m);
        assertNull(m.timestampIfPresent().orElse(null));
    }

    @Test
    void nullSupervisionMessage() {
        String body = "\"NULL\"0000R0L0#1000[]";
        Dc09Message m = new Dc09Message("NULL", false, 0, "0", "0", "1000", "", List.of(), null);
        assertFrame("\n6D0B0015" + body + "\r", body, m);
        assertTrue(m.isNull());
    }

    @Test
    void ackOfAnUnencryptedMessageCarriesNoTimestamp() {
        Dc09Message ack = SIA.ack(Instant.parse("2030-01-01T00:00:00Z"));
        assertEquals(new Dc09Message("ACK", false, 2, "1", "0", "1234", "", List.of(), null), ack);
        String body = "\"ACK\"0002R1L0#1234[]";
        assertFrame("\n1AB20014" + body + "\r", body, ack);
    }

    @Test
    void nakCarriesPlaceholderAccountAndReceiverTime() {
        Dc09Message nak = Dc09Message.nak("0", "0", T);
        String body = "\"NAK\"0000R0L0A0[]" + TS;
        assertFrame("\n436E0025" + body + "\r", body, nak);

        Dc09Message decoded = Dc09Codec.decodeFrame(ascii("\n436E0025" + body + "\r"), KeyResolver.NONE).message();
        assertEquals("NAK", decoded.id());
        assertEquals(0, decoded.sequence());
        assertEquals("0", decoded.receiver());
        assertEquals("0", decoded.linePrefix());
        assertNull(decoded.account());
        assertEquals(T, decoded.timestamp());
    }

    @Test
    void nakWithLongerPrefixesRoundTrips() {
        for (String prefix : new String[] {"A", "0A", "AAA", "12345", "123456", "ABCDEF"}) {
            Dc09Message nak = Dc09Message.nak("12", prefix, T);
            String body = "\"NAK\"0000R12L" + prefix + "A0[]" + TS;
            assertFrame(frameText(body), body, nak);
        }
    }

    @Test
    void duh() {
        Dc09Message duh = SIA.duh();
        assertEquals(new Dc09Message("DUH", false, 2, "1", "0", "1234", "", List.of(), null), duh);
        String body = "\"DUH\"0002R1L0#1234[]";
        assertFrame("\n6A6A0014" + body + "\r", body, duh);
    }

    @Test
    void extendedDataBlocksAreKeptVerbatim() {
        String body = "\"SIA-DCS\"0003R1L0#1234[#1234|NFA129][X010E22.1234][Y56N12.3456]" + TS;
        Dc09Message m = new Dc09Message("SIA-DCS", false, 3, "1", "0", "1234", "#1234|NFA129",
                List.of("X010E22.1234", "Y56N12.3456"), T);
        assertFrame("\n62860053" + body + "\r", body, m);
    }

    @Test
    void extendedDataWithoutTimestamp() {
        String body = "\"SIA-DCS\"0003R1L0#1234[#1234|NFA129][X010E22.1234][Y56N12.3456][Hfree text, with | and _]";
        Dc09Message m = new Dc09Message("SIA-DCS", false, 3, "1", "0", "1234", "#1234|NFA129",
                List.of("X010E22.1234", "Y56N12.3456", "Hfree text, with | and _"), null);
        assertFrame(frameText(body), body, m);
    }

    @Test
    void decodeToleratesMissingLfAndCrOrTrailingCrLf() {
        String body = "\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]" + TS;
        String head = "F7340038";
        for (String framing : new String[] {head + body, "\n" + head + body, head + body + "\r",
                "\n" + head + body + "\r\n"}) {
            Dc09DecodeResult r = Dc09Codec.decodeFrame(ascii(framing), KeyResolver.NONE);
            assertTrue(r.isSuccess(), r::toString);
            assertEquals(SIA, r.message());
        }
    }

    @Test
    void decodeBodyDecodesTheBytesBetweenLfAndCr() {
        String content = "xxF7340038\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]" + TS + "yy";
        byte[] bytes = ascii(content);
        Dc09DecodeResult r = Dc09Codec.decodeBody(bytes, 2, bytes.length - 4, KeyResolver.NONE);
        assertEquals(SIA, r.message());
    }

    @Test
    void lowerCaseHexInHeaderAndAccountIsAccepted() {
        String body = "\"SIA-DCS\"0002R1L0#12ab[#12ab|NRP000]";
        String frame = "\n" + TestFrames.header(ascii(body)).toLowerCase(java.util.Locale.ROOT) + body + "\r";
        Dc09DecodeResult r = Dc09Codec.decodeFrame(ascii(frame), KeyResolver.NONE);
        assertTrue(r.isSuccess(), r::toString);
        assertEquals("12AB", r.message().account(), "account is normalised to upper case");
        assertEquals("#12ab|NRP000", r.message().data(), "data is verbatim");
    }

    @Test
    void unknownIdDecodesSoTheServerCanAnswerDuh() {
        String body = "\"XYZ-ABC\"0007R1L0#1234[whatever]";
        Dc09DecodeResult r = Dc09Codec.decodeFrame(TestFrames.frame(body), KeyResolver.NONE);
        assertTrue(r.isSuccess(), r::toString);
        assertEquals("XYZ-ABC", r.message().id());
        assertEquals(7, r.message().sequence());
        assertFalse(Dc09Ids.EVENT_IDS.contains(r.message().id()));
        assertEquals(new Dc09Message("DUH", false, 7, "1", "0", "1234", "", List.of(), null), r.message().duh());
    }

    @Test
    void sequenceIsZeroPaddedToFourDigits() {
        Dc09Message m = new Dc09Message("NULL", false, 9999, null, "ABCDEF", "0123456789ABCDEF", "", List.of(), null);
        String body = "\"NULL\"9999LABCDEF#0123456789ABCDEF[]";
        assertFrame(frameText(body), body, m);
    }

    @Test
    void encodeRejectsInvalidMessages() {
        Dc09Message encrypted = new Dc09Message("SIA-DCS", true, 1, null, "0", "1234", "x", List.of(), T);
        assertThrows(IllegalArgumentException.class, () -> Dc09Codec.encode(encrypted));
        Dc09Message huge = new Dc09Message("SIA-DCS", false, 1, null, "0", "1234", "x".repeat(1100), List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> Dc09Codec.encode(huge));
        assertThrows(IllegalArgumentException.class,
                () -> new Dc09Message("SIA-DCS", false, 10000, null, "0", "1234", "", List.of(), null));
        assertThrows(IllegalArgumentException.class,
                () -> new Dc09Message("SIA-DCS", false, -1, null, "0", "1234", "", List.of(), null));
    }

    @Test
    void largestFrameIsExactlyMaxFrame() {
        String prefix = "\"SIA-DCS\"0001L0#1234[";
        int dataLength = Dc09Codec.MAX_FRAME - 10 - prefix.length() - 1;
        Dc09Message m = new Dc09Message("SIA-DCS", false, 1, null, "0", "1234", "d".repeat(dataLength), List.of(), null);
        byte[] frame = Dc09Codec.encode(m);
        assertEquals(Dc09Codec.MAX_FRAME, frame.length);
        assertEquals(m, Dc09Codec.decodeFrame(frame, KeyResolver.NONE).message());

        Dc09Message tooBig = new Dc09Message("SIA-DCS", false, 1, null, "0", "1234", "d".repeat(dataLength + 1),
                List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> Dc09Codec.encode(tooBig));
    }
}
