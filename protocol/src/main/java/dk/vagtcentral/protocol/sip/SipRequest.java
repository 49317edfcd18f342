package dk.vagtcentral.protocol.sip;

import java.util.Objects;

/**
 * A SIP request.
 *
 * @param method     upper-case method token ({@code MESSAGE}, {@code OPTIONS}...)
 * @param requestUri the Request-URI as sent
 */
public record SipRequest(String method, String requestUri, SipHeaders headers, byte[] body) implements SipMessage {
    public static final String MESSAGE = "MESSAGE";
    public static final String OPTIONS = "OPTIONS";
    public static final String ACK = "ACK";
    public static final String INVITE = "INVITE";
    public static final String REGISTER = "REGISTER";

    public SipRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(headers, "headers");
        body = body == null ? new byte[0] : body;
    }

    @Override
    public String toString() {
        return "SipRequest[" + method + " " + requestUri + ", Call-ID " + callId() + ", " + body.length + " body bytes]";
    }
}
