package dk.vagtcentral.protocol.sip;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a TCP (or TLS) stream into SIP messages, framed by their {@code Content-Length} (mandatory on a stream, RFC
 * 3261 §18.3), and emits each as a {@link SipDecodeResult}. An empty line between messages is a keep-alive ping (RFC
 * 5626 §3.5.1; the receiver answers it with one CRLF). A message with a header problem but a readable length is
 * emitted as a failure and the stream goes on; once the framing is lost ({@link SipDecodeFailure#framingLost()}) the
 * failure is emitted and every later byte is dropped: the receiver answers what it can and closes the connection.
 */
public final class SipStreamDecoder extends ByteToMessageDecoder {
    private final int maxHeaderSection;
    private final int maxBody;
    private boolean broken;

    public SipStreamDecoder() {
        this(SipCodec.MAX_HEADER_SECTION, SipCodec.MAX_BODY);
    }

    public SipStreamDecoder(int maxHeaderSection, int maxBody) {
        this.maxHeaderSection = maxHeaderSection;
        this.maxBody = maxBody;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (broken) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (skipEmptyLines(in, out)) {
                continue;
            }
            int readable = Math.min(in.readableBytes(), maxHeaderSection + 4);
            byte[] head = new byte[readable];
            in.getBytes(in.readerIndex(), head);
            int headEnd = SipCodec.headerEnd(head, 0, head.length);
            if (headEnd < 0) {
                if (in.readableBytes() > maxHeaderSection) {
                    lost(in, out, SipDecodeResult.failure(SipDecodeFailure.OVERSIZED, "no end of the header section within "
                            + maxHeaderSection + " bytes"));
                }
                return; // wait for the rest of the header section
            }
            int bodyStart = SipCodec.afterBlankLine(head, headEnd);
            if (bodyStart > head.length) {
                return; // "\r" of the blank line arrived, its "\n" not yet
            }
            SipCodec.Head parsed = SipCodec.parseHead(head, 0, headEnd);
            String lengthText = parsed.headers == null ? null : parsed.headers.get(SipHeaders.CONTENT_LENGTH);
            int length = lengthText == null ? -1 : SipCodec.contentLength(lengthText);
            if (parsed.headers == null) {
                lost(in, out, parsed.failure); // not even a start line: nothing after it can be trusted
                return;
            }
            if (length < 0) {
                lost(in, out, parsed.fail(SipDecodeFailure.BAD_CONTENT_LENGTH, lengthText == null
                        ? "no Content-Length (mandatory on a stream)" : "Content-Length is not a number"));
                return;
            }
            if (length > maxBody) {
                lost(in, out, parsed.fail(SipDecodeFailure.OVERSIZED, "body of " + length + " bytes, over " + maxBody));
                return;
            }
            if (in.readableBytes() < bodyStart + length) {
                return; // wait for the body
            }
            byte[] body = new byte[length];
            in.getBytes(in.readerIndex() + bodyStart, body);
            in.skipBytes(bodyStart + length);
            out.add(parsed.failure != null ? parsed.failure : parsed.complete(body));
        }
    }

    /** Skips CR and LF before a message; a whole empty line (CRLF CRLF or LF LF) is a keep-alive ping. */
    private static boolean skipEmptyLines(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int i = start;
        int newlines = 0;
        while (i < in.writerIndex()) {
            byte b = in.getByte(i);
            if (b == '\n') {
                newlines++;
            } else if (b != '\r') {
                break;
            }
            i++;
        }
        if (i == start) {
            return false;
        }
        in.readerIndex(i);
        if (newlines >= 2) {
            out.add(SipDecodeResult.keepalive());
        }
        return true;
    }

    private void lost(ByteBuf in, List<Object> out, SipDecodeResult failure) {
        broken = true;
        in.skipBytes(in.readableBytes());
        out.add(failure);
    }
}
