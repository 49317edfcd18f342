package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceDataTest {
    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void validRecordsHaveNoErrors() {
        assertThat(new Municipality("791", "Viborg Kommune", "viborg").validate()).isEmpty();
        assertThat(new Supplier("s", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE, "https://omsorg.example/hook",
                "+45 70 20 30 40", "Vagthavende sygeplejerske", null, null).validate()).isEmpty();
        assertThat(new Supplier("s", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE, null, "70203040", null, null, null)
                .validate()).isEmpty();
        assertThat(new Supplier("b", "791", "Brand og Redning", SupplierKind.FIRE_AND_RESCUE, null).validate()).isEmpty();
        assertThat(new Citizen("c-7f3a", "791", "Anna", "Gade 1", null, Citizen.Status.PAUSED).validate()).isEmpty();
        assertThat(new DeviceBinding("1001", "c-7f3a", T, null).validate()).isEmpty();
    }

    @Test
    void blankNamesAndMissingFieldsAreFieldErrors() {
        assertThat(new Municipality(" ", "", null).validate()).extracting(FieldError::field)
                .containsExactly("id", "name", "profileId");
        assertThat(new Supplier("s", "791", " ", null, null).validate()).extracting(FieldError::field)
                .containsExactly("name", "kind");
        assertThat(new Citizen("c", "791", "", " ", null, null).validate()).extracting(FieldError::field)
                .containsExactly("name", "address", "status");
    }

    @Test
    void webhookMustBeAnAbsoluteHttpUrl() {
        assertThat(new Supplier("s", "791", "X", SupplierKind.FIRE_AND_RESCUE, "ftp://x/y").validate())
                .extracting(FieldError::field).containsExactly("webhookUrl");
        assertThat(new Supplier("s", "791", "X", SupplierKind.FIRE_AND_RESCUE, "not a url").validate())
                .extracting(FieldError::field).containsExactly("webhookUrl");
    }

    @Test
    void aCitizenIdMustNotBeACprNumber() {
        assertThat(new Citizen("010150-1234", "791", "A", "G 1", null, Citizen.Status.ACTIVE).validate())
                .containsExactly(new FieldError("id", "must be a pseudonymous id, not a CPR number"));
        assertThat(new Citizen("0101501234", "791", "A", "G 1", null, Citizen.Status.ACTIVE).validate()).hasSize(1);
    }

    @Test
    void bindingValidToIsExclusiveAndMustBeAfterValidFrom() {
        DeviceBinding b = new DeviceBinding("1001", "c", T, T.plusSeconds(60));
        assertThat(b.isValidAt(T)).isTrue();
        assertThat(b.isValidAt(T.plusSeconds(59))).isTrue();
        assertThat(b.isValidAt(T.plusSeconds(60))).isFalse();
        assertThat(new DeviceBinding("1001", "c", T, T).validate())
                .containsExactly(new FieldError("validTo", "must be after validFrom"));
    }

    @Test
    void overlappingBindingsOfTheSameAccountAreConflicts() {
        DeviceBinding old = new DeviceBinding("10FF", "c-1", T, T.plusSeconds(3600));
        DeviceBinding otherAccount = new DeviceBinding("2000", "c-1", T, null);
        assertThat(DeviceBindings.overlapping(new DeviceBinding("10ff", "c-2", T.plusSeconds(1800), null),
                List.of(old, otherAccount))).containsExactly(old);
        assertThat(DeviceBindings.overlapping(new DeviceBinding("10FF", "c-2", T.plusSeconds(3600), null),
                List.of(old, otherAccount))).isEmpty();
    }
}
