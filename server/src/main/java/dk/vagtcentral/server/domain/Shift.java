package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's duty period (vagt) at a supplier.
 *
 * @param role  PRIMARY workers are notified first; BACKUP workers when no primary is on duty, or on re-notification
 * @param start first instant on duty
 * @param end   first instant off duty (exclusive)
 */
public record Shift(String id, String supplierId, String workerId, String workerName, Role role, Instant start,
                    Instant end) {

    /** A worker's part in the duty roster. */
    public enum Role {
        PRIMARY, BACKUP
    }

    public boolean covers(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "id", id);
        Checks.text(errors, "supplierId", supplierId);
        Checks.text(errors, "workerId", workerId);
        Checks.text(errors, "workerName", workerName);
        Checks.present(errors, "role", role);
        Checks.present(errors, "start", start);
        Checks.present(errors, "end", end);
        Checks.after(errors, "end", end, "start", start);
        return errors;
    }
}
