package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.scaip.MrqDecodeResult;
import dk.vagtcentral.protocol.scaip.MrqDecoder;
import dk.vagtcentral.protocol.scaip.Mrs;
import dk.vagtcentral.protocol.scaip.MrsStyle;
import dk.vagtcentral.protocol.scaip.ScaipStatus;
import dk.vagtcentral.protocol.sip.DigestAuth;
import dk.vagtcentral.protocol.sip.DigestNonces;
import dk.vagtcentral.protocol.sip.NameAddr;
import dk.vagtcentral.protocol.sip.SipCodec;
import dk.vagtcentral.protocol.sip.SipDecodeResult;
import dk.vagtcentral.protocol.sip.SipHeaders;
import dk.vagtcentral.protocol.sip.SipMessage;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;
import dk.vagtcentral.protocol.sip.SipResponses;
import dk.vagtcentral.protocol.sip.SipStreamDecoder;
import dk.vagtcentral.protocol.sip.Via;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A SCAIP receiver for tests, built on the protocol codec: SIP over UDP and TCP on one loopback port, one event-loop
 * thread. It answers a MESSAGE with an {@code <mrq>} as a receiver does: 200 OK and an {@code <mrs>} (in the body or in
 * a MESSAGE of its own, {@link #style}), stores each controller id and ref once, absorbs UDP retransmissions of a
 * request still being answered and answers a retransmission of an answered one again (RFC 3261 §17.2.2), challenges
 * with digest when it has a {@link #password}. Behaviour the tests change before sending: the fields below.
 */
final class ScaipResponder implements AutoCloseable {
    static final String REALM = "test-realm";

    /** What a request sent through a flow is answered on. */
    private interface Flow {
        void send(SipMessage m);

        InetSocketAddress remote();

        InetSocketAddress local();

        String transport();
    }

    private static final class Transaction {
        byte[] response;
        /** The answer held back until a retransmission arrives. */
        Runnable held;
    }

    volatile MrsStyle style = MrsStyle.BODY;
    /** The password every controller must answer the digest challenge with; null: no challenge. */
    volatile String password;
    /** The snu to answer a well-formed request with. */
    volatile Function<Mrq, ScaipStatus> status = m -> ScaipStatus.OK;
    /** UDP datagrams to lose before reading any. */
    final AtomicInteger dropDatagrams = new AtomicInteger();
    /** Requests to take in and leave unanswered (a receiver that lost them). */
    final AtomicInteger ignoreRequests = new AtomicInteger();
    /**
     * UDP: the first request is answered only once a retransmission of it has arrived (and been absorbed), as when a
     * commit takes longer than the device's first retransmission interval.
     */
    volatile boolean holdFirstUntilRetransmitted;
    /** Called with every request stored (the first time its controller id and ref arrive). */
    volatile Consumer<Mrq> onStore = m -> { };

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final DigestNonces nonces = DigestNonces.random(Duration.ofMinutes(5));
    private final Channel tcp;
    private final Channel udp;
    private final Map<String, Transaction> transactions = new HashMap<>();
    private boolean held;
    final List<SipRequest> requests = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> stored = new ConcurrentHashMap<>();
    final AtomicInteger dropped = new AtomicInteger();
    /** The datagrams lost on purpose, decoded. */
    final List<SipMessage> droppedMessages = new CopyOnWriteArrayList<>();
    final AtomicInteger absorbed = new AtomicInteger();
    final AtomicInteger challenges = new AtomicInteger();
    final AtomicInteger authorized = new AtomicInteger();
    /** The device's responses to our {@code <mrs>} MESSAGEs. */
    final List<Integer> mrsAnswers = new CopyOnWriteArrayList<>();

    ScaipResponder() {
        this.tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SipStreamDecoder(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                SipDecodeResult r = (SipDecodeResult) msg;
                                if (r.isSuccess()) {
                                    handle(r.message(), tcpFlow(ctx.channel()));
                                }
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        this.udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        DatagramPacket packet = (DatagramPacket) msg;
                        try {
                            ByteBuf content = packet.content();
                            byte[] bytes = new byte[content.readableBytes()];
                            content.getBytes(content.readerIndex(), bytes);
                            SipDecodeResult r = SipCodec.decodeDatagram(bytes);
                            if (dropDatagrams.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                dropped.incrementAndGet();
                                droppedMessages.add(r.message());
                                return;
                            }
                            if (r.isSuccess()) {
                                handle(r.message(), udpFlow(ctx.channel(), packet.sender()));
                            }
                        } finally {
                            packet.release();
                        }
                    }
                }).bind(new InetSocketAddress("127.0.0.1", port())).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    /** How often the controller id and ref were stored (0 or 1, as a receiver stores them). */
    int storedCount(String cid, String ref) {
        AtomicInteger n = stored.get(cid + "|" + ref);
        return n == null ? 0 : n.get();
    }

    /** The MESSAGE requests received, in order. */
    List<SipRequest> messages() {
        return requests.stream().filter(r -> r.method().equals(SipRequest.MESSAGE)).toList();
    }

    private void handle(SipMessage message, Flow flow) {
        if (message instanceof SipResponse response) {
            mrsAnswers.add(response.status());
            return;
        }
        SipRequest request = (SipRequest) message;
        requests.add(request);
        if (!request.method().equals(SipRequest.MESSAGE)) {
            return;
        }
        String key = null;
        if (flow.transport().equals("UDP")) {
            Via via = request.topVia();
            key = via.branch() + "|" + via.host() + ":" + via.port() + "|" + request.cseq().number();
            Transaction t = transactions.get(key);
            if (t != null) {
                absorbed.incrementAndGet();
                if (t.held != null) {
                    Runnable answer = t.held;
                    t.held = null;
                    answer.run();
                } else if (t.response != null) {
                    udp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(t.response), flow.remote()));
                }
                return;
            }
            transactions.put(key, new Transaction());
        }
        if (ignoreRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return;
        }
        String tag = SipResponses.randomToken();
        String ip = flow.remote().getAddress().getHostAddress();
        int port = flow.remote().getPort();
        String pw = password;
        if (pw != null) {
            DigestAuth.Verdict verdict = DigestAuth.verify(DigestAuth.parse(request.header(SipHeaders.AUTHORIZATION)),
                    request.method(), REALM, pw, nonces, Instant.now());
            if (verdict != DigestAuth.Verdict.VALID) {
                challenges.incrementAndGet();
                answer(flow, key, SipResponses.to(request, 401, tag, ip, port, SipHeaders.EMPTY.with(
                        SipHeaders.WWW_AUTHENTICATE, DigestAuth.challenge(REALM, nonces.issue(Instant.now()),
                                verdict == DigestAuth.Verdict.STALE)), null), null);
                return;
            }
            authorized.incrementAndGet();
        }
        MrqDecodeResult decoded = MrqDecoder.decode(request.body());
        ScaipStatus snu = decoded.isSuccess() ? status.apply(decoded.mrq()) : decoded.status();
        if (snu == ScaipStatus.OK && !"PI".equals(decoded.mrq().mty())) {
            Mrq m = decoded.mrq();
            if (stored.computeIfAbsent(m.cid() + "|" + m.ref(), k -> new AtomicInteger()).incrementAndGet() == 1) {
                onStore.accept(m);
            }
        }
        Mrs mrs = Mrs.of(decoded.ref(), snu, snu == ScaipStatus.OK ? null : snu.text());
        SipResponse ok = style == MrsStyle.BODY
                ? SipResponses.to(request, 200, tag, ip, port, SipHeaders.EMPTY.with(SipHeaders.CONTENT_TYPE,
                        ScaipWire.CONTENT_TYPE), mrs.encode())
                : SipResponses.to(request, 200, tag, ip, port, null, null);
        SipRequest followUp = style == MrsStyle.BODY ? null : mrsMessage(request, mrs, flow);
        String transactionKey = key;
        if (key != null && !held && holdFirstUntilRetransmitted) {
            held = true;
            transactions.get(key).held = () -> answer(flow, transactionKey, ok, followUp);
        } else {
            answer(flow, key, ok, followUp);
        }
    }

    private void answer(Flow flow, String transactionKey, SipResponse response, SipRequest followUp) {
        if (transactionKey != null) {
            transactions.get(transactionKey).response = SipCodec.encode(response);
        }
        flow.send(response);
        if (followUp != null) {
            flow.send(followUp);
        }
    }

    private static SipRequest mrsMessage(SipRequest request, Mrs mrs, Flow flow) {
        NameAddr from = NameAddr.parse(request.header(SipHeaders.FROM));
        String self = "127.0.0.1:" + flow.local().getPort();
        SipHeaders h = SipHeaders.EMPTY
                .with(SipHeaders.VIA, "SIP/2.0/" + flow.transport() + " " + self + ";branch=" + Via.MAGIC_COOKIE
                        + SipResponses.randomToken())
                .with(SipHeaders.FROM, "<sip:alarm@" + self + ">;tag=" + SipResponses.randomToken())
                .with(SipHeaders.TO, "<" + from.uri() + ">")
                .with(SipHeaders.CALL_ID, SipResponses.randomToken())
                .with(SipHeaders.CSEQ, "1 MESSAGE")
                .with(SipHeaders.CONTENT_TYPE, ScaipWire.CONTENT_TYPE);
        return new SipRequest(SipRequest.MESSAGE, from.uri(), h, mrs.encode());
    }

    private Flow tcpFlow(Channel ch) {
        return new Flow() {
            @Override
            public void send(SipMessage m) {
                ch.writeAndFlush(Unpooled.wrappedBuffer(SipCodec.encode(m)));
            }

            @Override
            public InetSocketAddress remote() {
                return (InetSocketAddress) ch.remoteAddress();
            }

            @Override
            public InetSocketAddress local() {
                return (InetSocketAddress) ch.localAddress();
            }

            @Override
            public String transport() {
                return "TCP";
            }
        };
    }

    private Flow udpFlow(Channel ch, InetSocketAddress sender) {
        return new Flow() {
            @Override
            public void send(SipMessage m) {
                ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(SipCodec.encode(m)), sender));
            }

            @Override
            public InetSocketAddress remote() {
                return sender;
            }

            @Override
            public InetSocketAddress local() {
                return (InetSocketAddress) ch.localAddress();
            }

            @Override
            public String transport() {
                return "UDP";
            }
        };
    }

    @Override
    public void close() {
        tcp.close().syncUninterruptibly();
        udp.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
