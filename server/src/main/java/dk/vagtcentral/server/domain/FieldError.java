package dk.vagtcentral.server.domain;

/**
 * One problem with one field of a value that was offered from outside (API body, import, configuration).
 * The field is named as the record component, with an index for list elements ({@code ladder[1].after}).
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
