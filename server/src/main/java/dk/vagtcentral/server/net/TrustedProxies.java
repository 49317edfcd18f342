package dk.vagtcentral.server.net;

import dk.vagtcentral.server.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-For} is believed ({@code http.trusted-proxies}: IP addresses and CIDR
 * blocks, IPv4 and IPv6). With none, the peer of the connection is the client. When the peer is a trusted proxy,
 * the client is the rightmost {@code X-Forwarded-For} entry that is not itself a trusted proxy: entries further left
 * were written by the client and prove nothing. Only IP literals are accepted: nothing here resolves names.
 */
public final class TrustedProxies {
    private static final String KEY = "http.trusted-proxies";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** Entries of one X-Forwarded-For read at most: a longer chain is a forgery or a loop. */
    static final int MAX_HOPS = 32;

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** The blocks of the entries; a {@link ConfigException} naming http.trusted-proxies for a malformed one. */
    public static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.strip();
            int slash = e.indexOf('/');
            byte[] address = literal(slash < 0 ? e : e.substring(0, slash));
            if (address == null) {
                throw new ConfigException(KEY, "'" + entry + "' is not an IP address or CIDR block (a.b.c.d/n or "
                        + "an IPv6 address/n)");
            }
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException x) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new ConfigException(KEY, "'" + entry + "': the prefix length must be 0-" + address.length * 8);
                }
            }
            blocks.add(new Block(address, prefix));
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(List.copyOf(blocks));
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (an IP literal) is a trusted proxy. */
    public boolean trusts(String address) {
        byte[] a = literal(address);
        if (a == null) {
            return false;
        }
        for (Block b : blocks) {
            if (b.contains(a) || b.contains(unmapped(a))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client of a request from {@code peer} carrying the {@code X-Forwarded-For} values {@code forwardedFor}
     * (all of them, in order; empty when none): the peer unless it is trusted, else the rightmost entry that is not
     * trusted. A malformed entry ends the walk at the last trusted hop, which is then the client as far as anyone
     * can tell.
     */
    public String client(String peer, List<String> forwardedFor) {
        if (blocks.isEmpty() || peer == null || !trusts(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String part : header.split(",")) {
                hops.add(part.strip());
            }
        }
        String client = peer;
        int seen = 0;
        for (int i = hops.size() - 1; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            String hop = stripPort(hops.get(i));
            byte[] literal = literal(hop);
            if (literal == null) {
                return client;
            }
            client = text(literal);
            if (!trusts(client)) {
                return client;
            }
        }
        return client;
    }

    /** {@code [v6]:port} and {@code v4:port} as proxies may write them, to the bare address. */
    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close > 0 ? hop.substring(1, close) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null; never a name lookup. */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        var m = IPV4.matcher(text);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                b[i] = (byte) octet;
            }
            return b;
        }
        if (text.indexOf(':') < 0 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null; // not an IPv6 literal either: never hand a name to the resolver
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as its IPv4 bytes; anything else as given. */
    private static byte[] unmapped(byte[] a) {
        if (a.length != 16) {
            return a;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return a;
            }
        }
        if (a[10] != (byte) 0xFF || a[11] != (byte) 0xFF) {
            return a;
        }
        return new byte[] {a[12], a[13], a[14], a[15]};
    }

    /** The canonical text of an address's bytes. */
    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
