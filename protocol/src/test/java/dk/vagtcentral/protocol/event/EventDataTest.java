package dk.vagtcentral.protocol.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The data grammar piece by piece; the shapes real panels send are in {@code Dc09FieldCorpusTest}. */
class EventDataTest {

    static EventData.Result sia(String data) {
        return EventData.parse(Dc09Ids.SIA_DCS, data);
    }

    static EventData.Result cid(String data) {
        return EventData.parse(Dc09Ids.ADM_CID, data);
    }

    static List<String> rendered(EventData.Result r) {
        assertTrue(r.understood(), r::reason);
        return EventRendering.render(r.events());
    }

    static void assertNotUnderstood(EventData.Result r, String data, String reasonPart) {
        assertFalse(r.understood(), () -> data + " was understood as " + r.events());
        assertEquals(data == null ? "" : data, r.raw(), "the raw data is kept whole");
        assertTrue(r.events().isEmpty());
        assertEquals(EventCategory.UNKNOWN, r.category());
        assertEquals(Optional.empty(), r.primary());
        assertNotNull(r.reason());
        assertTrue(r.reason().contains(reasonPart), () -> "reason '" + r.reason() + "' lacks '" + reasonPart + "'");
    }

    @Test
    void siaWithAreaAndTwoEvents() {
        EventData.Result r = sia("#1234|Nri1/FA129/BR129");
        assertEquals(List.of("FA zone=129 area=1 mods=ri=1 FIRE", "BR zone=129 area=1 mods=ri=1 OTHER"), rendered(r));
        assertNull(r.reason());
        assertEquals("1234", r.blockAccount());
        assertEquals("#1234|Nri1/FA129/BR129", r.raw());
        AlarmEvent fire = r.events().get(0);
        assertEquals(new AlarmEvent(EventFormat.SIA_DCS, "FA", 'N', "129", "1", EventCategory.FIRE, "Fire alarm", "",
                List.of(new SiaModifier("ri", "1", "", "area (partition)"))), fire);
        assertEquals(EventCategory.FIRE, r.category());
        assertEquals(Optional.of(fire), r.primary());
        assertEquals("FA129", fire.compact());
        assertEquals("FA129 BR129", r.compact());
    }

    @Test
    void modifiersHoldForTheEventsAfterThemAndARepeatReplacesTheEarlierValue() {
        EventData.Result r = sia("#ABC|NYT0/ri2/FA1/ri3/id7/QA2");
        assertEquals(List.of("YT zone=0 area= TECHNICAL", "FA zone=1 area=2 mods=ri=2 FIRE",
                "QA zone=2 area=3 mods=ri=3,id=7 EMERGENCY"), rendered(r));
        assertEquals(Optional.of("7"), r.events().get(2).modifier(SiaModifier.USER));
        assertEquals(Optional.empty(), r.events().get(1).modifier(SiaModifier.USER));
    }

    @Test
    void primaryIsFirstOfMostUrgentCategory() {
        EventData.Result r = sia("NYT1/QA2/MA3/RP0");
        assertEquals(EventCategory.EMERGENCY, r.category());
        assertEquals("QA2", r.primary().orElseThrow().compact());
    }

    @Test
    void theSlashMayBeLeftOutWhereTheNextFieldCannotBelongToThisOne() {
        assertEquals(List.of("CL zone=0 area=1 text='VX FRONTE' mods=ri=1 OTHER"), rendered(sia("#123456|Nri1CL0^VX FRONTE ^")));
        assertEquals(List.of("RP zone=99 area= mods=ti=20:50:26 TEST"), rendered(sia("#0123|Nti20:50:26RP99")));
        assertEquals(List.of("BA zone=3 area=2 mods=ri=2 OTHER"), rendered(sia("#1234|Nri2BA3")));
        assertEquals(List.of("FA zone=1 area= FIRE", "BA zone=2 area= OTHER"), rendered(sia("NFA1BA2")));
    }

    @Test
    void pipeSeparatesFieldsToo() {
        assertEquals(List.of("FA zone=2 area=4 text='Fire Zone 2' mods=ti=10:15,ri=4 FIRE"),
                rendered(sia("#000010|Nti10:15|ri4|FA2|AFire Zone 2")));
    }

