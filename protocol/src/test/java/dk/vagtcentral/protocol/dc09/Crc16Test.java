package dk.vagtcentral.protocol.dc09;

import static dk.vagtcentral.protocol.dc09.TestFrames.ascii;
import static dk.vagtcentral.protocol.dc09.TestFrames.bitwiseCrc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc16Test {

    @Test
    void checkValueOfCrc16Arc() {
        assertEquals(0xBB3D, Crc16.of(ascii("123456789")));
        assertEquals(0xBB3D, bitwiseCrc(ascii("123456789")), "reference implementation");
    }

    @Test
    void handComputedVectors() {
        // Values computed with the bitwise reference in TestFrames and cross-checked outside Java.
        assertEquals(0x0000, Crc16.of(new byte[0]));
        assertEquals(0x30C0, Crc16.of(ascii("A")));
        assertEquals(0x4040, Crc16.of(new byte[] {0x00, (byte) 0xFF}));
        assertEquals(0xFCDF, Crc16.of(ascii("The quick brown fox jumps over the lazy dog")));
        assertEquals(0xF734, Crc16.of(ascii("\"SIA-DCS\"0002R1L0#1234[#1234|NRP000]_14:12:04,09-25-2012")));
    }

    @Test
    void agreesWithBitwiseReferenceOnStrings() {
        for (String s : new String[] {"", "A", "0", "~", "\"NULL\"0000R0L0#1000[]",
                "\"ADM-CID\"0005L0#1234[#1234|1110 01 015]"}) {
            assertEquals(bitwiseCrc(ascii(s)), Crc16.of(ascii(s)), s);
        }
    }

    @Test
    void agreesWithBitwiseReferenceOnRandomBytesAndRanges() {
        Random random = new Random(0xC0FFEE);
        for (int n = 0; n < 500; n++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            assertEquals(bitwiseCrc(bytes), Crc16.of(bytes));
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int length = random.nextInt(bytes.length - offset + 1);
            assertEquals(bitwiseCrc(bytes, offset, length), Crc16.of(bytes, offset, length));
        }
    }

    @Test
    void resultIsSixteenBits() {
        byte[] ones = new byte[64];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        int crc = Crc16.of(ones);
        assertEquals(crc & 0xFFFF, crc);
        assertEquals(bitwiseCrc(ones), crc);
    }
}
