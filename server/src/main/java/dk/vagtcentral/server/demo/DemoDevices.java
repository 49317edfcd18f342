package dk.vagtcentral.server.demo;

import dk.vagtcentral.server.store.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's alarm transmitters: accounts 1000-10FF (hex) unencrypted, and three encrypted ones whose
 * keys are published in the README — demo keys, never for real devices.
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
        return devices;
    }
}
