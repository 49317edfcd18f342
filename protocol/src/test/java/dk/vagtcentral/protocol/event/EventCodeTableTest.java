package dk.vagtcentral.protocol.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventCodeTableTest {

    @Test
    void siaCodes() {
        assertEquals(EventCategory.FIRE, EventCodeTable.sia("FA").category());
        assertEquals(EventCategory.EMERGENCY, EventCodeTable.sia("QA").category());
        assertEquals(EventCategory.EMERGENCY, EventCodeTable.sia("MA").category());
        assertEquals(EventCategory.RESTORE, EventCodeTable.sia("FH").category());
        assertEquals(EventCategory.TECHNICAL, EventCodeTable.sia("YT").category());
        assertEquals(EventCategory.TEST, EventCodeTable.sia("RP").category());
        assertEquals(EventCategory.CANCEL, EventCodeTable.sia("OC").category());
        assertEquals(new EventCodeTable.Entry(EventCategory.OTHER, "SIA code ZZ"), EventCodeTable.sia("ZZ"));
    }

    @Test
    void contactIdQualifierThreeTurnsAlarmsAndTroublesIntoRestores() {
        assertEquals(EventCategory.FIRE, EventCodeTable.contactId('1', "110").category());
        assertEquals(EventCategory.RESTORE, EventCodeTable.contactId('3', "110").category());
        assertEquals(EventCategory.TECHNICAL, EventCodeTable.contactId('1', "301").category());
        assertEquals(EventCategory.RESTORE, EventCodeTable.contactId('3', "301").category());
        // '3' on a code with no known meaning, e.g. an open/close code (3401: closing, i.e. armed), is no restore
        assertEquals(EventCategory.OTHER, EventCodeTable.contactId('3', "999").category());
        assertEquals(EventCategory.OTHER, EventCodeTable.contactId('3', "401").category());
        assertEquals("Contact ID event 401 (qualifier 3: restore or closing)",
                EventCodeTable.contactId('3', "401").description());
        assertEquals(EventCategory.CANCEL, EventCodeTable.contactId('3', "406").category());
        assertEquals(EventCategory.TEST, EventCodeTable.contactId('3', "602").category());
        assertEquals(EventCategory.EMERGENCY, EventCodeTable.contactId('6', "101").category());
        assertEquals("Contact ID event 999", EventCodeTable.contactId('1', "999").description());
    }

    @Test
    void lifeSafetyCategories() {
        for (EventCategory c : EventCategory.values()) {
            assertEquals(c == EventCategory.FIRE || c == EventCategory.EMERGENCY || c == EventCategory.UNKNOWN,
                    c.isLifeSafety(), c.name());
        }
        assertTrue(EventCategory.FIRE.compareTo(EventCategory.EMERGENCY) < 0, "fire is most urgent");
        assertFalse(EventCategory.OTHER.isLifeSafety());
    }
}
