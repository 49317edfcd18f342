package dk.vagtcentral.server.domain;

import java.time.Instant;

/** A deadline to arm as a durable timer: when it falls due, ask {@link EscalationLadder#decide}. */
public record ArmedDeadline(EscalationStep step, Instant dueAt) {
}
