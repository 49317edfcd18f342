package dk.vagtcentral.protocol.dc09;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One DC-09 message, decrypted. Fields are the wire fields without their prefix characters:
 * {@code receiver} without 'R', {@code linePrefix} without 'L', {@code account} without '#'.
 *
 * @param id           message id token without the '*' ("SIA-DCS", "ADM-CID", "NULL", "ACK", ...)
 * @param encrypted    whether the message travels (or travelled) encrypted
 * @param sequence     0..9999
 * @param receiver     receiver number (1-6 hex digits) or null when absent
 * @param linePrefix   account prefix (1-6 hex digits; "" when a panel sends an empty 'L', as some do)
 * @param account      3-16 hex digits, or null (a NAK carries none)
 * @param data         the content of the data block, without its brackets; may be empty
 * @param extendedData the contents of the extended data blocks, verbatim, without brackets (read them typed
 *                     with {@link #extendedDataBlocks()})
 * @param timestamp    the message timestamp, or null when absent
 */
public record Dc09Message(String id, boolean encrypted, int sequence, String receiver, String linePrefix,
                          String account, String data, List<String> extendedData, Instant timestamp) {

    public Dc09Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(linePrefix, "linePrefix");
        Objects.requireNonNull(data, "data");
        extendedData = List.copyOf(extendedData);
        if (sequence < 0 || sequence > 9999) {
            throw new IllegalArgumentException("sequence must be 0..9999: " + sequence);
        }
    }

    public Optional<Instant> timestampIfPresent() {
        return Optional.ofNullable(timestamp);
    }

    /** The extended data blocks, each kept verbatim and read by its type letter. */
    public List<ExtendedData> extendedDataBlocks() {
        return extendedData.stream().map(ExtendedData::of).toList();
    }

    public boolean isNull() {
        return Dc09Ids.NULL.equals(id);
    }

    /** The positive acknowledgement a receiver sends for this message; encrypted when this one was. */
    public Dc09Message ack(Instant receiverTime) {
        return reply(Dc09Ids.ACK, encrypted ? receiverTime : null);
    }

    /** The "unable to process" reply for this message. Never encrypted: the receiver may lack the key. */
    public Dc09Message duh() {
        return new Dc09Message(Dc09Ids.DUH, false, sequence, receiver, linePrefix, account, "", List.of(), null);
    }

    /** The negative acknowledgement carrying the receiver's clock, so the sender can correct its own. */
    public static Dc09Message nak(String receiver, String linePrefix, Instant receiverTime) {
        return new Dc09Message(Dc09Ids.NAK, false, 0, receiver, linePrefix, null, "", List.of(), receiverTime);
    }

    private Dc09Message reply(String replyId, Instant time) {
        return new Dc09Message(replyId, encrypted, sequence, receiver, linePrefix, account, "", List.of(), time);
    }
}
