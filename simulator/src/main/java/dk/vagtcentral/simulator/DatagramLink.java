package dk.vagtcentral.simulator;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;

/** UDP: one socket per slot; every frame is a datagram to the device's current receiver. */
final class DatagramLink implements Link {
    private final Slot slot;
    private final Channel channel;

    DatagramLink(Slot slot) {
        this.slot = slot;
        ChannelFuture bound = new Bootstrap().group(slot.loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 1 << 20)
                .handler(new ReplyHandler(slot, null))
                .bind(new InetSocketAddress(0)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot open a UDP socket: " + bound.cause(), bound.cause());
        }
        this.channel = bound.channel();
    }

    @Override
    public void send(Pending p, Receiver target) {
        slot.transmit(p, channel, target);
    }

    @Override
    public Object wrap(ByteBuf frame, Receiver target) {
        return new DatagramPacket(frame, slot.address(target));
    }

    @Override
    public void close() {
        channel.close();
    }
}
