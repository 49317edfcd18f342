package dk.vagtcentral.simulator.abuse;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the abuse modes share: the target, the local addresses to play, the event loops, the connections and their
 * ledger, and an idempotent stop. Settings ({@link #sources}, {@link #ioThreads}, {@link #connectTimeout}) are made
 * before {@link #start()}.
 *
 * @param <S> the mode's own type, for chaining settings
 */
public abstract class AbstractAbuseRun<S extends AbstractAbuseRun<S>> implements AbuseRun {
    /** Connection attempts in flight at once while opening many connections. */
    static final int CONNECTS_IN_FLIGHT = 256;

    protected final String host;
    protected final int port;
    protected final InetSocketAddress remote;
    private SourceAddresses sources = SourceAddresses.none();
    private int ioThreads = 1;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private EventLoopGroup group;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile ConnectionLedger ledger = new ConnectionLedger(System.nanoTime());
    private volatile long startNanos;
    private volatile long stopNanos;
    private volatile boolean started;
    private volatile boolean stopped;

    protected AbstractAbuseRun(String host, int port) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        this.port = port;
        this.remote = new InetSocketAddress(host, port);
        if (remote.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'");
        }
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** Local addresses to bind in turn (default: none, the system picks). */
    public S sources(SourceAddresses addresses) {
        this.sources = Objects.requireNonNull(addresses, "addresses");
        return self();
    }

    /** Event-loop threads of the run (default 1). */
    public S ioThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ioThreads must be >= 1: " + n);
        }
        this.ioThreads = n;
        return self();
    }

    public S connectTimeout(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + d);
        }
        this.connectTimeout = d;
        return self();
    }

    public SourceAddresses sources() {
        return sources;
    }

    @Override
    public final void start() throws InterruptedException {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("already started");
            }
            started = true;
        }
        startNanos = System.nanoTime();
        ledger = new ConnectionLedger(startNanos);
        group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("abuse-" + mode(), true),
                NioIoHandler.newFactory());
        try {
            begin();
        } catch (RuntimeException | InterruptedException e) {
            stop();
            throw e;
        }
    }

    /** The mode's name for threads and reports. */
    protected abstract String mode();

    /** Opens connections and starts traffic; runs once from {@link #start()}. */
    protected abstract void begin() throws InterruptedException;

    /** Called once by {@link #stop()} once its connections are closed: freeze the counters. */
    protected void onStop() {
    }

    @Override
    public final void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        stopNanos = System.nanoTime();
        ledger.stopping();
        if (group != null) {
            channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        onStop(); // after the close: no reply is still being counted
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    protected final boolean isStopping() {
        return stopped;
    }

    protected final EventLoopGroup group() {
        return group;
    }

    protected final ChannelGroup channels() {
        return channels;
    }

    protected final ConnectionStats connectionStats() {
        return ledger.stats();
    }

    /** Seconds from {@link #start()} to now, or to {@link #stop()} once stopped. */
    protected final double elapsedSeconds() {
        return secondsSince(startNanos);
    }

    /** Seconds from {@code fromNanos} ({@link System#nanoTime()}; 0: the start) to now, or to the stop once stopped. */
    protected final double secondsSince(long fromNanos) {
        long from = fromNanos != 0 ? fromNanos : startNanos;
        if (from == 0) {
            return 0;
        }
        long end = stopNanos != 0 ? stopNanos : System.nanoTime();
        return Math.max(1e-9, (end - from) / 1e9);
    }

    /** A TCP bootstrap on this run's loops with the given pipeline. */
    protected final Bootstrap tcp(Consumer<SocketChannel> pipeline) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline.accept(ch);
                    }
                });
    }

    /** One connection attempt from the next source address; {@code onOpen} runs on the channel's loop once connected. */
    protected final ChannelFuture connect(Bootstrap b, Consumer<Channel> onOpen) {
        ledger.attempt();
        InetSocketAddress local = sources.next();
        ChannelFuture f;
        try {
            f = local == null ? b.connect(remote) : b.connect(remote, local);
        } catch (RuntimeException e) {
            ledger.failed(e);
            throw e;
        }
        f.addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                ledger.failed(cf.cause());
                return;
            }
            if (stopped) {
                cf.channel().close();
                return;
            }
            channels.add(cf.channel());
            ledger.opened(cf.channel());
            onOpen.accept(cf.channel());
        });
        return f;
    }

    /**
     * Opens {@code n} connections, at most {@link #CONNECTS_IN_FLIGHT} attempts at a time, and returns once every
     * attempt has connected or failed.
     */
    protected final void openAll(int n, Bootstrap b, Consumer<Channel> onOpen) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        for (int i = 0; i < n && !stopped; i++) {
            inFlight.acquire();
            try {
                connect(b, onOpen).addListener(f -> inFlight.release());
            } catch (RuntimeException e) {
                inFlight.release();
            }
        }
        long deadline = System.nanoTime() + connectTimeout.multipliedBy(2).plusSeconds(1).toNanos();
        while (!inFlight.tryAcquire(CONNECTS_IN_FLIGHT, 50, TimeUnit.MILLISECONDS)) {
            if (stopped || System.nanoTime() - deadline > 0) {
                return;
            }
        }
        inFlight.release(CONNECTS_IN_FLIGHT);
    }

    /**
     * Keeps one connection up while the run goes on: connects, and after a close (by the server) or a failed attempt
     * connects again after {@code backoff}.
     */
    protected final void keepConnected(Bootstrap b, Duration backoff, Consumer<Channel> onOpen) {
        if (stopped) {
            return;
        }
        ChannelFuture f;
        try {
            f = connect(b, ch -> {
                ch.closeFuture().addListener(cf -> retry(b, backoff, onOpen));
                onOpen.accept(ch);
            });
        } catch (RuntimeException e) {
            retry(b, backoff, onOpen);
            return;
        }
        f.addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                retry(b, backoff, onOpen);
            }
        });
    }

    private void retry(Bootstrap b, Duration backoff, Consumer<Channel> onOpen) {
        if (stopped || group.isShuttingDown()) {
            return;
        }
        try {
            group.next().schedule(() -> keepConnected(b, backoff, onOpen), backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }
}
