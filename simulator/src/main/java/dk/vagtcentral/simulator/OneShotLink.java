package dk.vagtcentral.simulator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;

/**
 * One-shot TCP: every transmission on a fresh connection (connect, send, await the reply, close). A
 * connect that fails to the primary is followed at once by one to the secondary; any other failed
 * connect backs off before the next, so two refusing receivers are not tried in a tight loop.
 */
final class OneShotLink implements Link {
    /** The message a connection was opened for. */
    static final AttributeKey<Pending> PENDING = AttributeKey.valueOf("vagtcentral.simulator.pending");
    private static final long MIN_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final Slot slot;
    private final Bootstrap bootstrap;

    OneShotLink(Slot slot) {
        this.slot = slot;
        this.bootstrap = TcpPipeline.bootstrap(slot, null);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void send(Pending p, Receiver target) {
        p.cancelTimer();
        p.state = Pending.State.CONNECTING;
        p.receiver = target;
        ChannelFuture f;
        try {
            f = bootstrap.connect(slot.address(target));
        } catch (RuntimeException e) {
            slot.finish(p, SendOutcome.FAILED, null, "cannot connect: " + Slot.describe(e));
            return;
        }
        Channel ch = f.channel();
        ch.attr(PENDING).set(p);
        p.channel = ch;
        f.addListener((ChannelFutureListener) cf -> connected(p, target, cf));
    }

    private void connected(Pending p, Receiver target, ChannelFuture cf) {
        if (p.state != Pending.State.CONNECTING || p.channel != cf.channel()) {
            cf.channel().close();
            return;
        }
        if (cf.isSuccess()) {
            slot.transmit(p, cf.channel(), target);
            return;
        }
        slot.log().connectFailures.increment();
        p.connectFailures++;
        p.lastError = Slot.describe(cf.cause());
        p.channel = null;
        Route route = slot.route(p);
        if (route.failed(target, System.nanoTime(), p.beganNanos) && route.current() == Receiver.SECONDARY) {
            slot.attempt(p); // a failover goes out at once
            return;
        }
        long delay = Math.min(MAX_BACKOFF_MILLIS, MIN_BACKOFF_MILLIS << Math.min(p.connectFailures - 1, 5));
        long remainingMillis = Math.max(0, (p.deadlineNanos - System.nanoTime()) / 1_000_000);
        p.state = Pending.State.BACKOFF;
        p.timer = slot.loop.schedule(() -> {
            if (p.state == Pending.State.BACKOFF) {
                p.timer = null;
                slot.attempt(p);
            }
        }, Math.min(delay, remainingMillis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void attemptEnded(Pending p) {
        if (p.channel != null) {
            p.channel.attr(PENDING).set(null);
            p.channel.close();
            p.channel = null;
        }
    }

    @Override
    public void close() {
        // every connection belongs to a message, closed when the slot fails it
    }
}
