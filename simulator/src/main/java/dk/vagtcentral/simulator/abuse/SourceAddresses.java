package dk.vagtcentral.simulator.abuse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local IPv4 addresses that connections are bound to in turn, so that one machine plays attackers at many
 * addresses (on Linux every address of 127.0.0.0/8 is the loopback and can be bound without setup).
 * {@link #none()} leaves the choice to the operating system.
 */
public final class SourceAddresses {
    private static final int MAX_ADDRESSES = 65_536;
    private final List<InetAddress> addresses;
    private final AtomicInteger next = new AtomicInteger();

    private SourceAddresses(List<InetAddress> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    /** No binding: the operating system picks the local address. */
    public static SourceAddresses none() {
        return new SourceAddresses(List.of());
    }

    /** The addresses given, used in this order. */
    public static SourceAddresses of(List<InetAddress> addresses) {
        return new SourceAddresses(addresses);
    }

    /**
     * Parses "127.0.0.2-127.0.0.20" (an inclusive range of IPv4 addresses), "127.0.0.2" or a comma-separated list
     * of either.
     *
     * @throws IllegalArgumentException on anything else, a range that runs backwards or more than 65,536 addresses
     */
    public static SourceAddresses parse(String spec) {
        List<InetAddress> list = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            long from = ipv4(dash < 0 ? p : p.substring(0, dash));
            long to = dash < 0 ? from : ipv4(p.substring(dash + 1));
            if (to < from) {
                throw new IllegalArgumentException("range runs backwards: '" + p + "'");
            }
            if (list.size() + (to - from + 1) > MAX_ADDRESSES) {
                throw new IllegalArgumentException("more than " + MAX_ADDRESSES + " addresses");
            }
            for (long a = from; a <= to; a++) {
                list.add(address(a));
            }
        }
        return new SourceAddresses(list);
    }

    private static long ipv4(String text) {
        String[] octets = text.strip().split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("expected IPv4 addresses such as 127.0.0.2-127.0.0.20, got '" + text + "'");
        }
        long value = 0;
        for (String o : octets) {
            int n;
            try {
                n = Integer.parseInt(o);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > 255 || o.isEmpty() || o.length() > 3) {
                throw new IllegalArgumentException("expected IPv4 addresses such as 127.0.0.2-127.0.0.20, got '" + text + "'");
            }
            value = value << 8 | n;
        }
        return value;
    }

    private static InetAddress address(long value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public boolean isEmpty() {
        return addresses.isEmpty();
    }

    public int size() {
        return addresses.size();
    }

    public List<InetAddress> addresses() {
        return addresses;
    }

    /** The next local address to bind (port 0), round-robin; null when none were given. */
    public InetSocketAddress next() {
        if (addresses.isEmpty()) {
            return null;
        }
        return new InetSocketAddress(addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size())), 0);
    }

    @Override
    public String toString() {
        if (addresses.isEmpty()) {
            return "any";
        }
        if (addresses.size() == 1) {
            return addresses.get(0).getHostAddress();
        }
        return addresses.size() + " addresses " + addresses.get(0).getHostAddress() + ".."
                + addresses.get(addresses.size() - 1).getHostAddress();
    }
}
