package dk.vagtcentral.protocol.dc09;

import static dk.vagtcentral.protocol.dc09.TestFrames.ascii;
import static dk.vagtcentral.protocol.dc09.TestFrames.concat;
import static dk.vagtcentral.protocol.dc09.TestFrames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Dc09FrameDecoderTest {
    static final Instant T = Instant.parse("2012-09-25T14:12:04Z");
    static final Dc09Message FIRST = new Dc09Message("SIA-DCS", false, 1, "1", "0", "1234", "#1234|NFA129", List.of(), T);
    static final Dc09Message SECOND = new Dc09Message("ADM-CID", false, 2, null, "0", "1234", "#1234|1110 01 015",
            List.of(), null);
    static final byte[] F1 = Dc09Codec.encode(FIRST);
    static final byte[] F2 = Dc09Codec.encode(SECOND);

    private EmbeddedChannel channel = new EmbeddedChannel(new Dc09FrameDecoder(KeyResolver.NONE));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void write(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
    }

    private List<Dc09DecodeResult> results() {
        List<Dc09DecodeResult> out = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            out.add((Dc09DecodeResult) o);
        }
        return out;
    }

    /** Renders results as "ok:SEQ" or the failure name, for compact assertions. */
    private List<String> summary() {
        return results().stream()
                .map(r -> r.isSuccess() ? "ok:" + r.message().sequence() : r.failure().name())
                .toList();
    }

    @Test
    void twoFramesInOneWrite() {
        write(concat(F1, F2));
        List<Dc09DecodeResult> results = results();
        assertEquals(2, results.size());
        assertEquals(FIRST, results.get(0).message());
        assertEquals(SECOND, results.get(1).message());
    }

    @Test
    void frameSplitByteByByte() {
        for (int i = 0; i < F1.length; i++) {
            write(new byte[] {F1[i]});
            if (i < F1.length - 1) {
                assertTrue(results().isEmpty(), "nothing before the CR, byte " + i);
            }
        }
        List<Dc09DecodeResult> results = results();
        assertEquals(1, results.size());
        assertEquals(FIRST, results.get(0).message());
    }

    @Test
    void manyFramesInRandomChunks() {
        byte[] stream = concat(F1, F2, F1, F2, F1);
        Random random = new Random(99);
        int pos = 0;
        while (pos < stream.length) {
            int n = Math.min(stream.length - pos, 1 + random.nextInt(40));
            write(Arrays.copyOfRange(stream, pos, pos + n));
            pos += n;
        }
        assertEquals(List.of("ok:1", "ok:2", "ok:1", "ok:2", "ok:1"), summary());
    }

    @Test
    void garbageBeforeAFrame() {
        write(concat(ascii("HELLO"), F1));
        List<Dc09DecodeResult> results = results();
        assertEquals(2, results.size());
        assertEquals(DecodeFailure.GARBAGE, results.get(0).failure());
        assertTrue(results.get(0).replyableHeader().isEmpty());
        assertEquals(FIRST, results.get(1).message());
    }

    @Test
    void garbageWithoutAnyLineFeed() {
        write(ascii("no frame here"));
        assertEquals(List.of("GARBAGE"), summary());
        write(F2);
        assertEquals(List.of("ok:2"), summary());
    }

    @Test
    void truncatedFrameThenGoodFrame() {
        write(concat(Arrays.copyOf(F1, F1.length / 2), F2));
        List<Dc09DecodeResult> results = results();
        assertEquals(2, results.size());
        assertEquals(DecodeFailure.TRUNCATED, results.get(0).failure());
        assertTrue(results.get(0).replyableHeader().isEmpty());
        assertEquals(SECOND, results.get(1).message());
    }

    @Test
    void truncatedFrameAcrossWrites() {
        write(Arrays.copyOf(F1, 20));
        assertTrue(results().isEmpty(), "a partial frame waits for more bytes");
        write(F2);
        assertEquals(List.of("TRUNCATED", "ok:2"), summary());
    }

    @Test
    void oversizedRunThenGoodFrame() {
        byte[] run = new byte[2000];
        Arrays.fill(run, (byte) 'A');
        run[0] = '\n';
        write(concat(run, F1));
        assertEquals(List.of("OVERSIZED", "ok:1"), summary());
    }

    @Test
    void oversizedRunInSmallPiecesThenGoodFrame() {
        write(ascii("\n"));
        byte[] piece = new byte[100];
        Arrays.fill(piece, (byte) 'B');
        for (int i = 0; i < 30; i++) {
            write(piece);
        }
        List<String> whileRunning = summary();
        assertEquals(List.of("OVERSIZED"), whileRunning, "reported once, as soon as the cap is passed");
        write(F2);
        assertEquals(List.of("ok:2"), summary());
    }

    @Test
    void oversizedRunEndingWithCrThenGoodFrame() {
        byte[] run = new byte[1500];
        Arrays.fill(run, (byte) 'C');
        run[0] = '\n';
        run[run.length - 1] = '\r';
        write(concat(run, F1));
        assertEquals(List.of("OVERSIZED", "ok:1"), summary());
    }

    @Test
    void frameOfExactlyMaxFrameIsAccepted() {
        String prefix = "\"SIA-DCS\"0001L0#1234[";
        String body = prefix + "d".repeat(Dc09Codec.MAX_FRAME - 10 - prefix.length() - 1) + "]";
        byte[] max = frame(body);
        assertEquals(Dc09Codec.MAX_FRAME, max.length);
        write(concat(max, F2));
        assertEquals(List.of("ok:1", "ok:2"), summary());

        String over = prefix + "d".repeat(Dc09Codec.MAX_FRAME - 10 - prefix.length()) + "]";
        write(concat(frame(over), F2));
        assertEquals(List.of("OVERSIZED", "ok:2"), summary());
    }

    @Test
    void customFrameCap() {
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new Dc09FrameDecoder(KeyResolver.NONE, 40));
        write(concat(F1, F2));
        // F1 is longer than 40 bytes; F2 too. Both oversized, nothing else.
        assertTrue(F1.length > 40 && F2.length > 40);
        assertEquals(List.of("OVERSIZED", "OVERSIZED"), summary());
    }

    @Test
    void lineEndingsBetweenFramesAreNotFailures() {
        for (String between : List.of("", "\r", "\n", "\r\n", "\r\n\r\n", "\n\n\n", "\n\r", "  ", "\0", " \r\n ")) {
            write(concat(ascii(between), F1, ascii(between), F2, ascii(between)));
            assertEquals(List.of("ok:1", "ok:2"), summary(), "separator " + Arrays.toString(ascii(between)));
        }
    }

    @Test
    void crLfTerminatedFramesWrittenByteByByte() {
        byte[] stream = concat(F1, ascii("\n"), F2, ascii("\n"), F1, ascii("\n"));
        for (byte b : stream) {
            write(new byte[] {b});
        }
        assertEquals(List.of("ok:1", "ok:2", "ok:1"), summary());
    }

    @Test
    void damagedFrameDoesNotCostTheNextOne() {
        byte[] bad = F1.clone();
        bad[20] ^= 0x01;
        write(concat(bad, F2));
        List<Dc09DecodeResult> results = results();
        assertEquals(2, results.size());
        assertEquals(DecodeFailure.BAD_CRC, results.get(0).failure());
        assertTrue(results.get(0).replyableHeader().isEmpty());
        assertEquals(SECOND, results.get(1).message());
    }

    @Test
    void intactButUnparseableFrameIsAnswerable() {
        write(frame("\"SIA-DCS\"0009R1L0#1234[#1234|NRP000]nonsense"));
        List<Dc09DecodeResult> results = results();
        assertEquals(1, results.size());
        assertEquals(DecodeFailure.BAD_TIMESTAMP, results.get(0).failure());
        assertEquals(9, results.get(0).replyableHeader().orElseThrow().sequence());
    }

    @Test
    void encryptedFramesUseTheKeyResolver() {
        byte[] key = Dc09Cipher.parseKey("00112233445566778899AABBCCDDEEFF");
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new Dc09FrameDecoder(a -> a.equals("1234") ? key : null));
        Dc09Message secret = new Dc09Message("SIA-DCS", true, 5, "1", "0", "1234", "#1234|NQA001", List.of(), T);
        write(Dc09Codec.encode(secret, key, new Random(5)));
        List<Dc09DecodeResult> results = results();
        assertEquals(1, results.size());
        assertEquals(secret, results.get(0).message());
    }

    @Test
    void nonAsciiInsideAFrame() {
        byte[] bad = F1.clone();
        bad[30] = (byte) 0xE6;
        write(concat(bad, F2));
        assertEquals(List.of("NON_ASCII", "ok:2"), summary());
    }

    @Test
    void frameCutOffByConnectionCloseIsNeverDecoded() {
        write(Arrays.copyOf(F1, F1.length - 1));
        assertTrue(results().isEmpty());
        assertFalse(channel.finish(), "no message from a frame without its CR");
    }
}
