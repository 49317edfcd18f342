package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChargesTest {
    static final Instant AT = Instant.parse("2026-11-23T10:20:00Z");

    static RuleProfile charging(Map<ForwardTarget, BigDecimal> charges) {
        return TestProfiles.dutiful("odder", ActionPlanRule.DEFAULT, charges);
    }

    @Test
    void aFireAndRescueCallOutIsChargedExactlyInOere() {
        RuleProfile odder = charging(Map.of(ForwardTarget.FIRE_AND_RESCUE, new BigDecimal("2500")));
        Charges.Charge charge = Charges.forForward(odder, 42, "sup-a", ForwardTarget.FIRE_AND_RESCUE, AT)
                .orElseThrow();
        assertThat(charge).isEqualTo(new Charges.Charge(42, "sup-a", ForwardTarget.FIRE_AND_RESCUE,
                new BigDecimal("2500.00"), AT));
        assertThat(charge.amountDkk().scale()).isEqualTo(2);
        assertThat(charge.amountDkk().toPlainString()).isEqualTo("2500.00");
    }

    @Test
    void nothingIsChargedForATargetTheProfileDoesNotChargeFor() {
        RuleProfile odder = charging(Map.of(ForwardTarget.FIRE_AND_RESCUE, new BigDecimal("2500.00"),
                ForwardTarget.MUNICIPAL_HOME_CARE, new BigDecimal("0.00")));
        assertThat(Charges.forForward(odder, 42, "sup-a", ForwardTarget.MUNICIPAL_HOME_CARE, AT)).isEmpty();
        assertThat(Charges.forForward(charging(Map.of()), 42, "sup-a", ForwardTarget.FIRE_AND_RESCUE, AT)).isEmpty();
    }

    @Test
    void horsensChargesTheMunicipalProvidersCost() {
        RuleProfile horsens = charging(Map.of(ForwardTarget.MUNICIPAL_HOME_CARE, new BigDecimal("1200.5")));
        assertThat(Charges.forForward(horsens, 7, "sup-b", ForwardTarget.MUNICIPAL_HOME_CARE, AT).orElseThrow()
                .amountDkk()).isEqualTo(new BigDecimal("1200.50"));
        assertThat(Charges.forForward(horsens, 7, "sup-b", ForwardTarget.FIRE_AND_RESCUE, AT)).isEmpty();
    }

    @Test
    void fractionsOfAnOereAreRefusedNotRounded() {
        RuleProfile bad = charging(Map.of(ForwardTarget.FIRE_AND_RESCUE, new BigDecimal("10.005")));
        assertThat(bad.validate()).extracting(FieldError::field).containsExactly("forward-charges.FIRE_AND_RESCUE");
        assertThatThrownBy(() -> Charges.forForward(bad, 1, "s", ForwardTarget.FIRE_AND_RESCUE, AT))
                .isInstanceOf(ArithmeticException.class);
        assertThat(charging(Map.of(ForwardTarget.FIRE_AND_RESCUE, new BigDecimal("10.000"))).validate()).isEmpty();
    }
}
