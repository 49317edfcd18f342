package dk.vagtcentral.protocol.dc09;

import static dk.vagtcentral.protocol.dc09.TestFrames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Dc09EncryptionTest {
    static final Instant T = Instant.parse("2012-09-25T14:12:04Z");
    static final String TS = "_14:12:04,09-25-2012";
    static final byte[] KEY_128 = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");

    /** A pad source that always picks the first pad character ('0'). */
    static final RandomGenerator ZERO_PAD = () -> 0L;

    static byte[] key(int bytes) {
        byte[] key = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            key[i] = (byte) (0x11 * (i + 1));
        }
        return key;
    }

    static KeyResolver only(String account, byte[] key) {
        return a -> a.equals(account) ? key : null;
    }

    /** AES-CBC, zero IV, no padding, upper-case hex: straight javax.crypto, independent of Dc09Cipher. */
    static String aesHex(byte[] key, String plain) throws Exception {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length % 16 != 0) {
            throw new IllegalArgumentException("test plaintext must be whole blocks: " + bytes.length);
        }
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        return HexFormat.of().withUpperCase().formatHex(cipher.doFinal(bytes));
    }

    static Dc09Message siaEncrypted(Instant timestamp) {
        return new Dc09Message("SIA-DCS", true, 2, "1", "0", "1234", "#1234|NRP000", List.of(), timestamp);
    }

    @ParameterizedTest(name = "AES-{0}")
    @ValueSource(ints = {128, 192, 256})
    void roundTripsWithEveryKeyLength(int bits) {
        byte[] key = key(bits / 8);
        Dc09Message m = new Dc09Message("SIA-DCS", true, 17, "12", "3", "ABCDEF", "#ABCDEF|Nri1/FA129/BR129",
                List.of("X010E22.1234", "Y56N12.3456"), T);
        byte[] frame = Dc09Codec.encode(m, key, new Random(bits));
        String text = new String(frame, StandardCharsets.US_ASCII);
        assertTrue(text.contains("\"*SIA-DCS\"0017R12L3#ABCDEF["), text);
        assertFalse(text.contains("FA129"), "data must not travel in clear");
        assertFalse(text.contains("14:12:04"), "timestamp must not travel in clear");
        assertTrue(TestFrames.intact(TestFrames.datagramContent(frame)));

        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame, only("ABCDEF", key));
        assertTrue(r.isSuccess(), r::toString);
        assertEquals(m, r.message());
    }

    @Test
    void encryptedFrameBuiltByHandDecodes() throws Exception {
        String content = "#1234|NRP000]" + TS;           // 33 characters
        String plain = "PADPADPADPADPA" + "|" + content;  // 14 + 1 + 33 = 48 = 3 blocks
        String body = "\"*SIA-DCS\"0002R1L0#1234[" + aesHex(KEY_128, plain);

        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame(body), only("1234", KEY_128));
        assertTrue(r.isSuccess(), r::toString);
        assertEquals(siaEncrypted(T), r.message());
    }

    @Test
    void encryptedFrameWithExtendedDataBuiltByHandDecodes() throws Exception {
        byte[] key = key(32);
        String content = "#1234|NFA129][X010E22.1234][Y56N12.3456]" + TS; // 60 characters
        String plain = "abc|" + content;                                     // 64 = 4 blocks
        String body = "\"*SIA-DCS\"0003R1L0#1234[" + aesHex(key, plain);

        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame(body), only("1234", key));
        assertEquals(new Dc09Message("SIA-DCS", true, 3, "1", "0", "1234", "#1234|NFA129",
                List.of("X010E22.1234", "Y56N12.3456"), T), r.message());
    }

    @Test
    void encodeWithFixedPadIsByteExact() throws Exception {
        String content = "#1234|NRP000]" + TS;
        String expectedBody = "\"*SIA-DCS\"0002R1L0#1234[" + aesHex(KEY_128, "0".repeat(14) + "|" + content);
        byte[] encoded = Dc09Codec.encode(siaEncrypted(T), KEY_128, ZERO_PAD);
        assertArrayEquals(frame(expectedBody), encoded);
    }

    @Test
    void contentOfExactlyOneBlockLessOneGetsNoPad() throws Exception {
        // "|" + 15 characters is exactly one block: no pad characters at all.
        String content = "#12|NRP000ABCD]";
        assertEquals(15, content.length());
        String hex = Dc09Cipher.encrypt(KEY_128, content, ZERO_PAD);
        assertEquals(aesHex(KEY_128, "|" + content), hex);
        assertEquals(content, Dc09Cipher.decrypt(KEY_128, hex));
        assertEquals(content, Dc09Cipher.decrypt(KEY_128, hex.toLowerCase(java.util.Locale.ROOT)));
    }

    @Test
    void encryptedAckCarriesTheReceiverTime() throws Exception {
        String plain = "PADPADPADPADPA|#1234|NRP000]" + TS;
        byte[] incoming = frame("\"*SIA-DCS\"0002R1L0#1234[" + aesHex(KEY_128, plain));
        Dc09Message received = Dc09Codec.decodeFrame(incoming, only("1234", KEY_128)).message();

        Instant now = Instant.parse("2025-03-01T08:09:10Z");
        Dc09Message ack = received.ack(now);
        assertEquals(new Dc09Message("ACK", true, 2, "1", "0", "1234", "", List.of(), now), ack);

        byte[] reply = Dc09Codec.encode(ack, KEY_128, ZERO_PAD);
        // "|" + "]" + 20 timestamp characters = 22: pad of 10 to 32.
        String expectedBody = "\"*ACK\"0002R1L0#1234[" + aesHex(KEY_128, "0".repeat(10) + "|]_08:09:10,03-01-2025");
        assertArrayEquals(frame(expectedBody), reply);

        Dc09DecodeResult decoded = Dc09Codec.decodeFrame(reply, only("1234", KEY_128));
        assertEquals(ack, decoded.message());
        assertThrows(IllegalArgumentException.class, () -> Dc09Codec.encode(ack));
    }

    @Test
    void duhIsNeverEncrypted() {
        Dc09Message duh = siaEncrypted(T).duh();
        assertFalse(duh.encrypted());
        assertNull(duh.timestamp());
        assertEquals(duh, Dc09Codec.decodeFrame(Dc09Codec.encode(duh), KeyResolver.NONE).message());
    }

    @Test
    void wrongKeyFailsWithAnswerableHeader() {
        byte[] frame = Dc09Codec.encode(siaEncrypted(T), KEY_128, new Random(1));
        Random random = new Random(42);
        for (int n = 0; n < 50; n++) {
            byte[] wrong = new byte[16 + 8 * random.nextInt(3)];
            random.nextBytes(wrong);
            Dc09DecodeResult r = Dc09Codec.decodeFrame(frame, only("1234", wrong));
            assertFalse(r.isSuccess());
            assertTrue(r.failure() == DecodeFailure.DECRYPT_FAILED || r.failure() == DecodeFailure.MALFORMED,
                    r::toString);
            assertTrue(r.failure().frameIntact());
            Dc09Message header = r.replyableHeader().orElseThrow();
            assertEquals("SIA-DCS", header.id());
            assertTrue(header.encrypted());
            assertEquals(2, header.sequence());
            assertEquals("1", header.receiver());
            assertEquals("0", header.linePrefix());
            assertEquals("1234", header.account());
            assertNotNull(r.detail());
        }
    }

    @Test
    void keyOfInvalidLengthIsADecryptFailureNotAnException() {
        byte[] frame = Dc09Codec.encode(siaEncrypted(T), KEY_128, new Random(1));
        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame, only("1234", new byte[10]));
        assertEquals(DecodeFailure.DECRYPT_FAILED, r.failure());
        assertTrue(r.replyableHeader().isPresent());
    }

    @Test
    void accountWithoutKeyIsUnknownKeyWithAnswerableHeader() {
        byte[] frame = Dc09Codec.encode(siaEncrypted(T), KEY_128, new Random(1));
        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame, KeyResolver.NONE);
        assertEquals(DecodeFailure.UNKNOWN_KEY, r.failure());
        Dc09Message header = r.replyableHeader().orElseThrow();
        assertEquals(2, header.sequence());
        assertEquals("1234", header.account());
        assertEquals(new Dc09Message("DUH", false, 2, "1", "0", "1234", "", List.of(), null), header.duh());
        assertThrows(IllegalStateException.class, r::message);
    }

    @Test
    void encryptedWithoutAccountIsUnknownKey() throws Exception {
        String body = "\"*SIA-DCS\"0002R1L0[" + aesHex(KEY_128, "PADP|NRP000]" + TS);
        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame(body), a -> KEY_128);
        assertEquals(DecodeFailure.UNKNOWN_KEY, r.failure());
        assertTrue(r.replyableHeader().isPresent());
    }

    @Test
    void keyIsLookedUpByUpperCaseAccount() {
        byte[] frame = Dc09Codec.encode(new Dc09Message("SIA-DCS", true, 2, "1", "0", "ABC", "#ABC|NRP000",
                List.of(), T), KEY_128, new Random(1));
        String lower = new String(frame, StandardCharsets.US_ASCII).replace("#ABC[", "#abc[");
        // Lower-case the account in the clear header and re-frame so CRC and length are right.
        byte[] relowered = frame(lower.substring(9, lower.length() - 1));
        Dc09DecodeResult r = Dc09Codec.decodeFrame(relowered, only("ABC", KEY_128));
        assertTrue(r.isSuccess(), r::toString);
        assertEquals("ABC", r.message().account());
    }

    @Test
    void encryptedWithoutTimestampIsMissingTimestamp() throws Exception {
        String content = "#1234|NRP000]";                 // 13 characters
        String plain = "PADPADPADPADPADPAD|" + content;   // 18 + 1 + 13 = 32
        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame("\"*SIA-DCS\"0002R1L0#1234[" + aesHex(KEY_128, plain)),
                only("1234", KEY_128));
        assertEquals(DecodeFailure.MISSING_TIMESTAMP, r.failure());
        assertEquals(2, r.replyableHeader().orElseThrow().sequence());

        assertThrows(IllegalArgumentException.class, () -> Dc09Codec.encode(siaEncrypted(null), KEY_128, ZERO_PAD));
        assertThrows(IllegalArgumentException.class, () -> Dc09Codec.encode(siaEncrypted(T), null, ZERO_PAD));
    }

    @Test
    void encryptedWithBadTimestampIsBadTimestamp() throws Exception {
        String plain = "PADPADPADPADPA|#1234|NRP000]_25:12:04,09-25-2012"; // 14 + 1 + 13 + 20 = 48
        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame("\"*SIA-DCS\"0002R1L0#1234[" + aesHex(KEY_128, plain)),
                only("1234", KEY_128));
        assertEquals(DecodeFailure.BAD_TIMESTAMP, r.failure());
        assertTrue(r.replyableHeader().isPresent());
    }

    @Test
    void cipherTextThatIsNotWholeHexBlocksIsDecryptFailed() {
        for (String tail : new String[] {"", "0123", "0".repeat(31), "0".repeat(33), "G".repeat(32), "]"}) {
            Dc09DecodeResult r = Dc09Codec.decodeFrame(frame("\"*SIA-DCS\"0002R1L0#1234[" + tail),
                    only("1234", KEY_128));
            assertEquals(DecodeFailure.DECRYPT_FAILED, r.failure(), tail);
            assertTrue(r.replyableHeader().isPresent());
        }
    }

    @Test
    void decryptedTextWithoutSeparatorIsDecryptFailed() throws Exception {
        String hex = aesHex(KEY_128, "P".repeat(32));
        assertThrows(IllegalArgumentException.class, () -> Dc09Cipher.decrypt(KEY_128, hex));
        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame("\"*SIA-DCS\"0002R1L0#1234[" + hex), only("1234", KEY_128));
        assertEquals(DecodeFailure.DECRYPT_FAILED, r.failure());
    }

    @Test
    void decryptedTextThatIsNotPrintableIsDecryptFailed() throws Exception {
        String hex = aesHex(KEY_128, "PPPP|" + "\u0001".repeat(27));
        assertThrows(IllegalArgumentException.class, () -> Dc09Cipher.decrypt(KEY_128, hex));
    }

    @Test
    void padNeverContainsTheSeparator() {
        Random random = new Random(7);
        for (int n = 0; n < 200; n++) {
            String content = "x".repeat(random.nextInt(40)) + "|y";
            String hex = Dc09Cipher.encrypt(KEY_128, content, random);
            assertEquals(0, hex.length() % 32);
            assertEquals(content, Dc09Cipher.decrypt(KEY_128, hex));
        }
    }

    @Test
    void parseKey() {
        assertArrayEquals(KEY_128, Dc09Cipher.parseKey("000102030405060708090A0B0C0D0E0F"));
        assertEquals(24, Dc09Cipher.parseKey("00".repeat(24)).length);
        assertEquals(32, Dc09Cipher.parseKey("ab".repeat(32)).length);
        assertThrows(IllegalArgumentException.class, () -> Dc09Cipher.parseKey("00".repeat(15)));
        assertThrows(IllegalArgumentException.class, () -> Dc09Cipher.parseKey("00".repeat(20)));
        assertThrows(IllegalArgumentException.class, () -> Dc09Cipher.parseKey("0G".repeat(16)));
        assertThrows(IllegalArgumentException.class, () -> Dc09Cipher.parseKey("000"));
        assertTrue(Dc09Cipher.isValidKeyLength(16));
        assertTrue(Dc09Cipher.isValidKeyLength(24));
        assertTrue(Dc09Cipher.isValidKeyLength(32));
        assertFalse(Dc09Cipher.isValidKeyLength(0));
        assertFalse(Dc09Cipher.isValidKeyLength(20));
    }

    @Test
    void frameOfEncryptedMessageIsStillAscii() {
        byte[] frame = Dc09Codec.encode(siaEncrypted(T), key(24), new Random(3));
        for (int i = 1; i < frame.length - 1; i++) {
            assertTrue(frame[i] >= 0x20 && frame[i] <= 0x7E);
        }
        assertEquals(Dc09Codec.LF, frame[0]);
        assertEquals(Dc09Codec.CR, frame[frame.length - 1]);
    }
}
