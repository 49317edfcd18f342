package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Publishes notifications on the event bus once the transaction that caused them has committed. Desks listen on
 * {@link Addresses#desk}, workers on {@link Addresses#worker}, supervisors on {@link Addresses#supervision}.
 * Event-bus delivery is live-only; what must not be missed is on the timeline and, for webhooks, in the outbox.
 */
public final class Notifier {
    /** One message to one address; {@code body.event} says what happened. */
    public record Notification(String address, JsonObject body) {
    }

    private final Vertx vertx;

    public Notifier(Vertx vertx) {
        this.vertx = vertx;
    }

    public void publish(List<Notification> notifications) {
        for (Notification n : notifications) {
            vertx.eventBus().publish(n.address(), n.body(),
                    new DeliveryOptions().addHeader("event", n.body().getString("event", "")));
        }
    }
}
