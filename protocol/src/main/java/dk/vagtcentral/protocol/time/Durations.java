package dk.vagtcentral.protocol.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of Vagtcentral, shared by the server's configuration and the simulator's
 * command line: a number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d};
 * decimals such as {@code 1.5s} and a sign such as {@code -90s} allowed; a bare number is seconds), or
 * ISO-8601 ({@code PT30S}, {@code P7D}). Whether zero or negative is acceptable is the caller's
 * decision.
 */
public final class Durations {
    /** For error messages: what a duration looks like. */
    public static final String EXAMPLES = "30s, 500ms, 5m, 1h or PT30S";

    private static final Pattern WITH_UNIT = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException when the text is neither form
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("not a duration: null");
        }
        String t = text.trim();
        Matcher m = WITH_UNIT.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double millis = amount * switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
        try {
            return Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (expected " + EXAMPLES + ")");
        }
    }
}
