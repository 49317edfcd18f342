package dk.vagtcentral.protocol.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void numbersWithUnits() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1H"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals(Duration.ofMillis(1500), Durations.parse(" 1.5s "));
        assertEquals(Duration.ofSeconds(-90), Durations.parse("-90s"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30"), "a bare number is seconds");
    }

    @Test
    void iso8601() {
        assertEquals(Duration.ofSeconds(30), Durations.parse("PT30S"));
        assertEquals(Duration.ofDays(7), Durations.parse("P7D"));
        assertEquals(Duration.ofMinutes(-10), Durations.parse("-PT10M"));
    }

    @Test
    void anythingElseIsRefusedWithExamples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertEquals("not a duration: 'soon' (expected 30s, 500ms, 5m, 1h or PT30S)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("30 s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5y"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));
    }
}
