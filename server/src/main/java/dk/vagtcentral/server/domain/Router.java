package dk.vagtcentral.server.domain;

import dk.vagtcentral.protocol.event.EventCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Routes an alarm to the supplier the citizen has chosen at the alarm's time (003 Odder §4.11; 004 Horsens §4.3)
 * and to its on-duty worker; falls back to the municipality's home care with a reason when that is impossible.
 * Every category is routed the same way (so a notice reaches the right desk); {@link Handling} says what follows.
 */
public final class Router {

    private Router() {
    }

    public static RoutingDecision route(AlarmFacts alarm, RoutingData data) {
        Handling handling = Handling.of(alarm.category());
        boolean fire = alarm.category() == EventCategory.FIRE;
        List<String> notes = new ArrayList<>();

        Optional<DeviceBinding> binding = DeviceBindings.validAt(data.bindings(), alarm.account(), alarm.receivedAt());
        if (binding.isEmpty()) {
            return fallback(alarm, handling, fire, data, null, null, municipalityWithoutCitizen(alarm.account(), data, notes),
                    UnroutableReason.NO_DEVICE_BINDING,
                    "account " + alarm.account() + " is bound to no citizen at " + alarm.receivedAt(), notes);
        }
        String citizenId = binding.get().citizenId();
        Optional<Citizen> citizen = data.citizens().stream().filter(c -> Objects.equals(c.id(), citizenId)).findFirst();
        if (citizen.isEmpty()) {
            return fallback(alarm, handling, fire, data, null, null, municipalityWithoutCitizen(alarm.account(), data, notes),
                    UnroutableReason.CITIZEN_UNKNOWN,
                    "account " + alarm.account() + " is bound to citizen " + citizenId + ", who is not on record", notes);
        }
        Citizen c = citizen.get();
        if (c.status() == Citizen.Status.PAUSED) {
            notes.add("citizen " + c.id() + " is paused (absent); the alarm is routed as usual");
        }
        String municipalityId = c.municipalityId();
        Optional<SupplierChoice> choice = SupplierChoices.validAt(data.choices(), c.id(), alarm.receivedAt());
        if (choice.isEmpty()) {
            return fallback(alarm, handling, fire, data, c, null, municipalityId, UnroutableReason.NO_SUPPLIER_CHOICE,
                    "citizen " + c.id() + " has no supplier choice valid at " + alarm.receivedAt(), notes);
        }
        String supplierId = choice.get().supplierId();
        Optional<Supplier> supplier = data.suppliers().stream()
                .filter(s -> Objects.equals(s.id(), supplierId)
                        && Objects.equals(s.municipalityId(), municipalityId)
                        && s.kind() != SupplierKind.FIRE_AND_RESCUE)
                .findFirst();
        if (supplier.isEmpty()) {
            return fallback(alarm, handling, fire, data, c, choice.get(), municipalityId,
                    UnroutableReason.SUPPLIER_UNKNOWN, "the chosen supplier " + supplierId
                            + " is not on record as a care supplier in municipality " + municipalityId, notes);
        }
        Supplier s = supplier.get();
        if (s.isSuspendedAt(alarm.receivedAt())) {
            // a supplier that fails at once (bankruptcy): municipal home care from that minute (000 Norddjurs §3.1)
            return fallback(alarm, handling, fire, data, c, choice.get(), municipalityId,
                    UnroutableReason.SUPPLIER_SUSPENDED, "the chosen supplier " + s.name() + " (" + s.id()
                            + ") is suspended since " + s.suspendedAt() + ": " + s.suspensionReason(), notes);
        }
        Optional<Shift> worker = DutyRoster.firstOnDuty(data.shifts(), s.id(), alarm.receivedAt());
        if (worker.isEmpty()) {
            return fallback(alarm, handling, fire, data, c, choice.get(), municipalityId,
                    UnroutableReason.NO_ONE_ON_DUTY,
                    "nobody is on duty at " + s.name() + " (" + s.id() + ") at " + alarm.receivedAt(), notes);
        }
        if (worker.get().role() == Shift.Role.BACKUP) {
            notes.add("no primary worker on duty; the backup " + worker.get().workerName() + " is notified");
        }
        Supplier fireAndRescue = fire ? fireAndRescue(data, municipalityId, notes) : null;
        return new RoutingDecision(alarm, handling, RoutingDecision.Target.CHOSEN_SUPPLIER, c, choice.get(), s,
                worker.get(), handling.needsResponseWindow(), fire, fireAndRescue, null, null, notes);
    }

