package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/** Hands replies (decoded TCP frames or raw datagrams) to the slot, with the receiver they came from. */
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
        if (msg instanceof Dc09DecodeResult result) {
            slot.onReply(result, ctx.channel(), receiver);
        } else if (msg instanceof DatagramPacket packet) {
            try {
                Receiver from = slot.receiverOf(packet.sender());
                if (from == null) {
                    slot.strayDatagram();
                    return;
                }
                ByteBuf content = packet.content();
                byte[] bytes = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), bytes);
                slot.onReply(Dc09Codec.decodeFrame(bytes, slot.keys()), ctx.channel(), from);
            } finally {
                packet.release();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(ctx.channel() instanceof DatagramChannel)) {
            ctx.close(); // the slot sees the close and retransmits on a new connection
        }
    }
}
