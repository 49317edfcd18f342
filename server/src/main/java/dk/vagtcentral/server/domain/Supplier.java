package dk.vagtcentral.server.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * An organisation that answers alarms in one municipality.
 *
 * @param webhookUrl where alarms for this supplier are pushed (http or https), or null for desk-only
 */
public record Supplier(String id, String municipalityId, String name, SupplierKind kind, String webhookUrl) {

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "id", id);
        Checks.text(errors, "municipalityId", municipalityId);
        Checks.text(errors, "name", name);
        Checks.present(errors, "kind", kind);
        if (kind != null && !kind.registrable()) {
            errors.add(new FieldError("kind", "must be PRIVATE_CARE, MUNICIPAL_HOME_CARE or FIRE_AND_RESCUE"));
        }
        if (webhookUrl != null) {
            try {
                URI uri = new URI(webhookUrl);
                String scheme = uri.getScheme();
                if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        || uri.getHost() == null) {
                    errors.add(new FieldError("webhookUrl", "must be an absolute http or https URL"));
                }
            } catch (URISyntaxException e) {
                errors.add(new FieldError("webhookUrl", "is not a valid URL: " + e.getReason()));
            }
        }
        return errors;
    }
}
