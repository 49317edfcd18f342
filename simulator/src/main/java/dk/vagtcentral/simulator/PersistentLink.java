package dk.vagtcentral.simulator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The persistent TCP connection of one slot to one receiver: connects on demand, reconnects with
 * backoff while messages wait for it (or for good once asked to stay connected), and tells the slot
 * when it comes up, when a connect fails and when it drops. Confined to the slot's event loop.
 */
final class PersistentLink {
    private static final long MIN_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final Slot slot;
    final Receiver receiver;
    final InetSocketAddress remote;
    private final Bootstrap bootstrap;
    private final MessageLog log;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> connectWaiters = new ArrayList<>();
    private Channel channel;
    private boolean connecting;
    private boolean reconnectScheduled;
    private boolean keepConnected;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private String lastError;
    private boolean closed;

    PersistentLink(Slot slot, Receiver receiver, InetSocketAddress remote, Bootstrap bootstrap, MessageLog log) {
        this.slot = slot;
        this.receiver = receiver;
        this.remote = remote;
        this.bootstrap = bootstrap;
        this.log = log;
    }

    /** The connection when it is up, else null. */
    Channel activeChannel() {
        return channel != null && channel.isActive() ? channel : null;
    }

    String lastError() {
        return lastError;
    }

    /** Queues a message until the connection is up, and connects. */
    void await(Pending p) {
        waiting.add(p);
        ensureConnected();
    }

    void forget(Pending p) {
        waiting.remove(p);
    }

    /** Connects now and stays connected; {@code done} completes on the first success or failure. */
    void connectNow(CompletableFuture<Void> done) {
        if (closed) {
            done.completeExceptionally(new IllegalStateException("client closed"));
            return;
        }
        if (activeChannel() != null) {
            done.complete(null);
            return;
        }
        keepConnected = true;
        connectWaiters.add(done);
        ensureConnected();
    }

    void close() {
        closed = true;
        failConnectWaiters(new IllegalStateException("client closed"));
        waiting.clear();
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void ensureConnected() {
        if (closed || connecting || reconnectScheduled || activeChannel() != null) {
            return;
        }
        connecting = true;
        ChannelFuture f;
        try {
            f = bootstrap.connect(remote);
        } catch (RuntimeException e) {
            connecting = false;
            lastError = Slot.describe(e);
            return;
        }
        f.addListener((ChannelFutureListener) this::onConnected);
    }

    private void onConnected(ChannelFuture f) {
        connecting = false;
        if (!f.isSuccess()) {
            log.connectFailures.increment();
            lastError = Slot.describe(f.cause());
            failConnectWaiters(f.cause());
            scheduleReconnect(); // first, so a message the slot sends straight back here waits for the backoff
            slot.connectFailed(this, List.copyOf(waiting)); // the slot may send them to the other receiver
            return;
        }
        Channel ch = f.channel();
        if (closed) {
            ch.close();
            return;
        }
        channel = ch;
        keepConnected = true;
        backoffMillis = MIN_BACKOFF_MILLIS;
        lastError = null;
        ch.closeFuture().addListener((ChannelFutureListener) cf -> onClosed(cf.channel()));
        for (CompletableFuture<Void> w : connectWaiters) {
            w.complete(null);
        }
        connectWaiters.clear();
        List<Pending> ready = new ArrayList<>(waiting);
        waiting.clear();
        slot.linkUp(ready);
    }

    private void onClosed(Channel ch) {
        if (channel == ch) {
            channel = null;
        }
        if (closed) {
            return;
        }
        log.disconnects.increment();
        lastError = "connection to " + remote + " lost";
        slot.linkLost(ch);
        if (keepConnected) {
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closed || reconnectScheduled || connecting) {
            return;
        }
        if (!keepConnected && waiting.isEmpty() && connectWaiters.isEmpty()) {
            return;
        }
        reconnectScheduled = true;
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        slot.loop.schedule(() -> {
            reconnectScheduled = false;
            if (keepConnected || !waiting.isEmpty() || !connectWaiters.isEmpty()) {
                ensureConnected();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void failConnectWaiters(Throwable cause) {
        List<CompletableFuture<Void>> failed = new ArrayList<>(connectWaiters);
        connectWaiters.clear();
        for (CompletableFuture<Void> w : failed) {
            w.completeExceptionally(cause);
        }
    }
}
