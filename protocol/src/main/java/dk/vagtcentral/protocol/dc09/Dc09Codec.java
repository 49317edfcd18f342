package dk.vagtcentral.protocol.dc09;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Encodes and decodes DC-09 frames:
 * {@code <LF>crc 0LLL "id" seq [Rrcvr] Lpref [#acct] [data][xdata...][timestamp] <CR>}.
 * The CRC and length cover everything from the opening quote of the id to the byte before CR.
 * Decoding never throws: every malformed input becomes a failed {@link Dc09DecodeResult}.
 */
public final class Dc09Codec {
    public static final byte LF = '\n';
    public static final byte CR = '\r';
    /** Largest frame accepted, LF and CR included. */
    public static final int MAX_FRAME = 1024;
    private static final int HEADER = 8; // 4 CRC digits + "0LLL"

    private Dc09Codec() {
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes an unencrypted message. */
    public static byte[] encode(Dc09Message message) {
        if (message.encrypted()) {
            throw new IllegalArgumentException("encrypted message needs a key");
        }
        return encode(message, null, null);
    }

    /**
     * Encodes a message, encrypting it with {@code key} when {@link Dc09Message#encrypted()}.
     *
     * @param padRandom source of the random pad characters of encrypted messages
     */
    public static byte[] encode(Dc09Message message, byte[] key, RandomGenerator padRandom) {
        String body = body(message, key, padRandom);
        byte[] bodyBytes = body.getBytes(StandardCharsets.ISO_8859_1); // data may hold Latin-1 letters
        if (bodyBytes.length > 0xFFF || bodyBytes.length + HEADER + 2 > MAX_FRAME) {
            throw new IllegalArgumentException("message too long for a DC-09 frame: " + bodyBytes.length);
        }
        String head = String.format(Locale.ROOT, "%04X0%03X", Crc16.of(bodyBytes), bodyBytes.length);
        byte[] frame = new byte[bodyBytes.length + HEADER + 2];
        frame[0] = LF;
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, frame, 1, HEADER);
        System.arraycopy(bodyBytes, 0, frame, 1 + HEADER, bodyBytes.length);
        frame[frame.length - 1] = CR;
        return frame;
    }

    private static String body(Dc09Message m, byte[] key, RandomGenerator padRandom) {
        StringBuilder sb = new StringBuilder(64);
        sb.append('"');
        if (m.encrypted()) {
            sb.append('*');
        }
        sb.append(m.id()).append('"');
        sb.append(String.format(Locale.ROOT, "%04d", m.sequence()));
        if (m.receiver() != null) {
            sb.append('R').append(m.receiver());
        }
        sb.append('L').append(m.linePrefix());
        if (m.account() != null) {
            sb.append('#').append(m.account());
        } else if (Dc09Ids.NAK.equals(m.id())) {
            sb.append("A0"); // the standard's NAK carries the placeholder "A0" instead of an account
        }
        StringBuilder tail = new StringBuilder();
        tail.append(m.data()).append(']');
        for (String x : m.extendedData()) {
            tail.append('[').append(x).append(']');
        }
        if (m.timestamp() != null) {
            tail.append(Dc09Timestamp.format(m.timestamp()));
        }
        sb.append('[');
        if (m.encrypted()) {
            if (key == null) {
                throw new IllegalArgumentException("encrypted message needs a key");
            }
            if (m.timestamp() == null) {
                throw new IllegalArgumentException("encrypted message needs a timestamp");
            }
            sb.append(Dc09Cipher.encrypt(key, tail.toString(), padRandom));
        } else {
            sb.append(tail);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes one datagram or frame: LF ... CR, where a missing LF or CR is tolerated. */
    public static Dc09DecodeResult decodeFrame(byte[] frame, KeyResolver keys) {
        int start = 0;
        int end = frame.length;
        if (end > MAX_FRAME) {
            return Dc09DecodeResult.failure(DecodeFailure.OVERSIZED, frame.length + " bytes");
        }
        if (start < end && frame[start] == LF) {
            start++;
        }
        if (end > start && frame[end - 1] == CR) {
            end--;
        } else if (end > start + 1 && frame[end - 1] == LF && frame[end - 2] == CR) {
            end -= 2;
        }
        return decodeBody(frame, start, end - start, keys);
    }

    /** Decodes the bytes between LF and CR: {@code crc 0LLL "id"...}. */
    public static Dc09DecodeResult decodeBody(byte[] bytes, int offset, int length, KeyResolver keys) {
        try {
            return decodeChecked(bytes, offset, length, keys);
        } catch (RuntimeException e) {
            // A defect in this decoder must not take a connection down: report it as malformed input.
            return Dc09DecodeResult.failure(DecodeFailure.MALFORMED, "decoder error: " + e);
        }
    }

    private static Dc09DecodeResult decodeChecked(byte[] bytes, int offset, int length, KeyResolver keys) {
        if (length + 2 > MAX_FRAME) {
            return Dc09DecodeResult.failure(DecodeFailure.OVERSIZED, (length + 2) + " bytes");
        }
        // The header must be printable ASCII and LF or CR never occur inside a frame (they frame it); the data may
        // carry what panels put in zone and user texts (Latin-1 letters such as æ, ø, å), checked by the CRC like
        // the rest and kept, other control characters shown as '?'.
        boolean inHeader = true;
        for (int i = offset; i < offset + length; i++) {
            inHeader &= bytes[i] != '[';
            if (bytes[i] == LF || bytes[i] == CR || (inHeader && (bytes[i] < 0x20 || bytes[i] > 0x7E))) {
                return Dc09DecodeResult.failure(DecodeFailure.NON_ASCII,
                        String.format(Locale.ROOT, "byte 0x%02X at %d", bytes[i] & 0xFF, i - offset));
            }
        }
        if (length < HEADER + 2) {
            return Dc09DecodeResult.failure(DecodeFailure.BAD_HEADER, "frame too short: " + length + " bytes");
        }
        int crc = hex(bytes, offset, 4);
        if (crc < 0) {
            return Dc09DecodeResult.failure(DecodeFailure.BAD_HEADER, "CRC field is not 4 hex digits");
        }
        int declared = bytes[offset + 4] == '0' ? hex(bytes, offset + 5, 3) : -1;
        if (declared < 0) {
            return Dc09DecodeResult.failure(DecodeFailure.BAD_HEADER, "length field is not '0' and 3 hex digits");
        }
        int bodyOffset = offset + HEADER;
        int bodyLength = length - HEADER;
        if (declared != bodyLength) {
            return Dc09DecodeResult.failure(DecodeFailure.BAD_LENGTH,
                    "length field says " + declared + ", body has " + bodyLength);
        }
        int actual = Crc16.of(bytes, bodyOffset, bodyLength);
        if (actual != crc) {
            return Dc09DecodeResult.failure(DecodeFailure.BAD_CRC,
                    String.format(Locale.ROOT, "CRC field %04X, computed %04X", crc, actual));
        }
        return parseBody(printable(bytes, bodyOffset, bodyLength), keys);
    }

    /** The body as text: ASCII and Latin-1 letters as they are, control characters as '?'. */
    private static String printable(byte[] bytes, int offset, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xFF;
            chars[i] = b < 0x20 || (b >= 0x7F && b < 0xA0) ? '?' : (char) b;
        }
        return new String(chars);
    }

    private static Dc09DecodeResult parseBody(String body, KeyResolver keys) {
        Cursor c = new Cursor(body);
        if (!c.take('"')) {
            return malformed("id does not start with '\"'", null);
        }
        boolean encrypted = c.take('*');
        int idEnd = body.indexOf('"', c.pos);
        if (idEnd < 0) {
            return malformed("id is not closed with '\"'", null);
        }
        String id = body.substring(c.pos, idEnd);
        c.pos = idEnd + 1;
        // An id with stray characters is still answered (DUH) when the rest of the header reads, so the sender
        // learns that it will never be processed instead of retransmitting it forever.
        String idProblem = id.isEmpty() ? "id is empty"
                : id.chars().allMatch(ch -> (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-') ? null
                : "id contains characters other than A-Z, 0-9 and '-'";
        int sequence = c.digits(4, 4);
        if (sequence < 0) {
            return malformed("sequence is not 4 decimal digits", null);
        }
        String receiver = c.take('R') ? c.hexRun(1, 6) : null;
        if (receiver != null && receiver.isEmpty()) {
            return malformed("receiver number after 'R' is not 1-6 hex digits", null);
        }
        if (!c.take('L')) {
            return malformed("line prefix 'L' missing", null);
        }
        boolean nak = Dc09Ids.NAK.equals(id);
        // Some panels send an empty prefix ("L#1234"); it is read as "" and echoed as sent.
        String prefix = nak ? nakPrefix(c) : c.hexRun(0, 6);
        if (nak && prefix.isEmpty()) {
            return malformed("line prefix after 'L' is not 1-6 hex digits", null);
        }
        String account = null;
        if (c.take('#')) {
            account = c.hexRun(3, 16);
            if (account.isEmpty()) {
                return malformed("account after '#' is not 3-16 hex digits", null);
            }
            account = account.toUpperCase(Locale.ROOT);
        } else if (c.take('A')) {
            c.hexRun(1, 16); // the "A0" placeholder of a NAK
        }
        Dc09Message header = new Dc09Message(id, encrypted, sequence, receiver, prefix, account, "", List.of(), null);
        if (idProblem != null) {
            return malformed(idProblem, header);
        }
        if (!c.take('[')) {
            return malformed("data block '[' missing after the header", header);
        }
        String tail = body.substring(c.pos);
        if (encrypted) {
            byte[] key = account == null ? null : keys.keyFor(account);
            if (key == null) {
                return Dc09DecodeResult.failure(DecodeFailure.UNKNOWN_KEY,
                        "encrypted message for an account without a key", header);
            }
            try {
                tail = Dc09Cipher.decrypt(key, tail);
            } catch (IllegalArgumentException e) {
                return Dc09DecodeResult.failure(DecodeFailure.DECRYPT_FAILED, e.getMessage(), header);
            }
        }
        return parseTail(tail, header);
    }

    /** Parses {@code data]} {@code [xdata]...} {@code [timestamp]}, the part after the opening '['. */
    private static Dc09DecodeResult parseTail(String tail, Dc09Message header) {
        int close = tail.indexOf(']');
        if (close < 0) {
            return Dc09DecodeResult.tailFailure(DecodeFailure.MALFORMED, "data block is not closed with ']'", header,
                    tail);
        }
        String data = tail.substring(0, close);
        if (data.indexOf('[') >= 0) {
            return Dc09DecodeResult.tailFailure(DecodeFailure.MALFORMED, "data block contains '['", header, tail);
        }
        List<String> extended = new ArrayList<>();
        int pos = close + 1;
        while (pos < tail.length() && tail.charAt(pos) == '[') {
            int end = tail.indexOf(']', pos);
            if (end < 0) {
                return Dc09DecodeResult.tailFailure(DecodeFailure.MALFORMED,
                        "extended data block is not closed with ']'", header, tail);
            }
            String block = tail.substring(pos + 1, end);
            if (block.isEmpty()) {
                pos = end + 1; // "[]": panels send an empty block for data they do not have
                continue;
            }
            if (block.indexOf('[') >= 0) {
                return Dc09DecodeResult.tailFailure(DecodeFailure.MALFORMED, "extended data block is nested",
                        header, tail);
            }
            extended.add(block);
            pos = end + 1;
        }
        Instant timestamp = null;
        String rest = tail.substring(pos);
        if (!rest.isEmpty()) {
            Optional<Instant> parsed = Dc09Timestamp.parse(rest);
            if (parsed.isEmpty()) {
                return Dc09DecodeResult.tailFailure(DecodeFailure.BAD_TIMESTAMP,
                        "expected _HH:MM:SS,MM-DD-YYYY after the data blocks", header, tail);
            }
            timestamp = parsed.get();
        }
        if (header.encrypted() && timestamp == null) {
            return Dc09DecodeResult.failure(DecodeFailure.MISSING_TIMESTAMP,
                    "an encrypted message must carry a timestamp", header);
        }
        return Dc09DecodeResult.success(new Dc09Message(header.id(), header.encrypted(), header.sequence(),
                header.receiver(), header.linePrefix(), header.account(), data, extended, timestamp));
    }

    /**
     * The line prefix of a NAK. Its account placeholder "A0" is hex itself, so "L0A0[" would read as
     * prefix "0A0": unless an account '#' follows, the hex run after 'L' is split before its last 'A'
     * that has digits after it, leaving the cursor on that 'A'. Empty when no valid prefix is found.
     */
    private static String nakPrefix(Cursor c) {
        int start = c.pos;
        String run = c.hexRun(1, 6 + 1 + 16);
        int a = run.lastIndexOf('A');
        if (!c.at('#') && a >= 1 && a <= 6 && a < run.length() - 1) {
            c.pos = start + a;
            return run.substring(0, a);
        }
        if (run.length() > 6) {
            c.pos = start;
            return "";
        }
        return run;
    }

    private static Dc09DecodeResult malformed(String detail, Dc09Message header) {
        return Dc09DecodeResult.failure(DecodeFailure.MALFORMED, detail, header);
    }

    private static int hex(byte[] bytes, int offset, int count) {
        int value = 0;
        for (int i = offset; i < offset + count; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean at(char ch) {
            return pos < s.length() && s.charAt(pos) == ch;
        }

        boolean take(char ch) {
            if (pos < s.length() && s.charAt(pos) == ch) {
                pos++;
                return true;
            }
            return false;
        }

        int digits(int min, int max) {
            int start = pos;
            while (pos < s.length() && pos - start < max && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            return pos - start < min ? -1 : Integer.parseInt(s, start, pos, 10);
        }

        /** Longest run of hex digits up to {@code max}; empty when shorter than {@code min}. */
        String hexRun(int min, int max) {
            int start = pos;
            while (pos < s.length() && pos - start < max && Character.digit(s.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos - start < min) {
                pos = start;
                return "";
            }
            return s.substring(start, pos);
        }
    }
}
