package dk.vagtcentral.protocol.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The header fields of a SIP message, in the order they came. Names compare case-insensitively and compact forms are
 * expanded ({@code v} is {@code Via}, RFC 3261 §7.3.3); values are kept as sent, without surrounding whitespace.
 * Immutable; {@link #with}, {@link #without} and {@link #replaceFirst} return copies.
 */
public final class SipHeaders {
    /** One header field line. */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String CONTACT = "Contact";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String AUTHORIZATION = "Authorization";
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    public static final String ALLOW = "Allow";
    public static final String ACCEPT = "Accept";
    public static final String USER_AGENT = "User-Agent";
    public static final String SERVER = "Server";
    public static final String RETRY_AFTER = "Retry-After";

    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("v", VIA), Map.entry("f", FROM), Map.entry("t", TO), Map.entry("i", CALL_ID),
            Map.entry("m", CONTACT), Map.entry("c", CONTENT_TYPE), Map.entry("l", CONTENT_LENGTH),
            Map.entry("e", "Content-Encoding"), Map.entry("k", "Supported"), Map.entry("s", "Subject"));
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("via", VIA), Map.entry("from", FROM), Map.entry("to", TO), Map.entry("call-id", CALL_ID),
            Map.entry("cseq", CSEQ), Map.entry("contact", CONTACT), Map.entry("content-type", CONTENT_TYPE),
            Map.entry("content-length", CONTENT_LENGTH), Map.entry("max-forwards", MAX_FORWARDS),
            Map.entry("authorization", AUTHORIZATION), Map.entry("www-authenticate", WWW_AUTHENTICATE),
            Map.entry("allow", ALLOW), Map.entry("accept", ACCEPT), Map.entry("user-agent", USER_AGENT),
            Map.entry("server", SERVER), Map.entry("retry-after", RETRY_AFTER));

    public static final SipHeaders EMPTY = new SipHeaders(List.of());

    private final List<Field> fields;

    private SipHeaders(List<Field> fields) {
        this.fields = fields;
    }

    public static SipHeaders of(List<Field> fields) {
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            out.add(new Field(canonical(f.name()), f.value().strip()));
        }
        return new SipHeaders(Collections.unmodifiableList(out));
    }

    /** The name as this class stores it: compact forms expanded, well-known names in their usual spelling. */
    public static String canonical(String name) {
        String n = name.strip();
        String lower = n.toLowerCase(Locale.ROOT);
        String compact = COMPACT.get(lower);
        if (compact != null) {
            return compact;
        }
        return CANONICAL.getOrDefault(lower, n);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The first value of the field, or null. */
    public String get(String name) {
        String n = canonical(name);
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(n)) {
                return f.value();
            }
        }
        return null;
    }

    /** Every value of the field, in order; a line holding several comma-separated values gives one entry per value. */
    public List<String> all(String name) {
        String n = canonical(name);
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(n)) {
                out.addAll(splitValues(f.value()));
            }
        }
        return out;
    }

    /** How many lines the field has (not how many values). */
    public int count(String name) {
        String n = canonical(name);
        return (int) fields.stream().filter(f -> f.name().equalsIgnoreCase(n)).count();
    }

    public SipHeaders with(String name, String value) {
        List<Field> out = new ArrayList<>(fields);
        out.add(new Field(canonical(name), value));
        return new SipHeaders(Collections.unmodifiableList(out));
    }

    public SipHeaders without(String name) {
        String n = canonical(name);
        List<Field> out = new ArrayList<>();
        for (Field f : fields) {
            if (!f.name().equalsIgnoreCase(n)) {
                out.add(f);
            }
        }
        return new SipHeaders(Collections.unmodifiableList(out));
    }

    /** Replaces the first value of {@code name} (the first comma-separated value of its first line). */
    public SipHeaders replaceFirst(String name, String value) {
        String n = canonical(name);
        List<Field> out = new ArrayList<>(fields);
        for (int i = 0; i < out.size(); i++) {
            Field f = out.get(i);
            if (f.name().equalsIgnoreCase(n)) {
                List<String> values = splitValues(f.value());
                values.set(0, value);
                out.set(i, new Field(f.name(), String.join(", ", values)));
                return new SipHeaders(Collections.unmodifiableList(out));
            }
        }
        out.add(new Field(n, value));
        return new SipHeaders(Collections.unmodifiableList(out));
    }

    /**
     * Splits a header value at the commas that separate values (RFC 3261 §7.3.1), not those inside quotes or angle
     * brackets.
     */
    static List<String> splitValues(String value) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && c == ',') {
                out.add(value.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(value.substring(start).strip());
        out.removeIf(String::isEmpty);
        return out;
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
