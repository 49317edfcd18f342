package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.event.EventFormat;
import dk.vagtcentral.protocol.time.Durations;
import dk.vagtcentral.simulator.abuse.AccountRange;
import dk.vagtcentral.simulator.abuse.SlowSender;
import dk.vagtcentral.simulator.abuse.SourceAddresses;
import dk.vagtcentral.simulator.abuse.UnknownFlood;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How the command line turns text into the simulator's types. A value picocli cannot convert is reported as
 * "Invalid value for option '--x': (the converter's message)". Registered by type on the whole command tree
 * ({@link #registerOn}); an option with another rule for the same type names its converter in its annotation.
 */
final class Converters {

    private Converters() {
    }

    static void registerOn(CommandLine commandLine) {
        commandLine.registerConverter(Duration.class, new PositiveDuration())
                .registerConverter(HostPort.class, of(HostPort::parse))
                .registerConverter(URI.class, new HttpUrl())
                .registerConverter(Transport.class, of(Transport::parse))
                .registerConverter(Protocol.class, of(Protocol::parse))
                .registerConverter(EventKind.class, of(EventKind::parse))
                .registerConverter(EventFormat.class, of(Converters::eventFormat))
                .registerConverter(LoadConfig.Formats.class, of(Converters::formats))
                .registerConverter(AccountRange.class, of(AccountRange::parse))
                .registerConverter(SourceAddresses.class, of(SourceAddresses::parse))
                .registerConverter(SlowSender.Target.class, of(SlowSender.Target::parse))
                .registerConverter(UnknownFlood.Transport.class, of(UnknownFlood.Transport::parse));
    }

    /** A converter from a parse method whose IllegalArgumentException says what is wrong. */
    static <T> ITypeConverter<T> of(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }

    /** A duration in the server configuration's syntax ({@link Durations}: 30s, 500ms, 12h, PT5S ...), any sign. */
    static class AnyDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected a duration such as " + Durations.EXAMPLES + ", got '" + text + "'");
            }
        }
    }

    /** A duration of zero or more. */
    static final class NonNegativeDuration extends AnyDuration {
        @Override
        public Duration convert(String text) {
            Duration d = super.convert(text);
            if (d.isNegative()) {
                throw new TypeConversionException("must not be negative, got '" + text + "'");
            }
            return d;
        }
    }

    /** A duration of more than zero: what a Duration option is unless its annotation says otherwise. */
    static final class PositiveDuration extends AnyDuration {
        @Override
        public Duration convert(String text) {
            Duration d = super.convert(text);
            if (d.isNegative() || d.isZero()) {
                throw new TypeConversionException("must be more than zero, got '" + text + "'");
            }
            return d;
        }
    }

    /** An http:// or https:// URL with a host: the server's HTTP API. */
    static final class HttpUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new TypeConversionException("expected an http:// URL such as http://127.0.0.1:8180, got '" + text + "'");
        }
    }

    private static EventFormat eventFormat(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "sia" -> EventFormat.SIA_DCS;
            case "cid" -> EventFormat.CONTACT_ID;
            default -> throw new IllegalArgumentException("expected sia or cid, got '" + text + "'");
        };
    }

    private static LoadConfig.Formats formats(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "sia" -> LoadConfig.Formats.SIA;
            case "cid" -> LoadConfig.Formats.CID;
            case "mixed" -> LoadConfig.Formats.MIXED;
            default -> throw new IllegalArgumentException("expected sia, cid or mixed, got '" + text + "'");
        };
    }
}
