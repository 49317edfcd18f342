package dk.vagtcentral.server.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A municipality (kommune) using the system.
 *
 * @param id        the municipality's id, e.g. its official code ("791")
 * @param name      e.g. "Viborg Kommune"
 * @param profileId the {@link RuleProfile} that applies, e.g. "viborg" (config/municipalities/viborg.yaml)
 */
public record Municipality(String id, String name, String profileId) {

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "id", id);
        Checks.text(errors, "name", name);
        Checks.text(errors, "profileId", profileId);
        return errors;
    }
}
