package dk.vagtcentral.server.domain;

import java.util.List;

/**
 * The reference data routing reads. Pass what is relevant to the alarm (more does no harm): the bindings of its
 * account, the citizen(s) they name, those citizens' choices, the suppliers of the municipality and their shifts
 * around the alarm's time.
 *
 * @param fallbackMunicipalityId  the installation's configured fallback municipality, or null
 * @param registeredMunicipalityId the municipality the device is registered to (before or without a binding), or null
 * @param soleMunicipalityId      the only municipality on record, or null when there are none or several
 */
public record RoutingData(List<DeviceBinding> bindings, List<Citizen> citizens, List<SupplierChoice> choices,
                          List<Shift> shifts, List<Supplier> suppliers, String fallbackMunicipalityId,
                          String registeredMunicipalityId, String soleMunicipalityId) {

    /** Routing data with only a configured fallback municipality. */
    public RoutingData(List<DeviceBinding> bindings, List<Citizen> citizens, List<SupplierChoice> choices,
                       List<Shift> shifts, List<Supplier> suppliers, String fallbackMunicipalityId) {
        this(bindings, citizens, choices, shifts, suppliers, fallbackMunicipalityId, null, null);
    }

    public RoutingData {
        bindings = bindings == null ? List.of() : List.copyOf(bindings);
        citizens = citizens == null ? List.of() : List.copyOf(citizens);
        choices = choices == null ? List.of() : List.copyOf(choices);
        shifts = shifts == null ? List.of() : List.copyOf(shifts);
        suppliers = suppliers == null ? List.of() : List.copyOf(suppliers);
    }
}
