package dk.vagtcentral.protocol.dc09;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Dc09TimestampTest {

    @Test
    void formatsInUtc() {
        assertEquals("_14:12:04,09-25-2012", Dc09Timestamp.format(Instant.parse("2012-09-25T14:12:04Z")));
        assertEquals("_00:00:00,01-01-2000", Dc09Timestamp.format(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals("_23:59:59,12-31-2099", Dc09Timestamp.format(Instant.parse("2099-12-31T23:59:59Z")));
        assertEquals(Dc09Timestamp.LENGTH, Dc09Timestamp.format(Instant.parse("2024-02-29T12:00:00Z")).length());
    }

    @Test
    void dropsFractionsOfASecond() {
        assertEquals("_14:12:04,09-25-2012", Dc09Timestamp.format(Instant.parse("2012-09-25T14:12:04.999Z")));
    }

    @Test
    void parsesWhatItFormats() {
        Instant t = Instant.parse("2024-02-29T07:08:09Z");
        assertEquals(Optional.of(t), Dc09Timestamp.parse(Dc09Timestamp.format(t)));
        assertEquals(Optional.of(Instant.parse("2012-09-25T14:12:04Z")), Dc09Timestamp.parse("_14:12:04,09-25-2012"));
    }

    @Test
    void rejectsInvalidText() {
        for (String s : new String[] {"", "_", "_14:12:04,09-25-2012 ", "x14:12:04,09-25-2012",
                "_24:00:00,09-25-2012", "_14:12:04,09-31-2012", "_14:12:04,00-10-2012", "_14-12-04,09-25-2012",
                "_14:12:04,09/25/2012", "_1a:12:04,09-25-2012", "_14:12:04,09-25-+012", "_14:12:04,09-25--012"}) {
            assertTrue(Dc09Timestamp.parse(s).isEmpty(), s);
        }
    }
}
