package dk.vagtcentral.protocol.dc09;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One extended data block, kept verbatim and read by its type letter.
 *
 * @param letter      the type letter (the first character of the block)
 * @param raw         the block's content as received, letter included, without the brackets
 * @param description a short English description of the block's kind
 */
public record ExtendedData(char letter, String raw, String description) {
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{12}");
    /** Degrees, hemisphere letter, decimal minutes: "006E07.7777777", "49N06.6666666". */
    private static final Pattern COORDINATE = Pattern.compile("(\\d{1,3})([NSEW])(\\d{1,2}(?:\\.\\d+)?)");

    public ExtendedData {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(description, "description");
    }

    /** Reads one block's content (without its brackets). */
    public static ExtendedData of(String raw) {
        char letter = raw.isEmpty() ? ' ' : raw.charAt(0);
        return new ExtendedData(letter, raw, ExtendedDataType.of(letter).description());
    }

    public ExtendedDataType type() {
        return ExtendedDataType.of(letter);
    }

    /** The content after the type letter. */
    public String value() {
        return raw.isEmpty() ? "" : raw.substring(1);
    }

    /** An M block's MAC address as six colon-separated upper-case pairs, when it is 12 hex digits. */
    public Optional<String> macAddress() {
        if (type() != ExtendedDataType.MAC_ADDRESS || !MAC.matcher(value()).matches()) {
            return Optional.empty();
        }
        String v = value().toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(v, i, i + 2);
        }
        return Optional.of(sb.toString());
    }

    /**
     * An X or Y block as decimal degrees (negative for S and W), read as degrees, hemisphere letter and decimal
     * minutes, the shape the public samples show ({@code X006E07.7777777}).
     */
    public OptionalDouble degrees() {
        if (type() != ExtendedDataType.LONGITUDE && type() != ExtendedDataType.LATITUDE) {
            return OptionalDouble.empty();
        }
        Matcher m = COORDINATE.matcher(value());
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        char hemisphere = m.group(2).charAt(0);
        boolean latitude = type() == ExtendedDataType.LATITUDE;
        if (latitude != (hemisphere == 'N' || hemisphere == 'S')) {
            return OptionalDouble.empty();
        }
        double minutes = Double.parseDouble(m.group(3));
        double degrees = Integer.parseInt(m.group(1)) + minutes / 60.0;
        if (minutes >= 60 || degrees > (latitude ? 90 : 180)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(hemisphere == 'S' || hemisphere == 'W' ? -degrees : degrees);
    }

    /** An H block's time of occurrence, in the DC-09 timestamp form with or without its leading '_'. */
    public Optional<Instant> occurredAt() {
        if (type() != ExtendedDataType.TIME_OF_OCCURRENCE) {
            return Optional.empty();
        }
        String v = value();
        return Dc09Timestamp.parse(v.startsWith("_") ? v : "_" + v);
    }

    /** A V block's links (comma-separated), e.g. verification photos. */
    public List<String> links() {
        if (type() != ExtendedDataType.VERIFICATION || value().isBlank()) {
            return List.of();
        }
        return Arrays.stream(value().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
