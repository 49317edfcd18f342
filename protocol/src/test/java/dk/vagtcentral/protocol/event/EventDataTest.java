package dk.vagtcentral.protocol.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventDataTest {

    static EventData.Result sia(String data) {
        return EventData.parse(Dc09Ids.SIA_DCS, data);
    }

    static EventData.Result cid(String data) {
        return EventData.parse(Dc09Ids.ADM_CID, data);
    }

    @Test
    void siaWithAreaAndTwoEvents() {
        EventData.Result r = sia("#1234|Nri1/FA129/BR129");
        assertTrue(r.ok(), r::error);
        assertNull(r.error());
        assertEquals("1234", r.blockAccount());
        assertEquals(2, r.events().size());

        AlarmEvent fire = r.events().get(0);
        assertEquals(new AlarmEvent(EventFormat.SIA_DCS, "FA", 'N', "129", "1", EventCategory.FIRE, "Fire alarm"), fire);
        AlarmEvent other = r.events().get(1);
        assertEquals("BR", other.code());
        assertEquals("129", other.zone());
        assertEquals("1", other.partition());
        assertEquals(EventCategory.OTHER, other.category());

        assertEquals(EventCategory.FIRE, r.category());
        assertEquals(fire, r.primary());
        assertEquals("FA129", fire.compact());
    }

    @Test
    void siaWithUserModifierAndNoAccount() {
        EventData.Result r = sia("Nid12/QA001");
        assertTrue(r.ok(), r::error);
        assertNull(r.blockAccount());
        assertEquals(1, r.events().size());
        AlarmEvent e = r.primary();
        assertEquals("QA", e.code());
        assertEquals("001", e.zone());
        assertEquals("", e.partition(), "'id' is not an area");
        assertEquals(EventCategory.EMERGENCY, e.category());
        assertTrue(e.category().isLifeSafety());
    }

    @Test
    void siaAreaAppliesToLaterEventsOnly() {
        EventData.Result r = sia("#ABC|NYT0/ri2/FA1/ri3/QA2");
        assertTrue(r.ok(), r::error);
        assertEquals(List.of("", "2", "3"), r.events().stream().map(AlarmEvent::partition).toList());
        assertEquals(EventCategory.FIRE, r.category());
        assertEquals("FA", r.primary().code());
    }

    @Test
    void primaryIsFirstOfMostUrgentCategory() {
        EventData.Result r = sia("NYT1/QA2/MA3/RP0");
        assertEquals(EventCategory.EMERGENCY, r.category());
        assertEquals("QA2", r.primary().compact());
    }

    @Test
    void siaEventWithoutZoneAndWithText() {
        EventData.Result r = sia("NRP/FA12^Kitchen smoke^");
        assertTrue(r.ok(), r::error);
        assertEquals("", r.events().get(0).zone());
        assertEquals(EventCategory.TEST, r.events().get(0).category());
        assertEquals("12", r.events().get(1).zone());
    }

    @Test
    void blockAccountIsUpperCased() {
        assertEquals("12AB", sia("#12ab|NRP000").blockAccount());
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
    })
    void contactId(String data, EventCategory category, char qualifier, String code, String group, String zone) {
        for (String block : List.of(data, "#1234|" + data)) {
            EventData.Result r = cid(block);
            assertTrue(r.ok(), r::error);
            assertEquals(1, r.events().size());
            AlarmEvent e = r.primary();
            assertEquals(EventFormat.CONTACT_ID, e.format());
            assertEquals(category, e.category());
            assertEquals(qualifier, e.qualifier());
            assertEquals(code, e.code());
            assertEquals(group, e.partition());
            assertEquals(zone, e.zone());
            assertEquals(qualifier + code + "-" + group + "-" + zone, e.compact());
            assertNotNull(e.description());
        }
    }

    @Test
    void contactIdRestoreDescription() {
        assertEquals("Personal emergency restore", cid("3101 01 015").primary().description());
        assertEquals("Personal emergency", cid("1101 01 015").primary().description());
    }

    @Test
    void unknownCodesAreOther() {
        EventData.Result s = sia("NZZ001");
        assertTrue(s.ok(), s::error);
        assertEquals(EventCategory.OTHER, s.category());
        assertTrue(s.primary().description().contains("ZZ"));

        EventData.Result c = cid("1999 01 001");
        assertTrue(c.ok(), c::error);
        assertEquals(EventCategory.OTHER, c.category());
        assertEquals("999", c.primary().code());
        assertEquals(EventCategory.RESTORE, cid("3999 01 001").category());
    }

    @Test
    void malformedBlocksGiveAnErrorNotAnException() {
        for (String[] c : new String[][] {
                {Dc09Ids.SIA_DCS, ""},
                {Dc09Ids.SIA_DCS, "#1234"},               // no '|'
                {Dc09Ids.SIA_DCS, "#12|NFA1"},            // account too short
                {Dc09Ids.SIA_DCS, "#12345678901234567|NFA1"},
                {Dc09Ids.SIA_DCS, "#12G4|NFA1"},          // account not hex
                {Dc09Ids.SIA_DCS, "#1234|"},              // no event
                {Dc09Ids.SIA_DCS, "FA129"},               // no 'N'
                {Dc09Ids.SIA_DCS, "N"},                   // nothing after 'N'
                {Dc09Ids.SIA_DCS, "Nri1"},                // modifier only
                {Dc09Ids.SIA_DCS, "NFA1//FA2"},           // empty field
                {Dc09Ids.SIA_DCS, "NFA1/"},               // trailing '/'
                {Dc09Ids.SIA_DCS, "NFA12345"},            // zone too long
                {Dc09Ids.SIA_DCS, "N1234"},               // neither code nor modifier
                {Dc09Ids.SIA_DCS, "NFA1^unterminated"},
                {Dc09Ids.ADM_CID, "1101 01 15"},          // zone too short
                {Dc09Ids.ADM_CID, "2101 01 015"},         // bad qualifier
                {Dc09Ids.ADM_CID, "1101-01-015"},         // wrong separators
                {Dc09Ids.ADM_CID, "1101 01 015 "},        // trailing space
                {Dc09Ids.ADM_CID, "#1234|"},
                {Dc09Ids.NULL, "#1234|NRP000"},           // no events in a NULL message
                {"XYZ-ABC", "NFA1"},
        }) {
            EventData.Result r = EventData.parse(c[0], c[1]);
            assertFalse(r.ok(), () -> c[0] + " " + c[1]);
            assertNotNull(r.error());
            assertTrue(r.events().isEmpty());
        }
    }

    @Test
    void randomDataNeverThrows() {
        Random random = new Random(0xE7E7);
        String alphabet = "#|/^ NnriFAQRP0123456789abcdefABCDEF-_[]\"*";
        for (int n = 0; n < 5000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                sb.append(random.nextInt(4) == 0 ? (char) (0x20 + random.nextInt(0x5F))
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (String id : List.of(Dc09Ids.SIA_DCS, Dc09Ids.ADM_CID, Dc09Ids.NULL)) {
                EventData.Result r = EventData.parse(id, sb.toString());
                assertNotNull(r);
                assertTrue(r.ok() == (r.error() == null));
                if (r.ok()) {
                    assertFalse(r.events().isEmpty(), sb::toString);
                    assertNotNull(r.primary());
                }
            }
        }
    }

    @Test
    void nullDataIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> EventData.parse(Dc09Ids.SIA_DCS, null));
    }
}
