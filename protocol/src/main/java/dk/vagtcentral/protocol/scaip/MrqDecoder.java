package dk.vagtcentral.protocol.scaip;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an {@code <mrq>} body. Order-independent (elements are kept in the order sent and looked up by name), with or
 * without an XML declaration, pretty-printed or not, elements in any letter case. Mandatory: {@code ref} (1-16
 * letters or digits), {@code cid} (1-16 digits), {@code dty} (patterns of caruhome/scaip-gateway xml/scaip.py); a
 * missing or empty one is {@code snu 7}; a ref or cid of the wrong shape is {@code snu 3}; what is not well-formed
 * XML, has a DTD, or has another root is {@code snu 2}; a body beyond the bounds below is {@code snu 1}. Codes that are
 * not numbers are kept: what they mean is decided by {@link ScaipMapping}, which treats the unreadable as unknown.
 *
 * <p>A root named {@code scaip} instead of {@code mrq} is accepted too: one public implementation sends it
 * (Syntilio/Datahub-Scaip-Proxy, ScaipSampleXml.java), and an alarm is not refused for its envelope.
 */
public final class MrqDecoder {
    /** The largest body accepted, bytes. */
    public static final int MAX_BODY = 4096;
    /** Elements in one request. */
    public static final int MAX_ELEMENTS = 64;
    /** Characters in one element's value. */
    public static final int MAX_VALUE = 512;
    private static final Pattern REF = Pattern.compile("[0-9A-Za-z]{1,16}");
    private static final Pattern CID = Pattern.compile("[0-9]{1,16}");

    private MrqDecoder() {
    }

    public static MrqDecodeResult decode(byte[] body) {
        try {
            return decodeChecked(body);
        } catch (RuntimeException e) {
            // a defect here must not take the receiver down: answered as invalid format
            return MrqDecodeResult.failure(ScaipStatus.INVALID_FORMAT, "parser error: " + e, null, null);
        }
    }

    private static MrqDecodeResult decodeChecked(byte[] body) {
        if (body == null || body.length == 0) {
            return MrqDecodeResult.failure(ScaipStatus.INVALID_FORMAT, "empty body", null, null);
        }
        if (body.length > MAX_BODY) {
            return MrqDecodeResult.failure(ScaipStatus.TOO_LONG, body.length + " bytes, over " + MAX_BODY, null, null);
        }
        List<Mrq.Element> elements = new ArrayList<>();
        String problem = read(body, elements);
        String ref = first(elements, Mrq.REF);
        String cid = first(elements, Mrq.CID);
        if (problem != null) {
            ScaipStatus status = problem.startsWith("too ") ? ScaipStatus.TOO_LONG : ScaipStatus.INVALID_FORMAT;
            return MrqDecodeResult.failure(status, problem, echoable(ref), cid);
        }
        for (String mandatory : List.of(Mrq.REF, Mrq.CID, Mrq.DTY)) {
            String v = first(elements, mandatory);
            if (v == null || v.isEmpty()) {
                return MrqDecodeResult.failure(ScaipStatus.MANDATORY_MISSING, "<" + mandatory + "> missing",
                        echoable(ref), cid);
            }
        }
        if (!REF.matcher(ref).matches()) {
            return MrqDecodeResult.failure(ScaipStatus.WRONG_DATA, "<ref> is not 1-16 letters or digits",
                    echoable(ref), cid);
        }
        if (!CID.matcher(cid).matches()) {
            return MrqDecodeResult.failure(ScaipStatus.WRONG_DATA, "<cid> is not 1-16 digits", ref, null);
        }
        return MrqDecodeResult.success(new Mrq(elements));
    }

    /** The ref as it may be echoed in an answer: only a well-formed one. */
    private static String echoable(String ref) {
        return ref != null && REF.matcher(ref).matches() ? ref : null;
    }

    private static String first(List<Mrq.Element> elements, String name) {
        for (Mrq.Element e : elements) {
            if (e.name().equals(name)) {
                return e.value();
            }
        }
        return null;
    }

    /** Reads the elements into {@code out}; the problem found, or null. What was read before a problem stays. */
    private static String read(byte[] body, List<Mrq.Element> out) {
        XMLStreamReader r = null;
        try {
            r = Xml.FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            String child = null;
            String grandchild = null;
            boolean childHasChildren = false;
            StringBuilder text = new StringBuilder();
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> {
                        return "a DTD or entity reference is not allowed";
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        String name = r.getLocalName().toLowerCase(Locale.ROOT);
                        if (depth == 1) {
                            if (!name.equals("mrq") && !name.equals("scaip")) {
                                return "root element is <" + clip(name) + ">, not <mrq>";
                            }
                        } else if (depth == 2) {
                            child = name;
                            childHasChildren = false;
                            text.setLength(0);
                        } else if (depth == 3) {
                            grandchild = name;
                            childHasChildren = true;
                            text.setLength(0);
                        } else {
                            return "elements nested deeper than <" + child + "><" + grandchild + ">";
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (depth >= 2) {
                            text.append(r.getText());
                            if (text.length() > MAX_VALUE) {
                                return "too long: a value over " + MAX_VALUE + " characters";
                            }
                        } else if (depth == 1 && !r.isWhiteSpace()) {
                            return "text directly inside <mrq>";
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (depth == 3) {
                            out.add(new Mrq.Element(child + "." + grandchild, text.toString().strip()));
                            text.setLength(0);
                        } else if (depth == 2 && !childHasChildren) {
                            out.add(new Mrq.Element(child, text.toString().strip()));
                        }
                        if (out.size() > MAX_ELEMENTS) {
                            return "too many elements: over " + MAX_ELEMENTS;
                        }
                        depth--;
                    }
                    default -> {
                        // comments, processing instructions, the declaration: nothing to keep
                    }
                }
            }
            return null;
        } catch (XMLStreamException e) {
            return "not well-formed XML: " + clip(String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing held
                }
            }
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
