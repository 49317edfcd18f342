package dk.vagtcentral.protocol.sip;

import java.util.Objects;

/** A SIP response: status code (100-699), reason phrase, header fields, body. */
public record SipResponse(int status, String reason, SipHeaders headers, byte[] body) implements SipMessage {
    public SipResponse {
        if (status < 100 || status > 699) {
            throw new IllegalArgumentException("status must be 100-699: " + status);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(headers, "headers");
        body = body == null ? new byte[0] : body;
    }

    public boolean isFinal() {
        return status >= 200;
    }

    @Override
    public String toString() {
        return "SipResponse[" + status + " " + reason + ", Call-ID " + callId() + ", " + body.length + " body bytes]";
    }
}
