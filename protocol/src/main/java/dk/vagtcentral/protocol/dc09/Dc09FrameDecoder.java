package dk.vagtcentral.protocol.dc09;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a TCP stream into DC-09 frames (LF ... CR) and decodes each into a {@link Dc09DecodeResult}.
 * Malformed input is emitted as a failed result and the stream resynchronises on the next LF, so
 * one bad frame never costs the frames after it.
 */
public final class Dc09FrameDecoder extends ByteToMessageDecoder {
    private final KeyResolver keys;
    private final int maxFrame;
    /** Set after an OVERSIZED report: the rest of that frame is skipped without further reports. */
    private boolean discarding;

    public Dc09FrameDecoder(KeyResolver keys) {
        this(keys, Dc09Codec.MAX_FRAME);
    }

    public Dc09FrameDecoder(KeyResolver keys, int maxFrame) {
        this.keys = keys;
        this.maxFrame = maxFrame;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (discarding && !skipRestOfOversizedFrame(in)) {
                return;
            }
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), Dc09Codec.LF);
            if (lf < 0) {
                discardOutsideFrame(in, in.writerIndex(), out);
                return;
            }
            if (lf > in.readerIndex()) {
                discardOutsideFrame(in, lf, out);
            }
            int start = lf + 1;
            int limit = Math.min(in.writerIndex(), lf + maxFrame);
            int end = -1;
            int nextLf = -1;
            for (int i = start; i < limit; i++) {
                byte b = in.getByte(i);
                if (b == Dc09Codec.CR) {
                    end = i;
                    break;
                }
                if (b == Dc09Codec.LF) {
                    nextLf = i;
                    break;
                }
            }
            if (nextLf >= 0) {
                // An LF with nothing but filler before the next LF is a line ending between frames
                // (e.g. a frame terminated with CR LF), not a cut-off frame.
                if (!isFiller(in, start, nextLf)) {
                    out.add(Dc09DecodeResult.failure(DecodeFailure.TRUNCATED,
                            (nextLf - lf) + " bytes before the next frame started"));
                }
                in.readerIndex(nextLf);
                continue;
            }
            if (end < 0) {
                if (in.writerIndex() - lf >= maxFrame) {
                    out.add(Dc09DecodeResult.failure(DecodeFailure.OVERSIZED,
                            "no CR within " + maxFrame + " bytes"));
                    in.readerIndex(lf + maxFrame);
                    discarding = true;
                    continue;
                }
                return; // wait for the rest of the frame
            }
            in.readerIndex(end + 1);
            if (isFiller(in, start, end)) {
                continue; // "LF CR" with nothing in between: line endings, not a frame
            }
            byte[] body = new byte[end - start];
            in.getBytes(start, body);
            out.add(Dc09Codec.decodeBody(body, 0, body.length, keys));
        }
    }

    /**
     * Skips the rest of a frame already reported as OVERSIZED: up to and including its CR, or up to
     * the LF of the next frame. Returns false when the buffer ran out first (still discarding).
     */
    private boolean skipRestOfOversizedFrame(ByteBuf in) {
        for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
            byte b = in.getByte(i);
            if (b == Dc09Codec.CR || b == Dc09Codec.LF) {
                in.readerIndex(b == Dc09Codec.CR ? i + 1 : i);
                discarding = false;
                return true;
            }
        }
        in.readerIndex(in.writerIndex());
        return false;
    }

    /** Whether the bytes in [from, to) are only line-ending filler (CR, space, NUL) or nothing at all. */
    private static boolean isFiller(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            if (b != Dc09Codec.CR && b != ' ' && b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Bytes before a frame's LF: line endings between frames are normal, anything else is garbage. */
    private static void discardOutsideFrame(ByteBuf in, int upTo, List<Object> out) {
        boolean garbage = !isFiller(in, in.readerIndex(), upTo);
        int count = upTo - in.readerIndex();
        in.readerIndex(upTo);
        if (garbage) {
            out.add(Dc09DecodeResult.failure(DecodeFailure.GARBAGE, count + " bytes outside a frame"));
        }
    }
}
