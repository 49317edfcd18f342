package dk.vagtcentral.protocol.dc09;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** encode -> decode is the identity for every valid message, clear or encrypted. */
class Dc09RoundTripPropertyTest {
    static final long YEAR_2000 = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
    static final long END_OF_2099 = Instant.parse("2099-12-31T23:59:59Z").getEpochSecond();

    /** A message plus the AES key it travels under (null when clear), and the pad seed. */
    record Case(Dc09Message message, byte[] key, long padSeed) {
        KeyResolver keys() {
            return account -> key != null && account.equals(message.account()) ? key : null;
        }

        byte[] encode() {
            return key == null ? Dc09Codec.encode(message) : Dc09Codec.encode(message, key, new Random(padSeed));
        }

        @Override
        public String toString() {
            return message + (key == null ? " clear" : " AES-" + key.length * 8);
        }
    }

    record Header(String id, int sequence, String receiver, String prefix, String account) {
    }

    record Content(String data, List<String> extended) {
    }

    static Arbitrary<String> hex(int min, int max) {
        return Arbitraries.strings().withChars("0123456789ABCDEF").ofMinLength(min).ofMaxLength(max);
    }

    static Arbitrary<String> printableWithoutBrackets(int min, int max) {
        return Arbitraries.strings().withCharRange(' ', '~').excludeChars('[', ']').ofMinLength(min).ofMaxLength(max);
    }

    static Arbitrary<Instant> wholeSeconds() {
        return Arbitraries.longs().between(YEAR_2000, END_OF_2099).map(Instant::ofEpochSecond);
    }

    static Arbitrary<byte[]> aesKey() {
        return Arbitraries.of(16, 24, 32).flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Header> header = Combinators.combine(
                Arbitraries.of(Dc09Ids.SIA_DCS, Dc09Ids.ADM_CID, Dc09Ids.NULL),
                Arbitraries.integers().between(0, 9999),
                hex(1, 6).injectNull(0.3),
                hex(1, 6),
                hex(3, 16)).as(Header::new);
        Arbitrary<Content> content = Combinators.combine(
                printableWithoutBrackets(0, 80),
                printableWithoutBrackets(1, 30).list().ofMaxSize(3)).as(Content::new);
        Arbitrary<byte[]> key = aesKey().injectNull(0.5);
        return Combinators.combine(header, content, key, Arbitraries.longs())
                .flatAs((h, c, k, seed) -> {
                    Arbitrary<Instant> timestamp = k == null ? wholeSeconds().injectNull(0.4) : wholeSeconds();
                    return timestamp.map(t -> new Case(new Dc09Message(h.id(), k != null, h.sequence(), h.receiver(),
                            h.prefix(), h.account(), c.data(), c.extended(), t), k, seed));
                });
    }

    @Property(tries = 500, seed = "20250101")
    void codecRoundTrip(@ForAll("cases") Case c) {
        byte[] frame = c.encode();
        assertTrue(frame.length <= Dc09Codec.MAX_FRAME);
        assertEquals(Dc09Codec.LF, frame[0]);
        assertEquals(Dc09Codec.CR, frame[frame.length - 1]);
        assertTrue(TestFrames.intact(Arrays.copyOfRange(frame, 1, frame.length - 1)), "CRC and length check out");

        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame, c.keys());
        assertTrue(r.isSuccess(), r::toString);
        assertEquals(c.message(), r.message());
    }

    @Property(tries = 200, seed = "20250102")
    void frameDecoderRoundTrip(@ForAll("cases") Case c, @ForAll("cases") Case d) {
        Assume.that(!c.message().account().equals(d.message().account()));
        KeyResolver keys = account -> account.equals(c.message().account()) ? c.key()
                : account.equals(d.message().account()) ? d.key() : null;
        EmbeddedChannel channel = new EmbeddedChannel(new Dc09FrameDecoder(keys));
        try {
            byte[] stream = TestFrames.concat(c.encode(), d.encode());
            int split = stream.length / 3;
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(stream, split)));
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, split, stream.length)));
            Dc09DecodeResult first = channel.readInbound();
            Dc09DecodeResult second = channel.readInbound();
            assertEquals(c.message(), first.message());
            assertEquals(d.message(), second.message());
            assertNull(channel.readInbound());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Property(tries = 300, seed = "20250103")
    void timestampRoundTrip(@ForAll("timestamps") Instant t) {
        String text = Dc09Timestamp.format(t);
        assertEquals(Dc09Timestamp.LENGTH, text.length());
        assertEquals(t, Dc09Timestamp.parse(text).orElseThrow());
    }

    @Provide
    Arbitrary<Instant> timestamps() {
        return wholeSeconds();
    }

    @Property(tries = 300, seed = "20250104")
    void cipherRoundTrip(@ForAll("keys") byte[] key, @ForAll("content") String content, @ForAll long seed) {
        String hex = Dc09Cipher.encrypt(key, content, new Random(seed));
        assertEquals(0, hex.length() % 32);
        assertTrue(hex.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F')));
        assertEquals(content, Dc09Cipher.decrypt(key, hex));
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return aesKey();
    }

    @Provide
    Arbitrary<String> content() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200);
    }
}
