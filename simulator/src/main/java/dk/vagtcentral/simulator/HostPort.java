package dk.vagtcentral.simulator;

/** A receiver address from the command line: "host:port", "[::1]:7112" for IPv6. */
record HostPort(String host, int port) {

    /** Parses "host:port"; IllegalArgumentException says what a value must look like. */
    static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon).trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = colon < 0 ? "" : text.substring(colon + 1).trim();
        if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("expected host:port with a port 1..65535, such as 127.0.0.2:7112, got '"
                    + text + "'");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
