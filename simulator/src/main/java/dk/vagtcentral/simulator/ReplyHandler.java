package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/** Hands replies (decoded TCP frames or raw datagrams) to the slot. */
final class ReplyHandler extends ChannelInboundHandlerAdapter {
    private final Slot slot;

    ReplyHandler(Slot slot) {
        this.slot = slot;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Dc09DecodeResult result) {
            slot.onReply(result, ctx.channel());
        } else if (msg instanceof DatagramPacket packet) {
            try {
                if (!slot.isRemote(packet.sender())) {
                    slot.strayDatagram();
                    return;
                }
                ByteBuf content = packet.content();
                byte[] bytes = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), bytes);
                slot.onReply(Dc09Codec.decodeFrame(bytes, slot.keys()), ctx.channel());
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
