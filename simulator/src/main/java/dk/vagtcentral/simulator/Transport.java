package dk.vagtcentral.simulator;

import java.util.Locale;

/** How a simulated transmitter reaches the receiver. */
public enum Transport {
    /** One persistent TCP connection per connection slot, shared by the devices assigned to it. */
    TCP("tcp"),
    /** A fresh TCP connection per transmission: connect, send, await the reply, close. */
    TCP_ONESHOT("tcp-oneshot"),
    /** One UDP socket per connection slot; every frame is one datagram. */
    UDP("udp");

    private final String cliName;

    Transport(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Parses "tcp", "tcp-oneshot" or "udp" (case-insensitive). */
    public static Transport parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Transport transport : values()) {
            if (transport.cliName.equals(t)) {
                return transport;
            }
        }
        throw new IllegalArgumentException("expected tcp, tcp-oneshot or udp, got '" + text + "'");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
