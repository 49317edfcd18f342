package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One logical DC-09 message of a device: id, sequence and data are fixed for all its transmissions; each
 * transmission is stamped with the device clock at that moment.
 *
 * @param device   the sender
 * @param id       DC-09 id without '*': "SIA-DCS", "ADM-CID" or "NULL"
 * @param sequence 1..9999
 * @param data     data block content, e.g. "#1000|NQA001"; empty for NULL
 * @param kind     the kind it was made from, or null for a custom message
 */
public record DeviceMessage(SimulatedDevice device, String id, int sequence, String data, EventKind kind)
        implements Message {

    public DeviceMessage {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        if (sequence < 0 || sequence > SimulatedDevice.MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence must be 0..9999: " + sequence);
        }
    }

    @Override
    public Protocol protocol() {
        return Protocol.DC09;
    }

    @Override
    public String account() {
        return device.account();
    }

    /** Whether the receiver stores it as an alarm (every id but NULL). */
    @Override
    public boolean isAlarm() {
        return !Dc09Ids.NULL.equals(id);
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "seq %04d [%s]", sequence, data);
    }

    /** The wire message for one transmission stamped with {@code timestamp} (ignored when the device sends none). */
    public Dc09Message toDc09(Instant timestamp) {
        DeviceProfile p = device.profile();
        return new Dc09Message(id, p.encrypted(), sequence, p.receiver(), p.linePrefix(), p.account(), data,
                List.of(), p.timestamps() ? timestamp : null);
    }

    /** Encodes one transmission, encrypting it when the device has a key. */
    public byte[] encode(Instant timestamp, RandomGenerator padRandom) {
        return Dc09Codec.encode(toDc09(timestamp), device.profile().keyRef(), padRandom);
    }

    /** The verification key: account|sequence|data. */
    public String key() {
        return account() + "|" + sequence + "|" + data;
    }
}
