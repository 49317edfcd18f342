package dk.vagtcentral.protocol.dc09;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ExtendedDataTest {

    @Test
    void everyBlockKeepsItsRawContentAndNamesItsKind() {
        for (ExtendedDataType t : ExtendedDataType.values()) {
            if (t == ExtendedDataType.UNKNOWN) {
                continue;
            }
            ExtendedData x = ExtendedData.of(t.letter() + "value");
            assertEquals(t, x.type());
            assertEquals(t.letter(), x.letter());
            assertEquals(t.letter() + "value", x.raw());
            assertEquals("value", x.value());
            assertEquals(t.description(), x.description());
        }
        ExtendedData odd = ExtendedData.of("#1234|Mhttps://example.invalid/x");
        assertEquals(ExtendedDataType.UNKNOWN, odd.type());
        assertEquals('#', odd.letter());
        assertEquals("#1234|Mhttps://example.invalid/x", odd.raw());
        assertEquals(ExtendedDataType.UNKNOWN, ExtendedData.of("x").type(), "letters are upper case");
    }

    @Test
    void macAddress() {
        assertEquals(Optional.of("00:26:B9:E4:26:8B"), ExtendedData.of("M0026B9E4268B").macAddress());
        assertEquals(Optional.of("00:26:B9:E4:26:8B"), ExtendedData.of("M0026b9e4268b").macAddress());
        assertEquals(Optional.empty(), ExtendedData.of("M0026B9E4268").macAddress());
        assertEquals(Optional.empty(), ExtendedData.of("X0026B9E4268B").macAddress());
    }

    @Test
    void coordinatesAsDecimalDegrees() {
        assertEquals(6 + 7.7777777 / 60, ExtendedData.of("X006E07.7777777").degrees().orElseThrow(), 1e-9);
        assertEquals(49 + 6.6666666 / 60, ExtendedData.of("Y49N06.6666666").degrees().orElseThrow(), 1e-9);
        assertEquals(-(10 + 30.0 / 60), ExtendedData.of("X010W30").degrees().orElseThrow(), 1e-9);
        assertEquals(-(56 + 12.3456 / 60), ExtendedData.of("Y56S12.3456").degrees().orElseThrow(), 1e-9);
        assertEquals(OptionalDouble.empty(), ExtendedData.of("X49N06.6").degrees(), "a longitude is E or W");
        assertEquals(OptionalDouble.empty(), ExtendedData.of("Y006E07.7").degrees(), "a latitude is N or S");
        assertEquals(OptionalDouble.empty(), ExtendedData.of("Y91N00").degrees());
        assertEquals(OptionalDouble.empty(), ExtendedData.of("X010E61").degrees());
        assertEquals(OptionalDouble.empty(), ExtendedData.of("X12.5").degrees());
        assertEquals(OptionalDouble.empty(), ExtendedData.of("M006E07.7").degrees());
    }

    @Test
    void timeOfOccurrence() {
        Instant t = Instant.parse("2019-09-25T14:12:04Z");
        assertEquals(Optional.of(t), ExtendedData.of("H_14:12:04,09-25-2019").occurredAt());
        assertEquals(Optional.of(t), ExtendedData.of("H14:12:04,09-25-2019").occurredAt());
        assertEquals(Optional.empty(), ExtendedData.of("H14:12").occurredAt());
    }

    @Test
    void verificationLinks() {
        assertEquals(List.of("https://ajax-sample.com/first_photo.jpg", "https://ajax-sample.com/second_photo.jpg"),
                ExtendedData.of("Vhttps://ajax-sample.com/first_photo.jpg,https://ajax-sample.com/second_photo.jpg")
                        .links());
        assertTrue(ExtendedData.of("V").links().isEmpty());
        assertTrue(ExtendedData.of("Ihttps://x").links().isEmpty());
    }

    @Test
    void messageExposesItsBlocksTyped() {
        Dc09Message m = new Dc09Message("SIA-DCS", false, 1, null, "0", "1234", "#1234|NQA1",
                List.of("M0026B9E4268B", "RLivingRoom"), null);
        assertEquals(List.of(ExtendedDataType.MAC_ADDRESS, ExtendedDataType.ROOM),
                m.extendedDataBlocks().stream().map(ExtendedData::type).toList());
        assertEquals("LivingRoom", m.extendedDataBlocks().get(1).value());
    }
}
