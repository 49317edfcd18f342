package dk.vagtcentral.simulator.abuse;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09FrameDecoder;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A tiny DC-09 receiver for the abuse tests, TCP and UDP on one port, with knobs for the behaviour under test:
 * reply ACK or DUH, ACK only the first frames of a connection and then stop reading, close the first connections
 * after a while. Records what it got.
 */
public final class TestReceiver implements AutoCloseable {
    public final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    public final Channel tcp;
    public final Channel udp;
    public final ConcurrentLinkedQueue<Dc09Message> received = new ConcurrentLinkedQueue<>();
    public final Set<InetAddress> peers = ConcurrentHashMap.newKeySet();
    public final AtomicInteger accepted = new AtomicInteger();
    public final LongAdder reads = new LongAdder();
    public final LongAdder repliesSent = new LongAdder();
    private final boolean duh;
    private final int ackLimit;
    private final int closeFirst;
    private final Duration closeAfter;

    /**
     * @param duh        answer DUH instead of ACK
     * @param ackLimit   per TCP connection, answer this many frames and then stop reading (0: no limit)
     * @param closeFirst close the first this-many connections accepted after {@code closeAfter}
     */
    public TestReceiver(boolean duh, int ackLimit, int closeFirst, Duration closeAfter) {
        this.duh = duh;
        this.ackLimit = ackLimit;
        this.closeFirst = closeFirst;
        this.closeAfter = closeAfter;
        tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        int n = accepted.incrementAndGet();
                        peers.add(ch.remoteAddress().getAddress());
                        if (n <= closeFirst) {
                            ch.eventLoop().schedule(() -> ch.close(), closeAfter.toMillis(), TimeUnit.MILLISECONDS);
                        }
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                reads.increment();
                                ctx.fireChannelRead(msg);
                            }
                        }, new Dc09FrameDecoder(KeyResolver.NONE), new ChannelInboundHandlerAdapter() {
                            int answered;

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (!(msg instanceof Dc09DecodeResult r) || !r.isSuccess()) {
                                    ReferenceCountUtil.release(msg);
                                    return;
                                }
                                received.add(r.message());
                                if (ackLimit > 0 && answered >= ackLimit) {
                                    return;
                                }
                                answered++;
                                // counted before the write: the client may read the reply before this thread goes on
                                repliesSent.increment();
                                ctx.writeAndFlush(Unpooled.wrappedBuffer(reply(r.message())));
                                if (ackLimit > 0 && answered == ackLimit) {
                                    ctx.channel().config().setAutoRead(false);
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
        int port = ((InetSocketAddress) tcp.localAddress()).getPort();
        udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        DatagramPacket p = (DatagramPacket) msg;
                        try {
                            ByteBuf c = p.content();
                            byte[] bytes = new byte[c.readableBytes()];
                            c.getBytes(c.readerIndex(), bytes);
                            Dc09DecodeResult r = Dc09Codec.decodeFrame(bytes, KeyResolver.NONE);
                            if (r.isSuccess()) {
                                received.add(r.message());
                                repliesSent.increment();
                                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply(r.message())), p.sender()));
                            }
                        } finally {
                            p.release();
                        }
                    }
                }).bind("127.0.0.1", port).syncUninterruptibly().channel();
    }

    public static TestReceiver acking() {
        return new TestReceiver(false, 0, 0, Duration.ZERO);
    }

    private byte[] reply(Dc09Message m) {
        return Dc09Codec.encode(duh ? m.duh() : m.ack(Instant.now()));
    }

    public int port() {
        return ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    @Override
    public void close() {
        tcp.close().syncUninterruptibly();
        udp.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
