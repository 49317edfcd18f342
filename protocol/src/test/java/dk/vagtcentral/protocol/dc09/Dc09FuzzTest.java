package dk.vagtcentral.protocol.dc09;

import static dk.vagtcentral.protocol.dc09.TestFrames.ascii;
import static dk.vagtcentral.protocol.dc09.TestFrames.datagramContent;
import static dk.vagtcentral.protocol.dc09.TestFrames.intact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dk.vagtcentral.protocol.event.EventData;
import dk.vagtcentral.protocol.event.EventDataBounds;
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
 * with random bytes, with mutations of valid frames and with CRC-valid frames built from the field grammar
 * of the data block. Nothing may throw, nothing whose CRC and length do not check out (recomputed here
 * independently) may be decoded or answered, and the data of every decoded frame parses within its bounds.
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
            Dc09Codec.encode(new Dc09Message("ACK", true, 7, "1", "0", "ABCDEF", "", List.of(), T), KEY, new Random(2)),
            // shapes from the field (see Dc09FieldCorpusTest)
            TestFrames.frame("\"SIA-DCS\"8070L0#123456[#123456|Nri0KR1^TAST.  001      ^]_13:49:12,04-13-2021"),
            TestFrames.frame("\"SIA-DCS\"6002L0#AAA[|Nri1/CL501][M0026B9E4268B]_14:12:04,09-25-2019"),
            TestFrames.frame("\"SIA-DCS\"0001L#7303658550[#7303658550|Nti10:15|ri4|FA2|AFire Zone 2]"),
            TestFrames.frame("\"SIA-DCS\"0002R0001L0001[#072538|Nri01/CL003*''NM]"),
            TestFrames.frame("\"ADM-CID\"0050L0#123456[#123456|3441 01 000][RLivingRoom][IuserName]"),
            TestFrames.frame("\"ADM-CID\"0001L0#1688[1688181602005009]"));

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
            assertDataWithinBounds(r.message());
        }
        return r;
    }

    /** The data of a decoded message parses without throwing and within every bound; extended data reads. */
    static EventData.Result assertDataWithinBounds(Dc09Message m) {
        for (int i = 0; i < m.extendedData().size(); i++) {
            ExtendedData x = m.extendedDataBlocks().get(i);
            assertEquals(m.extendedData().get(i), x.raw());
            assertNotNull(x.description());
            x.macAddress();
            x.degrees();
            x.occurredAt();
            x.links();
        }
        if (!m.id().equals(Dc09Ids.SIA_DCS) && !m.id().equals(Dc09Ids.ADM_CID)) {
            return null;
        }
        EventData.Result data;
        try {
            data = EventData.parse(m.id(), m.data());
        } catch (RuntimeException e) {
            throw new AssertionError("EventData.parse threw on " + m.data(), e);
        }
        EventDataBounds.assertWithinBounds(data, m.data());
        return data;
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

    // ------------------------------------------------------------------ the field grammar

    static final String[] MODIFIERS = {"ri", "id", "pi", "ti", "da", "ri", "id", "xq"};

    static String digits(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    static String hex(Random r, int min, int max) {
        StringBuilder sb = new StringBuilder();
        int n = min + r.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            sb.append("0123456789ABCDEF".charAt(r.nextInt(16)));
        }
        return sb.toString();
    }

    static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(10) == 0 ? 60 + r.nextInt(150) : r.nextInt(20);
        for (int i = 0; i < n; i++) {
            char c = (char) (0x20 + r.nextInt(0x5F));
            sb.append(c == '^' || c == '[' || c == ']' || c == '|' || c == '\'' ? ' ' : c);
        }
        return sb.toString();
    }

    /** SIA data in the shapes panels send, with over-long numbers, unclosed text and junk mixed in. */
    static String siaData(Random r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(4) > 0) {
            sb.append('N');
        }
        int fields = r.nextInt(7);
        for (int f = 0; f < fields; f++) {
            switch (r.nextInt(10)) {
                case 0, 1, 2 -> {
                    String name = MODIFIERS[r.nextInt(MODIFIERS.length)];
                    sb.append(name);
                    switch (name) {
                        case "ti" -> sb.append(r.nextInt(24)).append(':').append(10 + r.nextInt(50))
                                .append(r.nextBoolean() ? ":" + (10 + r.nextInt(50)) : "");
                        case "da" -> sb.append(10 + r.nextInt(3)).append('-').append(10 + r.nextInt(18)).append('-')
                                .append(r.nextBoolean() ? "24" : "2024");
                        default -> sb.append(digits(r, r.nextInt(8) == 0 ? 12 : 4));
                    }
                    if (r.nextInt(4) == 0) {
                        sb.append('^').append(text(r)).append(r.nextInt(10) == 0 ? "" : "^");
                    }
                }
                case 3, 4, 5, 6 -> {
                    sb.append((char) ('A' + r.nextInt(26))).append((char) ('A' + r.nextInt(26)));
                    sb.append(digits(r, r.nextInt(8) == 0 ? 8 : 4));
                    switch (r.nextInt(5)) {
                        case 0 -> sb.append('^').append(text(r)).append(r.nextInt(10) == 0 ? "" : "^");
                        case 1 -> sb.append("*'").append(text(r)).append(r.nextInt(10) == 0 ? "" : "'NM");
                        default -> {
                        }
                    }
                }
                case 7 -> sb.append('A').append(text(r));
                case 8 -> {
                    String junk = text(r);
                    sb.append(junk, 0, Math.min(3, junk.length()));
                }
                default -> sb.append("N");
            }
            sb.append(switch (r.nextInt(4)) {
                case 0 -> "|";
                case 1 -> "";
                default -> "/";
            });
        }
        return sb.toString();
    }

    /** Contact ID data: the event alone, the whole DTMF message (checksum right or wrong), a receiver line, junk. */
    static String contactIdData(Random r) {
        String core = "136".charAt(r.nextInt(3)) + hex(r, 3, 3) + (r.nextBoolean() ? " " : "") + hex(r, 2, 2)
                + (r.nextBoolean() ? " " : "") + hex(r, 3, 3);
        return switch (r.nextInt(6)) {
            case 0, 1 -> core;
            case 2 -> hex(r, 3, 6) + (r.nextBoolean() ? " 18 " : "98") + core;
            case 3 -> hex(r, 4, 4) + "18" + core.replace(" ", "") + hex(r, 1, 1);
            case 4 -> "5" + hex(r, 3, 3) + " 18" + hex(r, 4, 4) + core;
            default -> hex(r, 0, 20);
        };
    }

    /** A CRC-valid frame around field-shaped data, with header shapes from the field. */
    static byte[] fieldFrame(Random r) {
        boolean cid = r.nextBoolean();
        String id = switch (r.nextInt(20)) {
            case 0 -> "NULL";
            case 1 -> "SIA-DCX";
            case 2 -> "sia dcs";
            default -> cid ? Dc09Ids.ADM_CID : Dc09Ids.SIA_DCS;
        };
        StringBuilder data = new StringBuilder();
        switch (r.nextInt(4)) {
            case 0 -> data.append('#').append(hex(r, 3, 8)).append('|');
            case 1 -> data.append('|');
            case 2 -> data.append('#').append(hex(r, 14, 20)).append('|');
            default -> {
            }
        }
        data.append(cid ? contactIdData(r) : siaData(r));
        StringBuilder body = new StringBuilder("\"").append(id).append('"')
                .append(String.format(java.util.Locale.ROOT, "%04d", r.nextInt(10000)));
        if (r.nextBoolean()) {
            body.append('R').append(hex(r, 1, 6));
        }
        body.append('L').append(hex(r, r.nextInt(10) == 0 ? 0 : 1, 6));
        if (r.nextInt(5) > 0) {
            body.append('#').append(hex(r, 3, 16));
        }
        body.append('[').append(data).append(']');
        for (int x = r.nextInt(3); x > 0; x--) {
            body.append('[').append("MXYVHIRKPST#".charAt(r.nextInt(12))).append(text(r).strip().replace(' ', '_'))
                    .append(']');
        }
        if (r.nextBoolean()) {
            body.append(Dc09Timestamp.format(T));
        }
        return TestFrames.frame(body.toString());
    }

    @Test
    void crcValidFramesOverTheFieldGrammar() {
        Random random = new Random(0xDC09_0004L);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < CASES * 3; i++) {
            byte[] frame = fieldFrame(random);
            Dc09DecodeResult r = checkDatagram(frame);
            String outcome;
            if (!r.isSuccess()) {
                outcome = r.failure().name() + (r.replyableHeader().isPresent() ? " answered" : "");
            } else {
                EventData.Result data = assertDataWithinBounds(r.message());
                outcome = r.message().id() + (data == null ? "" : data.understood() ? " understood" : " not understood");
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        // the generator must reach every kind of outcome, or this test proves little
        for (String expected : List.of("SIA-DCS understood", "SIA-DCS not understood", "ADM-CID understood",
                "ADM-CID not understood", "MALFORMED answered", "NULL")) {
            assertTrue(outcomes.containsKey(expected), () -> expected + " never reached: " + outcomes);
        }
    }

    @Test
    void mutatedFieldFramesWithFixedCrc() {
        Random random = new Random(0xDC09_0005L);
        for (int i = 0; i < CASES; i++) {
            byte[] frame = fieldFrame(random);
            for (int m = 0; m < 3; m++) {
                frame = mutateOnce(frame, random);
            }
            byte[] content = datagramContent(frame);
            checkDatagram(content.length >= 9 ? TestFrames.frame(Arrays.copyOfRange(content, 8, content.length)) : frame);
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
