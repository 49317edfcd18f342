package dk.vagtcentral.server.auth;

/**
 * The authenticated user of a request, kept in the routing context under {@link #KEY}.
 *
 * @param supplierId     the supplier of a DISPATCHER or WORKER, else null
 * @param municipalityId the municipality of a SUPERVISOR, else null
 * @param workerId       the roster worker id of a WORKER, else null
 */
public record Principal(String username, Role role, String supplierId, String municipalityId, String workerId) {
    public static final String KEY = "vagtcentral.principal";

    public boolean is(Role r) {
        return role == r;
    }
}
