package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09FrameDecoder;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.protocol.scaip.MrqDecodeResult;
import dk.vagtcentral.protocol.scaip.MrqDecoder;
import dk.vagtcentral.protocol.scaip.Mrs;
import dk.vagtcentral.protocol.scaip.MrsStyle;
import dk.vagtcentral.protocol.scaip.ScaipStatus;
import dk.vagtcentral.protocol.sip.NameAddr;
import dk.vagtcentral.protocol.sip.SipCodec;
import dk.vagtcentral.protocol.sip.SipDecodeResult;
import dk.vagtcentral.protocol.sip.SipHeaders;
import dk.vagtcentral.protocol.sip.SipMessage;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponses;
import dk.vagtcentral.protocol.sip.SipStreamDecoder;
import dk.vagtcentral.protocol.sip.Via;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bare DC-09 and SCAIP receiver: decodes frames with {@link Dc09FrameDecoder} (TCP) or
 * {@link Dc09Codec#decodeFrame} (UDP, same port) and ACKs every SIA-DCS, ADM-CID and NULL message at
 * once, storing nothing. Frames that arrive intact but cannot be processed (an encrypted message
 * without a known key, bad syntax) get DUH; damaged frames get no reply. On the same port it answers
 * SCAIP: a SIP {@code MESSAGE} with an {@code <mrq>} gets {@code 200 OK} and an {@code <mrs>} with
 * snu 0 at once (in the 200 OK's body, or in a MESSAGE of its own after an empty 200 OK, by its
 * {@link MrsStyle}); a request it cannot read gets the snu of the problem. What a connection or datagram
 * speaks is told by its first byte: a DC-09 frame starts with LF, a SIP message with a letter. It is the
 * throughput ceiling the real server is compared with.
 */
public final class BaselineServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel tcp;
    private final Channel udp;
    /** Accepted connections, closed with the server as a receiver going away would. */
    private final io.netty.channel.group.ChannelGroup connections =
            new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    private final KeyResolver keys;
    private final MrsStyle mrsStyle;
    private final LongAdder frames = new LongAdder();
    private final LongAdder sipRequests = new LongAdder();
    private final LongAdder mrsOk = new LongAdder();
    private final LongAdder mrsRefused = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder duhs = new LongAdder();
    private final LongAdder unanswered = new LongAdder();

    private BaselineServer(String host, int port, int threads, KeyResolver keys, MrsStyle mrsStyle) {
        this.keys = keys;
        this.mrsStyle = mrsStyle;
        this.group = new MultiThreadIoEventLoopGroup(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("dc09-baseline", false), NioIoHandler.newFactory());
        try {
            Channel[] bound = bind(host, port);
            this.tcp = bound[0];
            this.udp = bound[1];
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Starts on {@code host:port} (TCP and UDP); port 0 picks a free port, see {@link #port()}. Only unencrypted messages are ACKed. */
    public static BaselineServer start(String host, int port) {
        return start(host, port, 0, KeyResolver.NONE);
    }

    /**
     * Starts with a number of event-loop threads (0: available processors) and a key resolver, so that
     * encrypted messages of known accounts are ACKed too (with an encrypted ACK).
     */
    public static BaselineServer start(String host, int port, int threads, KeyResolver keys) {
        return start(host, port, threads, keys, MrsStyle.BODY);
    }

    /** Like {@link #start(String, int, int, KeyResolver)}, answering SCAIP with the {@code <mrs>} the given way. */
    public static BaselineServer start(String host, int port, int threads, KeyResolver keys, MrsStyle mrsStyle) {
        return new BaselineServer(host, port, threads, keys, mrsStyle);
    }

    private Channel[] bind(String host, int port) {
        ChannelHandler tcpHandler = new TcpHandler();
        ChannelHandler sipHandler = new SipTcpHandler();
        ServerBootstrap sb = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new Sniffer(tcpHandler, sipHandler));
                    }
                });
        Bootstrap ub = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .handler(new UdpHandler());
        RuntimeException last = null;
        for (int tries = 0; tries < (port == 0 ? 10 : 1); tries++) {
            ChannelFuture t = sb.bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
            if (!t.isSuccess()) {
                throw new IllegalStateException("cannot listen on TCP " + host + ":" + port + ": "
                        + Slot.describe(t.cause()), t.cause());
            }
            int actual = ((InetSocketAddress) t.channel().localAddress()).getPort();
            ChannelFuture u = ub.bind(new InetSocketAddress(host, actual)).awaitUninterruptibly();
            if (u.isSuccess()) {
                return new Channel[] {t.channel(), u.channel()};
            }
            t.channel().close().awaitUninterruptibly();
            last = new IllegalStateException("cannot bind UDP " + host + ":" + actual + ": "
                    + Slot.describe(u.cause()), u.cause());
        }
        throw last;
    }

    public int port() {
        return ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) tcp.localAddress();
    }

    /** Frames received (TCP and UDP), damaged ones included. */
    public long framesReceived() {
        return frames.sum();
    }

    public long acksSent() {
        return acks.sum();
    }

    public long duhsSent() {
        return duhs.sum();
    }

    /** Frames that got no reply (damaged, or replies sent to us). */
    public long unanswered() {
        return unanswered.sum();
    }

    /** SIP requests received (SCAIP). */
    public long sipRequests() {
        return sipRequests.sum();
    }

    /** {@code <mrs>} sent with snu 0. */
    public long mrsOk() {
        return mrsOk.sum();
    }

    /** {@code <mrs>} sent with another snu (a request that did not read). */
    public long mrsRefused() {
        return mrsRefused.sum();
    }

    @Override
    public void close() {
        tcp.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly();
        udp.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** The encoded reply to one decoded frame, or null for none. */
    private byte[] reply(Dc09DecodeResult result) {
        frames.increment();
        if (result.isSuccess()) {
            Dc09Message m = result.message();
            if (!Dc09Ids.EVENT_IDS.contains(m.id())) {
                unanswered.increment();
                return null;
            }
            Dc09Message ack = m.ack(Instant.now());
            acks.increment();
            if (ack.encrypted()) {
                return Dc09Codec.encode(ack, keys.keyFor(m.account()), ThreadLocalRandom.current());
            }
            return Dc09Codec.encode(ack);
        }
        return result.replyableHeader().map(h -> {
            duhs.increment();
            return Dc09Codec.encode(h.duh());
        }).orElseGet(() -> {
            unanswered.increment();
            return null;
        });
    }

    /** A SIP message starts with a method or "SIP/2.0"; a DC-09 frame with LF. */
    private static boolean isLetter(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    /**
     * What to send for one SIP message: for a MESSAGE with an {@code <mrq>}, 200 OK with the {@code <mrs>} (snu 0, or
     * the snu of what did not read) in its body, or an empty 200 OK and a MESSAGE carrying it; 200 to OPTIONS; 405 to
     * other requests; nothing to responses (a device's answer to an {@code <mrs>} MESSAGE), ACKs and what does not
     * decode.
     */
    private List<SipMessage> scaip(SipDecodeResult decoded, InetSocketAddress from, InetSocketAddress local,
                                   String transport) {
        if (decoded.isKeepalive()) {
            return List.of();
        }
        frames.increment();
        if (!decoded.isSuccess() || !(decoded.message() instanceof SipRequest request)) {
            unanswered.increment();
            return List.of();
        }
        sipRequests.increment();
        String ip = from.getAddress().getHostAddress();
        String tag = ScaipWire.token();
        switch (request.method()) {
            case SipRequest.ACK -> {
                unanswered.increment();
                return List.of();
            }
            case SipRequest.OPTIONS -> {
                return List.of(SipResponses.to(request, 200, tag, ip, from.getPort(),
                        SipHeaders.EMPTY.with(SipHeaders.ALLOW, "MESSAGE, OPTIONS, ACK"), null));
            }
            case SipRequest.MESSAGE -> {
                MrqDecodeResult mrq = MrqDecoder.decode(request.body());
                Mrs mrs = mrq.isSuccess() ? Mrs.of(mrq.ref(), ScaipStatus.OK, null)
                        : Mrs.of(mrq.ref(), mrq.status(), mrq.detail());
                (mrs.ok() ? mrsOk : mrsRefused).increment();
                if (mrsStyle == MrsStyle.BODY) {
                    return List.of(SipResponses.to(request, 200, tag, ip, from.getPort(),
                            SipHeaders.EMPTY.with(SipHeaders.CONTENT_TYPE, "application/scaip+xml"), mrs.encode()));
                }
                return List.of(SipResponses.to(request, 200, tag, ip, from.getPort(), null, null),
                        mrsMessage(request, mrs, local, transport));
            }
            default -> {
                return List.of(SipResponses.to(request, 405, tag, ip, from.getPort(),
                        SipHeaders.EMPTY.with(SipHeaders.ALLOW, "MESSAGE, OPTIONS, ACK"), null));
            }
        }
    }

    /** The receiver's own MESSAGE with the {@code <mrs>}, to the device's Contact, on the flow the request came on. */
    private static SipRequest mrsMessage(SipRequest request, Mrs mrs, InetSocketAddress local, String transport) {
        NameAddr from = NameAddr.parse(request.header(SipHeaders.FROM));
        NameAddr contact = NameAddr.parse(request.header(SipHeaders.CONTACT));
        String device = from == null ? "sip:device@invalid" : from.uri();
        String target = contact == null ? device : contact.uri();
        String host = local.getAddress().getHostAddress();
        String self = (host.contains(":") ? "[" + host + "]" : host) + ":" + local.getPort();
        SipHeaders h = SipHeaders.EMPTY
                .with(SipHeaders.VIA, "SIP/2.0/" + transport + " " + self + ";branch=" + Via.MAGIC_COOKIE
                        + ScaipWire.token() + ";rport")
                .with(SipHeaders.MAX_FORWARDS, "70")
                .with(SipHeaders.FROM, "<sip:alarm@" + self + ">;tag=" + ScaipWire.token())
                .with(SipHeaders.TO, "<" + device + ">")
                .with(SipHeaders.CALL_ID, ScaipWire.token() + "@" + self)
                .with(SipHeaders.CSEQ, "1 MESSAGE")
                .with(SipHeaders.CONTENT_TYPE, "application/scaip+xml");
        return new SipRequest(SipRequest.MESSAGE, target, h, mrs.encode());
    }

    /** Looks at a connection's first byte and puts the DC-09 or the SIP decoder and handler in its place. */
    private final class Sniffer extends ByteToMessageDecoder {
        private final ChannelHandler dc09;
        private final ChannelHandler sip;

        Sniffer(ChannelHandler dc09, ChannelHandler sip) {
            this.dc09 = dc09;
            this.sip = sip;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (!in.isReadable()) {
                return;
            }
            if (isLetter(in.getByte(in.readerIndex()))) {
                ctx.pipeline().addAfter(ctx.name(), "sip", sip).addAfter(ctx.name(), "sip-decoder",
                        new SipStreamDecoder());
            } else {
                ctx.pipeline().addAfter(ctx.name(), "dc09", dc09).addAfter(ctx.name(), "dc09-decoder",
                        new Dc09FrameDecoder(keys));
            }
            ctx.pipeline().remove(this); // hands what it holds to the decoder now after it
        }
    }

    @ChannelHandler.Sharable
    private final class SipTcpHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof SipDecodeResult decoded) {
                for (SipMessage m : scaip(decoded, (InetSocketAddress) ctx.channel().remoteAddress(),
                        (InetSocketAddress) ctx.channel().localAddress(), "TCP")) {
                    ctx.write(Unpooled.wrappedBuffer(SipCodec.encode(m)), ctx.voidPromise());
                }
                if (!decoded.isSuccess() && !decoded.isKeepalive() && decoded.failure().framingLost()) {
                    ctx.flush();
                    ctx.close();
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @ChannelHandler.Sharable
    private final class TcpHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Dc09DecodeResult result) {
                byte[] out = reply(result);
                if (out != null) {
                    ctx.write(Unpooled.wrappedBuffer(out), ctx.voidPromise());
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private final class UdpHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                ByteBuf content = packet.content();
                byte[] bytes = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), bytes);
                if (bytes.length > 0 && isLetter(bytes[0])) {
                    SipDecodeResult decoded = SipCodec.decodeDatagram(bytes);
                    InetSocketAddress sender = packet.sender();
                    for (SipMessage m : scaip(decoded, sender, (InetSocketAddress) ctx.channel().localAddress(), "UDP")) {
                        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(SipCodec.encode(m)), sender),
                                ctx.voidPromise());
                    }
                    return;
                }
                byte[] out = reply(Dc09Codec.decodeFrame(bytes, keys));
                if (out != null) {
                    ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(out), packet.sender()), ctx.voidPromise());
                }
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a failed send to one sender must not close the shared socket
        }
    }
}
