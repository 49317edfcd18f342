package dk.vagtcentral.server.demo;

import dk.vagtcentral.server.store.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's alarm transmitters: accounts 1000-10FF (hex) unencrypted, three encrypted ones whose keys are published
 * in the README — demo keys, never for real devices — and SCAIP controllers 4510001000-4510001255, the SCAIP twin of
 * each plain account ({@link #scaipController}: account 1000 + n hex is controller 4510001000 + n), worn by the same
 * demo citizen. The controllers have no password and the receiver's default {@code <mrs>} style.
 */
public final class DemoDevices {
    public static final int FIRST_PLAIN = 0x1000;
    public static final int PLAIN_COUNT = 256;
    public static final String AES128_ACCOUNT = "2000";
    public static final String AES128_KEY = "000102030405060708090A0B0C0D0E0F";
    public static final String AES192_ACCOUNT = "2001";
    public static final String AES192_KEY = "000102030405060708090A0B0C0D0E0F1011121314151617";
    public static final String AES256_ACCOUNT = "2002";
    public static final String AES256_KEY = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
    /** The first demo SCAIP controller id ({@code <cid>}); the n-th plain account's twin is this plus n. */
    public static final long FIRST_SCAIP = 4_510_001_000L;

    private DemoDevices() {
    }

    public static List<Device> all() {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < PLAIN_COUNT; i++) {
            String account = String.format(Locale.ROOT, "%04X", FIRST_PLAIN + i);
            devices.add(Device.register(account, null, "Demo pendant " + account));
        }
        devices.add(Device.register(AES128_ACCOUNT, AES128_KEY, "Demo encrypted pendant (AES-128)"));
        devices.add(Device.register(AES192_ACCOUNT, AES192_KEY, "Demo encrypted fall sensor (AES-192)"));
        devices.add(Device.register(AES256_ACCOUNT, AES256_KEY, "Demo encrypted smoke detector (AES-256)"));
        for (int i = 0; i < PLAIN_COUNT; i++) {
            String cid = scaipController(i);
            devices.add(Device.scaip(cid, "Demo SCAIP carephone " + cid, null, null, null, null));
        }
        return devices;
    }

    /** The controller id of the n-th demo SCAIP carephone (0-255): 4510001000 + n. */
    public static String scaipController(int n) {
        if (n < 0 || n >= PLAIN_COUNT) {
            throw new IllegalArgumentException("demo SCAIP controllers are 0-" + (PLAIN_COUNT - 1) + ": " + n);
        }
        return Long.toString(FIRST_SCAIP + n);
    }

    /** The SCAIP twin of a plain demo account (1000-10FF), worn by the same citizen; empty for any other account. */
    public static java.util.Optional<String> scaipTwin(String dc09Account) {
        try {
            int n = Integer.parseInt(dc09Account, 16) - FIRST_PLAIN;
            return n >= 0 && n < PLAIN_COUNT ? java.util.Optional.of(scaipController(n)) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
