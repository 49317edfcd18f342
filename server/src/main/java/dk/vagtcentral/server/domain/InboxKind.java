package dk.vagtcentral.server.domain;

/**
 * Why something is on the supervisors' inbox (DOMAIN.md rules 12, 13, 14, 18): each is told live and stays on the
 * inbox until a supervisor resolves it.
 */
public enum InboxKind {
    /** The citizen's chosen supplier could not get the alarm; municipal home care took it. */
    UNROUTABLE,
    /** No service at all could be told (no municipal home care on record, or no municipality): act now. */
    NO_RECIPIENT,
    /** The server failed to route a stored alarm (a fault, not a rule): nobody was told; it is retried. Act now. */
    ROUTING_FAILED,
    /** A call nobody has taken yet, before its response window ends (a ladder's warning step). */
    NOT_ACKNOWLEDGED,
    /** A dispatcher cancelled a call nobody had answered. */
    CANCELLED_UNANSWERED,
    /** A call escalated because this system was down during its window: no supplier duty follows. */
    SYSTEM_FAULT,
    /** An unanswered call: a candidate for an adverse-event report (utilsigtet hændelse, UTH). */
    ADVERSE_EVENT_CANDIDATE,
    /** A call was closed with an outcome the contract makes reportable (injury, admission, death ...). */
    REPORTABLE_OUTCOME,
    /** A ladder step could not forward: the target service is not on record. The call stays where it is. */
    NO_FORWARD_TARGET,
    /** A fire alarm, but no fire-and-rescue is on record: the supplier holds it and must call 112. */
    FIRE_WITHOUT_FIRE_AND_RESCUE,
    /** A supplier was suspended: its open calls moved to municipal home care. */
    SUPPLIER_SUSPENDED,
    /** A written justification is overdue. */
    JUSTIFICATION_OVERDUE,
    /** A hole in a supplier's duty roster. */
    COVERAGE_HOLE
}
