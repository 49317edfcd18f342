package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09Cipher;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.server.store.Device;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices the receivers accept (DC-09 accounts and SCAIP controllers), in memory so that a frame is checked and
 * decrypted on the event loop without touching the database. Loaded from the store at startup and updated when devices are
 * registered.
 */
public final class DeviceRegistry implements KeyResolver {
    public record Entry(Device device, byte[] key) {
        public boolean encrypted() {
            return key != null;
        }
    }

    private final Map<String, Entry> byAccount = new ConcurrentHashMap<>();

    public void putAll(Collection<Device> devices) {
        for (Device d : devices) {
            byte[] key = d.aesKeyHex() == null ? null : Dc09Cipher.parseKey(d.aesKeyHex());
            byAccount.put(d.account().toUpperCase(Locale.ROOT), new Entry(d, key));
        }
    }

    /** The device registered under {@code account}, whatever its protocol (the JSON API names either); or null. */
    public Entry find(String account) {
        return account == null ? null : byAccount.get(account.toUpperCase(Locale.ROOT));
    }

    /** A DC-09 device of that account; a SCAIP controller with the same digits is not one. */
    public Entry findDc09(String account) {
        Entry e = find(account);
        return e == null || e.device().isScaip() ? null : e;
    }

    /** A SCAIP controller of that id ({@code cid}); a DC-09 account with the same digits is not one. */
    public Entry findScaip(String controllerId) {
        Entry e = find(controllerId);
        return e == null || !e.device().isScaip() ? null : e;
    }

    public int size() {
        return byAccount.size();
    }

    @Override
    public byte[] keyFor(String account) {
        Entry e = find(account);
        return e == null ? null : e.key();
    }
}
