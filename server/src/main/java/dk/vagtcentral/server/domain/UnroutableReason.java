package dk.vagtcentral.server.domain;

/** Why an alarm could not go to the citizen's chosen supplier; it then goes to municipal home care. */
public enum UnroutableReason {
    /** The account is bound to no citizen at the alarm's time. */
    NO_DEVICE_BINDING,
    /** The account is bound to a citizen id that is not on record. */
    CITIZEN_UNKNOWN,
    /** The citizen has no supplier choice valid at the alarm's time. */
    NO_SUPPLIER_CHOICE,
    /** The chosen supplier is not on record in the citizen's municipality, or is not a care supplier. */
    SUPPLIER_UNKNOWN,
    /**
     * The chosen supplier is suspended at the alarm's time ({@link Supplier#isSuspendedAt}, e.g. bankruptcy): its
     * citizens' alarms go to the municipal home care at once, as all suppliers form the municipality's preparedness
     * (000 Norddjurs §3.1 »Beredskab«).
     */
    SUPPLIER_SUSPENDED,
    /** The chosen supplier has nobody (primary or backup) on duty at the alarm's time. */
    NO_ONE_ON_DUTY
}
