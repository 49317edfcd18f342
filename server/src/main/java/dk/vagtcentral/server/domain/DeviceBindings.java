package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Rules over a set of {@link DeviceBinding}s. Accounts are compared ignoring case (they are hex). */
public final class DeviceBindings {

    private DeviceBindings() {
    }

    /**
     * The binding of {@code account} valid at {@code at}. Should several hold (a conflict that
     * {@link #overlapping} is there to prevent), the one that started last wins, so the answer is deterministic.
     */
    public static Optional<DeviceBinding> validAt(Collection<DeviceBinding> bindings, String account, Instant at) {
        return bindings.stream()
                .filter(b -> b.account() != null && b.account().equalsIgnoreCase(account) && b.isValidAt(at))
                .max(Comparator.comparing(DeviceBinding::validFrom).thenComparing(DeviceBinding::citizenId));
    }

    /**
     * Existing bindings of the same account that overlap {@code candidate} in time: non-empty means conflict
     * (409). When a binding is being changed, leave its old version out of {@code existing}.
     */
    public static List<DeviceBinding> overlapping(DeviceBinding candidate, Collection<DeviceBinding> existing) {
        return existing.stream()
                .filter(b -> !b.equals(candidate))
                .filter(b -> b.account() != null && b.account().equalsIgnoreCase(candidate.account()))
                .filter(candidate::overlaps)
                .toList();
    }
}
