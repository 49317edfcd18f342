package dk.vagtcentral.protocol.event;

import java.util.Objects;

/**
 * A SIA DC-03 data modifier: two lower-case letters and a value that qualify the event codes after them,
 * such as {@code ri} (area), {@code id} (user), {@code pi} (peripheral), {@code ti} (time) and {@code da} (date).
 *
 * @param name        the two letters, e.g. "ri"
 * @param value       the value as sent, e.g. "01" or "10:15:00" ("" when the panel sent none)
 * @param label       the ASCII name a panel may send after the value in carets ({@code ri1^Living room^}), or ""
 * @param description a short English description of the modifier
 */
public record SiaModifier(String name, String value, String label, String description) {
    public static final String AREA = "ri";
    public static final String USER = "id";
    public static final String PERIPHERAL = "pi";
    public static final String TIME = "ti";
    public static final String DATE = "da";

    public SiaModifier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(description, "description");
    }

    /** The short description of a modifier name; the modifiers no public source documents read "modifier xx". */
    public static String describe(String name) {
        return switch (name) {
            case AREA -> "area (partition)";
            case USER -> "user number";
            case PERIPHERAL -> "peripheral (keypad, module) number";
            case TIME -> "time of the event at the panel";
            case DATE -> "date of the event at the panel";
            default -> "modifier " + name;
        };
    }
}