    @Test
    void textInCaretsAfterModifiersAndEventsAndAsciiBlocks() {
        EventData.Result r = sia("#1234|Nri2^Living^id5^John^ti12:00:00FA12^Kitchen^|Atext");
        assertEquals(List.of("FA zone=12 area=2 text='Kitchen text' mods=ri=2^Living^,id=5^John^,ti=12:00:00 FIRE"),
                rendered(r));
        assertEquals("Living", r.events().get(0).modifiers().get(0).label());
        assertEquals(List.of("RR zone= area= text='test' OTHER"), rendered(sia("#1234|NRR|Atest")));
    }

    @Test
    void xSiaQuotedTextAndItsUnitCharacters() {
        assertEquals(List.of("FA zone=0012 area= text='KITCHEN SMOKE' FIRE", "BA zone=0003 area= text='HALL PIR' OTHER"),
                rendered(sia("#1234|NFA0012*'KITCHEN SMOKE'NM/BA0003*'HALL PIR'NM")));
        assertEquals(List.of("CL zone=003 area=01 mods=ri=01 OTHER"), rendered(sia("#072538|Nri01/CL003*''NM")));
        assertEquals(List.of("OP zone=001 area=04 mods=ri=04 OTHER"), rendered(sia("#006969|Nri04/OP001NM")));
        assertEquals(List.of("FA zone=1 area= text='quoted' FIRE"), rendered(sia("NFA1*\"quoted\"NM")));
    }

    @Test
    void nWithoutAFunctionCodeIsTheFirstLetterOfACode() {
        assertEquals(List.of("NL zone=1 area= mods=pi=1 OTHER"), rendered(sia("#5555|Npi1/NL1")));
        assertEquals(List.of("NL zone=1 area= OTHER"), rendered(sia("NL1")));
        assertEquals(List.of("RP zone= area= TEST", "NL zone=2 area= OTHER"), rendered(sia("NRP|NL2")));
    }

    @Test
    void emptyOrAbsentAccountBlockAndMissingFunctionCode() {
        EventData.Result empty = sia("|Nri2/JC12");
        assertEquals(List.of("JC zone=12 area=2 mods=ri=2 OTHER"), rendered(empty));
        assertNull(empty.blockAccount());
        assertNull(sia("Nri1/WA000").blockAccount());
        assertNull(sia("#|NRP").blockAccount());
        assertEquals(List.of("FA zone=129 area= FIRE"), rendered(sia("FA129")));
        assertEquals("FOC7688", cid("#foc7688|1351 01 000").blockAccount());
        assertEquals("0000", sia("#0000|Npi0/AT").blockAccount());
    }

    @Test
    void emptyFieldsAndTrailingSeparatorsAreTolerated() {
        assertEquals(List.of("FA zone=1 area= FIRE", "FA zone=2 area= FIRE"), rendered(sia("NFA1//FA2/")));
    }

