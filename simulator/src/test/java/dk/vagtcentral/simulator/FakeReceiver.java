package dk.vagtcentral.simulator;

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
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable DC-09 receiver for tests: TCP and UDP on the same loopback port, one event-loop thread.
 * For every decoded frame the policy returns the replies to send (empty: no reply, so the sender times
 * out), or null to close the TCP connection without replying. Replies with {@code encrypted()} are
 * encrypted with the account's key.
 */
final class FakeReceiver implements AutoCloseable {

    @FunctionalInterface
    interface Policy {
        /**
         * @param frame the decoded frame
         * @param index 0 for the first frame this receiver got, 1 for the second...
         */
        List<Dc09Message> replies(Dc09DecodeResult frame, int index);
    }

    /** Acknowledges every decodable frame; no reply otherwise. */
    static final Policy ACK_ALL = (frame, index) -> frame.isSuccess()
            ? List.of(frame.message().ack(Instant.now())) : List.of();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final KeyResolver keys;
    private final Policy policy;
    private final Channel tcp;
    private final Channel udp;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Dc09DecodeResult> frames = new CopyOnWriteArrayList<>();
    private final List<Instant> arrivals = new CopyOnWriteArrayList<>();

    FakeReceiver(KeyResolver keys, Policy policy) {
        this.keys = keys;
        this.policy = policy;
        this.tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Dc09FrameDecoder(keys), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                List<byte[]> out = handle((Dc09DecodeResult) msg);
                                if (out == null) {
                                    ctx.close();
                                    return;
                                }
                                for (byte[] reply : out) {
                                    ctx.writeAndFlush(Unpooled.wrappedBuffer(reply));
                                }
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        int port = ((InetSocketAddress) tcp.localAddress()).getPort();
        this.udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        DatagramPacket packet = (DatagramPacket) msg;
                        try {
                            ByteBuf content = packet.content();
                            byte[] bytes = new byte[content.readableBytes()];
                            content.getBytes(content.readerIndex(), bytes);
                            List<byte[]> out = handle(Dc09Codec.decodeFrame(bytes, keys));
                            SocketAddress sender = packet.sender();
                            if (out != null) {
                                for (byte[] reply : out) {
                                    ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply),
                                            (InetSocketAddress) sender));
                                }
                            }
                        } finally {
                            packet.release();
                        }
                    }
                }).bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
    }

    private List<byte[]> handle(Dc09DecodeResult frame) {
        int index = count.getAndIncrement();
        arrivals.add(Instant.now());
        frames.add(frame);
        List<Dc09Message> replies = policy.replies(frame, index);
        if (replies == null) {
            return null;
        }
        return replies.stream().map(r -> r.encrypted()
                ? Dc09Codec.encode(r, keys.keyFor(r.account()), ThreadLocalRandom.current())
                : Dc09Codec.encode(r)).toList();
    }

    int port() {
        return ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    /** Every frame received so far, in arrival order. */
    List<Dc09DecodeResult> frames() {
        return frames;
    }

    /** The decoded messages received so far (failed frames left out). */
    List<Dc09Message> messages() {
        return frames.stream().filter(Dc09DecodeResult::isSuccess).map(Dc09DecodeResult::message).toList();
    }

    @Override
    public void close() {
        tcp.close().syncUninterruptibly();
        udp.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
