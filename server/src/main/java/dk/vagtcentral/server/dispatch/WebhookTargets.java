package dk.vagtcentral.server.dispatch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where webhooks may be sent. A webhook URL is typed in by an administrator and resolved by DNS that a supplier
 * controls, so without a check it could make this server call its own cloud's metadata service, services on its own
 * machine or link-local devices (server-side request forgery). Refused: any scheme but http and https; the cloud
 * metadata endpoints (169.254.169.254, fd00:ec2::254, metadata.google.internal); link-local (169.254.0.0/16,
 * fe80::/10); loopback (127.0.0.0/8, ::1) unless {@code allowLoopback} (tests, local development); unspecified
 * (0.0.0.0/8, ::) and broadcast; multicast. Private networks (10/8, 172.16/12, 192.168/16, fc00::/7) stay allowed:
 * suppliers' alarm systems often live there, reached over a VPN.
 *
 * <p>A host name is resolved and <em>every</em> address it has must pass; the sender then connects to an address
 * that passed ({@link Allowed#addresses()}), not to a second lookup, so a name cannot be switched between the
 * check and the connection. The check runs when an administrator sets a URL and again before every attempt, as DNS
 * may have changed since. Resolving blocks: call from a worker thread.
 */
public final class WebhookTargets {

    /** Resolves a host name to all its addresses (the system resolver in production). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM_RESOLVER = InetAddress::getAllByName;

    /** Why a target is refused; {@code code} goes into log lines. */
    public enum Reason {
        INVALID_URL("invalid_url"),
        SCHEME("scheme"),
        METADATA("metadata"),
        LINK_LOCAL("link_local"),
        LOOPBACK("loopback"),
        UNSPECIFIED("unspecified"),
        MULTICAST("multicast"),
        UNRESOLVED("unresolved");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** What a check found. */
    public sealed interface Verdict permits Allowed, Denied {
    }

    /** The URL may be called, at one of {@code addresses} (every address the host had, all allowed). */
    public record Allowed(URI uri, List<InetAddress> addresses) implements Verdict {
    }

    /**
     * The URL may not be called. {@code message} names the problem and is fit for an administrator, a timeline and a
     * log line (it never carries the URL's query or user info). {@code byUrl}: the URL itself is refused (scheme,
     * literal address, metadata host name), so trying again cannot help; otherwise it is what DNS answered now.
     */
    public record Denied(Reason reason, String message, boolean byUrl) implements Verdict {
    }

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal");
    private static final InetAddress AWS_METADATA_V4 = literal("169.254.169.254");
    private static final InetAddress AWS_METADATA_V6 = literal("fd00:ec2::254");

    private final boolean allowLoopback;
    private final Resolver resolver;

    public WebhookTargets(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    public boolean allowsLoopback() {
        return allowLoopback;
    }

    /** Checks {@code url}, resolving its host (blocking). */
    public Verdict check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return new Denied(Reason.INVALID_URL, "is not a valid URL", true);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return new Denied(Reason.SCHEME, "must be an http or https URL"
                    + (scheme == null ? "" : " (not " + scheme + ")"), true);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return new Denied(Reason.INVALID_URL, "has no host", true);
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (METADATA_HOSTS.contains(name)) {
            return new Denied(Reason.METADATA, "points at " + name + ", a cloud metadata service", true);
        }
        Optional<InetAddress> literal = parseLiteral(name);
        if (literal.isPresent()) {
            Optional<Denied> denied = denied(literal.get(), true);
            return denied.isPresent() ? new Denied(denied.get().reason(), "points at " + denied.get().message(), true)
                    : new Allowed(uri, List.of(literal.get()));
        }
        InetAddress[] resolved;
        try {
            resolved = resolver.resolve(name);
        } catch (UnknownHostException e) {
            return new Denied(Reason.UNRESOLVED, "host " + name + " does not resolve", false);
        }
        if (resolved == null || resolved.length == 0) {
            return new Denied(Reason.UNRESOLVED, "host " + name + " does not resolve", false);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (InetAddress a : resolved) {
            Optional<Denied> denied = denied(a, false);
            if (denied.isPresent()) {
                Denied d = denied.get();
                return new Denied(d.reason(), "host " + name + " resolves to " + d.message(), false);
            }
            addresses.add(a);
        }
        return new Allowed(uri, List.copyOf(addresses));
    }

    /** Why {@code address} may not be called, if it may not. */
    public Optional<Reason> classify(InetAddress address) {
        return denied(address, false).map(Denied::reason);
    }

    private Optional<Denied> denied(InetAddress address, boolean byUrl) {
        InetAddress a = embeddedIpv4(address);
        String text = a.getHostAddress();
        if (a.equals(AWS_METADATA_V4) || a.equals(AWS_METADATA_V6)) {
            return Optional.of(new Denied(Reason.METADATA, text + ", a cloud metadata address", byUrl));
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of(new Denied(Reason.LINK_LOCAL, text + ", a link-local address", byUrl));
        }
        if (a.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of(new Denied(Reason.LOOPBACK, text
                    + ", a loopback address (allowed only with webhooks.allow-loopback)", byUrl));
        }
        if (a.isAnyLocalAddress() || isThisNetwork(a) || isBroadcast(a)) {
            return Optional.of(new Denied(Reason.UNSPECIFIED, text + ", an unspecified or broadcast address",
                    byUrl));
        }
        if (a.isMulticastAddress()) {
            return Optional.of(new Denied(Reason.MULTICAST, text + ", a multicast address", byUrl));
        }
        return Optional.empty();
    }

    /** 0.0.0.0/8 ("this network"): Linux connects 0.x.x.x to the local machine. */
    private static boolean isThisNetwork(InetAddress a) {
        return a instanceof Inet4Address && a.getAddress()[0] == 0;
    }

    private static boolean isBroadcast(InetAddress a) {
        byte[] b = a.getAddress();
        return a instanceof Inet4Address && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
    }

    /**
     * The IPv4 address inside an IPv4-compatible IPv6 address ({@code ::a.b.c.d}), so that {@code ::127.0.0.1} is
     * judged as 127.0.0.1. (IPv4-mapped addresses, {@code ::ffff:a.b.c.d}, already parse as IPv4.)
     */
    private static InetAddress embeddedIpv4(InetAddress a) {
        if (a instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            byte[] b = v6.getAddress();
            byte[] v4 = {b[12], b[13], b[14], b[15]};
            boolean allZero = (v4[0] | v4[1] | v4[2] | v4[3]) == 0;
            boolean one = v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && v4[3] == 1;
            if (!allZero && !one) { // :: and ::1 are themselves
                try {
                    return InetAddress.getByAddress(v4);
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }

    /** An IP literal as the URI gives it ({@code 10.0.0.1}, {@code [::1]}), without a DNS lookup. */
    static Optional<InetAddress> parseLiteral(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
            return h.indexOf(':') >= 0 ? Optional.of(literal(h)) : Optional.empty();
        }
        if (h.matches("[0-9.]+") && h.chars().filter(c -> c == '.').count() == 3) {
            for (String part : h.split("\\.")) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
            return Optional.of(literal(h));
        }
        return Optional.empty();
    }

    /** An address from its text form; only for literals (no lookup is made for them). */
    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + text, e);
        }
    }
}
