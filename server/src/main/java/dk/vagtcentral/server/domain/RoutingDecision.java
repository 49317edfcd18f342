package dk.vagtcentral.server.domain;

import java.util.List;

/**
 * Where an alarm goes. An alarm is never dropped: when the chosen supplier cannot take it the decision names
 * municipal home care and says why; when even that is missing, {@link Target#NONE} says so explicitly.
 *
 * @param alarm               the facts routed
 * @param handling            what kind of handling the category gets (a call, a notice, a record only ...)
 * @param target              which organisation got the alarm, and why
 * @param citizen             the citizen bound to the account at the alarm's time, or null
 * @param choice              the citizen's supplier choice valid at the alarm's time, or null
 * @param supplier            the organisation to notify; null only when the target is NONE
 * @param worker              the shift of the worker to notify (primary on duty, else backup), or null if no roster
 *                            entry covers the alarm's time (the supplier's desk still gets it)
 * @param needsResponseWindow whether the response window and the escalation ladder apply (CALL only)
 * @param alsoFireAndRescue   fire alarms also go straight to fire-and-rescue
 * @param fireAndRescue       the municipality's fire-and-rescue, when alsoFireAndRescue and one is on record
 * @param unroutableReason    why the chosen supplier did not get it, or null when it did
 * @param reason              human-readable explanation for supervisors when unroutable, else null
 * @param notes               other remarks for the desk (paused citizen, missing fire-and-rescue ...)
 * @param fallbackMunicipalityId for an alarm without a citizen, the municipality it was found to belong to, or null
 */
public record RoutingDecision(AlarmFacts alarm, Handling handling, Target target, Citizen citizen,
                              SupplierChoice choice, Supplier supplier, Shift worker, boolean needsResponseWindow,
                              boolean alsoFireAndRescue, Supplier fireAndRescue, UnroutableReason unroutableReason,
                              String reason, List<String> notes, String fallbackMunicipalityId) {

    public RoutingDecision(AlarmFacts alarm, Handling handling, Target target, Citizen citizen,
                           SupplierChoice choice, Supplier supplier, Shift worker, boolean needsResponseWindow,
                           boolean alsoFireAndRescue, Supplier fireAndRescue, UnroutableReason unroutableReason,
                           String reason, List<String> notes) {
        this(alarm, handling, target, citizen, choice, supplier, worker, needsResponseWindow, alsoFireAndRescue,
                fireAndRescue, unroutableReason, reason, notes, null);
    }

    /** Who got the alarm. */
    public enum Target {
        /** The citizen's chosen supplier, with someone on duty (normal case; may itself be municipal home care). */
        CHOSEN_SUPPLIER,
        /** The municipality's home care, because of {@link RoutingDecision#unroutableReason()}. */
        MUNICIPAL_FALLBACK,
        /** No recipient at all, not even municipal home care: every supervisor must see it at once. */
        NONE
    }

    public RoutingDecision {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public boolean isUnroutable() {
        return unroutableReason != null;
    }

    /**
     * Who must answer, for {@link AlarmStatus#received}: the supplier's kind; with no recipient at all, the
     * supervisors (rule 12: the state never names a holder that was not told).
     */
    public SupplierKind holderKind() {
        return supplier == null ? SupplierKind.SUPERVISORS : supplier.kind();
    }

    /**
     * The municipality the alarm belongs to: the citizen's, else the supplier's told, else the one
     * {@link Router} found for an alarm without a citizen (or null).
     */
    public String municipalityId() {
        return citizen != null ? citizen.municipalityId() : supplier != null ? supplier.municipalityId()
                : fallbackMunicipalityId;
    }
}
