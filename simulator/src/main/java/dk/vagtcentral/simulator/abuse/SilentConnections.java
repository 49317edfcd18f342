package dk.vagtcentral.simulator.abuse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens many TCP connections and sends nothing on them: what a receiver must not let hold its sockets for ever
 * (a pre-authentication timeout closes them). Counts the connections the server closes and how long each lived.
 */
public final class SilentConnections extends AbstractAbuseRun<SilentConnections> {
    private final int connections;
    private final LongAdder bytesReceived = new LongAdder();

    /**
     * What the silent connections saw.
     *
     * @param connections   connections asked for
     * @param seconds       how long the run went (to stop, or to now while running)
     * @param stats         connects, closes by the server and time to close
     * @param bytesReceived bytes the server sent (nothing is expected)
     */
    public record Report(int connections, double seconds, ConnectionStats stats, long bytesReceived)
            implements AbuseReport {
        @Override
        public String mode() {
            return "silent";
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "%d of %d connections closed by the server, %d still open after %.1f s",
                    stats.closedByServer(), stats.opened(), stats.open(), seconds);
        }

        @Override
        public List<String[]> figures() {
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"connections", stats.line()});
            f.add(new String[] {"time to close", stats.closeLine()});
            f.add(new String[] {"received", bytesReceived + " bytes from the server"});
            for (String e : stats.errors()) {
                f.add(new String[] {"connect error", e});
            }
            return f;
        }
    }

    /** {@code connections} silent connections to {@code host:port}. */
    public SilentConnections(String host, int port, int connections) {
        super(host, port);
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1: " + connections);
        }
        this.connections = connections;
    }

    @Override
    protected String mode() {
        return "silent";
    }

    /** Opens the connections; returns once every attempt has connected or failed. */
    @Override
    protected void begin() throws InterruptedException {
        openAll(connections, tcp(ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b) {
                    bytesReceived.add(b.readableBytes());
                    b.release();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close(); // a reset by the server: counted as its close
            }
        })), ch -> { });
    }

    /** Connections open now. */
    public long openConnections() {
        return connectionStats().open();
    }

    @Override
    public Report report() {
        return new Report(connections, elapsedSeconds(), connectionStats(), bytesReceived.sum());
    }
}
