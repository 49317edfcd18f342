package dk.vagtcentral.simulator.abuse;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Writes frames on one channel as fast as the socket takes them (or at a given rate) without waiting for replies:
 * it writes while the channel is writable and resumes when it becomes writable again, so a receiver that stops
 * reading shows as time the socket was stalled. Lives in the channel's pipeline; all state is on its loop.
 */
final class Pump extends ChannelInboundHandlerAdapter {
    /** The next frame to write on {@code ch} (a ByteBuf, or a DatagramPacket for UDP). */
    interface Frames {
        Object next(Channel ch);
    }

    private static final int BURST = 64;
    private final Frames frames;
    private final double perNano;
    private final BooleanSupplier stopping;
    private final PumpStats stats;
    private Channel ch;
    private long startedNanos;
    private long issued;
    private long stallStart;
    private boolean stalled;
    private boolean scheduled;

    /**
     * @param perSecond frames per second on this channel, 0 for as fast as possible
     */
    Pump(Frames frames, double perSecond, BooleanSupplier stopping, PumpStats stats) {
        this.frames = frames;
        this.perNano = perSecond / 1e9;
        this.stopping = stopping;
        this.stats = stats;
    }

    /** Starts pumping; on the channel's loop. */
    void start(Channel channel) {
        this.ch = channel;
        this.startedNanos = System.nanoTime();
        stats.started(startedNanos);
        run();
    }

    private void run() {
        scheduled = false;
        if (ch == null || !ch.isActive() || stopping.getAsBoolean()) {
            return;
        }
        long budget = BURST;
        if (perNano > 0) {
            long due = (long) ((System.nanoTime() - startedNanos) * perNano) + 1;
            budget = Math.min(budget, due - issued);
            if (budget <= 0) {
                later(1);
                return;
            }
        }
        int n = 0;
        while (n < budget && ch.isWritable()) {
            Object frame = frames.next(ch);
            ch.write(frame, ch.voidPromise());
            n++;
        }
        issued += n;
        if (n > 0) {
            stats.sent.add(n);
            ch.flush();
        }
        if (ch.isWritable()) {
            if (perNano > 0 && n >= budget && budget < BURST) {
                later(1);
            } else {
                scheduled = true;
                ch.eventLoop().execute(this::run);
            }
        } else if (!stalled) {
            stalled = true;
            stallStart = System.nanoTime();
            stats.stalls.increment();
        }
    }

    private void later(long millis) {
        if (!scheduled) {
            scheduled = true;
            ch.eventLoop().schedule(this::run, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            unstall();
            if (!scheduled) {
                run();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        unstall();
        ctx.fireChannelInactive();
    }

    private void unstall() {
        if (stalled) {
            stalled = false;
            long d = System.nanoTime() - stallStart;
            stats.stalledNanos.add(d);
            stats.longestStallNanos.accumulateAndGet(d, Math::max);
        }
    }
}
