package dk.vagtcentral.protocol.dc09;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Test-side reference implementations, written independently of the production code: a bitwise
 * CRC-16/ARC, a hand-rolled frame builder and an independent "is this frame intact?" check.
 */
final class TestFrames {
    private TestFrames() {
    }

    /** CRC-16/ARC, bit by bit: poly 0x8005 reflected (0xA001), init 0, no final XOR. */
    static int bitwiseCrc(byte[] bytes, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                if ((crc & 1) != 0) {
                    crc = (crc >>> 1) ^ 0xA001;
                } else {
                    crc >>>= 1;
                }
            }
        }
        return crc;
    }

    static int bitwiseCrc(byte[] bytes) {
        return bitwiseCrc(bytes, 0, bytes.length);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The "CCCC0LLL" header for a body: CRC and length as upper-case hex. */
    static String header(byte[] body) {
        return String.format(Locale.ROOT, "%04X0%03X", bitwiseCrc(body), body.length);
    }

    /** LF + CRC + 0LLL + body + CR, with the CRC from {@link #bitwiseCrc}. */
    static String frameText(String body) {
        return "\n" + header(ascii(body)) + body + "\r";
    }

    static byte[] frame(String body) {
        return ascii(frameText(body));
    }

    /** A frame around raw body bytes (which may be non-ASCII), with a correct CRC and length. */
    static byte[] frame(byte[] body) {
        byte[] head = ascii(header(body));
        byte[] out = new byte[body.length + head.length + 2];
        out[0] = '\n';
        System.arraycopy(head, 0, out, 1, head.length);
        System.arraycopy(body, 0, out, 1 + head.length, body.length);
        out[out.length - 1] = '\r';
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /**
     * Whether the bytes between LF and CR ({@code CCCC0LLL body}) are an intact frame: all printable
     * ASCII, the CRC field is 4 hex digits equal to the bitwise CRC of the body, and the length field
     * is '0' plus 3 hex digits equal to the body length.
     */
    static boolean intact(byte[] content) {
        if (content.length < 8) {
            return false;
        }
        // the header (up to the data block's '[') is printable ASCII; no LF or CR anywhere (they frame);
        // the data may hold any other byte, the CRC vouches for it
        boolean inHeader = true;
        for (byte b : content) {
            if (b == '[') {
                inHeader = false;
            }
            if (b == '\n' || b == '\r' || (inHeader && (b < 0x20 || b > 0x7E))) {
                return false;
            }
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (!isHex(text, 0, 4) || text.charAt(4) != '0' || !isHex(text, 5, 8)) {
            return false;
        }
        int crc = Integer.parseInt(text.substring(0, 4), 16);
        int length = Integer.parseInt(text.substring(5, 8), 16);
        int bodyLength = content.length - 8;
        return length == bodyLength && crc == bitwiseCrc(content, 8, bodyLength);
    }

    /**
     * The content of a datagram as {@link Dc09Codec#decodeFrame} sees it: without one leading LF and
     * without one trailing CR or CR LF.
     */
    static byte[] datagramContent(byte[] frame) {
        int start = 0;
        int end = frame.length;
        if (start < end && frame[start] == '\n') {
            start++;
        }
        if (end > start && frame[end - 1] == '\r') {
            end--;
        } else if (end > start + 1 && frame[end - 1] == '\n' && frame[end - 2] == '\r') {
            end -= 2;
        }
        return Arrays.copyOfRange(frame, start, end);
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
