package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SupplierTest {
    static final Instant T = Instant.parse("2026-03-14T09:30:00Z");

    static Supplier care(String phone, String contactPerson) {
        return new Supplier("omsorg", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE, null, phone, contactPerson, null,
                null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"70203040", "70 20 30 40", "7020 3040", "70-20-30-40", "+4570203040", "+45 70 20 30 40",
            "+46 8 123 456 78", "+49 30 1234567", "+1 212 555 0100", "+354 555 1234"})
    void phoneNumbersPeopleWrite(String phone) {
        assertThat(PhoneNumber.isValid(phone)).as(phone).isTrue();
        assertThat(care(phone, null).validate()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "7020304", "702030401", "+45 7020 304", "+45 70 20 30 40 5", "0045 70 20 30 40",
            "70 20 30 4O", "70  20 30 40", "70 20 30 40 ", " 70203040", "+45-", "++4570203040", "+0 123 4567",
            "+1 23", "(+45) 70203040", "tlf. 70203040", "+46 8 123 456 78 90 12 34 56", "112"})
    void otherTextIsNotAPhoneNumberNamingTheField(String phone) {
        assertThat(PhoneNumber.isValid(phone)).as(phone).isFalse();
        assertThat(care(phone, null).validate()).containsExactly(new FieldError("phone", PhoneNumber.EXPECTED));
    }

    @Test
    void careSuppliersMustHaveA24HourPhoneFireAndRescueMayNot() {
        assertThat(care(null, null).validate()).extracting(FieldError::field).containsExactly("phone");
        assertThat(care(null, null).validate().get(0).message()).contains("PRIVATE_CARE", "24");
        assertThat(new Supplier("hp", "791", "Viborg Hjemmepleje", SupplierKind.MUNICIPAL_HOME_CARE, null).validate())
                .extracting(FieldError::field).containsExactly("phone");
        assertThat(new Supplier("mjbr", "791", "Midtjysk Brand & Redning", SupplierKind.FIRE_AND_RESCUE, null)
                .validate()).isEmpty();
    }

    @Test
    void theContactPersonIsOptionalFreeTextUpTo200Characters() {
        assertThat(care("70203040", "Vagthavende: Mette Holm").validate()).isEmpty();
        assertThat(care("70203040", "x".repeat(200)).validate()).isEmpty();
        assertThat(care("70203040", "x".repeat(201)).validate()).extracting(FieldError::field)
                .containsExactly("contactPerson");
        assertThat(care("70203040", " ").validate()).extracting(FieldError::field).containsExactly("contactPerson");
    }

    @Test
    void suspendedFromItsInstantOnNotBefore() {
        Supplier s = care("70203040", null).suspended(T, "konkursdekret afsagt");
        assertThat(s.isSuspended()).isTrue();
        assertThat(s.isSuspendedAt(T.minusMillis(1))).isFalse();
        assertThat(s.isSuspendedAt(T)).isTrue();
        assertThat(s.isSuspendedAt(T.plusSeconds(86_400 * 365L))).isTrue();
        assertThat(s.validate()).isEmpty();
        Supplier back = s.reinstated();
        assertThat(back.isSuspended()).isFalse();
        assertThat(back.isSuspendedAt(T)).isFalse();
        assertThat(back.suspensionReason()).isNull();
        assertThat(care("70203040", null).isSuspendedAt(T)).isFalse();
    }

    @Test
    void anUpdateKeepsTheStoredSuspension() {
        Supplier stored = care("70203040", null).suspended(T, "konkurs");
        Supplier edited = new Supplier("omsorg", "791", "Omsorg ApS under konkurs", SupplierKind.PRIVATE_CARE, null,
                "70203041", "Kurator", null, null);
        Supplier kept = edited.withSuspensionOf(stored);
        assertThat(kept.name()).isEqualTo("Omsorg ApS under konkurs");
        assertThat(kept.phone()).isEqualTo("70203041");
        assertThat(kept.suspendedAt()).isEqualTo(T);
        assertThat(kept.suspensionReason()).isEqualTo("konkurs");
    }

    @Test
    void onlyAPrivateCareSupplierCanBeSuspendedAndASuspensionHasAReason() {
        assertThat(care("70203040", null).whyNotSuspendable()).isNull();
        Supplier home = new Supplier("hp", "791", "Hjemmeplejen", SupplierKind.MUNICIPAL_HOME_CARE, null, "70203040",
                null, null, null);
        assertThat(home.whyNotSuspendable()).contains("municipal home care");
        assertThat(home.suspended(T, "x").validate()).extracting(FieldError::field).containsExactly("suspendedAt");
        Supplier fire = new Supplier("b", "791", "Brand", SupplierKind.FIRE_AND_RESCUE, null);
        assertThat(fire.whyNotSuspendable()).contains("fire-and-rescue");
        assertThat(care("70203040", null).suspended(T, null).validate()).extracting(FieldError::field)
                .containsExactly("suspensionReason");
        assertThat(new Supplier("omsorg", "791", "O", SupplierKind.PRIVATE_CARE, null, "70203040", null, null, "why")
                .validate()).extracting(FieldError::field).containsExactly("suspensionReason");
        assertThat(care("70203040", null).suspended(T, "x".repeat(1001)).validate()).extracting(FieldError::field)
                .containsExactly("suspensionReason");
    }

    @Test
    void theOldFiveFieldConstructorLeavesTheNewFieldsEmpty() {
        Supplier s = new Supplier("s", "791", "S", SupplierKind.PRIVATE_CARE, "https://s.example/hook");
        assertThat(s.phone()).isNull();
        assertThat(s.contactPerson()).isNull();
        assertThat(s.suspendedAt()).isNull();
        assertThat(s.suspensionReason()).isNull();
        assertThat(s.scaipVoiceCallsDesk()).isFalse();
    }

    @Test
    void aPhoneIsDialledWithoutSpacesAndWithTheCountryCode() {
        assertThat(PhoneNumber.dialable("70 20 30 40")).isEqualTo("+4570203040");
        assertThat(PhoneNumber.dialable("70-20-30-40")).isEqualTo("+4570203040");
        assertThat(PhoneNumber.dialable("+45 70 20 30 40")).isEqualTo("+4570203040");
        assertThat(PhoneNumber.dialable("+46 8 123 456 78")).isEqualTo("+46812345678");
        assertThat(PhoneNumber.dialable("7020304")).isNull();
        assertThat(PhoneNumber.dialable(null)).isNull();
    }

    @Test
    void theScaipVoiceSettingNeedsAPhoneAndACareSupplierAndSurvivesSuspensionAndUpdates() {
        Supplier on = new Supplier("omsorg", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE, null, "70203040", null,
                null, null, true);
        assertThat(on.validate()).isEmpty();
        assertThat(new Supplier("omsorg", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE, null, null, null, null, null,
                true).validate()).extracting(FieldError::field).containsExactly("phone", "scaipVoiceCallsDesk");
        assertThat(new Supplier("b", "791", "Brand", SupplierKind.FIRE_AND_RESCUE, null, "70203040", null, null, null,
                true).validate()).containsExactly(new FieldError("scaipVoiceCallsDesk", "is only for care suppliers:"
                + " routing never makes fire-and-rescue the desk an alarm goes to"));
        assertThat(on.suspended(T, "konkurs").scaipVoiceCallsDesk()).isTrue();
        assertThat(on.suspended(T, "konkurs").reinstated().scaipVoiceCallsDesk()).isTrue();
        Supplier off = new Supplier("omsorg", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE, null, "70203040", null,
                null, null, false);
        assertThat(off.withSuspensionOf(on.suspended(T, "konkurs")).scaipVoiceCallsDesk())
                .as("an update sets the setting it carries").isFalse();
    }
}
