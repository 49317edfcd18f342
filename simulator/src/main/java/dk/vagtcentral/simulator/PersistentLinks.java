package dk.vagtcentral.simulator;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/** Persistent TCP: one {@link PersistentLink} per receiver, shared by the slot's devices. */
final class PersistentLinks implements Link {
    private final Slot slot;
    private final PersistentLink[] links;

    PersistentLinks(Slot slot) {
        this.slot = slot;
        this.links = new PersistentLink[slot.hasSecondary() ? 2 : 1];
        for (int i = 0; i < links.length; i++) {
            Receiver r = Receiver.values()[i];
            links[i] = new PersistentLink(slot, r, slot.address(r), TcpPipeline.bootstrap(slot, r), slot.log());
        }
    }

    @Override
    public void send(Pending p, Receiver target) {
        PersistentLink link = links[target.ordinal()];
        Channel ch = link.activeChannel();
        if (ch != null) {
            slot.transmit(p, ch, target);
        } else {
            slot.waitForLink(p, link);
        }
    }

    /** Connects to the primary, or when that fails to the secondary. */
    @Override
    public void connectNow(CompletableFuture<Void> done) {
        CompletableFuture<Void> toPrimary = new CompletableFuture<>();
        toPrimary.whenComplete((ok, error) -> {
            if (error == null) {
                done.complete(null);
            } else if (links.length > 1) {
                links[Receiver.SECONDARY.ordinal()].connectNow(done);
            } else {
                done.completeExceptionally(error);
            }
        });
        links[Receiver.PRIMARY.ordinal()].connectNow(toPrimary);
    }

    @Override
    public void close() {
        for (PersistentLink link : links) {
            link.close();
        }
    }
}
