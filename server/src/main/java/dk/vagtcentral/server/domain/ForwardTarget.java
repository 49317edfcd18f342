package dk.vagtcentral.server.domain;

/** Where an unanswered call is forwarded (viderestilles), 003 Odder §4.11. */
public enum ForwardTarget {
    MUNICIPAL_HOME_CARE(SupplierKind.MUNICIPAL_HOME_CARE, AlarmState.FORWARDED_MUNICIPAL),
    FIRE_AND_RESCUE(SupplierKind.FIRE_AND_RESCUE, AlarmState.FORWARDED_FIRE);

    private final SupplierKind supplierKind;
    private final AlarmState state;

    ForwardTarget(SupplierKind supplierKind, AlarmState state) {
        this.supplierKind = supplierKind;
        this.state = state;
    }

    /** The kind of organisation that holds the alarm after the forward. */
    public SupplierKind supplierKind() {
        return supplierKind;
    }

    /** The state the alarm is in right after the forward. */
    public AlarmState state() {
        return state;
    }
}
