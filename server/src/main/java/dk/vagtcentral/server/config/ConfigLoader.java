package dk.vagtcentral.server.config;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.time.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dk.vagtcentral.server.net.TlsSettings;
import dk.vagtcentral.server.net.TrustedProxies;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the YAML configuration, applies command-line overrides (dotted keys such as {@code dc09.port})
 * and validates every value. Unknown keys are errors, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    private static final Set<String> KNOWN_KEYS = Set.of(
            "data-dir", "demo", "demo-reference", "node.id", "log.format",
            "dispatch.municipalities", "dispatch.time-scale", "dispatch.fallback-municipality",
            "dispatch.supervision-check", "dispatch.route-queue", "dispatch.command-queue",
            "dc09.host", "dc09.port", "dc09.udp", "dc09.max-ahead", "dc09.max-behind",
            "dc09.max-clock-drift", "dc09.retransmit-window", "dc09.max-frame",
            "dc09.max-connections", "dc09.pre-auth-timeout", "dc09.idle-timeout",
            "dc09.max-unauthenticated-per-source", "dc09.max-connections-per-account", "dc09.max-in-flight",
            "dc09.udp-invalid-per-second", "dc09.tls", "connections.descriptor-reserve",
            "http.host", "http.port", "http.ingest-api-key", "http.max-connections", "http.header-timeout",
            "http.body-timeout", "http.idle-timeout", "http.tls", "http.trusted-proxies",
            "tls.cert-file", "tls.key-file",
            "auth.admin-password", "auth.session-ttl", "auth.login-max-failures",
            "auth.login-max-failures-per-address", "auth.login-window", "auth.login-backoff-max",
            "store.url", "store.username", "store.password", "store.pool-size", "store.batch-max",
            "store.sync-on-commit", "store.retention",
            "webhooks.allow-loopback", "webhooks.secret-overlap", "webhooks.public-url",
            "cluster.lease-ttl", "cluster.lease-renew",
            "scaip.host", "scaip.port", "scaip.udp", "scaip.tls", "scaip.realm", "scaip.mrs-style",
            "scaip.max-connections");

    private ConfigLoader() {
    }

    /** The built-in defaults (the same values as config/vagtcentral.yaml). */
    public static Map<String, Object> defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/vagtcentral.yaml")) {
            return flatten(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in defaults"));
        } catch (IOException e) {
            throw new IllegalStateException("built-in defaults missing", e);
        }
    }

    public static Map<String, Object> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", "no such file: " + file);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = reader.read(buf)) > 0; ) {
                sb.append(buf, 0, n);
            }
            return flatten(parse(sb.toString(), file.toString()));
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Environment variables of this prefix name configuration keys ({@code VAGTCENTRAL_STORE_PASSWORD}). */
    static final String ENV_PREFIX = "VAGTCENTRAL_";
    /** Variables of the prefix that are not configuration keys: the simulator's, read from the same shell. */
    private static final Set<String> ENV_NOT_CONFIG = Set.of("VAGTCENTRAL_API_TOKEN", "VAGTCENTRAL_API_PASSWORD");

    /** Defaults, then the file (if any), then the environment, then the overrides (flags); validated. */
    public static ServerConfig load(Path file, Map<String, Object> overrides) {
        return load(file, overrides, System.getenv());
    }

    static ServerConfig load(Path file, Map<String, Object> overrides, Map<String, String> environment) {
        Map<String, Object> values = new LinkedHashMap<>(defaults());
        if (file != null) {
            values.putAll(readFile(file));
        }
        values.putAll(fromEnvironment(environment));
        values.putAll(overrides);
        for (String key : values.keySet()) {
            if (!KNOWN_KEYS.contains(key)) {
                throw new ConfigException(key, "unknown configuration key");
            }
        }
        return build(values);
    }

    /**
     * The configuration keys set in the environment: {@code VAGTCENTRAL_} and the key upper-cased with '.' and '-' as
     * '_' ({@code store.password} is {@code VAGTCENTRAL_STORE_PASSWORD}), so secrets need never be in a file. A variable
     * of the prefix that names no key stops the start, like an unknown key in the file.
     */
    static Map<String, Object> fromEnvironment(Map<String, String> environment) {
        Map<String, String> byVariable = new HashMap<>();
        for (String key : KNOWN_KEYS) {
            byVariable.put(variable(key), key);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX) || ENV_NOT_CONFIG.contains(e.getKey())) {
                continue;
            }
            String key = byVariable.get(e.getKey());
            if (key == null) {
                throw new ConfigException(e.getKey(), "names no configuration key (environment variable)");
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    static String variable(String key) {
        return ENV_PREFIX + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Object parse(String text, String source) {
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            return root == null ? Map.of() : root;
        } catch (YAMLException e) {
            throw new ConfigException("--config", "not valid YAML in " + source + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static Map<String, Object> flatten(Object root) {
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException("--config", "the top level must be a mapping of keys");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flattenInto("", map, flat);
        return flat;
    }

    private static void flattenInto(String prefix, Map<?, ?> map, Map<String, Object> flat) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                flattenInto(key + ".", child, flat);
            } else {
                flat.put(key, e.getValue());
            }
        }
    }

    private static ServerConfig build(Map<String, Object> v) {
        Path dataDir = Path.of(string(v, "data-dir", false));
        String url = string(v, "store.url", true);
        if (url == null || url.isBlank()) {
            url = defaultH2Url(dataDir);
        } else if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("store.url", "must be a jdbc:h2: or jdbc:postgresql: URL");
        }
        ServerConfig.Dc09 dc09 = new ServerConfig.Dc09(
                string(v, "dc09.host", false),
                port(v, "dc09.port"),
                bool(v, "dc09.udp"),
                duration(v, "dc09.max-ahead"),
                duration(v, "dc09.max-behind"),
                duration(v, "dc09.max-clock-drift"),
                duration(v, "dc09.retransmit-window"),
                integer(v, "dc09.max-frame", 64, Dc09Codec.MAX_FRAME),
                new ServerConfig.Dc09Limits(
                        integer(v, "dc09.max-connections", 0, 10_000_000),
                        duration(v, "dc09.pre-auth-timeout"),
                        duration(v, "dc09.idle-timeout"),
                        integer(v, "dc09.max-unauthenticated-per-source", 1, 1_000_000),
                        integer(v, "dc09.max-connections-per-account", 1, 10_000),
                        integer(v, "dc09.max-in-flight", 1, 10_000),
                        integer(v, "dc09.udp-invalid-per-second", 1, 1_000_000)),
                bool(v, "dc09.tls"));
        if (dc09.limits().idleTimeout().compareTo(dc09.limits().preAuthTimeout()) < 0) {
            throw new ConfigException("dc09.idle-timeout", "must not be shorter than dc09.pre-auth-timeout");
        }
        if (dc09.maxClockDrift().compareTo(dc09.maxBehind()) < 0 || dc09.maxClockDrift().compareTo(dc09.maxAhead()) < 0) {
            throw new ConfigException("dc09.max-clock-drift", "must not be shorter than dc09.max-ahead and dc09.max-behind");
        }
        String ingestKey = blankToNull(string(v, "http.ingest-api-key", true));
        if (ingestKey != null && ingestKey.strip().length() < 16) {
            throw new ConfigException("http.ingest-api-key", "must be at least 16 characters (or empty to disable)");
        }
        ServerConfig.Http http = new ServerConfig.Http(string(v, "http.host", false), port(v, "http.port"),
                ingestKey == null ? null : ingestKey.strip(), integer(v, "http.max-connections", 0, 10_000_000),
                duration(v, "http.header-timeout"), duration(v, "http.body-timeout"), duration(v, "http.idle-timeout"),
                bool(v, "http.tls"), list(v, "http.trusted-proxies"));
        TrustedProxies.parse(http.trustedProxies()); // refuses a malformed entry, naming the key
        if (http.idleTimeout().compareTo(Duration.ofSeconds(2)) < 0) {
            // live streams send their heartbeat at a third of it at most: far below a second is a typo
            throw new ConfigException("http.idle-timeout", "must be at least PT2S");
        }
        ServerConfig.Tls tls = tls(v);
        if (dc09.tls() && !tls.configured()) {
            throw new ConfigException("dc09.tls", "needs tls.cert-file and tls.key-file");
        }
        if (http.tls() && !tls.configured()) {
            throw new ConfigException("http.tls", "needs tls.cert-file and tls.key-file");
        }        String adminPassword = blankToNull(string(v, "auth.admin-password", true));
        if (adminPassword != null && adminPassword.length() < 12) {
            throw new ConfigException("auth.admin-password", "must be at least 12 characters (or empty)");
        }
        ServerConfig.Auth auth = new ServerConfig.Auth(adminPassword, duration(v, "auth.session-ttl"),
                integer(v, "auth.login-max-failures", 1, 1000), integer(v, "auth.login-max-failures-per-address", 1,
                100_000), duration(v, "auth.login-window"), duration(v, "auth.login-backoff-max"));
        ServerConfig.Store store = new ServerConfig.Store(url,
                string(v, "store.username", true),
                string(v, "store.password", true),
                integer(v, "store.pool-size", 2, 200),
                integer(v, "store.batch-max", 1, 10_000),
                bool(v, "store.sync-on-commit"),
                duration(v, "store.retention"));
        String fallback = string(v, "dispatch.fallback-municipality", true);
        ServerConfig.Dispatch dispatch = new ServerConfig.Dispatch(
                blankToNull(string(v, "dispatch.municipalities", true)) == null ? null
                        : Path.of(string(v, "dispatch.municipalities", false)),
                integer(v, "dispatch.time-scale", 1, 10_000),
                fallback == null || fallback.isBlank() ? null : fallback.strip(),
                duration(v, "dispatch.supervision-check"),
                integer(v, "dispatch.route-queue", 1, 10_000_000),
                integer(v, "dispatch.command-queue", 1, 1_000_000));
        ServerConfig.Webhooks webhooks = new ServerConfig.Webhooks(bool(v, "webhooks.allow-loopback"),
                duration(v, "webhooks.secret-overlap"), publicUrl(v, "webhooks.public-url"));
        ServerConfig.Cluster cluster = new ServerConfig.Cluster(duration(v, "cluster.lease-ttl"),
                duration(v, "cluster.lease-renew"));
        if (cluster.leaseTtl().compareTo(Duration.ofSeconds(2)) < 0) {
            throw new ConfigException("cluster.lease-ttl", "must be at least PT2S");
        }
        if (cluster.leaseRenew().multipliedBy(2).compareTo(cluster.leaseTtl()) > 0) {
            throw new ConfigException("cluster.lease-renew", "must be at most half of cluster.lease-ttl ("
                    + cluster.leaseTtl() + "), so that a renewal can fail once without losing the lease");
        }
        ServerConfig.Scaip scaip = scaip(v);
        if (scaip.tls() && !tls.configured()) {
            throw new ConfigException("scaip.tls", "needs tls.cert-file and tls.key-file");
        }
        if (scaip.enabled() && scaip.port() != 0 && scaip.port() == dc09.port()
                && scaip.host().equals(dc09.host())) {
            throw new ConfigException("scaip.port", "is dc09.port (" + dc09.port() + "): SCAIP needs a port of its own");
        }
        return new ServerConfig(dataDir, bool(v, "demo"), bool(v, "demo-reference"), dc09,
                http, store, dispatch, auth, webhooks,
                new ServerConfig.Connections(integer(v, "connections.descriptor-reserve", 16, 1_000_000)), tls,
                nodeId(v), logFormat(v), cluster, scaip);
    }

    /** The SCAIP receiver; off while {@code scaip.port} is empty. */
    private static ServerConfig.Scaip scaip(Map<String, Object> v) {
        Integer port = blankToNull(string(v, "scaip.port", true)) == null ? null : port(v, "scaip.port");
        String realm = string(v, "scaip.realm", false).strip();
        if (!realm.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new ConfigException("scaip.realm", "must be 1-64 letters, digits, '.', '_', '@' or '-', got '"
                    + realm + "'");
        }
        String style = string(v, "scaip.mrs-style", false).strip().toUpperCase(java.util.Locale.ROOT);
        dk.vagtcentral.protocol.scaip.MrsStyle mrsStyle;
        try {
            mrsStyle = dk.vagtcentral.protocol.scaip.MrsStyle.valueOf(style);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("scaip.mrs-style", "must be message or body, got '" + style.toLowerCase(
                    java.util.Locale.ROOT) + "'");
        }
        return new ServerConfig.Scaip(string(v, "scaip.host", false).strip(), port, bool(v, "scaip.udp"),
                bool(v, "scaip.tls"), realm, mrsStyle, integer(v, "scaip.max-connections", 1, 10_000_000));
    }

    private static String logFormat(Map<String, Object> v) {
        String format = string(v, "log.format", false).strip();
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException("log.format", "must be text or json, got '" + format + "'");
        }
        return format;
    }

    /** {@code node.id}, or this machine's host name; letters, digits, '.', '_' and '-' (it goes into log lines). */
    private static String nodeId(Map<String, Object> v) {
        String id = blankToNull(string(v, "node.id", true));
        if (id == null) {
            try {
                id = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                id = "node";
            }
            id = id.replaceAll("[^A-Za-z0-9._-]", "-");
        } else if (!id.strip().matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException("node.id", "must be 1-64 letters, digits, '.', '_' or '-', got '" + id + "'");
        }
        return clip64(id.strip());
    }

    private static String clip64(String id) {
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    /** Both files or neither; each must be a readable PEM file of the right kind. */
    private static ServerConfig.Tls tls(Map<String, Object> v) {
        String cert = blankToNull(string(v, "tls.cert-file", true));
        String key = blankToNull(string(v, "tls.key-file", true));
        if (cert == null && key == null) {
            return new ServerConfig.Tls(null, null);
        }
        if (cert == null || key == null) {
            throw new ConfigException(cert == null ? "tls.cert-file" : "tls.key-file",
                    "is required when " + (cert == null ? "tls.key-file" : "tls.cert-file") + " is set");
        }
        Path certFile = Path.of(cert.strip());
        Path keyFile = Path.of(key.strip());
        TlsSettings.requirePem("tls.cert-file", certFile, "CERTIFICATE");
        TlsSettings.requirePem("tls.key-file", keyFile, "PRIVATE KEY");
        return new ServerConfig.Tls(certFile, keyFile);
    }

    /** A YAML list of single values, or one comma-separated string (a command-line override); empty for none. */
    private static List<String> list(Map<String, Object> v, String key) {
        Object o = v.get(key);
        List<String> out = new java.util.ArrayList<>();
        if (o == null || o instanceof Map<?, ?> m && m.isEmpty()) {
            return List.of();
        }
        if (o instanceof List<?> items) {
            for (Object item : items) {
                if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw new ConfigException(key, "must be a list of single values");
                }
                out.add(item.toString().strip());
            }
        } else if (o instanceof Map<?, ?>) {
            throw new ConfigException(key, "must be a list");
        } else {
            for (String part : o.toString().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return List.copyOf(out);
    }

    /** An absolute http(s) URL with no query or fragment, without its trailing slash; null when empty. */
    private static String publicUrl(Map<String, Object> v, String key) {
        String text = blankToNull(string(v, key, true));
        if (text == null) {
            return null;
        }
        String url = text.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                throw new ConfigException(key, "must be an http or https URL such as https://vagtcentral.example.dk "
                        + "(no query, fragment or user info), got '" + text + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key, "is not a valid URL: " + e.getReason());
        }
        return url;
    }

    /**
     * The embedded database under {@code dataDir}. Durability does not come from the URL: every commit that promises
     * something goes through {@link dk.vagtcentral.server.store.Database#commitDurably}, which writes it through.
     */
    public static String defaultH2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("vagtcentral");
    }

    private static String string(Map<String, Object> v, String key, boolean nullable) {
        Object o = v.get(key);
        if (o == null || (o instanceof Map<?, ?> m && m.isEmpty())) {
            if (nullable) {
                return null;
            }
            throw new ConfigException(key, "is required");
        }
        if (o instanceof Map<?, ?> || o instanceof List<?>) {
            throw new ConfigException(key, "must be a single value");
        }
        return o.toString();
    }

    private static boolean bool(Map<String, Object> v, String key) {
        Object o = v.get(key);
        if (o instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(o);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new ConfigException(key, "must be true or false, got '" + o + "'");
    }

    private static int integer(Map<String, Object> v, String key, int min, int max) {
        Object o = v.get(key);
        int value;
        try {
            value = o instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(String.valueOf(o).trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, "must be a whole number, got '" + o + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static int port(Map<String, Object> v, String key) {
        return integer(v, key, 0, 65535);
    }

    private static Duration duration(Map<String, Object> v, String key) {
        Object o = v.get(key);
        Duration d;
        try {
            d = Durations.parse(String.valueOf(o));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "must be a duration such as " + Durations.EXAMPLES + ", got '" + o + "'");
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key, "must be a positive duration, got '" + o + "'");
        }
        return d;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Keys seen in a map, for tests and error messages. */
    static Set<String> knownKeys() {
        return new HashSet<>(KNOWN_KEYS);
    }
}
