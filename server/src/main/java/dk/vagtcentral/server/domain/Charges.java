package dk.vagtcentral.server.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a supplier is charged for a forwarded call, by the profile's {@link RuleProfile#forwardCharges()}: the
 * fire-and-rescue call-out (003 Odder §4.11 "omkostning til udrykning fra Det Kommunale Redningsberedskab skal
 * afholdes af leverandøren"), the municipal provider's cost (004 Horsens §4.3 "Kommunens omkostninger til at handle
 * på nødkaldet dækkes af leverandøren"). Amounts are exact DKK with two decimals (øre).
 */
public final class Charges {

    private Charges() {
    }

    /**
     * One charge to a supplier.
     *
     * @param amountDkk exact, scale 2; an amount with more than two decimals is refused
     */
    public record Charge(long alarmId, String supplierId, ForwardTarget target, BigDecimal amountDkk, Instant at) {
        public Charge {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(amountDkk, "amountDkk");
            Objects.requireNonNull(at, "at");
            amountDkk = amountDkk.setScale(2, RoundingMode.UNNECESSARY);
        }
    }

    /**
     * The charge for forwarding alarm {@code alarmId} of supplier {@code supplierId} to {@code target} at {@code at};
     * empty when the profile charges nothing (0 DKK or no entry) for that target.
     *
     * @throws ArithmeticException if the profile's amount has more than two decimals (a profile that passed
     *                             {@link RuleProfile#validate()} never has)
     */
    public static Optional<Charge> forForward(RuleProfile profile, long alarmId, String supplierId, ForwardTarget target,
                                              Instant at) {
        BigDecimal amount = profile.chargeFor(target);
        if (amount == null || amount.signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Charge(alarmId, supplierId, target, amount.setScale(2, RoundingMode.UNNECESSARY), at));
    }
}
