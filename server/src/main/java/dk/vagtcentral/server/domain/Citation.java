package dk.vagtcentral.server.domain;

import java.util.Objects;

/**
 * Where a rule of a municipality's profile comes from (DOMAIN.md rule 17: every profile line cites its source). A
 * {@link Kind#SOURCE} names the contract and clause, e.g. {@code "002 Viborg §6: »Responstiden ... maks. 30
 * minutter«"}; an {@link Kind#ASSUMPTION} says why a rule that no contract states is there at all (an operational
 * default the municipality should confirm).
 */
public record Citation(Kind kind, String text) {

    public enum Kind {
        /** The rule is stated in the named contract clause. */
        SOURCE,
        /** No contract states the rule; the text says why it is assumed. */
        ASSUMPTION
    }

    public Citation {
        Objects.requireNonNull(kind, "kind");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a citation needs text");
        }
        text = text.strip();
    }

    public static Citation source(String text) {
        return new Citation(Kind.SOURCE, text);
    }

    public static Citation assumption(String text) {
        return new Citation(Kind.ASSUMPTION, text);
    }

    public boolean isSource() {
        return kind == Kind.SOURCE;
    }

    @Override
    public String toString() {
        return (kind == Kind.SOURCE ? "source: " : "assumption: ") + text;
    }
}
