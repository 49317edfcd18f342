package dk.vagtcentral.protocol.scaip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.event.EventCategory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden {@code <mrq>} bodies in the shapes devices and public implementations send, each with its source. Values
 * (controller ids, refs) are ours; the shapes (element order, leading zeros, declaration, whitespace, root) are theirs.
 */
class MrqDecoderTest {
    /**
     * Shape of shyne99/scaipproxy, etc/seet.json (the body its Climax device scenario sends): no XML declaration,
     * one line, ref first, codes without leading zeros ({@code dty 02}, {@code stc 102}), {@code crd no-voice:}.
     */
    static final String SCAIPPROXY_CLIMAX = "<mrq><ref>00020486</ref><cha>0</cha><mty>ME</mty><cid>4510001007</cid>"
            + "<dty>02</dty><did>00</did><crd>no-voice:</crd><stc>102</stc></mrq>";

    /**
     * Shape of caruhome/scaip-gateway, scaip_gateway/spec.py and xml/scaip.py (the gateway that sends {@code <mrq>}
     * to alarm receivers): elements in the model's order with {@code ref} last, version {@code 01.00}, codes with
     * leading zeros (four-digit device type and status, three-digit component and location), a 16-hex-digit ref,
     * a {@code sip:} call-back address, and the nested geo position {@code <lge>}.
     */
    static final String CARUHOME_GATEWAY = "<mrq><ver>01.00</ver><cid>4510001042</cid><dty>0005</dty><sco>0</sco>"
            + "<cha>1</cha><mty>ME</mty><hbo>0</hbo><did>01</did><dco>017</dco><dte>Fall sensor</dte>"
            + "<crd>sip:4510001042@carephone.example</crd><stc>0009</stc><stt>Fall detected</stt><pri>0</pri>"
            + "<lco>011</lco><lge><geo>56.1572,10.2107</geo><tim>2026-01-10T10:00:00+01</tim></lge><lte>Bath</lte>"
            + "<ref>3f2a9c0d11b84e7a</ref></mrq>";

    /**
     * Shape of Syntilio/Datahub-Scaip-Proxy, src/main/java/com/syntilio/scaip/client/ScaipSampleXml.java (ALARM):
     * an XML declaration, pretty-printed with newlines and indentation, four-digit codes, ref last.
     */
    static final String SYNTILIO_PRETTY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mrq>\n  <ver>01.00</ver>\n"
            + "  <cid>4510001099</cid>\n  <dty>0004</dty>\n  <did>001d940c</did>\n  <dco>007</dco>\n"
            + "  <stc>0010</stc>\n  <pri>0</pri>\n  <lco>021</lco>\n  <lte>kitchen</lte>\n  <ref>R42</ref>\n</mrq>";

    /** The same source's HEARTBEAT sample has root {@code <scaip>} instead of {@code <mrq>}; accepted. */
    static final String SYNTILIO_SCAIP_ROOT = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<scaip>\n  <ver>01.00</ver>\n"
            + "  <cid>4510001099</cid>\n  <dty>0004</dty>\n  <did>001d940c</did>\n  <stc>0070</stc>\n"
            + "  <ref>R43</ref>\n</scaip>";

