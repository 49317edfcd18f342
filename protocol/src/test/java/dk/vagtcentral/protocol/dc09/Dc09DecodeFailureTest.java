package dk.vagtcentral.protocol.dc09;

import static dk.vagtcentral.protocol.dc09.TestFrames.ascii;
import static dk.vagtcentral.protocol.dc09.TestFrames.frame;
import static dk.vagtcentral.protocol.dc09.TestFrames.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Dc09DecodeFailureTest {
    static final String BODY = "\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]_14:12:04,09-25-2012";

    static Dc09DecodeResult decode(byte[] frame) {
        return Dc09Codec.decodeFrame(frame, KeyResolver.NONE);
    }

    static Dc09DecodeResult decodeBody(String body) {
        return decode(frame(body));
    }

    static void assertNotAnswered(Dc09DecodeResult r, DecodeFailure expected) {
        assertFalse(r.isSuccess(), r::toString);
        assertEquals(expected, r.failure(), r::toString);
        assertFalse(r.failure().frameIntact());
        assertTrue(r.replyableHeader().isEmpty(), "a damaged frame is never answered");
        assertNotNull(r.detail());
        assertThrows(IllegalStateException.class, r::message);
    }

    @Test
    void frameIntactFlags() {
        assertEquals(EnumSet.of(DecodeFailure.MALFORMED, DecodeFailure.BAD_TIMESTAMP, DecodeFailure.UNKNOWN_KEY,
                        DecodeFailure.DECRYPT_FAILED, DecodeFailure.MISSING_TIMESTAMP),
                EnumSet.copyOf(Arrays.stream(DecodeFailure.values()).filter(DecodeFailure::frameIntact).toList()));
    }

    @Test
    void wrongCrcFieldIsBadCrcAndNeverAnswered() {
        String good = header(ascii(BODY));
        int crc = Integer.parseInt(good.substring(0, 4), 16);
        String wrong = String.format("%04X", crc ^ 0x0001) + good.substring(4);
        assertNotAnswered(decode(ascii("\n" + wrong + BODY + "\r")), DecodeFailure.BAD_CRC);
    }

    @Test
    void corruptedBodyIsBadCrc() {
        byte[] frame = frame(BODY);
        for (int i = 9; i < frame.length - 1; i++) {
            byte[] copy = frame.clone();
            copy[i] = (byte) (copy[i] == 'Z' ? 'Y' : 'Z');
            assertNotAnswered(decode(copy), DecodeFailure.BAD_CRC);
        }
    }

    @Test
    void wrongLengthFieldIsBadLength() {
        String crc = header(ascii(BODY)).substring(0, 4);
        for (int declared : new int[] {0, BODY.length() - 1, BODY.length() + 1, 0xFFF}) {
            String frame = "\n" + crc + String.format("0%03X", declared) + BODY + "\r";
            assertNotAnswered(decode(ascii(frame)), DecodeFailure.BAD_LENGTH);
        }
        // A dropped body byte: the CRC would fail too, but the length is checked first.
        String shorter = "\n" + header(ascii(BODY)) + BODY.substring(1) + "\r";
        assertNotAnswered(decode(ascii(shorter)), DecodeFailure.BAD_LENGTH);
    }

    /**
     * An intact frame (its CRC matches) is never dropped for what its data carries: a Latin-1 letter from a panel's
     * zone text is kept, a control character shown as '?'. The receiver then treats data it cannot read as an alarm.
     */
    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x09, 0x1F, 0x7F, 0x80, 0x9F})
    void aControlByteInTheDataOfAnIntactFrameIsKeptAsAQuestionMark(int b) {
        byte[] body = ascii(BODY);
        body[25] = (byte) b;
        Dc09DecodeResult r = decode(frame(body));
        assertTrue(r.isSuccess(), r::toString);
        assertEquals("#1?34|NRP000", r.message().data());
    }

    @ParameterizedTest
    @ValueSource(ints = {0xC3, 0xE6, 0xF8, 0xE5, 0xFF})
    void aLatin1LetterInTheDataOfAnIntactFrameIsKept(int b) {
        byte[] body = ascii(BODY);
        body[25] = (byte) b;
        Dc09DecodeResult r = decode(frame(body));
        assertTrue(r.isSuccess(), r::toString);
        assertEquals("#1" + (char) b + "34|NRP000", r.message().data());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0A, 0x0D})
    void aLineFeedOrCarriageReturnInsideAFrameIsDamageEvenWithMatchingCrc(int b) {
        byte[] body = ascii(BODY);
        body[25] = (byte) b;
        assertNotAnswered(decode(frame(body)), DecodeFailure.NON_ASCII);
    }

    @Test
    void aNonAsciiByteInTheDataWithAWrongCrcIsDamage() {
        byte[] frame = frame(BODY);
        frame[1 + 8 + 25] = (byte) 0xE6;
        assertNotAnswered(decode(frame), DecodeFailure.BAD_CRC);
    }

    @Test
    void anUnreadableTailKeepsItsTextForTheReceiver() {
        Dc09DecodeResult r = decodeBody("\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]nonsense");
        assertEquals(DecodeFailure.BAD_TIMESTAMP, r.failure());
        assertEquals("#1234|NRP000]nonsense", r.rawTail().orElseThrow());
        assertEquals(DecodeFailure.MALFORMED, decodeBody("\"SIA-DCS\"0002R1L0#1234[#1234|N[RP000]").failure());
        assertEquals("#1234|N[RP000]", decodeBody("\"SIA-DCS\"0002R1L0#1234[#1234|N[RP000]").rawTail().orElseThrow());
        assertTrue(decodeBody("\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]").rawTail().isEmpty());
    }

    @Test
    void anEmptyExtendedBlockIsSkipped() {
        Dc09DecodeResult r = decodeBody("\"SIA-DCS\"0002R1L0#1234[#1234|NRP000][][X010E12.3456]");
        assertTrue(r.isSuccess(), r::toString);
        assertEquals(List.of("X010E12.3456"), r.message().extendedData());
    }

    @Test
    void nonAsciiInHeaderIsNonAscii() {
        byte[] frame = frame(BODY);
        frame[2] = (byte) 0xB0;
        assertNotAnswered(decode(frame), DecodeFailure.NON_ASCII);
    }

    @Test
    void oversizedFrameIsRejected() {
        String prefix = "\"SIA-DCS\"0001L0#1234[";
        // LF + 8 + body + CR = 1025 > 1024
        String body = prefix + "d".repeat(1025 - 10 - prefix.length() - 1) + "]";
        byte[] frame = frame(body);
        assertEquals(1025, frame.length);
        assertNotAnswered(decode(frame), DecodeFailure.OVERSIZED);

        byte[] content = Arrays.copyOfRange(frame, 1, frame.length - 1);
        Dc09DecodeResult r = Dc09Codec.decodeBody(content, 0, content.length, KeyResolver.NONE);
        assertNotAnswered(r, DecodeFailure.OVERSIZED);

        assertNotAnswered(decode(new byte[5000]), DecodeFailure.OVERSIZED);

        String fits = prefix + "d".repeat(1024 - 10 - prefix.length() - 1) + "]";
        assertTrue(decode(frame(fits)).isSuccess());
    }

    @Test
    void tooShortOrNonHexHeaderIsBadHeader() {
        assertNotAnswered(decode(new byte[0]), DecodeFailure.BAD_HEADER);
        assertNotAnswered(decode(ascii("\n\r")), DecodeFailure.BAD_HEADER);
        assertNotAnswered(decode(ascii("\n00000000\r")), DecodeFailure.BAD_HEADER);
        String h = header(ascii(BODY));
        assertNotAnswered(decode(ascii("\nX" + h.substring(1) + BODY + "\r")), DecodeFailure.BAD_HEADER);
        assertNotAnswered(decode(ascii("\n" + h.substring(0, 4) + "1" + h.substring(5) + BODY + "\r")),
                DecodeFailure.BAD_HEADER);
        assertNotAnswered(decode(ascii("\n" + h.substring(0, 5) + "0G1" + BODY + "\r")), DecodeFailure.BAD_HEADER);
    }

    @Test
    void unknownIdIsNotAFailure() {
        Dc09DecodeResult r = decodeBody("\"XYZ-ABC\"0002R1L0#1234[#1234|NRP000]");
        assertTrue(r.isSuccess(), r::toString);
        assertEquals("XYZ-ABC", r.message().id());
    }

    @Test
    void malformedBeforeTheHeaderIsCompleteCarriesNoHeader() {
        for (String body : List.of(
                "SIA-DCS\"0002R1L0#1234[]",        // id not quoted
                "\"SIA-DCS0002R1L0#1234[]",         // id not closed
                "\"SIA-DCS\"002R1L0#1234[]",        // 3-digit sequence
                "\"SIA-DCS\"00X2R1L0#1234[]",       // non-digit sequence
                "\"SIA-DCS\"0002RL0#1234[]",        // empty receiver
                "\"SIA-DCS\"0002R1#1234[]",         // no line prefix
                "\"SIA-DCS\"0002R1L0#12[]",         // account too short
                "\"SIA-DCS\"0002R1L0#[]",           // empty account
                "\"sia dcs\"0002R1#1234[]")) {      // stray id and no line prefix: nothing to address a DUH to
            Dc09DecodeResult r = decodeBody(body);
            assertEquals(DecodeFailure.MALFORMED, r.failure(), body);
            assertTrue(r.failure().frameIntact());
            assertTrue(r.replyableHeader().isEmpty(), body);
        }
    }

    /** An intact frame whose id can never be processed is answered with DUH, so the sender stops retrying it. */
    @Test
    void idWithStrayCharactersIsAnsweredWhenTheRestOfTheHeaderReads() {
        for (String id : List.of("", "*", "sia-dcs", "SIA DCS", "SIA-DCS;DROP", "*sia-dcs", "SIA_DCS",
                "SIA-DCS" + "x".repeat(500))) {
            Dc09DecodeResult r = decodeBody("\"" + id + "\"0002R1L0#1234[#1234|NQA001]");
            assertEquals(DecodeFailure.MALFORMED, r.failure(), id);
            assertTrue(r.detail().startsWith("id "), r::detail);
            Dc09Message header = r.replyableHeader().orElseThrow(() -> new AssertionError(id));
            assertEquals(id.startsWith("*") ? id.substring(1) : id, header.id());
            assertEquals(2, header.sequence());
            assertEquals("1234", header.account());
            Dc09Message duh = header.duh();
            assertEquals(Dc09Ids.DUH, duh.id());
            assertTrue(Dc09Codec.decodeFrame(Dc09Codec.encode(duh), KeyResolver.NONE).isSuccess());
        }
    }

    /** Some panels send "L" with no digits (schmupu/ioBroker.sia#11); the frame is read and the ACK echoes it. */
    @Test
    void emptyLinePrefixIsReadAndEchoed() {
        Dc09DecodeResult r = decodeBody("\"SIA-DCS\"0002R1L#1234[#1234|NQA001]");
        assertTrue(r.isSuccess(), r::toString);
        assertEquals("", r.message().linePrefix());
        assertEquals("1234", r.message().account());
        String ack = new String(Dc09Codec.encode(r.message().ack(Instant.EPOCH)), StandardCharsets.US_ASCII);
        assertTrue(ack.endsWith("\"ACK\"0002R1L#1234[]\r"), ack);
        assertFalse(decodeBody("\"NAK\"0000R0L[]_14:12:04,09-25-2012").isSuccess(), "a NAK still needs a prefix");
    }

    @Test
    void malformedAfterTheHeaderCarriesTheHeader() {
        for (String body : List.of(
                "\"SIA-DCS\"0002R1L0#1234",                       // no data block
                "\"SIA-DCS\"0002R1L0#1234#1234|NRP000]",          // no '['
                "\"SIA-DCS\"0002R1L0#1234[#1234|NRP000",          // data not closed
                "\"SIA-DCS\"0002R1L0#1234[#12[34|NRP000]",        // nested '['
                "\"SIA-DCS\"0002R1L0#1234[#1234|NRP000][X01",     // extended block not closed
                "\"SIA-DCS\"0002R1L0#1234[#1234|NRP000][X[1]",    // nested extended block
                "\"SIA-DCS\"0002R1L0#12345678901234567[]")) {     // 17-digit account
            Dc09DecodeResult r = decodeBody(body);
            assertEquals(DecodeFailure.MALFORMED, r.failure(), body);
            Dc09Message header = r.replyableHeader().orElseThrow(() -> new AssertionError(body));
            assertEquals("SIA-DCS", header.id());
            assertEquals(2, header.sequence());
            assertEquals("1", header.receiver());
            assertEquals("0", header.linePrefix());
        }
    }

    @Test
    void badTimestampIsAnswerable() {
        for (String ts : List.of(
                "_25:12:04,09-25-2012",   // hour 25
                "_14:60:04,09-25-2012",   // minute 60
                "_14:12:04,13-25-2012",   // month 13
                "_14:12:04,02-30-2012",   // 30 February
                "_14:12:04,02-29-2013",   // not a leap year
                "_14:12:04,09-25-12",     // 2-digit year
                "_14:12:04 09-25-2012",   // wrong separator
                "14:12:04,09-25-2012",    // no underscore
                "_14:12:04,09-25-2012x",  // trailing text
                "_14:12:04,09-25-2012_14:12:04,09-25-2012",
                "garbage",
                "]")) {
            Dc09DecodeResult r = decodeBody("\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]" + ts);
            assertEquals(DecodeFailure.BAD_TIMESTAMP, r.failure(), ts);
            assertEquals("1234", r.replyableHeader().orElseThrow().account());
        }
        assertTrue(decodeBody("\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]_14:12:04,02-29-2012").isSuccess());
    }

    @Test
    void throwingKeyResolverDoesNotEscape() {
        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame("\"*SIA-DCS\"0002R1L0#1234[" + "0".repeat(32)),
                account -> {
                    throw new IllegalStateException("key store down");
                });
        assertFalse(r.isSuccess());
        assertEquals(DecodeFailure.MALFORMED, r.failure());
    }

    @Test
    void toStringNamesTheFailure() {
        Dc09DecodeResult r = decodeBody("\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]garbage");
        assertTrue(r.toString().contains("BAD_TIMESTAMP"), r::toString);
    }
}
