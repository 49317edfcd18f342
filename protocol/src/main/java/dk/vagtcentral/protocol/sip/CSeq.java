package dk.vagtcentral.protocol.sip;

import java.util.Locale;

/** A {@code CSeq} header: sequence number and method (RFC 3261 §20.16). */
public record CSeq(long number, String method) {
    /** The CSeq parsed, or null when it is not {@code <digits> <method>} with a number below 2^31. */
    public static CSeq parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.strip().split("\\s+");
        if (parts.length != 2 || !parts[0].matches("[0-9]{1,10}")) {
            return null;
        }
        long n = Long.parseLong(parts[0]);
        if (n >= (1L << 31) || !parts[1].matches("[A-Za-z]+")) {
            return null;
        }
        return new CSeq(n, parts[1].toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
