package dk.vagtcentral.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What the SCAIP devices of a load run send: the mix of kinds, the device type of their own alarms, the digest
 * password they answer a challenge with (one for all, or per controller id) and a voice call-back address. Start from
 * {@link #defaults()}: mix {@value #DEFAULT_MIX}, device type 3 (personal trigger), no password, no call-back address.
 *
 * @param password  the password of every device without one of its own, or null for none
 * @param passwords passwords by controller id
 * @param callback  the {@code crd} sent with alarms, or null
 */
public record ScaipSettings(Map<ScaipKind, Integer> mix, int deviceType, String password,
                            Map<String, String> passwords, String callback) {
    public static final String DEFAULT_MIX = "button=70,fall=10,smoke=2,battery-low=3,test=10,heartbeat=5";

    public ScaipSettings {
        mix = Collections.unmodifiableMap(new EnumMap<>(mix));
        if (mix.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("mix has no positive weight");
        }
        if (deviceType < 0 || deviceType > 9999) {
            throw new IllegalArgumentException("device type must be 0..9999: " + deviceType);
        }
        passwords = Collections.unmodifiableMap(new LinkedHashMap<>(passwords));
    }

    public static ScaipSettings defaults() {
        return new ScaipSettings(parseMix(DEFAULT_MIX), ScaipDevice.DEFAULT_DEVICE_TYPE, null, Map.of(), null);
    }

    public ScaipSettings withMix(Map<ScaipKind, Integer> m) {
        return new ScaipSettings(m, deviceType, password, passwords, callback);
    }

    public ScaipSettings withDeviceType(int type) {
        return new ScaipSettings(mix, type, password, passwords, callback);
    }

    public ScaipSettings withPassword(String pw) {
        return new ScaipSettings(mix, deviceType, pw, passwords, callback);
    }

    public ScaipSettings withPasswords(Map<String, String> byCid) {
        return new ScaipSettings(mix, deviceType, password, byCid, callback);
    }

    public ScaipSettings withCallback(String crd) {
        return new ScaipSettings(mix, deviceType, password, passwords, crd);
    }

    /** The device with controller id {@code cid}, with its own password if it has one. */
    public ScaipDevice device(String cid) {
        return new ScaipDevice(cid, deviceType, passwords.getOrDefault(cid, password), callback);
    }

    public ScaipKind pickKind(RandomGenerator random) {
        return Weights.pick(mix, random);
    }

    /** Parses "button=70,fall=10,heartbeat=5" (kinds: {@link ScaipKind#parse}, DC-09's names included). */
    public static Map<ScaipKind, Integer> parseMix(String text) {
        return Weights.parse(text, ScaipKind::parse, new EnumMap<>(ScaipKind.class));
    }

    /** Parses "4510001000:secret,4510001001:other". */
    public static Map<String, String> parsePasswords(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected cid:password, got '" + p + "'");
            }
            String cid = p.substring(0, colon);
            if (!cid.matches("[0-9]{1,16}")) {
                throw new IllegalArgumentException("controller id '" + cid + "' is not 1-16 digits");
            }
            if (colon == p.length() - 1) {
                throw new IllegalArgumentException("no password for " + cid);
            }
            if (out.put(cid, p.substring(colon + 1)) != null) {
                throw new IllegalArgumentException("controller id " + cid + " given twice");
            }
        }
        return out;
    }

    /** Never shows a password. */
    @Override
    public String toString() {
        return "ScaipSettings[mix=" + mix + ", deviceType=" + deviceType + ", password=" + (password != null)
                + ", passwords=" + passwords.size() + ", callback=" + callback + "]";
    }
}
