package dk.vagtcentral.protocol.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounds {@link EventData} promises, checked on any result; shared by the data and the frame fuzzers. */
public final class EventDataBounds {
    private EventDataBounds() {
    }

    /** Every bound the parser promises, checked on any result. */
    public static void assertWithinBounds(EventData.Result r, String data) {
        assertNotNull(r, data);
        assertEquals(data, r.raw(), "raw data kept whole");
        assertEquals(r.understood(), r.reason() == null, data);
        assertEquals(r.understood(), !r.events().isEmpty(), data);
        if (r.reason() != null) {
            assertTrue(r.reason().length() <= EventData.MAX_REASON, data);
            assertEquals(EventCategory.UNKNOWN, r.category(), data);
        }
        if (r.blockAccount() != null) {
            assertTrue(r.blockAccount().length() <= EventData.MAX_ACCOUNT, data);
        }
        assertTrue(r.events().size() <= EventData.MAX_EVENTS, data);
        for (AlarmEvent e : r.events()) {
            assertNotNull(e.category(), data);
            assertTrue(e.text().length() <= EventData.MAX_TEXT, data);
            if (e.format() == EventFormat.SIA_DCS) {
                assertTrue(e.code().matches("[A-Z]{2}"), data);
                assertTrue(e.zone().matches("[0-9]{0," + EventData.MAX_ZONE_DIGITS + "}"), data);
                assertTrue(e.partition().matches("[0-9]{0," + EventData.MAX_NUMBER_DIGITS + "}"), data);
                for (SiaModifier m : e.modifiers()) {
                    assertTrue(m.name().matches("[a-z]{2}"), data);
                    assertTrue(m.value().length() <= EventData.MAX_MODIFIER_VALUE, data);
                    assertTrue(m.label().length() <= EventData.MAX_TEXT, data);
                }
            } else {
                assertTrue(e.code().matches("[0-9A-F]{3}"), data);
                assertTrue(e.zone().matches("[0-9A-F]{3}"), data);
                assertTrue(e.partition().matches("[0-9A-F]{2}"), data);
                assertTrue("136".indexOf(e.qualifier()) >= 0, data);
            }
        }
    }
}
