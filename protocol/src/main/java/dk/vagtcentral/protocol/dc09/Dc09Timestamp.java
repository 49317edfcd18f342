package dk.vagtcentral.protocol.dc09;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Optional;

/** The DC-09 timestamp {@code _HH:MM:SS,MM-DD-YYYY}, always in UTC. */
public final class Dc09Timestamp {
    public static final int LENGTH = 20;
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("'_'HH:mm:ss','MM-dd-uuuu").withResolverStyle(ResolverStyle.STRICT);

    private Dc09Timestamp() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** Parses exactly one timestamp; empty when the text is not a valid one. */
    public static Optional<Instant> parse(CharSequence text) {
        if (text.length() != LENGTH || text.charAt(0) != '_') {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text, FORMAT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
