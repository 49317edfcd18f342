package dk.vagtcentral.server.domain;

import java.util.List;

/** What the decider answers: accepted or refused ({@link Outcome}), and the effects to apply either way. */
public record Decision(Outcome outcome, List<Effect> effects) {

    public Decision {
        effects = List.copyOf(effects);
    }

    public static Decision accepted(List<Effect> effects) {
        return new Decision(Outcome.ACCEPTED, effects);
    }

    public static Decision refused(Outcome outcome) {
        return new Decision(outcome, List.of());
    }
}
