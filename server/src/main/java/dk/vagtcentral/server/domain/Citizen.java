package dk.vagtcentral.server.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A citizen (borger) with an installed alarm.
 *
 * @param id      a pseudonymous id; never the CPR number
 * @param keyNote how the responder gets in (key box, system key per the municipality's key instruction); may be null
 * @param status  PAUSED (absent, e.g. in hospital) does not stop routing: an alarm from the home is always answered
 */
public record Citizen(String id, String municipalityId, String name, String address, String keyNote,
                      Status status) {

    /** Whether the citizen's services run (fravær = PAUSED). */
    public enum Status {
        ACTIVE, PAUSED
    }

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "id", id);
        Checks.notCpr(errors, "id", id);
        Checks.text(errors, "municipalityId", municipalityId);
        Checks.text(errors, "name", name);
        Checks.text(errors, "address", address);
        Checks.present(errors, "status", status);
        return errors;
    }
}
