package dk.vagtcentral.server.auth;

/** What a user may do: see {@code AuthPolicy} for the routes each role reaches. */
public enum Role {
    DISPATCHER, WORKER, SUPERVISOR, ADMIN
}
