package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.time.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-rolled "--name value" / "--name=value" / "--flag" parsing with one-line errors naming the option. */
final class CliArgs {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private CliArgs() {
    }

    static CliArgs parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) throws UsageException {
        CliArgs parsed = new CliArgs();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' (options start with --)");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String inline = eq < 0 ? null : arg.substring(eq + 1);
            if (flagOptions.contains(name)) {
                if (inline != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                if (!parsed.flags.add(name)) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else if (valueOptions.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (parsed.values.put(name, value) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return parsed;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String string(String name, String def) {
        return values.getOrDefault(name, def);
    }

    String required(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("option --" + name + " is required");
        }
        return v;
    }

    int integer(String name, int def, int min, int max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        return parseInt(name, v, min, max);
    }

    static int parseInt(String name, String v, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException("--" + name + ": expected a whole number " + min + ".." + max + ", got '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": expected a whole number " + min + ".." + max + ", got '" + v + "'");
        }
    }

    long longValue(String name, long def, long min, long max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": expected a whole number " + min + ".." + max + ", got '" + v + "'");
        }
    }

    double positiveDouble(String name, double def) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": expected a positive number, got '" + v + "'");
        }
    }

    int port(String name, Integer def, boolean allowZero) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            if (def == null) {
                throw new UsageException("option --" + name + " is required");
            }
            return def;
        }
        return parseInt(name, v, allowZero ? 0 : 1, 65535);
    }

    /** A duration in the syntax the server's configuration uses too: {@link Durations}. */
    Duration duration(String name, Duration def, boolean allowNegative, boolean allowZero) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        Duration d;
        try {
            d = Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + name + ": expected a duration such as " + Durations.EXAMPLES + ", got '" + v + "'");
        }
        if (!allowNegative && d.isNegative()) {
            throw new UsageException("--" + name + ": must not be negative, got '" + v + "'");
        }
        if (!allowZero && d.isZero()) {
            throw new UsageException("--" + name + ": must be more than zero, got '" + v + "'");
        }
        return d;
    }

    /** A receiver address "host:port" ("[::1]:7112" for IPv6), or null when the option is absent. */
    HostPort hostPort(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        int colon = v.lastIndexOf(':');
        String host = colon < 0 ? "" : v.substring(0, colon).trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new UsageException("--" + name + ": expected host:port such as 127.0.0.2:7112, got '" + v + "'");
        }
        return new HostPort(host, parseInt(name, v.substring(colon + 1), 1, 65535));
    }

    record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    URI httpUri(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            URI uri = new URI(v);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(v, "not http");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--" + name + ": expected an http:// URL such as http://127.0.0.1:8180, got '" + v + "'");
        }
    }
}
