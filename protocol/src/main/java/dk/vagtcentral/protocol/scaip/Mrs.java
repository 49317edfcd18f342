package dk.vagtcentral.protocol.scaip;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One {@code <mrs>} (message response): {@code ref} echoed from the request, {@code snu} status number, and the
 * optional {@code ste} status text, {@code cve} common version, {@code mre} media reply, {@code cre} call-handling
 * reply (61 pre-defined receiver, 62 transferred number), {@code tnu} the number to call, {@code hbi} heartbeat
 * interval (element model of caruhome/scaip-gateway xml/scaip.py). Null fields are left out of the XML.
 */
public record Mrs(String ref, int snu, String ste, String cve, String mre, String cre, String tnu, String hbi) {
    /** {@code cre}: the device calls the pre-defined receiver it is configured with. */
    public static final String CRE_PREDEFINED_RECEIVER = "61";
    /** {@code cre}: the device calls the number in {@code tnu}. */
    public static final String CRE_TRANSFERRED_NUMBER = "62";

    public static Mrs of(String ref, ScaipStatus status, String text) {
        return new Mrs(ref, status.number(), text, null, null, null, null, null);
    }

    /** This answer telling the device to place its voice call to {@code number} ({@code cre 62}, {@code tnu}). */
    public Mrs withTransferredNumber(String number) {
        return new Mrs(ref, snu, ste, cve, mre, CRE_TRANSFERRED_NUMBER, number, hbi);
    }

    public boolean ok() {
        return snu == ScaipStatus.OK.number();
    }

    public String xml() {
        StringBuilder sb = new StringBuilder("<mrs>");
        element(sb, "ref", ref == null ? "" : ref);
        element(sb, "snu", Integer.toString(snu));
        element(sb, "ste", ste);
        element(sb, "cve", cve);
        element(sb, "mre", mre);
        element(sb, "cre", cre);
        element(sb, "tnu", tnu);
        element(sb, "hbi", hbi);
        return sb.append("</mrs>").toString();
    }

    public byte[] encode() {
        return xml().getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append('<').append(name).append('>').append(Xml.escape(value)).append("</").append(name).append('>');
        }
    }

    /** Reads an {@code <mrs>} (what a device does with the answer); empty when it is not one with a numeric snu. */
    public static Optional<Mrs> parse(byte[] body) {
        String[] v = new String[8];
        String[] names = {"ref", "snu", "ste", "cve", "mre", "cre", "tnu", "hbi"};
        XMLStreamReader r = null;
        try {
            r = Xml.FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            String current = null;
            StringBuilder text = new StringBuilder();
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    return Optional.empty();
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = r.getLocalName().toLowerCase(Locale.ROOT);
                    if (depth == 1 && !name.equals("mrs") && !name.equals("scaip")) {
                        return Optional.empty();
                    }
                    current = depth == 2 ? name : null;
                    text.setLength(0);
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(r.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2 && current != null) {
                        for (int i = 0; i < names.length; i++) {
                            if (names[i].equals(current) && v[i] == null) {
                                v[i] = text.toString().strip();
                            }
                        }
                    }
                    depth--;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            return Optional.empty();
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing held
                }
            }
        }
        if (v[1] == null || !v[1].matches("[0-9]{1,5}")) {
            return Optional.empty();
        }
        return Optional.of(new Mrs(v[0], Integer.parseInt(v[1]), v[2], v[3], v[4], v[5], v[6], v[7]));
    }
}
