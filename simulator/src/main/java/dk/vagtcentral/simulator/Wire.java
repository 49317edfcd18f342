package dk.vagtcentral.simulator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

/**
 * What a {@link Protocol} adds to a {@link Slot}: how a transmission of a message is encoded, how replies are decoded
 * and what they mean. The slot keeps the messages, their attempts and timeouts, the devices' queues and routes; the
 * {@link Link} moves the frames; the wire speaks the protocol. One per slot, confined to its event loop.
 */
interface Wire {

    static Wire open(Slot slot, Protocol protocol) {
        return switch (protocol) {
            case DC09 -> new Dc09Wire(slot);
            case SCAIP -> new ScaipWire(slot);
        };
    }

    /** The decoder of a TCP connection, whose output goes to {@link #onReply}; a new one per connection. */
    ChannelHandler streamDecoder();

    /** One received datagram decoded into what {@link #onReply} takes. */
    Object decodeDatagram(byte[] bytes);

    /**
     * The bytes of the next transmission (attempt) of the message to {@code target} over {@code ch}.
     *
     * @throws IllegalArgumentException when the message cannot be encoded (the slot fails it)
     */
    byte[] encode(Pending p, Channel ch, Receiver target);

    /** What a reply names the message by, on a link shared by many messages. */
    Object replyKey(Pending p);

    /** The transmission was written and its reply timeout armed. */
    default void transmitted(Pending p, Channel ch, Receiver target, byte[] frame) {
    }

    /**
     * A reply from the stream decoder or {@link #decodeDatagram}.
     *
     * @param from the receiver that sent it; null on a connection of one message's own, whose message knows it
     */
    void onReply(Object decoded, Channel ch, Receiver from);

    /** A frame as the send command prints it. */
    String printable(byte[] frame);

    /** The message is done: forget what the wire keeps about it. */
    default void forget(Pending p) {
    }
}
