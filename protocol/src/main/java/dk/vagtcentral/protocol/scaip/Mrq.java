package dk.vagtcentral.protocol.scaip;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One {@code <mrq>} (message request) as received: every element in the order it came, values trimmed, so that
 * nothing a device sent is lost. Elements nested one level ({@code <lge><geo>..</geo></lge>}) are kept flattened with
 * a dot ({@code lge.geo}). Codes are read as numbers ({@link #code}): devices write {@code 0005}, {@code 05} and
 * {@code 5} for the same device type.
 *
 * <p>Element names and meanings, as in the public field model of caruhome/scaip-gateway (xml/scaip.py, spec.py):
 * {@code ref} reference echoed in the answer; {@code ver} version; {@code sco} system configuration; {@code cha}
 * call handling (0 the device calls, 1 call-back); {@code mty} message type (ME alarm, RE reset, IN information, PI
 * heartbeat); {@code hbo} heartbeat options; {@code cid} controller id; {@code dty} device type; {@code did} device
 * id; {@code dco} device component; {@code dte} device text; {@code crd} caller id, the voice address
 * ({@code sip:...}, {@code gsm:+45...}, {@code no-voice:}); {@code stc}/{@code stt} status code and text;
 * {@code pri} priority; {@code lco}/{@code lva}/{@code lge}/{@code lte} location code, value, geo position, text;
 * {@code ico}/{@code ite} info code and text; {@code ame} additional message.
 */
public record Mrq(List<Element> elements) {
    /** One element: its name (lower case as sent; nested ones as {@code parent.child}) and trimmed text. */
    public record Element(String name, String value) {
        public Element {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public static final String REF = "ref";
    public static final String CID = "cid";
    public static final String DTY = "dty";
    public static final String MTY = "mty";
    public static final String STC = "stc";
    public static final String DID = "did";
    public static final String DCO = "dco";
    public static final String CRD = "crd";
    public static final String STT = "stt";
    public static final String DTE = "dte";
    public static final String LTE = "lte";
    public static final String ITE = "ite";

    public Mrq {
        elements = List.copyOf(elements);
    }

    /** Builds a request from name/value pairs, for devices and tests: {@code Mrq.of("ref", "1", "cid", "45...")}. */
    public static Mrq of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        java.util.ArrayList<Element> out = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.add(new Element(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Mrq(out);
    }

    /** The value of the first element of that name, or null. */
    public String value(String name) {
        for (Element e : elements) {
            if (e.name().equals(name)) {
                return e.value();
            }
        }
        return null;
    }

    public String ref() {
        return value(REF);
    }

    public String cid() {
        return value(CID);
    }

    /** The message type upper-cased (ME, RE, IN, PI); null when absent. */
    public String mty() {
        String v = value(MTY);
        return v == null || v.isEmpty() ? null : v.toUpperCase(java.util.Locale.ROOT);
    }

    /** The voice (call-back) address, or null when absent or empty. */
    public String crd() {
        String v = value(CRD);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * A code element read as a number, leading zeros or not ({@code 0005} is 5); empty when absent, empty or not 1-9
     * digits.
     */
    public OptionalInt code(String name) {
        String v = value(name);
        if (v == null || !v.matches("[0-9]{1,9}")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(v));
    }

    /** Whether the element is present with a value that is not a number (so its meaning is unknown). */
    public boolean unreadableCode(String name) {
        String v = value(name);
        return v != null && !v.isEmpty() && code(name).isEmpty();
    }

    /**
     * The request as compact XML, elements in the order received (nested ones put back inside their parent): what is
     * stored with the alarm and what a device sends.
     */
    public String xml() {
        StringBuilder sb = new StringBuilder("<mrq>");
        String open = null;
        for (Element e : elements) {
            int dot = e.name().indexOf('.');
            String parent = dot < 0 ? null : e.name().substring(0, dot);
            if (open != null && !open.equals(parent)) {
                sb.append("</").append(open).append('>');
                open = null;
            }
            if (parent != null && open == null) {
                sb.append('<').append(parent).append('>');
                open = parent;
            }
            String name = dot < 0 ? e.name() : e.name().substring(dot + 1);
            sb.append('<').append(name).append('>').append(Xml.escape(e.value())).append("</").append(name).append('>');
        }
        if (open != null) {
            sb.append("</").append(open).append('>');
        }
        return sb.append("</mrq>").toString();
    }

    public byte[] encode() {
        return xml().getBytes(StandardCharsets.UTF_8);
    }
}