    @Test
    void textIsStrippedAndClippedWithAMarker() {
        String longText = "x".repeat(200);
        AlarmEvent e = sia("NFA1^  " + longText + "  ^").primary().orElseThrow();
        assertEquals(EventData.MAX_TEXT, e.text().length());
        assertTrue(e.text().endsWith(TextBounds.MARKER));
        assertTrue(TextBounds.isClipped(e.text()));
        assertEquals("x".repeat(EventData.MAX_TEXT - 1), e.text().substring(0, EventData.MAX_TEXT - 1));
        SiaModifier area = sia("Nri1^" + longText + "^FA1").primary().orElseThrow().modifiers().get(0);
        assertEquals(EventData.MAX_TEXT, area.label().length());
        String exact = "y".repeat(EventData.MAX_TEXT);
        assertEquals(exact, sia("NFA1^" + exact + "^").primary().orElseThrow().text(), "text that fits is kept");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NFA12345", "Nri1234567/FA1", "Nid1234567/QA1", "Npi1234567/QA1",
            "Nxx12345678901234567/QA1"})
    void numbersLongerThanRealPanelsSendAreNotUnderstoodNeverClipped(String data) {
        assertNotUnderstood(sia(data), data, "longer than");
    }

    @Test
    void limitsThemselvesAreUnderstood() {
        assertEquals("1234", sia("NFA1234").primary().orElseThrow().zone());
        assertEquals("123456", sia("Nri123456/FA1").primary().orElseThrow().partition());
        StringBuilder many = new StringBuilder("N");
        for (int i = 0; i < EventData.MAX_EVENTS; i++) {
            many.append("FA").append(i).append('/');
        }
        assertEquals(EventData.MAX_EVENTS, sia(many.toString()).events().size());
        assertNotUnderstood(sia(many + "FA99"), many + "FA99", "more than " + EventData.MAX_EVENTS + " events");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1101 01 015, EMERGENCY, 1, 101, 01, 015",
            "3101 01 015, RESTORE,   3, 101, 01, 015",
            "1602 00 000, TEST,      1, 602, 00, 000",
            "1406 01 001, CANCEL,    1, 406, 01, 001",
            "1110 01 015, FIRE,      1, 110, 01, 015",
            "1100 02 003, EMERGENCY, 1, 100, 02, 003",
            "1302 00 000, TECHNICAL, 1, 302, 00, 000",
            "3302 00 000, RESTORE,   3, 302, 00, 000",
            "3602 00 000, TEST,      3, 602, 00, 000",
            "3406 01 001, CANCEL,    3, 406, 01, 001",
            "6602 00 000, TEST,      6, 602, 00, 000",
            "110101015,   EMERGENCY, 1, 101, 01, 015",
            "1 101 01 015, EMERGENCY, 1, 101, 01, 015",
    })
    void contactId(String data, EventCategory category, char qualifier, String code, String group, String zone) {
        for (String block : List.of(data, "#1234|" + data, "|" + data, data + " ")) {
            EventData.Result r = cid(block);
            assertTrue(r.understood(), r::reason);
            assertEquals(1, r.events().size());
            assertNull(r.contactIdEnvelope());
            AlarmEvent e = r.primary().orElseThrow();
            assertEquals(EventFormat.CONTACT_ID, e.format());
            assertEquals(category, e.category());
            assertEquals(qualifier, e.qualifier());
            assertEquals(code, e.code());
            assertEquals(group, e.partition());
            assertEquals(zone, e.zone());
            assertEquals("", e.text());
            assertEquals(qualifier + code + "-" + group + "-" + zone, e.compact());
        }
    }

    @Test
    void contactIdWholeDtmfMessageWithAndWithoutChecksum() {
        EventData.Result spaced = cid("#1234|1234 18 1101 01 015");
        assertEquals("101", spaced.primary().orElseThrow().code());
        assertEquals(new ContactIdEnvelope("1234", "18", null, null, null), spaced.contactIdEnvelope());

        // Climax LS-30's Contact ID string: checksum 9 makes the digit sum 105 = 7 x 15
        EventData.Result checked = cid("1688181602005009");
        assertEquals(new ContactIdEnvelope("1688", "18", null, null, "9"), checked.contactIdEnvelope());
        assertEquals("1602-00-500", checked.primary().orElseThrow().compact());
        assertEquals(EventCategory.TEST, checked.category());

        assertEquals("98", cid("1234 98 3110 01 015").contactIdEnvelope().messageType());
        assertEquals(EventCategory.RESTORE, cid("1234 98 3110 01 015").category());
    }

    @Test
    void contactIdChecksumThatDoesNotCheckOutIsNotUnderstood() {
        assertNotUnderstood(cid("1688181602005008"), "1688181602005008", "is not");
        assertTrue(ContactIdDataParser.checksumHolds("1688181602005009"));
        assertFalse(ContactIdDataParser.checksumHolds("1688181602005008"));
    }

    @Test
    void contactIdReceiverAutomationLineCarriesReceiverAndLine() {
        EventData.Result r = cid("#1234|5011 18 1234 1101 01 015");
        assertEquals(new ContactIdEnvelope("1234", "18", "01", "1", null), r.contactIdEnvelope());
        assertEquals("1101-01-015", r.primary().orElseThrow().compact());
    }

    @Test
    void contactIdThatReadsInTwoWaysIsNotUnderstood() {
        // "5 01 1 18 1218 ..." is a receiver line with account 1218, and "50111812 18 ..." a DTMF message with an
        // 8-digit account: rather than guess, the block is not understood (and raised, with its raw data)
        String twoWays = "5011181218" + "110101015";
        assertNotUnderstood(cid(twoWays), twoWays, "2 ways");
    }

    @Test
    void contactIdRestoreDescription() {
        assertEquals("Personal emergency restore", cid("3101 01 015").primary().orElseThrow().description());
        assertEquals("Personal emergency", cid("1101 01 015").primary().orElseThrow().description());
    }

    @Test
    void unknownCodesAreOtherAndUnderstood() {
        EventData.Result s = sia("NZZ001");
        assertTrue(s.understood(), s::reason);
        assertEquals(EventCategory.OTHER, s.category());
        assertTrue(s.primary().orElseThrow().description().contains("ZZ"));

        EventData.Result c = cid("1999 01 001");
        assertTrue(c.understood(), c::reason);
        assertEquals(EventCategory.OTHER, c.category());
        assertEquals(EventCategory.OTHER, cid("3999 01 001").category());
    }

    @Test
    void blocksNotUnderstoodKeepTheirRawDataAndSayWhy() {
        String[][] cases = {
                {Dc09Ids.SIA_DCS, "", "no event"},
                {Dc09Ids.SIA_DCS, "#1234", "not followed by '|'"},
                {Dc09Ids.SIA_DCS, "#12345678901234567|NFA1", "account"},
                {Dc09Ids.SIA_DCS, "#12-4|NFA1", "account"},
                {Dc09Ids.SIA_DCS, "#1234|", "no event"},
                {Dc09Ids.SIA_DCS, "N", "no event code"},
                {Dc09Ids.SIA_DCS, "Nri1", "no event code"},
                {Dc09Ids.SIA_DCS, "#000010|AFire Zone 2", "text but no event code"},
                {Dc09Ids.SIA_DCS, "N1234", "two-letter event code"},
                {Dc09Ids.SIA_DCS, "NRP/1234", "unexpected '1'"},
                {Dc09Ids.SIA_DCS, "NFA1^unterminated", "not closed with '^'"},
                {Dc09Ids.SIA_DCS, "Nri1^unterminated", "not closed with '^'"},
                {Dc09Ids.SIA_DCS, "NFA1*'unterminated", "not closed"},
                {Dc09Ids.SIA_DCS, "Ntix/RP", "hh:mm"},
                {Dc09Ids.SIA_DCS, "Nda2024/RP", "mm-dd-yy"},
                {Dc09Ids.SIA_DCS, "Nr1/FA1", "two-letter modifier"},
                {Dc09Ids.SIA_DCS, "NRP/F1", "two-letter event code"},
                {Dc09Ids.SIA_DCS, "Nri01 BA 01", "unexpected ' '"},
                {Dc09Ids.ADM_CID, "1101 01 15", "is not"},
                {Dc09Ids.ADM_CID, "2101 01 015", "is not"},
                {Dc09Ids.ADM_CID, "1101-01-015", "'-'"},
                {Dc09Ids.ADM_CID, "#1234|", "no event"},
                {Dc09Ids.NULL, "#1234|NRP000", "no event data expected for id NULL"},
                {"XYZ-ABC", "NFA1", "no event data expected"},
                {"X".repeat(100), "NFA1", "no event data expected"},
        };
        for (String[] c : cases) {
            assertNotUnderstood(EventData.parse(c[0], c[1]), c[1], c[2]);
        }
    }

    @Test
    void nullDataIsNotUnderstoodAndDoesNotThrow() {
        assertNotUnderstood(EventData.parse(Dc09Ids.SIA_DCS, null), null, "no event");
        assertNotUnderstood(EventData.parse(null, "NFA1"), "NFA1", "no event data expected");
    }

    @Test
    void randomDataNeverThrowsAndEveryFieldRespectsItsBound() {
        Random random = new Random(0xE7E7);
        String alphabet = "#|/^*'\" NnriidpitidaAFQRPLM0123456789:-.abcdefABCDEF-_[]\"";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(random.nextInt(10) == 0 ? 400 : 40);
            for (int i = 0; i < length; i++) {
                sb.append(random.nextInt(4) == 0 ? (char) (0x20 + random.nextInt(0x5F))
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (String id : List.of(Dc09Ids.SIA_DCS, Dc09Ids.ADM_CID, Dc09Ids.NULL)) {
                EventDataBounds.assertWithinBounds(EventData.parse(id, sb.toString()), sb.toString());
            }
        }
    }
}
