package dk.vagtcentral.server.domain;

import java.time.Instant;

/** What happened to an alarm that the {@link AlarmDecider} decides on. */
public sealed interface DispatchEvent permits DispatchEvent.Arrived, DispatchEvent.Act, DispatchEvent.Due {

    /** The alarm was stored and ACKed: route it. */
    record Arrived() implements DispatchEvent {
    }

    /** A person, an integration or the server itself wants {@code command} done. */
    record Act(Command command, Actor actor) implements DispatchEvent {
    }

    /** The durable deadline {@code deadlineId} of ladder step {@code stepId}, due at {@code dueAt}, has fired. */
    record Due(long deadlineId, String stepId, Instant dueAt) implements DispatchEvent {
    }
}
