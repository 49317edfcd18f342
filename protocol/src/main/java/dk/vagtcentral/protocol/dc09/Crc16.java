package dk.vagtcentral.protocol.dc09;

/**
 * The CRC used by SIA DC-09 (and DC-07): CRC-16 with polynomial 0x8005, reflected
 * (0xA001), initial value 0, no final XOR — the variant known as CRC-16/ARC.
 * The check value over the ASCII string "123456789" is 0xBB3D.
 */
public final class Crc16 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc16() {
    }

    public static int of(byte[] bytes, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xFF];
        }
        return crc & 0xFFFF;
    }

    public static int of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }
}
