package dk.vagtcentral.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;

/**
 * Hands replies to the slot, with the receiver they came from: what a TCP connection's decoder made of them (the
 * slot's {@link Wire#streamDecoder}), or raw datagrams, which the wire decodes.
 */
final class ReplyHandler extends ChannelInboundHandlerAdapter {
    private final Slot slot;
    private final Receiver receiver;

    /** @param receiver the receiver of a TCP connection; null for UDP (told by the sender) and one-shot TCP */
    ReplyHandler(Slot slot, Receiver receiver) {
        this.slot = slot;
        this.receiver = receiver;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            try {
                Receiver from = slot.receiverOf(packet.sender());
                if (from == null) {
                    slot.strayDatagram();
                    return;
                }
                ByteBuf content = packet.content();
                byte[] bytes = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), bytes);
                slot.onDatagram(bytes, ctx.channel(), from);
            } finally {
                packet.release();
            }
        } else if (msg instanceof ReferenceCounted) {
            ReferenceCountUtil.release(msg); // not decoded: nothing the wire reads
        } else {
            slot.onReply(msg, ctx.channel(), receiver);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(ctx.channel() instanceof DatagramChannel)) {
            ctx.close(); // the slot sees the close and retransmits on a new connection
        }
    }
}
