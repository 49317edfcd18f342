package dk.vagtcentral.protocol.event;

/**
 * Clips descriptive text to a bound. A clipped value ends in {@link #MARKER}, a character that cannot arrive on
 * the wire (DC-09 frames are printable ASCII), so a clipped value is never mistaken for one sent that way.
 */
public final class TextBounds {
    /** Ends a value that was cut short. */
    public static final String MARKER = "\u2026";

    private TextBounds() {
    }

    /** {@code value} when it fits in {@code max} characters, else its first {@code max - 1} and the marker. */
    public static String clip(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        return value.substring(0, max - 1) + MARKER;
    }

    public static boolean isClipped(String value) {
        return value != null && value.endsWith(MARKER);
    }
}
