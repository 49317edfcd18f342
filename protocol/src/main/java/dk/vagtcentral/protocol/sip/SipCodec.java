package dk.vagtcentral.protocol.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses and writes SIP messages (RFC 3261 §7). Parsing never throws: every malformed input becomes a failed
 * {@link SipDecodeResult}. Lenient where devices are (bare LF line ends, folded header lines, compact header names,
 * leading empty lines); strict where a wrong guess would be unsafe (a body length that does not fit).
 */
public final class SipCodec {
    /** The largest header section accepted, bytes. SCAIP messages are a few hundred. */
    public static final int MAX_HEADER_SECTION = 8 * 1024;
    /** The largest body accepted, bytes. An {@code <mrq>} is well under 2 KiB. */
    public static final int MAX_BODY = 8 * 1024;
    public static final String VERSION = "SIP/2.0";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]+");
    private static final Pattern STATUS = Pattern.compile("[1-6][0-9][0-9]");

    private SipCodec() {
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes one UDP datagram. A missing Content-Length means the body runs to the datagram's end (§18.3). */
    public static SipDecodeResult decodeDatagram(byte[] bytes) {
        try {
            return decodeDatagramChecked(bytes);
        } catch (RuntimeException e) {
            // a defect here must not take the receiver down: the datagram is dropped as unreadable
            return SipDecodeResult.failure(SipDecodeFailure.BAD_START_LINE, "decoder error: " + e);
        }
    }

    private static SipDecodeResult decodeDatagramChecked(byte[] bytes) {
        int start = skipEmptyLines(bytes, 0, bytes.length);
        if (start >= bytes.length) {
            return SipDecodeResult.keepalive();
        }
        int headEnd = headerEnd(bytes, start, bytes.length);
        int bodyStart;
        if (headEnd < 0) {
            headEnd = bytes.length;
            bodyStart = bytes.length;
        } else {
            bodyStart = afterBlankLine(bytes, headEnd);
        }
        if (headEnd - start > MAX_HEADER_SECTION) {
            return SipDecodeResult.failure(SipDecodeFailure.OVERSIZED, "header section over " + MAX_HEADER_SECTION
                    + " bytes");
        }
        Head head = parseHead(bytes, start, headEnd);
        if (head.failure != null) {
            return head.failure;
        }
        int available = bytes.length - bodyStart;
        String lengthText = head.headers.get(SipHeaders.CONTENT_LENGTH);
        int length = available;
        if (lengthText != null) {
            length = contentLength(lengthText);
            if (length < 0) {
                return head.fail(SipDecodeFailure.BAD_CONTENT_LENGTH, "Content-Length is not a number");
            }
            if (length > available) {
                return head.fail(SipDecodeFailure.BAD_CONTENT_LENGTH, "Content-Length " + length + " but the datagram"
                        + " holds " + available + " body bytes");
            }
        }
        if (length > MAX_BODY) {
            return head.fail(SipDecodeFailure.OVERSIZED, "body of " + length + " bytes, over " + MAX_BODY);
        }
        byte[] body = new byte[length];
        System.arraycopy(bytes, bodyStart, body, 0, length);
        return head.complete(body);
    }

    /** The index of the first byte that is not CR or LF, from {@code from}. */
    static int skipEmptyLines(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** The index where the blank line ending the header section starts (its first CR or LF), or -1. */
    static int headerEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != '\n') {
                continue;
            }
            // "\n\n" or "\n\r\n": the line after this LF is empty
            if (i + 1 < to && b[i + 1] == '\n') {
                return i + 1;
            }
            if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The first body byte after the blank line that starts at {@code headEnd}. */
    static int afterBlankLine(byte[] b, int headEnd) {
        return b[headEnd] == '\r' ? headEnd + 2 : headEnd + 1;
    }

    static int contentLength(String text) {
        String t = text.strip();
        if (!t.matches("[0-9]{1,9}")) {
            return -1;
        }
        return Integer.parseInt(t);
    }

    /** The start line and header fields read, or a failure; for a request, what an error response needs. */
    static final class Head {
        String method;
        String requestUri;
        int status;
        String reason;
        SipHeaders headers;
        SipDecodeResult failure;

        boolean isRequest() {
            return method != null;
        }

        SipDecodeResult fail(SipDecodeFailure kind, String detail) {
            return isRequest() ? SipDecodeResult.failure(kind, detail, new SipRequest(method, requestUri, headers, null))
                    : SipDecodeResult.failure(kind, detail);
        }

        SipDecodeResult complete(byte[] body) {
            return SipDecodeResult.success(isRequest() ? new SipRequest(method, requestUri, headers, body)
                    : new SipResponse(status, reason, headers, body));
        }
    }

    /** Parses the start line and headers in {@code [from, to)} and checks what a receiver needs. */
    static Head parseHead(byte[] bytes, int from, int to) {
        Head head = new Head();
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if ((b >= 0 && b < 0x20 && b != '\r' && b != '\n' && b != '\t') || b == 0x7F) {
                head.failure = SipDecodeResult.failure(SipDecodeFailure.BINARY,
                        String.format(Locale.ROOT, "byte 0x%02X in the header section", b & 0xFF));
                return head;
            }
        }
        String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        List<String> lines = unfold(text);
        if (lines.isEmpty()) {
            head.failure = SipDecodeResult.failure(SipDecodeFailure.BAD_START_LINE, "no start line");
            return head;
        }
        String startLine = lines.get(0).strip();
        String[] parts = startLine.split(" ", 3);
        if (parts.length == 3 && parts[0].regionMatches(true, 0, "SIP/", 0, 4) && STATUS.matcher(parts[1]).matches()) {
            head.status = Integer.parseInt(parts[1]);
            head.reason = parts[2].strip();
        } else if (parts.length == 3 && TOKEN.matcher(parts[0]).matches() && !parts[1].isBlank()
                && parts[2].regionMatches(true, 0, "SIP/", 0, 4)) {
            head.method = parts[0].toUpperCase(Locale.ROOT);
            head.requestUri = parts[1];
        } else {
            head.failure = SipDecodeResult.failure(SipDecodeFailure.BAD_START_LINE, "not a SIP request or status"
                    + " line: " + clip(startLine));
            return head;
        }
        List<SipHeaders.Field> fields = new ArrayList<>();
        String badLine = null;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            String name = colon <= 0 ? null : line.substring(0, colon).strip();
            if (name == null || !TOKEN.matcher(name).matches()) {
                badLine = line;
                continue;
            }
            fields.add(new SipHeaders.Field(name, line.substring(colon + 1)));
        }
        head.headers = SipHeaders.of(fields);
        if (head.isRequest()) {
            head.failure = checkRequest(head, parts[2].strip(), badLine);
        } else if (badLine != null) {
            head.failure = SipDecodeResult.failure(SipDecodeFailure.BAD_HEADER, "header line without a name: "
                    + clip(badLine));
        }
        return head;
    }

    /** RFC 3261 §8.2 and §16.3's mandatory fields, checked in the order that keeps a failure answerable. */
    private static SipDecodeResult checkRequest(Head head, String version, String badLine) {
        SipRequest partial = new SipRequest(head.method, head.requestUri, head.headers, null);
        SipHeaders h = head.headers;
        List<String> vias = h.all(SipHeaders.VIA);
        if (vias.isEmpty() || Via.parse(vias.get(0)) == null) {
            // a response cannot be routed without a Via: nothing to answer
            return SipDecodeResult.failure(SipDecodeFailure.MISSING_HEADER, vias.isEmpty() ? "no Via"
                    : "top Via does not parse: " + clip(vias.get(0)));
        }
        for (String name : List.of(SipHeaders.FROM, SipHeaders.TO, SipHeaders.CALL_ID, SipHeaders.CSEQ)) {
            String v = h.get(name);
            if (v == null || v.isEmpty()) {
                return SipDecodeResult.failure(SipDecodeFailure.MISSING_HEADER, "no " + name, partial);
            }
        }
        if (!version.equalsIgnoreCase(VERSION)) {
            return SipDecodeResult.failure(SipDecodeFailure.UNSUPPORTED_VERSION, "version " + clip(version), partial);
        }
        CSeq cseq = CSeq.parse(h.get(SipHeaders.CSEQ));
        if (cseq == null) {
            return SipDecodeResult.failure(SipDecodeFailure.BAD_HEADER, "CSeq is not '<number> <method>'", partial);
        }
        if (!cseq.method().equals(head.method)) {
            return SipDecodeResult.failure(SipDecodeFailure.BAD_HEADER, "CSeq method " + cseq.method()
                    + " differs from the request method " + head.method, partial);
        }
        if (badLine != null) {
            return SipDecodeResult.failure(SipDecodeFailure.BAD_HEADER, "header line without a name: "
                    + clip(badLine), partial);
        }
        return null;
    }

    /** Splits the header section into lines (CRLF or LF), joining folded lines (RFC 3261 §7.3.1). */
    private static List<String> unfold(String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !lines.isEmpty()) {
                int last = lines.size() - 1;
                lines.set(last, lines.get(last) + " " + line.strip());
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String clip(String s) {
        String t = s.replaceAll("[\\p{Cntrl}\"]", "?");
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Writes a message: start line, header fields as given (any {@code Content-Length} among them is replaced by the
     * body's real length, always written last), blank line, body.
     */
    public static byte[] encode(SipMessage message) {
        StringBuilder sb = new StringBuilder(256);
        if (message instanceof SipRequest r) {
            sb.append(r.method()).append(' ').append(r.requestUri()).append(' ').append(VERSION);
        } else {
            SipResponse r = (SipResponse) message;
            sb.append(VERSION).append(' ').append(r.status()).append(' ').append(r.reason());
        }
        sb.append("\r\n");
        for (SipHeaders.Field f : message.headers().fields()) {
            if (!f.name().equalsIgnoreCase(SipHeaders.CONTENT_LENGTH)) {
                sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
            }
        }
        sb.append(SipHeaders.CONTENT_LENGTH).append(": ").append(message.body().length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(sb.length() + message.body().length);
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(message.body());
        return out.toByteArray();
    }
}
