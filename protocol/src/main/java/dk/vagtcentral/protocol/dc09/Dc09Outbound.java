package dk.vagtcentral.protocol.dc09;

/**
 * A message on its way out, with the key it is encrypted with when {@link Dc09Message#encrypted()} (else null).
 * Encoded by {@link Dc09Encoder} on the connection's event loop, so the thread that decided the reply — the one
 * that committed the alarm — never spends time on formatting and AES.
 */
public record Dc09Outbound(Dc09Message message, byte[] key) {
    public Dc09Outbound {
        if (message.encrypted() && key == null) {
            throw new IllegalArgumentException("an encrypted reply needs its key");
        }
    }

    public static Dc09Outbound plain(Dc09Message message) {
        return new Dc09Outbound(message, null);
    }
}