    /**
     * The municipality an alarm with no citizen belongs to (rule 12): the one the device is registered to; else the
     * installation's configured fallback; else that of the citizen the account was last bound to; else the only
     * municipality on record; else none.
     */
    static String municipalityWithoutCitizen(String account, RoutingData data, List<String> notes) {
        if (data.registeredMunicipalityId() != null) {
            notes.add("the device is registered to municipality " + data.registeredMunicipalityId());
            return data.registeredMunicipalityId();
        }
        if (data.fallbackMunicipalityId() != null) {
            notes.add("the installation's fallback municipality is " + data.fallbackMunicipalityId());
            return data.fallbackMunicipalityId();
        }
        Optional<String> lastCitizen = data.bindings().stream()
                .filter(b -> b.account().equalsIgnoreCase(account))
                .max(Comparator.comparing(DeviceBinding::validFrom))
                .map(DeviceBinding::citizenId)
                .flatMap(id -> data.citizens().stream().filter(c -> c.id().equals(id)).findFirst())
                .map(Citizen::municipalityId);
        if (lastCitizen.isPresent()) {
            notes.add("the account was last bound to a citizen of municipality " + lastCitizen.get());
            return lastCitizen.get();
        }
        if (data.soleMunicipalityId() != null) {
            notes.add("the only municipality on record is " + data.soleMunicipalityId());
        }
        return data.soleMunicipalityId();
    }

    private static RoutingDecision fallback(AlarmFacts alarm, Handling handling, boolean fire, RoutingData data,
                                            Citizen citizen, SupplierChoice choice, String municipalityId,
                                            UnroutableReason why, String text, List<String> notes) {
        Optional<Supplier> municipal = firstOfKind(data, municipalityId, SupplierKind.MUNICIPAL_HOME_CARE);
        Supplier fireAndRescue = fire ? fireAndRescue(data, municipalityId, notes) : null;
        if (municipal.isEmpty()) {
            String where = municipalityId == null ? "the municipality is unknown" : "municipality " + municipalityId
                    + " has no municipal home care on record";
            return new RoutingDecision(alarm, handling, RoutingDecision.Target.NONE, citizen, choice, null, null,
                    handling.needsResponseWindow(), fire, fireAndRescue, why,
                    text + "; and " + where + ": the alarm has NO recipient and must be handled by a supervisor now",
                    notes, municipalityId);
        }
        Supplier m = municipal.get();
        Shift worker = DutyRoster.firstOnDuty(data.shifts(), m.id(), alarm.receivedAt()).orElse(null);
        return new RoutingDecision(alarm, handling, RoutingDecision.Target.MUNICIPAL_FALLBACK, citizen, choice, m,
                worker, handling.needsResponseWindow(), fire, fireAndRescue, why,
                text + "; routed to municipal home care " + m.name() + " (" + m.id() + ")", notes, municipalityId);
    }

    private static Supplier fireAndRescue(RoutingData data, String municipalityId, List<String> notes) {
        Optional<Supplier> f = firstOfKind(data, municipalityId, SupplierKind.FIRE_AND_RESCUE);
        if (f.isEmpty()) {
            notes.add("fire alarm, but no fire-and-rescue is on record for "
                    + (municipalityId == null ? "an unknown municipality" : "municipality " + municipalityId)
                    + ": call 112");
        }
        return f.orElse(null);
    }

    private static Optional<Supplier> firstOfKind(RoutingData data, String municipalityId, SupplierKind kind) {
        if (municipalityId == null) {
            return Optional.empty();
        }
        return data.suppliers().stream()
                .filter(s -> s.kind() == kind && Objects.equals(s.municipalityId(), municipalityId))
                .min(Comparator.comparing(Supplier::id));
    }
}
