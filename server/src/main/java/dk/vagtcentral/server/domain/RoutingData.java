package dk.vagtcentral.server.domain;

import java.util.List;

/**
 * The reference data routing reads. Pass what is relevant to the alarm (more does no harm): the bindings of its
 * account, the citizen(s) they name, those citizens' choices, the suppliers of the municipality and their shifts
 * around the alarm's time.
 *
 * @param fallbackMunicipalityId the municipality to use when no citizen is found (the device's registered
 *                               municipality, or the installation's own); null if unknown
 */
public record RoutingData(List<DeviceBinding> bindings, List<Citizen> citizens, List<SupplierChoice> choices,
                          List<Shift> shifts, List<Supplier> suppliers, String fallbackMunicipalityId) {

    public RoutingData {
        bindings = bindings == null ? List.of() : List.copyOf(bindings);
        citizens = citizens == null ? List.of() : List.copyOf(citizens);
        choices = choices == null ? List.of() : List.copyOf(choices);
        shifts = shifts == null ? List.of() : List.copyOf(shifts);
        suppliers = suppliers == null ? List.of() : List.copyOf(suppliers);
    }
}
