package dk.vagtcentral.simulator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The client side of a TCP connection: options and the pipeline that decodes replies with the slot's wire (DC-09
 * frames or SIP messages) and hands them to the slot.
 */
final class TcpPipeline {
    private TcpPipeline() {
    }

    /** @param receiver the receiver at the other end, or null for one-shot connections (their message knows it) */
    static Bootstrap bootstrap(Slot slot, Receiver receiver) {
        return new Bootstrap().group(slot.loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) slot.settings().connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, true),
                                slot.wire().streamDecoder(), new ReplyHandler(slot, receiver));
                    }
                });
    }
}
