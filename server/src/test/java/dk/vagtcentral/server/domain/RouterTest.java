package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
    static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    static final String ACCOUNT = "1001";

    static final Supplier PRIVATE = new Supplier("sup-a", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE, null);
    static final Supplier MUNICIPAL = new Supplier("hp", "791", "Viborg Hjemmepleje", SupplierKind.MUNICIPAL_HOME_CARE,
            null);
    static final Supplier FIRE = new Supplier("mbr", "791", "Midtjysk Brand & Redning", SupplierKind.FIRE_AND_RESCUE,
            null);
    static final Citizen CITIZEN = new Citizen("c-1", "791", "Anna Jensen", "Skovvej 1, 8800 Viborg",
            "key box 1234", Citizen.Status.ACTIVE);
    static final DeviceBinding BINDING = new DeviceBinding(ACCOUNT, "c-1", AT.minus(Duration.ofDays(30)), null);
    static final SupplierChoice CHOICE = new SupplierChoice("ch-1", "c-1", "sup-a", LocalDate.parse("2026-01-01"), null);
    static final Shift PRIMARY = new Shift("s1", "sup-a", "w-p", "Pia Primær", Shift.Role.PRIMARY,
            Instant.parse("2026-11-23T06:00:00Z"), Instant.parse("2026-11-23T14:00:00Z"));
    static final Shift BACKUP = new Shift("s2", "sup-a", "w-b", "Bo Backup", Shift.Role.BACKUP,
            Instant.parse("2026-11-23T06:00:00Z"), Instant.parse("2026-11-23T22:00:00Z"));
    static final Shift MUNICIPAL_SHIFT = new Shift("s3", "hp", "w-m", "Mette Kommune", Shift.Role.PRIMARY,
            Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-24T00:00:00Z"));

    static RoutingData data(List<DeviceBinding> bindings, List<Citizen> citizens, List<SupplierChoice> choices,
                            List<Shift> shifts, List<Supplier> suppliers) {
        return new RoutingData(bindings, citizens, choices, shifts, suppliers, null);
    }

    static RoutingData everything() {
        return data(List.of(BINDING), List.of(CITIZEN), List.of(CHOICE), List.of(PRIMARY, BACKUP, MUNICIPAL_SHIFT),
                List.of(PRIVATE, MUNICIPAL, FIRE));
    }

    static AlarmFacts alarm(EventCategory category) {
        return new AlarmFacts(ACCOUNT, category, AT);
    }

    @Test
    void emergencyGoesToTheChosenSupplierAndItsPrimaryWorkerWithAResponseWindow() {
        RoutingDecision d = Router.route(alarm(EventCategory.EMERGENCY), everything());
        assertThat(d.target()).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
        assertThat(d.citizen()).isEqualTo(CITIZEN);
        assertThat(d.supplier()).isEqualTo(PRIVATE);
        assertThat(d.worker()).isEqualTo(PRIMARY);
        assertThat(d.handling()).isEqualTo(Handling.CALL);
        assertThat(d.needsResponseWindow()).isTrue();
        assertThat(d.alsoFireAndRescue()).isFalse();
        assertThat(d.isUnroutable()).isFalse();
        assertThat(d.reason()).isNull();
        assertThat(d.holderKind()).isEqualTo(SupplierKind.PRIVATE_CARE);
    }

    @Test
    void backupIsNotifiedWhenNoPrimaryIsOnDuty() {
        RoutingDecision d = Router.route(new AlarmFacts(ACCOUNT, EventCategory.EMERGENCY,
                Instant.parse("2026-11-23T15:00:00Z")), everything());
        assertThat(d.target()).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
        assertThat(d.worker()).isEqualTo(BACKUP);
        assertThat(d.notes()).anyMatch(n -> n.contains("backup"));
    }

    @Test
    void pausedCitizenIsStillRoutedToTheChosenSupplier() {
        Citizen paused = new Citizen("c-1", "791", "Anna Jensen", "Skovvej 1", null, Citizen.Status.PAUSED);
        RoutingDecision d = Router.route(alarm(EventCategory.EMERGENCY), data(List.of(BINDING), List.of(paused),
                List.of(CHOICE), List.of(PRIMARY), List.of(PRIVATE, MUNICIPAL)));
        assertThat(d.target()).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
        assertThat(d.supplier()).isEqualTo(PRIVATE);
        assertThat(d.worker()).isEqualTo(PRIMARY);
        assertThat(d.needsResponseWindow()).isTrue();
        assertThat(d.notes()).anyMatch(n -> n.contains("paused"));
    }

    @Test
    void noDeviceBindingAtTheAlarmsTimeGoesToMunicipalHomeCareOfTheFallbackMunicipality() {
        DeviceBinding ended = new DeviceBinding(ACCOUNT, "c-1", AT.minus(Duration.ofDays(30)), AT);
        RoutingData d = new RoutingData(List.of(ended), List.of(CITIZEN), List.of(CHOICE),
                List.of(PRIMARY, MUNICIPAL_SHIFT), List.of(PRIVATE, MUNICIPAL), "791");
        assertUnroutable(Router.route(alarm(EventCategory.EMERGENCY), d), UnroutableReason.NO_DEVICE_BINDING,
                "bound to no citizen");
    }

    @Test
    void unknownCitizenGoesToMunicipalHomeCare() {
        RoutingData d = new RoutingData(List.of(BINDING), List.of(), List.of(CHOICE), List.of(PRIMARY),
                List.of(PRIVATE, MUNICIPAL), "791");
        RoutingDecision decision = Router.route(alarm(EventCategory.EMERGENCY), d);
        assertUnroutable(decision, UnroutableReason.CITIZEN_UNKNOWN, "not on record");
        assertThat(decision.worker()).isNull();
    }

    @Test
    void noValidSupplierChoiceGoesToMunicipalHomeCare() {
        SupplierChoice future = new SupplierChoice("ch-2", "c-1", "sup-a", LocalDate.parse("2026-12-01"), null);
        assertUnroutable(Router.route(alarm(EventCategory.EMERGENCY), data(List.of(BINDING), List.of(CITIZEN),
                        List.of(future), List.of(PRIMARY, MUNICIPAL_SHIFT), List.of(PRIVATE, MUNICIPAL))),
                UnroutableReason.NO_SUPPLIER_CHOICE, "no supplier choice");
    }

    @Test
    void unknownChosenSupplierGoesToMunicipalHomeCare() {
        SupplierChoice bankrupt = new SupplierChoice("ch-2", "c-1", "gone", LocalDate.parse("2026-01-01"), null);
        assertUnroutable(Router.route(alarm(EventCategory.EMERGENCY), data(List.of(BINDING), List.of(CITIZEN),
                        List.of(bankrupt), List.of(PRIMARY, MUNICIPAL_SHIFT), List.of(PRIVATE, MUNICIPAL))),
                UnroutableReason.SUPPLIER_UNKNOWN, "gone");
    }

    @Test
    void nobodyOnDutyAtTheChosenSupplierGoesToMunicipalHomeCare() {
        RoutingDecision d = Router.route(alarm(EventCategory.EMERGENCY), data(List.of(BINDING), List.of(CITIZEN),
                List.of(CHOICE), List.of(MUNICIPAL_SHIFT), List.of(PRIVATE, MUNICIPAL)));
        assertUnroutable(d, UnroutableReason.NO_ONE_ON_DUTY, "nobody is on duty at Omsorg ApS");
        assertThat(d.citizen()).isEqualTo(CITIZEN);
        assertThat(d.choice()).isEqualTo(CHOICE);
    }

    @Test
    void withoutEvenMunicipalHomeCareTheDecisionSaysTheAlarmHasNoRecipient() {
        RoutingDecision d = Router.route(alarm(EventCategory.EMERGENCY), data(List.of(BINDING), List.of(CITIZEN),
                List.of(CHOICE), List.of(), List.of(PRIVATE)));
        assertThat(d.target()).isEqualTo(RoutingDecision.Target.NONE);
        assertThat(d.supplier()).isNull();
        assertThat(d.unroutableReason()).isEqualTo(UnroutableReason.NO_ONE_ON_DUTY);
        assertThat(d.reason()).contains("NO recipient").contains("no municipal home care");
        assertThat(d.needsResponseWindow()).isTrue();
        assertThat(d.holderKind()).as("the state never names a holder that was not told")
                .isEqualTo(SupplierKind.SUPERVISORS);

        RoutingDecision unknownDevice = Router.route(new AlarmFacts("FFFF", EventCategory.EMERGENCY, AT), everything());
        assertThat(unknownDevice.target()).isEqualTo(RoutingDecision.Target.NONE);
        assertThat(unknownDevice.reason()).contains("municipality is unknown");
    }

    @Test
    void fireAlarmGoesToTheSupplierAndToFireAndRescue() {
        RoutingDecision d = Router.route(alarm(EventCategory.FIRE), everything());
        assertThat(d.supplier()).isEqualTo(PRIVATE);
        assertThat(d.worker()).isEqualTo(PRIMARY);
        assertThat(d.alsoFireAndRescue()).isTrue();
        assertThat(d.fireAndRescue()).isEqualTo(FIRE);
        assertThat(d.needsResponseWindow()).isTrue();
        assertThat(d.handling()).isEqualTo(Handling.CALL);
    }

    @Test
    void fireAlarmWithoutFireAndRescueOnRecordSaysCall112() {
        RoutingDecision d = Router.route(alarm(EventCategory.FIRE), data(List.of(BINDING), List.of(CITIZEN),
                List.of(CHOICE), List.of(PRIMARY), List.of(PRIVATE, MUNICIPAL)));
        assertThat(d.alsoFireAndRescue()).isTrue();
        assertThat(d.fireAndRescue()).isNull();
        assertThat(d.notes()).anyMatch(n -> n.contains("112"));
    }

    @Test
    void unroutableFireAlarmStillAlsoGoesToFireAndRescue() {
        RoutingDecision d = Router.route(alarm(EventCategory.FIRE), data(List.of(BINDING), List.of(CITIZEN),
                List.of(CHOICE), List.of(), List.of(PRIVATE, MUNICIPAL, FIRE)));
        assertThat(d.target()).isEqualTo(RoutingDecision.Target.MUNICIPAL_FALLBACK);
        assertThat(d.fireAndRescue()).isEqualTo(FIRE);
    }

    @Test
    void technicalAlarmIsAServiceNoticeWithoutResponseWindow() {
        RoutingDecision d = Router.route(alarm(EventCategory.TECHNICAL), everything());
        assertThat(d.handling()).isEqualTo(Handling.SERVICE_NOTICE);
        assertThat(d.needsResponseWindow()).isFalse();
        assertThat(d.supplier()).isEqualTo(PRIVATE);
        assertThat(EscalationLadder.defaultLadder(Duration.ofMinutes(30)).deadlinesOnRouting(d)).isEmpty();
    }

    @Test
    void cancelRestoreTestSupervisionAndOtherAreNotCalls() {
        List<Handling> handlings = new ArrayList<>();
        for (EventCategory c : List.of(EventCategory.CANCEL, EventCategory.RESTORE, EventCategory.TEST,
                EventCategory.SUPERVISION, EventCategory.OTHER)) {
            RoutingDecision d = Router.route(alarm(c), everything());
            assertThat(d.needsResponseWindow()).as(c.name()).isFalse();
            assertThat(d.alsoFireAndRescue()).as(c.name()).isFalse();
            handlings.add(d.handling());
        }
        assertThat(handlings).containsExactly(Handling.DEVICE_CANCEL, Handling.RESTORE,
                Handling.RECORD_ONLY, Handling.RECORD_ONLY, Handling.INFORMATION);
    }

    @Test
    void citizenWhoChoseMunicipalHomeCareIsRoutedThereNormally() {
        SupplierChoice municipalChoice = new SupplierChoice("ch-m", "c-1", "hp", LocalDate.parse("2026-01-01"), null);
        RoutingDecision d = Router.route(alarm(EventCategory.EMERGENCY), data(List.of(BINDING), List.of(CITIZEN),
                List.of(municipalChoice), List.of(MUNICIPAL_SHIFT), List.of(PRIVATE, MUNICIPAL)));
        assertThat(d.target()).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
        assertThat(d.supplier()).isEqualTo(MUNICIPAL);
        assertThat(d.holderKind()).isEqualTo(SupplierKind.MUNICIPAL_HOME_CARE);
    }

    @Test
    void routingFollowsTheChoiceValidAtTheAlarmsTime() {
        Supplier other = new Supplier("sup-b", "791", "Ny Pleje", SupplierKind.PRIVATE_CARE, null);
        Shift otherShift = new Shift("s9", "sup-b", "w-9", "Nina", Shift.Role.PRIMARY, AT.minusSeconds(7200),
                AT.plusSeconds(7200));
        List<SupplierChoice> choices = List.of(
                new SupplierChoice("ch-1", "c-1", "sup-a", LocalDate.parse("2026-01-01"), LocalDate.parse("2026-11-23")),
                new SupplierChoice("ch-2", "c-1", "sup-b", LocalDate.parse("2026-11-23"), null));
        RoutingDecision d = Router.route(alarm(EventCategory.EMERGENCY), data(List.of(BINDING), List.of(CITIZEN),
                choices, List.of(PRIMARY, otherShift), List.of(PRIVATE, other, MUNICIPAL)));
        assertThat(d.supplier()).isEqualTo(other);
        assertThat(d.worker()).isEqualTo(otherShift);
    }

    private static void assertUnroutable(RoutingDecision d, UnroutableReason reason, String textPart) {
        assertThat(d.target()).isEqualTo(RoutingDecision.Target.MUNICIPAL_FALLBACK);
        assertThat(d.unroutableReason()).isEqualTo(reason);
        assertThat(d.supplier()).isEqualTo(MUNICIPAL);
        assertThat(d.reason()).contains(textPart).contains("routed to municipal home care Viborg Hjemmepleje");
        assertThat(d.needsResponseWindow()).isTrue();
        assertThat(d.holderKind()).isEqualTo(SupplierKind.MUNICIPAL_HOME_CARE);
    }
}
