package dk.vagtcentral.server.domain;

/** What kind of organisation answers an alarm. */
public enum SupplierKind {
    /** An approved private home-care supplier (privat leverandør) chosen by the citizen. */
    PRIVATE_CARE,
    /** The municipality's own home care (kommunal hjemmepleje): a citizen's choice, and the first escalation target. */
    MUNICIPAL_HOME_CARE,
    /** Fire-and-rescue (redningsberedskab, e.g. Midtjysk Brand & Redning): fire alarms and the last escalation step. */
    FIRE_AND_RESCUE,
    /**
     * Not an organisation that can be registered: the supervisors hold an alarm no service could be told of (no
     * municipal home care on record, or no municipality), on their inbox (DOMAIN.md rule 12).
     */
    SUPERVISORS;

    /** Whether a supplier of this kind may be registered. */
    public boolean registrable() {
        return this != SUPERVISORS;
    }
}
