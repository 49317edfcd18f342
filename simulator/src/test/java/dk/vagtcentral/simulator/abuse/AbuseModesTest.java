package dk.vagtcentral.simulator.abuse;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.simulator.EventKind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AbuseModesTest {

    @Test
    void silentConnectionsCountTheClosesByTheServerAndWhenTheyCame() throws Exception {
        try (TestReceiver server = new TestReceiver(false, 0, 10, Duration.ofMillis(400));
             SilentConnections silent = new SilentConnections("127.0.0.1", server.port(), 25)) {
            silent.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> silent.report().stats().closedByServer() == 10);
            Thread.sleep(200); // nothing else is closed
            silent.stop();
            SilentConnections.Report r = silent.report();
            assertEquals(25, r.stats().opened());
            assertEquals(10, r.stats().closedByServer());
            assertEquals(15, r.stats().open(), "open at stop");
            assertEquals(10, r.stats().timeToClose().count());
            assertTrue(r.stats().timeToClose().p50() >= 300, "closed about 400 ms after connecting: " + r.stats().closeLine());
            assertTrue(r.stats().timeToClose().max() < 5000, r.stats().closeLine());
            assertEquals(0, server.received.size(), "silent: nothing sent");
            assertTrue(r.summary().startsWith("10 of 25 connections closed by the server, 15 still open"), r.summary());
            assertEquals(r, silent.report(), "the report no longer changes after stop");
        }
    }

    @Test
    void silentConnectionsCountConnectsThatFail() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (SilentConnections silent = new SilentConnections("127.0.0.1", port, 3)) {
            silent.start();
            silent.stop();
            ConnectionStats s = silent.report().stats();
            assertEquals(3, s.attempted());
            assertEquals(3, s.failed());
            assertEquals(0, s.opened());
            assertTrue(!s.errors().isEmpty());
        }
    }

    @Test
    void sourceAddressesAreBoundInTurn() throws Exception {
        try (TestReceiver server = TestReceiver.acking();
             SilentConnections silent = new SilentConnections("127.0.0.1", server.port(), 6)
                     .sources(SourceAddresses.parse("127.0.0.2-127.0.0.4"))) {
            silent.start();
            assertEquals(6, silent.report().stats().opened());
            await().atMost(Duration.ofSeconds(5)).until(() -> server.accepted.get() == 6);
            assertEquals(Set.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"),
                    InetAddress.getByName("127.0.0.4")), server.peers);
        }
    }

    @Test
    void sourceAddressRangesParse() {
        assertEquals(19, SourceAddresses.parse("127.0.0.2-127.0.0.20").size());
        assertEquals(256, SourceAddresses.parse("127.0.0.255-127.0.1.254").size());
        assertEquals(3, SourceAddresses.parse("127.0.0.2, 127.0.0.5-127.0.0.6").size());
        assertTrue(SourceAddresses.none().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("127.0.0.9-127.0.0.2"));
        assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("127.0.0.256"));
        assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("10.0.0.0-10.1.0.0"));
    }

    @Test
    void accountRangesParse() {
        AccountRange r = AccountRange.parse("1000-10FF");
        assertEquals(256, r.size());
        assertEquals("1000", r.account(0));
        assertEquals("10FF", r.account(255));
        assertEquals("0FFF", new AccountRange(0xFFF, 0x1000, 4).account(0));
        assertEquals("100000", AccountRange.of(0x100000, 100_000).account(0));
        assertEquals("1186A0", AccountRange.of(0x100000, 100_001).account(100_000));
        assertThrows(IllegalArgumentException.class, () -> AccountRange.parse("10FF-1000"));
        assertThrows(IllegalArgumentException.class, () -> AccountRange.parse("xyz"));
    }

    @Test
    void slowSenderTricklesAValidFrameByteByByte() throws Exception {
        try (TestReceiver server = TestReceiver.acking();
             SlowSender slow = new SlowSender("127.0.0.1", server.port(), 3, Duration.ofMillis(10), SlowSender.Target.DC09)
                     .accounts(AccountRange.parse("1000-1002")).event(EventKind.EMERGENCY)) {
            long started = System.nanoTime();
            slow.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> !server.received.isEmpty());
            long firstFrameMillis = (System.nanoTime() - started) / 1_000_000;
            await().atMost(Duration.ofSeconds(20)).until(() -> server.received.size() >= 3);
            slow.stop();
            SlowSender.Report r = slow.report();
            Set<String> accounts = new HashSet<>();
            for (Dc09Message m : server.received) {
                accounts.add(m.account());
                assertEquals("#" + m.account() + "|NQA001", m.data());
            }
            assertEquals(Set.of("1000", "1001", "1002"), accounts, "one account per connection");
            int frameLength = 50; // a SIA-DCS frame with timestamp is longer than this
            assertTrue(firstFrameMillis >= frameLength * 10 / 2, "a byte every 10 ms: the first frame took " + firstFrameMillis + " ms");
            assertTrue(server.reads.sum() >= 3L * frameLength / 3, "arrived in many pieces: " + server.reads.sum() + " reads");
            assertTrue(r.framesCompleted() >= 3, "frames completed: " + r.framesCompleted());
            assertTrue(r.replies().contains(" ACK"), r.replies());
            assertTrue(r.bytesSent() >= 3L * frameLength);
            assertEquals(0, r.stats().closedByServer());
        }
    }

    @Test
    void slowHttpSendsHeaderLinesThatNeverEndAndReadsTheTimeout() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        AtomicInteger lines = new AtomicInteger();
        AtomicInteger emptyLines = new AtomicInteger();
        try {
            Channel http = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.eventLoop().schedule(() -> ch.writeAndFlush(Unpooled.copiedBuffer(
                                    "HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n\r\n", StandardCharsets.US_ASCII))
                                    .addListener(f -> ch.close()), 500, TimeUnit.MILLISECONDS);
                            ch.pipeline().addLast(new LineBasedFrameDecoder(8192), new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
                                    lines.incrementAndGet();
                                    if (line.toString(StandardCharsets.US_ASCII).strip().isEmpty()) {
                                        emptyLines.incrementAndGet();
                                    }
                                }
                            });
                        }
                    }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
            int port = ((InetSocketAddress) http.localAddress()).getPort();
            try (SlowSender slow = new SlowSender("127.0.0.1", port, 4, Duration.ofMillis(50), SlowSender.Target.HTTP)) {
                slow.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> slow.report().stats().closedByServer() == 4);
                slow.stop();
                SlowSender.Report r = slow.report();
                assertEquals(Map.of("408", 4L), slow.httpStatuses());
                assertTrue(r.replies().contains("408 x4"), r.replies());
                assertTrue(r.stats().timeToClose().p50() >= 400, r.stats().closeLine());
                assertEquals(0, emptyLines.get(), "the header never ends");
                assertTrue(lines.get() >= 4 * 4, "a line every 50 ms for 500 ms on 4 connections, got " + lines.get());
            }
            http.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void pipelinerSendsWithoutWaitingAndCountsTheAcks() throws Exception {
        // the receiver answers the first 5 frames of each connection and then stops reading
        try (TestReceiver server = new TestReceiver(false, 5, 0, Duration.ZERO);
             Pipeliner p = new Pipeliner("127.0.0.1", server.port(), 2, AccountRange.parse("1000-1003"))) {
            p.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> p.acks() == 10 && p.sent() > 200);
            Thread.sleep(200);
            p.stop();
            Pipeliner.Report r = p.report();
            assertEquals(10, r.acks(), "5 per connection");
            assertEquals(r.sent() - 10, r.unanswered());
            assertTrue(r.sent() > 200, "did not wait for ACKs: sent " + r.sent());
            assertEquals(10, r.ackLatency().count());
            assertEquals(2, r.stats().opened());
            // each account's sequence numbers increase: 1000 and 1002 go on one connection, 1001 and 1003 on the other
            Map<String, Integer> last = new HashMap<>();
            for (Dc09Message m : server.received) {
                Integer before = last.put(m.account(), m.sequence());
                assertTrue(before == null || m.sequence() == before + 1, m.account() + ": " + before + " then " + m.sequence());
            }
            assertEquals(Set.of("1000", "1001", "1002", "1003"), last.keySet());
        }
    }

    @Test
    void pipelinerGetsEveryAckFromAReceiverThatKeepsUp() throws Exception {
        try (TestReceiver server = TestReceiver.acking();
             Pipeliner p = new Pipeliner("127.0.0.1", server.port(), 2, AccountRange.parse("1000-10FF")).rate(2000)) {
            p.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> p.sent() >= 500);
            long sentBefore = p.sent();
            await().atMost(Duration.ofSeconds(10)).until(() -> p.acks() >= sentBefore);
            p.stop();
            Pipeliner.Report r = p.report();
            assertTrue(r.acks() >= sentBefore);
            assertTrue(server.received.size() <= r.sent());
            assertEquals(r.acks(), r.ackLatency().count(), "every ACK matched to its frame");
            assertEquals(r.sent() - r.acks(), r.unanswered());
            assertTrue(r.acks() <= server.repliesSent.sum(), r.acks() + " ACKs counted, " + server.repliesSent.sum() + " sent; " + r.format());
            assertEquals(0, r.stats().closedByServer());
            assertTrue(r.sentPerSecond() < 3000, "capped at 2,000/s: " + r.summary());
        }
    }

    @Test
    void probeCountsEveryAckWithinItsLimit() throws Exception {
        try (TestReceiver server = TestReceiver.acking();
             Probe probe = new Probe("127.0.0.1", server.port(), "1000").interval(Duration.ofMillis(50))
                     .ackLimit(Duration.ofSeconds(2))) {
            probe.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.report().acked() >= 5);
            probe.stop();
            Probe.Report r = probe.report();
            assertEquals(0, r.missed(), r.format());
            assertEquals(r.sent(), r.acked());
            assertEquals(r.acked(), r.latency().count());
            assertTrue(r.summary().startsWith("account 1000: "), r.summary());
            assertEquals(1, server.accepted.get(), "one persistent connection");
        }
    }

    @Test
    void probeCountsTheAcksThatDoNotCome() throws Exception {
        // the receiver answers two frames and then stops reading: the probe's later messages are missed
        try (TestReceiver server = new TestReceiver(false, 2, 0, Duration.ZERO);
             Probe probe = new Probe("127.0.0.1", server.port(), "1000").interval(Duration.ofMillis(100))
                     .ackLimit(Duration.ofMillis(300))) {
            probe.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.report().missed() >= 2);
            probe.stop();
            Probe.Report r = probe.report();
            assertEquals(2, r.acked(), r.format());
            assertEquals(r.sent() - 2, r.missed());
            assertTrue(r.format().contains("missed:"), r.format());
        }
    }

    @Test
    void unknownAccountsAreDistinctAndUnknown() {
        UnknownAccounts gen = new UnknownAccounts("F", 42);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String a = gen.next();
            assertTrue(a.matches("F[0-9A-F]{7}"), a);
            assertTrue(seen.add(a), "repeated " + a + " after " + i);
        }
        assertEquals(200_000, gen.issued());
        assertTrue(new UnknownAccounts().next().startsWith("F"));
        assertTrue(new UnknownAccounts("E1", 1).next().matches("E1[0-9A-F]{7}"));
        assertThrows(IllegalArgumentException.class, () -> new UnknownAccounts("G", 1));
    }

    @Test
    void unknownFloodOverTcpAndUdpGetsDuhForDistinctAccounts() throws Exception {
        try (TestReceiver server = new TestReceiver(true, 0, 0, Duration.ZERO);
             UnknownFlood flood = new UnknownFlood("127.0.0.1", server.port(), UnknownFlood.Transport.BOTH)
                     .connections(2).rate(1000)) {
            flood.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> flood.duhs() >= 300);
            flood.stop();
            UnknownFlood.Report r = flood.report();
            assertTrue(r.sent() >= 300);
            assertTrue(r.duhs() >= 300);
            assertEquals(0, r.acks());
            await().atMost(Duration.ofSeconds(5)).until(() -> server.received.size() >= r.duhs());
            List<Dc09Message> got = List.copyOf(server.received);
            Set<String> accounts = new HashSet<>();
            for (Dc09Message m : got) {
                assertTrue(m.account().matches("F[0-9A-F]{7}"), m.account());
                accounts.add(m.account());
            }
            assertEquals(got.size(), accounts.size(), "every frame from another account");
            assertTrue(r.seconds() < 5 && r.sentPerSecond() < 1500, "capped near 1,000/s: " + r.summary());
        }
    }
}
