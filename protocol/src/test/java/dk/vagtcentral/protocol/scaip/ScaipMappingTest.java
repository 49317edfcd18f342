package dk.vagtcentral.protocol.scaip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.event.EventCategory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScaipMappingTest {
    static ScaipEvent classify(String mty, String dty, String stc) {
        java.util.List<String> kv = new java.util.ArrayList<>(java.util.List.of("ref", "1", "cid", "4510001000"));
        if (mty != null) {
            kv.add("mty");
            kv.add(mty);
        }
        kv.add("dty");
        kv.add(dty);
        if (stc != null) {
            kv.add("stc");
            kv.add(stc);
        }
        return ScaipMapping.classify(Mrq.of(kv.toArray(new String[0])));
    }

    @ParameterizedTest(name = "mty={0} dty={1} stc={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            // calls: button, fall, man-down, bed, mat, door, unknown kinds
            "ME, 0003, 0010, EMERGENCY", "-, 3, -, EMERGENCY", "ME, 5, 9, EMERGENCY", "ME, 30, 9, EMERGENCY",
            "ME, 12, 77, EMERGENCY", "ME, 13, 6, EMERGENCY", "ME, 14, 76, EMERGENCY", "ME, 99, 10, EMERGENCY",
            "ME, 0, 0, EMERGENCY", "ME, 44, -, EMERGENCY",
            // fire
            "ME, 23, 9, FIRE", "ME, 0023, 0011, FIRE", "ME, 25, 9, FIRE", "ME, 21, 9, FIRE", "ME, 26, 9, FIRE",
            // technical: battery, mains, link, tamper; and technical device types
            "ME, 3, 16, TECHNICAL", "ME, 3, 14, TECHNICAL", "IN, 45, 85, TECHNICAL", "ME, 45, 23, TECHNICAL",
            "ME, 32, 26, TECHNICAL", "ME, 45, 123, TECHNICAL", "ME, 3, 125, TECHNICAL", "ME, 31, 9, TECHNICAL",
            "ME, 41, -, TECHNICAL",
            // restores and resets
            "ME, 3, 15, RESTORE", "IN, 45, 86, RESTORE", "ME, 45, 112, RESTORE", "RE, 3, -, RESTORE",
            "RE, 5, 10, RESTORE", "ME, 3, 92, RESTORE", "ME, 3, 93, RESTORE",
            // cancel, intervention complete
            "ME, 3, 19, CANCEL", "ME, 3, 111, CANCEL", "ME, 3, 2, CANCEL",
            // assistance is a call whatever the device
            "IN, 45, 110, EMERGENCY",
            // tests and heartbeats
            "ME, 2, 102, TEST", "ME, 2, 103, TEST", "IN, 4, 70, TEST", "PI, 2, -, SUPERVISION", "PI, 2, 16, SUPERVISION",
            // information
            "IN, 11, 81, OTHER", "IN, 12, 117, OTHER",
            // not understood: raised like an emergency
            "XX, 3, 10, UNKNOWN", "ME, abc, 10, UNKNOWN", "ME, 3, 1O, UNKNOWN"})
    void theTable(String mty, String dty, String stc, EventCategory expected) {
        assertEquals(expected, classify(mty, dty, stc).category());
    }

    @Test
    void whatIsNotUnderstoodIsMarkedSo() {
        assertFalse(classify("ME", "abc", "10").understood());
        assertTrue(classify("ME", "3", "10").understood());
        assertEquals("", classify("XX", "3", "10").code());
        assertEquals("16", classify("ME", "3", "0016").code());
        assertEquals("RE", classify("RE", "3", null).code());
        assertEquals("ME", classify(null, "3", null).code());
    }

    @Test
    void restoresPairWithTheirOwnCondition() {
        assertTrue(ScaipMapping.restores("15", "16", EventCategory.TECHNICAL));
        assertTrue(ScaipMapping.restores("0015", "0014", EventCategory.TECHNICAL));
        assertTrue(ScaipMapping.restores("86", "85", EventCategory.TECHNICAL));
        assertFalse(ScaipMapping.restores("86", "16", EventCategory.TECHNICAL), "mains restored is not battery OK");
        assertTrue(ScaipMapping.restores("94", "125", EventCategory.TECHNICAL));
        assertFalse(ScaipMapping.restores("94", "9", EventCategory.EMERGENCY), "a restoral never touches a call");
        assertTrue(ScaipMapping.restores("RE", "10", EventCategory.EMERGENCY), "a reset is shown on the call it resets");
        assertTrue(ScaipMapping.restores("92", "9", EventCategory.FIRE));
        assertFalse(ScaipMapping.restores("RE", "16", EventCategory.TECHNICAL), "a reset does not close a fault");
    }
}
