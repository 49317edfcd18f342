package dk.vagtcentral.simulator.storm;

/** The messages of a storm. */
public enum StormKind {
    /** A pendant press: SIA NQA. */
    EMERGENCY,
    /** Mains power back: SIA AR (AC restoral), sent by many devices at once after a power cut. */
    POWER_RESTORE,
    /** DC-09 link supervision: NULL. */
    SUPERVISION
}
