package dk.vagtcentral.protocol.dc09;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.security.SecureRandom;

/**
 * Encodes {@link Dc09Outbound} replies into frames, in the pipeline as Netty codecs are; stateless, so one instance
 * serves every connection. {@link #encode(Dc09Outbound)} does the same for a transport without a pipeline (UDP).
 */
@ChannelHandler.Sharable
public final class Dc09Encoder extends MessageToByteEncoder<Dc09Outbound> {
    /** Thread-safe; only the pad characters of encrypted replies use it. */
    private static final SecureRandom PAD = new SecureRandom();
    public static final Dc09Encoder INSTANCE = new Dc09Encoder();

    private Dc09Encoder() {
        super(Dc09Outbound.class);
    }

    public static byte[] encode(Dc09Outbound reply) {
        return Dc09Codec.encode(reply.message(), reply.key(), PAD);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Dc09Outbound reply, ByteBuf out) {
        out.writeBytes(encode(reply));
    }
}