    static MrqDecodeResult decode(String body) {
        return MrqDecoder.decode(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theScaipproxyShapeReadsWithItsCodesAsNumbers() {
        Mrq m = decode(SCAIPPROXY_CLIMAX).mrq();
        assertEquals("00020486", m.ref());
        assertEquals("4510001007", m.cid());
        assertEquals(2, m.code(Mrq.DTY).getAsInt());
        assertEquals(102, m.code(Mrq.STC).getAsInt());
        assertEquals("ME", m.mty());
        assertEquals("no-voice:", m.crd());
        assertEquals(8, m.elements().size());
        assertEquals(EventCategory.TEST, ScaipMapping.classify(m).category(), "stc 102 is a test transmission");
    }

    @Test
    void theGatewayShapeKeepsEveryElementTheNestedPositionIncluded() {
        Mrq m = decode(CARUHOME_GATEWAY).mrq();
        assertEquals("3f2a9c0d11b84e7a", m.ref(), "ref last is still the ref: order does not matter");
        assertEquals(5, m.code(Mrq.DTY).getAsInt());
        assertEquals(9, m.code(Mrq.STC).getAsInt());
        assertEquals(17, m.code(Mrq.DCO).getAsInt());
        assertEquals("sip:4510001042@carephone.example", m.crd());
        assertEquals("56.1572,10.2107", m.value("lge.geo"));
        assertEquals("2026-01-10T10:00:00+01", m.value("lge.tim"));
        assertEquals(19, m.elements().size());
        assertEquals(CARUHOME_GATEWAY, m.xml(), "the stored form is the body as sent");
        ScaipEvent e = ScaipMapping.classify(m);
        assertEquals(EventCategory.EMERGENCY, e.category());
        assertEquals("9", e.code());
        assertEquals("Fall detector: automatic alarm", e.description());
    }

    @Test
    void aDeclarationAndPrettyPrintingChangeNothing() {
        Mrq m = decode(SYNTILIO_PRETTY).mrq();
        assertEquals("R42", m.ref());
        assertEquals("kitchen", m.value(Mrq.LTE));
        assertEquals(10, m.code(Mrq.STC).getAsInt());
        assertEquals(4, m.code(Mrq.DTY).getAsInt());
        assertEquals(EventCategory.EMERGENCY, ScaipMapping.classify(m).category());
        Mrq same = decode(SYNTILIO_PRETTY.replace("<dty>0004</dty>", "<dty>4</dty>").replace("<stc>0010</stc>",
                "<stc>10</stc>")).mrq();
        assertEquals(ScaipMapping.classify(m), ScaipMapping.classify(same), "0004 and 4 are the same code");
    }

    @Test
    void theScaipRootIsAcceptedAndNormalStateIsATestReport() {
        Mrq m = decode(SYNTILIO_SCAIP_ROOT).mrq();
        assertEquals("R43", m.ref());
        assertEquals(EventCategory.TEST, ScaipMapping.classify(m).category());
    }

    @Test
    void badXmlIsInvalidFormat() {
        // the shape of Syntilio's INVALID_MALFORMED_XML sample: the closing tag is missing
        MrqDecodeResult r = decode("<?xml version=\"1.0\"?>\n<mrq>\n  <cid>4510001000</cid>\n  <dty>0004</dty>\n"
                + "  <ref>r1</ref>\n");
        assertFalse(r.isSuccess());
        assertEquals(ScaipStatus.INVALID_FORMAT, r.status());
        assertEquals("r1", r.ref(), "what was read before the error is echoed");
        assertEquals(ScaipStatus.INVALID_FORMAT, decode("not xml at all").status());
        assertEquals(ScaipStatus.INVALID_FORMAT, decode("<other><ref>1</ref></other>").status());
        assertEquals(ScaipStatus.INVALID_FORMAT, decode("").status());
    }

    @Test
    void aDtdIsRefusedSoNoEntityIsEverExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE mrq [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<mrq><ref>1</ref><cid>4510001000</cid><dty>3</dty><dte>&x;</dte></mrq>";
        MrqDecodeResult r = decode(xxe);
        assertEquals(ScaipStatus.INVALID_FORMAT, r.status());
    }

    @Test
    void aMissingOrEmptyMandatoryElementIsSnu7() {
        // Syntilio's INVALID_MISSING_DTY sample: no dty
        MrqDecodeResult noDty = decode("<mrq><ver>01.00</ver><cid>4510001000</cid><did>001d940c</did>"
                + "<stc>0010</stc><ref>r2</ref></mrq>");
        assertEquals(ScaipStatus.MANDATORY_MISSING, noDty.status());
        assertEquals("r2", noDty.ref());
        assertEquals(ScaipStatus.MANDATORY_MISSING, decode("<mrq><cid>1</cid><dty>3</dty></mrq>").status());
        assertEquals(ScaipStatus.MANDATORY_MISSING, decode("<mrq><ref>1</ref><cid></cid><dty>3</dty></mrq>").status());
    }

    @Test
    void aRefOrControllerOfTheWrongShapeIsWrongData() {
        MrqDecodeResult longRef = decode("<mrq><ref>" + "a".repeat(17) + "</ref><cid>1</cid><dty>3</dty></mrq>");
        assertEquals(ScaipStatus.WRONG_DATA, longRef.status());
        assertNull(longRef.ref(), "a ref that is not one is not echoed");
        assertEquals(ScaipStatus.WRONG_DATA, decode("<mrq><ref>1</ref><cid>+123456</cid><dty>3</dty></mrq>")
                .status());
    }

    @Test
    void aBodyBeyondTheBoundsIsTooLong() {
        assertEquals(ScaipStatus.TOO_LONG, decode("<mrq><ref>1</ref><cid>1</cid><dty>3</dty><ite>"
                + "x".repeat(MrqDecoder.MAX_VALUE + 1) + "</ite></mrq>").status());
        assertEquals(ScaipStatus.TOO_LONG, MrqDecoder.decode(new byte[MrqDecoder.MAX_BODY + 1]).status());
        StringBuilder many = new StringBuilder("<mrq><ref>1</ref><cid>1</cid><dty>3</dty>");
        for (int i = 0; i < MrqDecoder.MAX_ELEMENTS; i++) {
            many.append("<x").append(i).append(">1</x").append(i).append('>');
        }
        assertEquals(ScaipStatus.TOO_LONG, decode(many.append("</mrq>").toString()).status());
    }

    @Test
    void unknownElementsAndUpperCaseNamesAreKept() {
        Mrq m = decode("<MRQ><REF>7</REF><CID>4510001000</CID><DTY>3</DTY><vendorx>42</vendorx></MRQ>").mrq();
        assertEquals("7", m.ref());
        assertEquals("42", m.value("vendorx"));
        assertEquals(List.of("ref", "cid", "dty", "vendorx"), m.elements().stream().map(Mrq.Element::name).toList());
    }

    @Test
    void theMrsIsWrittenAndReadBack() {
        Mrs mrs = new Mrs("00020486", 0, null, null, null, "62", "+4570000000", null);
        assertEquals("<mrs><ref>00020486</ref><snu>0</snu><cre>62</cre><tnu>+4570000000</tnu></mrs>", mrs.xml());
        assertEquals(mrs, Mrs.parse(mrs.encode()).orElseThrow());
        // the receiver-side MESSAGE of shyne99/scaipproxy etc/scenarios/arc.xml
        Mrs arc = Mrs.parse("<mrs><ref>00020486</ref><snu>0</snu></mrs>".getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertTrue(arc.ok());
        assertEquals("<mrs><ref>a&amp;b</ref><snu>2</snu><ste>bad &lt;xml&gt;</ste></mrs>",
                Mrs.of("a&b", ScaipStatus.INVALID_FORMAT, "bad <xml>").xml());
        assertTrue(Mrs.parse("<mrq/>".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }
}
