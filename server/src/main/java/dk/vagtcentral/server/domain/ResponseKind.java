package dk.vagtcentral.server.domain;

/**
 * The four ways the contracts let a supplier answer a call (003 Odder §4.11; 002 Viborg §6; 004 Horsens §4.3).
 */
public enum ResponseKind {
    /** Sends its own help to the citizen (selv at sende hjælp) — the main rule. Names the worker sent. */
    HELP_SENT,
    /** Requests a nurse from municipal home nursing (rekvirere sygeplejerske fra hjemmesygeplejen). */
    NURSE_REQUESTED,
    /** Contacts a doctor or the out-of-hours doctor (kontakte læge eller vagtlæge). */
    DOCTOR_CONTACTED,
    /** Calls 112 because the nature of the call demands it (kontakte alarmcentralen 112). */
    EMERGENCY_112
}
