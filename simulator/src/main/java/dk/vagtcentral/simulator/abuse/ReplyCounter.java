package dk.vagtcentral.simulator.abuse;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the DC-09 replies a receiver sends back: ACK, NAK, DUH, anything else, and what could not be decoded.
 * Sits behind a {@code Dc09FrameDecoder} (TCP) or takes raw datagrams (UDP).
 */
@ChannelHandler.Sharable
final class ReplyCounter extends ChannelInboundHandlerAdapter {
    /** Told of every decoded reply, on the channel's loop. */
    interface Listener {
        void reply(Channel ch, Dc09Message reply);
    }

    final LongAdder acks = new LongAdder();
    final LongAdder naks = new LongAdder();
    final LongAdder duhs = new LongAdder();
    final LongAdder other = new LongAdder();
    final LongAdder undecodable = new LongAdder();
    private final Listener listener;

    ReplyCounter(Listener listener) {
        this.listener = listener;
    }

    long replies() {
        return acks.sum() + naks.sum() + duhs.sum() + other.sum();
    }

    String line() {
        return String.format(Locale.ROOT, "%d ACK, %d NAK, %d DUH, %d other, %d undecodable",
                acks.sum(), naks.sum(), duhs.sum(), other.sum(), undecodable.sum());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Dc09DecodeResult r) {
            count(ctx.channel(), r);
        } else if (msg instanceof DatagramPacket p) {
            try {
                ByteBuf content = p.content();
                byte[] bytes = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), bytes);
                count(ctx.channel(), Dc09Codec.decodeFrame(bytes, KeyResolver.NONE));
            } finally {
                p.release();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void count(Channel ch, Dc09DecodeResult r) {
        if (!r.isSuccess()) {
            undecodable.increment();
            return;
        }
        Dc09Message m = r.message();
        switch (m.id()) {
            case Dc09Ids.ACK -> acks.increment();
            case Dc09Ids.NAK -> naks.increment();
            case Dc09Ids.DUH -> duhs.increment();
            default -> other.increment();
        }
        if (listener != null) {
            listener.reply(ch, m);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(ctx.channel() instanceof DatagramChannel)) {
            ctx.close(); // a reset: the ledger counts it as the server's close
        }
    }
}
