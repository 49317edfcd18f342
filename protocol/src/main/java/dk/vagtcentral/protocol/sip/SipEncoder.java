package dk.vagtcentral.protocol.sip;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes SIP messages on a stream, in the pipeline as Netty codecs are; stateless, so one instance serves every
 * connection. {@link SipCodec#encode} does the same for UDP.
 */
@ChannelHandler.Sharable
public final class SipEncoder extends MessageToByteEncoder<SipMessage> {
    public static final SipEncoder INSTANCE = new SipEncoder();

    private SipEncoder() {
        super(SipMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SipMessage message, ByteBuf out) {
        out.writeBytes(SipCodec.encode(message));
    }
}
