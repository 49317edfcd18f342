package dk.vagtcentral.protocol.dc09;

/** Finds the AES key of an account; returns null when the account has none. */
@FunctionalInterface
public interface KeyResolver {
    KeyResolver NONE = account -> null;

    byte[] keyFor(String account);
}
