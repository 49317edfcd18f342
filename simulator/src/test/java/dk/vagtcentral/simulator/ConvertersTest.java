package dk.vagtcentral.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.time.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @ParameterizedTest
    @ValueSource(strings = {"30s", "500ms", "5m", "12h", "7d", "1.5s", "PT5S", "P1D", "45"})
    void aDurationReadsAsTheServersConfigurationReadsIt(String text) {
        assertEquals(Durations.parse(text), new Converters.PositiveDuration().convert(text));
    }

    @Test
    void theSignIsTheOptionsRule() {
        assertEquals(Duration.ofSeconds(-90), new Converters.AnyDuration().convert("-90s"));
        assertEquals(Duration.ZERO, new Converters.NonNegativeDuration().convert("0s"));
        assertThrows(TypeConversionException.class, () -> new Converters.NonNegativeDuration().convert("-1ms"));
        assertThrows(TypeConversionException.class, () -> new Converters.PositiveDuration().convert("0"));
    }

    @Test
    void notADuration() {
        TypeConversionException e = assertThrows(TypeConversionException.class,
                () -> new Converters.AnyDuration().convert("soon"));
        assertEquals("expected a duration such as " + Durations.EXAMPLES + ", got 'soon'", e.getMessage());
    }

    @Test
    void hostPort() {
        assertEquals(new HostPort("127.0.0.2", 7112), HostPort.parse("127.0.0.2:7112"));
        assertEquals(new HostPort("::1", 7112), HostPort.parse("[::1]:7112"));
        assertEquals("[::1]:7112", HostPort.parse("[::1]:7112").toString());
        for (String bad : new String[] {"127.0.0.2", ":7112", "h:0", "h:65536", "h:x", "h:"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
            assertTrue(e.getMessage().contains("got '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void httpUrl() {
        assertEquals("http://127.0.0.1:8180", new Converters.HttpUrl().convert("http://127.0.0.1:8180").toString());
        for (String bad : new String[] {"ftp://x", "127.0.0.1:8180", "http://", "http://exa mple"}) {
            assertThrows(TypeConversionException.class, () -> new Converters.HttpUrl().convert(bad), bad);
        }
    }
}
