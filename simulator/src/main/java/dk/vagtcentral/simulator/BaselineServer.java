package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09FrameDecoder;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
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
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bare DC-09 receiver: decodes frames with {@link Dc09FrameDecoder} (TCP) or
 * {@link Dc09Codec#decodeFrame} (UDP, same port) and ACKs every SIA-DCS, ADM-CID and NULL message at
 * once, storing nothing. Frames that arrive intact but cannot be processed (an encrypted message
 * without a known key, bad syntax) get DUH; damaged frames get no reply. It is the throughput ceiling
 * the real server is compared with.
 */
public final class BaselineServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel tcp;
    private final Channel udp;
    /** Accepted connections, closed with the server as a receiver going away would. */
    private final io.netty.channel.group.ChannelGroup connections =
            new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    private final KeyResolver keys;
    private final LongAdder frames = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder duhs = new LongAdder();
    private final LongAdder unanswered = new LongAdder();

    private BaselineServer(String host, int port, int threads, KeyResolver keys) {
        this.keys = keys;
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
        return new BaselineServer(host, port, threads, keys);
    }

    private Channel[] bind(String host, int port) {
        ChannelHandler tcpHandler = new TcpHandler();
        ServerBootstrap sb = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new Dc09FrameDecoder(keys), tcpHandler);
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
