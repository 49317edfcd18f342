package dk.vagtcentral.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.protocol.event.EventFormat;
import dk.vagtcentral.protocol.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceTest {

    @Test
    void sequenceRunsFromOneTo9999AndWrapsToOne() {
        SimulatedDevice d = SimulatedDevice.of("1000");
        assertEquals(1, d.nextSequence());
        assertEquals(2, d.nextSequence());
        d.setNextSequence(9999);
        assertEquals(9999, d.message(EventKind.TEST).sequence());
        assertEquals(1, d.message(EventKind.TEST).sequence());
    }

    @Test
    void dataBlocksOfEachKind() {
        SimulatedDevice sia = SimulatedDevice.of("1000");
        assertEquals("#1000|NQA001", sia.message(EventKind.EMERGENCY).data());
        assertEquals("#1000|NFA001", sia.message(EventKind.FIRE).data());
        assertEquals("#1000|NRP000", sia.message(EventKind.TEST).data());
        assertEquals("#1000|NQA007", sia.message(EventKind.EMERGENCY, "007").data());
        assertEquals("SIA-DCS", sia.message(EventKind.EMERGENCY).id());
        DeviceMessage nul = sia.message(EventKind.NULL);
        assertEquals("NULL", nul.id());
        assertEquals("", nul.data());

        SimulatedDevice cid = new SimulatedDevice(DeviceProfile.of("1001").withFormat(EventFormat.CONTACT_ID));
        assertEquals("#1001|1101 01 001", cid.message(EventKind.EMERGENCY).data());
        assertEquals("#1001|1110 01 001", cid.message(EventKind.FIRE).data());
        assertEquals("#1001|1602 00 000", cid.message(EventKind.TEST).data());
        assertEquals("ADM-CID", cid.message(EventKind.TEST).id());
        assertEquals("NULL", cid.message(EventKind.NULL).id());
    }

    @Test
    void messagesCarryTheDeviceClock() {
        SimulatedDevice d = new SimulatedDevice(DeviceProfile.of("1000").withClockSkew(Duration.ofMinutes(10)));
        Instant now = Instant.now();
        Dc09Message m = Dc09Codec.decodeFrame(d.message(EventKind.EMERGENCY).encode(d.now(), new Random()), KeyResolver.NONE)
                .message();
        assertTrue(Duration.between(now, m.timestamp()).toSeconds() >= 598);
        d.correctClock(now);
        assertTrue(d.clockOffset().abs().toMillis() < 1000);

        SimulatedDevice noTs = new SimulatedDevice(DeviceProfile.of("1000").withTimestamps(false));
        assertNull(noTs.message(EventKind.TEST).toDc09(Instant.now()).timestamp());
    }

    @Test
    void profileValidation() {
        assertEquals("ABC", DeviceProfile.of("abc").account());
        assertThrows(IllegalArgumentException.class, () -> DeviceProfile.of("12"));
        assertThrows(IllegalArgumentException.class, () -> DeviceProfile.of("12345678901234567"));
        assertThrows(IllegalArgumentException.class, () -> DeviceProfile.of("10G0"));
        assertThrows(IllegalArgumentException.class, () -> DeviceProfile.of("1000").withKey(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> DeviceProfile.of("1000").withReceiver("1234567"));
        assertThrows(IllegalArgumentException.class,
                () -> DeviceProfile.of("1000").withKey(new byte[16]).withTimestamps(false));
        assertTrue(DeviceProfile.of("1000").withKey(new byte[24]).encrypted());
        assertThrows(IllegalArgumentException.class, () -> EventKind.checkZone("1"));
    }

    @Test
    void mixAndEncryptedAccountParsing() {
        assertEquals(java.util.Map.of(EventKind.EMERGENCY, 80, EventKind.TEST, 15, EventKind.NULL, 5),
                LoadConfig.parseMix("emergency=80,test=15,null=5"));
        assertThrows(IllegalArgumentException.class, () -> LoadConfig.parseMix("panic=1"));
        assertThrows(IllegalArgumentException.class, () -> LoadConfig.parseMix("emergency=0"));
        assertEquals(16, LoadConfig.parseEncryptedAccounts("2000:000102030405060708090A0B0C0D0E0F").get("2000").length);
        assertThrows(IllegalArgumentException.class, () -> LoadConfig.parseEncryptedAccounts("2000:0001"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(-10), Durations.parse("-10m"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("PT30S"));
    }
}
