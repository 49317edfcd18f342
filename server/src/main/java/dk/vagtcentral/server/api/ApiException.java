package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.Outcome;

/** A request the API refuses: an HTTP status, a stable machine-readable code and a message for people. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    /**
     * The one mapping of the domain's refusals to HTTP: NOT_FOUND 404, INVALID 400, NOT_ALLOWED 409, FORBIDDEN 403,
     * CONFLICT 409 (the client may retry). An accepted outcome is not an error.
     */
    public static ApiException refused(Outcome outcome) {
        return switch (outcome.kind()) {
            case NOT_FOUND -> new ApiException(404, "not_found", outcome.reason());
            case INVALID -> new ApiException(400, "invalid", outcome.reason());
            case NOT_ALLOWED -> new ApiException(409, "not_allowed", outcome.reason());
            case FORBIDDEN -> new ApiException(403, "forbidden", outcome.reason());
            case CONFLICT -> new ApiException(409, "conflict", outcome.reason());
            case ACCEPTED -> throw new IllegalArgumentException("an accepted outcome is not a refusal");
        };
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
