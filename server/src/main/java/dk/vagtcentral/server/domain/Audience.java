package dk.vagtcentral.server.domain;

/** Who a live message goes to. */
public sealed interface Audience permits Audience.Desk, Audience.Worker, Audience.Supervisors {

    /** A supplier's dispatcher desk. */
    record Desk(String supplierId) implements Audience {
    }

    /** One worker's phone. */
    record Worker(String workerId) implements Audience {
    }

    /** A municipality's supervisors; with a null municipality every supervisor and the administrators. */
    record Supervisors(String municipalityId) implements Audience {
    }
}
