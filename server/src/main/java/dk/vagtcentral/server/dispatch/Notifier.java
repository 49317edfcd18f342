package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.push.PushEvent;
import dk.vagtcentral.server.push.PushLog;
import dk.vagtcentral.server.push.PushRelay;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * Tells desks, workers and supervisors what happened, on every node: a notification is written to
 * {@code push_events} in the transaction that causes it ({@link #record}), so it exists if and only if the change
 * committed, and once that transaction has committed it is published on this node's event bus ({@link #publish});
 * the other nodes' {@link PushRelay} read it from the table. Desks listen on {@link Addresses#desk}, workers on
 * {@link Addresses#worker}, supervisors on {@link Addresses#supervision}; each message carries its row id as its
 * event id, with which a stream that reconnects catches up.
 */
public final class Notifier {
    /** One message to one address; {@code body.event} says what happened. */
    public record Notification(String address, JsonObject body) {
    }

    private final PushLog log;
    private final PushRelay relay;
    private final Clock clock;

    public Notifier(PushLog log, PushRelay relay, Clock clock) {
        this.log = log;
        this.relay = relay;
        this.clock = clock;
    }

    /** Writes {@code notifications} in {@code c}'s transaction; hand the result to {@link #publish} after commit. */
    public List<PushEvent> record(Connection c, List<Notification> notifications) throws SQLException {
        return log.append(c, notifications, clock.instant());
    }

    /** Publishes recorded notifications on this node once their transaction has committed. */
    public void publish(List<PushEvent> committed) {
        relay.published(committed);
    }
}
