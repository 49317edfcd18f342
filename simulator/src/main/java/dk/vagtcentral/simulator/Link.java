package dk.vagtcentral.simulator;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * How the messages of one {@link Slot} travel to the receivers: one implementation per {@link Transport}.
 * The slot keeps the messages, their retransmissions and the devices' routes; the link only moves frames.
 * Confined to the slot's event loop.
 */
interface Link {

    static Link open(Slot slot, Transport transport) {
        return switch (transport) {
            case TCP -> new PersistentLinks(slot);
            case TCP_ONESHOT -> new OneShotLink(slot);
            case UDP -> new DatagramLink(slot);
        };
    }

    /** Transmits the message to {@code target} now ({@link Slot#transmit}), or once a connection is there. */
    void send(Pending p, Receiver target);

    /** The object to write for an encoded frame going to {@code target}. */
    default Object wrap(ByteBuf frame, Receiver target) {
        return frame;
    }

    /**
     * Whether many messages share a channel, so that replies are matched by account and sequence; false when
     * each message has its own connection, whose reply belongs to that message.
     */
    default boolean shared() {
        return true;
    }

    /** An attempt of the message ended (no reply in time, NAK, or done); a connection of its own is closed. */
    default void attemptEnded(Pending p) {
    }

    /** Opens the connections now where the transport keeps them; completes at once otherwise. */
    default void connectNow(CompletableFuture<Void> done) {
        done.complete(null);
    }

    /** Closes every channel; the slot has failed its messages. */
    void close();
}
