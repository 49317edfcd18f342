package dk.vagtcentral.server.domain;

import java.util.Objects;

/**
 * The one refusal vocabulary from the domain to HTTP: every decision on an alarm, a justification, a plan or a
 * breach candidate is accepted or refused with one of these kinds and a reason a person can act on. The HTTP edge
 * maps them in one place (404, 400, 409, 403, 409).
 */
public record Outcome(Kind kind, String reason) {

    public enum Kind {
        ACCEPTED,
        /** No such thing. */
        NOT_FOUND,
        /** The request itself is malformed or breaks a rule of its own (a missing reason, an answer not permitted). */
        INVALID,
        /** Well formed, but not allowed in the thing's state or for this actor. */
        NOT_ALLOWED,
        /** This actor may never do it to this thing (a field worker on a call assigned to someone else). */
        FORBIDDEN,
        /** Someone else changed it meanwhile; retry. */
        CONFLICT
    }

    public static final Outcome ACCEPTED = new Outcome(Kind.ACCEPTED, null);

    public Outcome {
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.ACCEPTED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a refusal needs a reason");
        }
    }

    public static Outcome notFound(String reason) {
        return new Outcome(Kind.NOT_FOUND, reason);
    }

    public static Outcome invalid(String reason) {
        return new Outcome(Kind.INVALID, reason);
    }

    public static Outcome notAllowed(String reason) {
        return new Outcome(Kind.NOT_ALLOWED, reason);
    }

    public static Outcome forbidden(String reason) {
        return new Outcome(Kind.FORBIDDEN, reason);
    }

    public static Outcome conflict(String reason) {
        return new Outcome(Kind.CONFLICT, reason);
    }

    public boolean accepted() {
        return kind == Kind.ACCEPTED;
    }
}
