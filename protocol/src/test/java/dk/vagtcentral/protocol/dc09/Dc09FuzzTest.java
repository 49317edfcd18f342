package dk.vagtcentral.protocol.dc09;

import static dk.vagtcentral.protocol.dc09.TestFrames.ascii;
import static dk.vagtcentral.protocol.dc09.TestFrames.datagramContent;
import static dk.vagtcentral.protocol.dc09.TestFrames.intact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Deterministic fuzzing (fixed seeds) of {@link Dc09Codec#decodeFrame} and {@link Dc09FrameDecoder}
 * with random bytes and with mutations of valid frames. Nothing may throw, and nothing whose CRC and
 * length do not check out (recomputed here independently) may be decoded or answered.
 */
class Dc09FuzzTest {
    static final int CASES = 3000;
    static final byte[] KEY = HexFormat.of().parseHex("2B7E151628AED2A6ABF7158809CF4F3C");
    static final KeyResolver KEYS = account -> account.equals("1234") || account.equals("ABCDEF") ? KEY : null;
    static final Instant T = Instant.parse("2024-06-01T12:34:56Z");

    /** Bytes that matter to the syntax, so random input often looks almost like a frame. */
    static final byte[] ALPHABET = ascii("\n\r\n\r0123456789ABCDEFabcdef\"\"*[[]]|#_:,-RLNA SIA-DCSADM-CIDNULL");

    static final List<byte[]> VALID = List.of(
            Dc09Codec.encode(new Dc09Message("SIA-DCS", false, 2, "1", "0", "1234", "#1234|NRP000", List.of(), T)),
            Dc09Codec.encode(new Dc09Message("ADM-CID", false, 5, null, "0", "1234", "#1234|1110 01 015", List.of(), null)),
            Dc09Codec.encode(new Dc09Message("NULL", false, 0, "0", "0", "1000", "", List.of(), null)),
            Dc09Codec.encode(new Dc09Message("SIA-DCS", false, 3, "1A", "2B", "ABCDEF", "#ABCDEF|Nri1/FA129/BR129",
                    List.of("X010E22.1234", "Y56N12.3456"), T)),
            Dc09Codec.encode(new Dc09Message("ACK", false, 2, "1", "0", "1234", "", List.of(), null)),
            Dc09Codec.encode(new Dc09Message("DUH", false, 2, "1", "0", "1234", "", List.of(), null)),
            Dc09Codec.encode(Dc09Message.nak("0", "0", T)),
            Dc09Codec.encode(new Dc09Message("SIA-DCS", true, 7, "1", "0", "1234", "#1234|NQA001", List.of(), T),
                    KEY, new Random(1)),
            Dc09Codec.encode(new Dc09Message("ACK", true, 7, "1", "0", "ABCDEF", "", List.of(), T), KEY, new Random(2)));

    // ------------------------------------------------------------------ checks

    /**
     * decodeFrame must not throw; a success or an answerable failure needs an intact frame; an intact
     * frame within the cap must get past the framing checks.
     */
    static Dc09DecodeResult checkDatagram(byte[] input) {
        Dc09DecodeResult r;
        try {
            r = Dc09Codec.decodeFrame(input, KEYS);
        } catch (RuntimeException e) {
            throw new AssertionError("decodeFrame threw on " + show(input), e);
        }
        assertNotNull(r);
        byte[] content = datagramContent(input);
        boolean intact = input.length <= Dc09Codec.MAX_FRAME && intact(content);
        if (r.isSuccess() || r.failure().frameIntact()) {
            assertTrue(intact, () -> "accepted a damaged frame as " + r + ": " + show(input));
        } else {
            // A body of 0 or 1 bytes can hold no id: the codec calls that too short, intact or not.
            boolean couldHoldMessage = content.length >= 10;
            assertFalse(intact && couldHoldMessage, () -> "rejected an intact frame as " + r + ": " + show(input));
            assertTrue(r.replyableHeader().isEmpty());
        }
        if (r.isSuccess()) {
            assertReencodes(r.message());
        }
        return r;
    }

    /** A decoded clear message encodes to a frame that decodes to the same message. */
    static void assertReencodes(Dc09Message m) {
        if (m.encrypted()) {
            return;
        }
        byte[] again;
        try {
            again = Dc09Codec.encode(m);
        } catch (IllegalArgumentException tooLong) {
            return; // e.g. upper-cased hex does not change length, but be tolerant of limits
        }
        assertEquals(m, Dc09Codec.decodeFrame(again, KEYS).message());
    }

    /**
     * Feeds the input to a fresh Dc09FrameDecoder in random chunks. Nothing may escape, and every
     * decoded (or answerable) result must come from some LF ... CR span of the input that is intact.
     */
    static List<Dc09DecodeResult> checkStream(byte[] input, Random random) {
        EmbeddedChannel channel = new EmbeddedChannel(new Dc09FrameDecoder(KEYS));
        List<Dc09DecodeResult> results = new ArrayList<>();
        try {
            int pos = 0;
            while (pos < input.length) {
                int n = Math.min(input.length - pos, 1 + random.nextInt(random.nextBoolean() ? 8 : 400));
                channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(input, pos, pos + n)));
                pos += n;
            }
            channel.finish();
            for (Object o; (o = channel.readInbound()) != null; ) {
                results.add((Dc09DecodeResult) o);
            }
        } catch (RuntimeException e) {
            throw new AssertionError("Dc09FrameDecoder threw on " + show(input), e);
        } finally {
            channel.finishAndReleaseAll();
        }
        List<Dc09Message> candidates = null;
        int answerable = 0;
        for (Dc09DecodeResult r : results) {
            if (r.isSuccess() || r.failure().frameIntact()) {
                answerable++;
                if (candidates == null) {
                    candidates = intactSpans(input);
                }
                assertTrue(answerable <= candidates.size(), () -> "more answerable results than intact spans: "
                        + results + " in " + show(input));
                if (r.isSuccess() && !candidates.contains(r.message())) {
                    fail("decoded " + r.message() + " from no intact span of " + show(input));
                }
            }
        }
        return results;
    }

    /** Messages of every LF ... CR span of the input whose CRC and length check out (null if not decodable). */
    static List<Dc09Message> intactSpans(byte[] input) {
        List<Dc09Message> out = new ArrayList<>();
        for (int lf = 0; lf < input.length; lf++) {
            if (input[lf] != '\n') {
                continue;
            }
            for (int cr = lf + 9; cr < input.length && cr - lf < Dc09Codec.MAX_FRAME; cr++) {
                if (input[cr] != '\r' || !lengthFieldFits(input, lf + 1, cr)) {
                    continue;
                }
                byte[] content = Arrays.copyOfRange(input, lf + 1, cr);
                if (intact(content)) {
                    Dc09DecodeResult r = Dc09Codec.decodeBody(content, 0, content.length, KEYS);
                    out.add(r.isSuccess() ? r.message() : null);
                }
            }
        }
        return out;
    }

    private static boolean lengthFieldFits(byte[] input, int from, int to) {
        try {
            return Integer.parseInt(new String(input, from + 5, 3, StandardCharsets.ISO_8859_1), 16) == to - from - 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String show(byte[] input) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : input) {
            int c = b & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02X", c));
        }
        return sb.append('"').toString();
    }

    // ------------------------------------------------------------------ inputs

    static byte[] randomBytes(Random random) {
        int length = random.nextInt(10) == 0 ? random.nextInt(3000) : random.nextInt(200);
        byte[] bytes = new byte[length];
        boolean syntax = random.nextBoolean();
        for (int i = 0; i < length; i++) {
            bytes[i] = syntax ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt(256);
        }
        return bytes;
    }

    static byte[] mutate(byte[] frame, Random random) {
        byte[] b = frame;
        int rounds = 1 + random.nextInt(3);
        for (int round = 0; round < rounds; round++) {
            b = mutateOnce(b, random);
        }
        return b;
    }

    static byte[] mutateOnce(byte[] b, Random random) {
        int n = b.length;
        int at = n == 0 ? 0 : random.nextInt(n);
        switch (random.nextInt(11)) {
            case 0: { // flip one bit
                if (n == 0) {
                    return b;
                }
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << random.nextInt(8));
                return c;
            }
            case 1: { // overwrite a byte with a random or syntactic byte
                if (n == 0) {
                    return b;
                }
                byte[] c = b.clone();
                c[at] = random.nextBoolean() ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
                return c;
            }
            case 2: { // insert bytes
                int count = 1 + random.nextInt(4);
                byte[] ins = new byte[count];
                for (int i = 0; i < count; i++) {
                    ins[i] = ALPHABET[random.nextInt(ALPHABET.length)];
                }
                return TestFrames.concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, n));
            }
            case 3: { // delete bytes
                if (n == 0) {
                    return b;
                }
                int count = 1 + random.nextInt(Math.min(4, n - at));
                return TestFrames.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + count, n));
            }
            case 4: // truncate the end
                return Arrays.copyOf(b, at);
            case 5: // cut the start
                return Arrays.copyOfRange(b, at, n);
            case 6: { // duplicate a section
                if (n == 0) {
                    return b;
                }
                int end = at + 1 + random.nextInt(n - at);
                int where = random.nextInt(n + 1);
                byte[] section = Arrays.copyOfRange(b, at, end);
                return TestFrames.concat(Arrays.copyOf(b, where), section, Arrays.copyOfRange(b, where, n));
            }
            case 7: { // swap two bytes
                if (n < 2) {
                    return b;
                }
                byte[] c = b.clone();
                int other = random.nextInt(n);
                byte t = c[at];
                c[at] = c[other];
                c[other] = t;
                return c;
            }
            case 8: // another valid frame before or after
                return random.nextBoolean()
                        ? TestFrames.concat(b, VALID.get(random.nextInt(VALID.size())))
                        : TestFrames.concat(VALID.get(random.nextInt(VALID.size())), b);
            case 9: { // a line ending somewhere
                byte[] c = TestFrames.concat(Arrays.copyOf(b, at), ascii(random.nextBoolean() ? "\r" : "\n"),
                        Arrays.copyOfRange(b, at, n));
                return c;
            }
            default: { // change the body and fix CRC and length, so the frame is intact but odd
                byte[] content = datagramContent(b);
                if (content.length < 9) {
                    return b;
                }
                byte[] body = Arrays.copyOfRange(content, 8, content.length);
                body[random.nextInt(body.length)] = ALPHABET[random.nextInt(ALPHABET.length)];
                return TestFrames.frame(body);
            }
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void validCorpusDecodes() {
        for (byte[] frame : VALID) {
            assertTrue(checkDatagram(frame).isSuccess(), show(frame));
            List<Dc09DecodeResult> results = checkStream(frame, new Random(0));
            assertEquals(1, results.size());
            assertTrue(results.get(0).isSuccess());
        }
    }

    @Test
    void randomBytes() {
        Random random = new Random(0xDC09_0001L);
        Map<String, Integer> outcomes = runCases(random, () -> randomBytes(random));
        assertTrue(outcomes.size() >= 3, outcomes::toString);
    }

    @Test
    void mutatedFrames() {
        Random random = new Random(0xDC09_0002L);
        Map<String, Integer> outcomes = runCases(random, () -> mutate(VALID.get(random.nextInt(VALID.size())), random));
        // The mutations must actually reach the interesting paths, not just one kind of failure.
        for (String expected : List.of("OK", "BAD_CRC", "BAD_LENGTH", "NON_ASCII", "BAD_HEADER", "MALFORMED",
                "BAD_TIMESTAMP", "DECRYPT_FAILED")) {
            assertTrue(outcomes.containsKey(expected), () -> expected + " never reached: " + outcomes);
        }
    }

    @Test
    void mutatedFrameStreams() {
        Random random = new Random(0xDC09_0003L);
        for (int i = 0; i < CASES / 3; i++) {
            byte[] stream = new byte[0];
            List<Dc09Message> untouched = new ArrayList<>();
            int frames = 1 + random.nextInt(5);
            for (int f = 0; f < frames; f++) {
                byte[] frame = VALID.get(random.nextInt(VALID.size()));
                if (random.nextInt(3) == 0) {
                    frame = mutate(frame, random);
                } else {
                    untouched.add(Dc09Codec.decodeFrame(frame, KEYS).message());
                }
                stream = TestFrames.concat(stream, frame);
            }
            byte[] input = stream;
            List<Dc09Message> decoded = checkStream(input, random).stream()
                    .filter(Dc09DecodeResult::isSuccess).map(Dc09DecodeResult::message).toList();
            // A damaged frame never costs the intact frames after it: they all come out, in order.
            assertTrue(isSubsequence(untouched, decoded), () -> untouched + " not all in " + decoded
                    + " from " + show(input));
        }
    }

    private static boolean isSubsequence(List<Dc09Message> expected, List<Dc09Message> actual) {
        int i = 0;
        for (Dc09Message m : actual) {
            if (i < expected.size() && expected.get(i).equals(m)) {
                i++;
            }
        }
        return i == expected.size();
    }

    /** Runs the cases; returns how often each datagram outcome ("OK" or the failure) occurred. */
    private static Map<String, Integer> runCases(Random random, Supplier<byte[]> inputs) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            byte[] input = inputs.get();
            Dc09DecodeResult r = checkDatagram(input);
            outcomes.merge(r.isSuccess() ? "OK" : r.failure().name(), 1, Integer::sum);
            checkStream(input, random);
        }
        return outcomes;
    }
}
