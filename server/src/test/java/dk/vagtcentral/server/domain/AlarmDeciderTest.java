package dk.vagtcentral.server.domain;

import static dk.vagtcentral.server.domain.DeciderHarness.B1;
import static dk.vagtcentral.server.domain.DeciderHarness.FIRE;
import static dk.vagtcentral.server.domain.DeciderHarness.H1;
import static dk.vagtcentral.server.domain.DeciderHarness.HOME;
import static dk.vagtcentral.server.domain.DeciderHarness.M;
import static dk.vagtcentral.server.domain.DeciderHarness.P1;
import static dk.vagtcentral.server.domain.DeciderHarness.T0;
import static dk.vagtcentral.server.domain.DeciderHarness.at;
import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the decider at its edges, with a fixed clock and the shipped profiles (DOMAIN.md rules 1-18): no
 * database, no server, microseconds per case.
 */
class AlarmDeciderTest {
    static final Actor ANNA = Actor.staff("anna", "care");
    static final Actor HILDA = Actor.staff("hilda", "home");
    static final Actor KAREN = Actor.supervisor("karen", M);

    @Nested
    class Routing_ {
        @Test
        void aCallGoesToTheChosenSuppliersDeskAndOnDutyWorkerAndArmsTheFirstStep() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            assertThat(a.status().state()).isEqualTo(AlarmState.NOTIFIED);
            assertThat(a.holderSupplierId()).isEqualTo("care");
            assertThat(a.routing().dutySupplierId()).isEqualTo("care");
            assertThat(a.routing().responseDeadline()).isEqualTo(at(30, 0));
            assertThat(h.told(new Audience.Desk("care"))).singleElement()
                    .satisfies(n -> assertThat(n.kind()).isEqualTo(MessageKind.NEW));
            assertThat(h.told(new Audience.Worker("p1"))).hasSize(1);
            assertThat(h.all(Effect.Webhook.class)).extracting(w -> w.supplier().id()).as("only care has a webhook")
                    .containsExactly("care");
            assertThat(h.all(Effect.ArmDeadline.class)).containsExactly(
                    new Effect.ArmDeadline(a.id(), "renotify-backup", at(3, 0)));
            assertThat(h.timeline(a.id())).singleElement().satisfies(e -> assertThat(e.detail())
                    .contains("citizen c1", "worker p1", "profile odder"));
            assertThat(h.flags(InboxKind.UNROUTABLE)).isEmpty();
        }

        @Test
        void routingIsIdempotent() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            Decision again = AlarmDecider.decide(a, new DispatchEvent.Arrived(),
                    new Situation(h.routingData(), List.of(), List.of(), List.of()), h.profiles, T0);
            assertThat(again.effects()).isEmpty();
        }

        @Test
        void aDeviceBoundToNobodyButRegisteredToAMunicipalityGoesToItsHomeCareAndTheSupervisorsInbox() {
            DeciderHarness h = new DeciderHarness("odder");
            h.registeredMunicipality = M;
            Alarm a = h.emergency("9000", T0);
            assertThat(a.holderSupplierId()).isEqualTo("home");
            assertThat(a.status().holder()).isEqualTo(SupplierKind.MUNICIPAL_HOME_CARE);
            assertThat(a.routing().unroutableReason()).isEqualTo("NO_DEVICE_BINDING");
            assertThat(a.routing().dutySupplierId()).as("nobody's failure").isNull();
            assertThat(h.flags(InboxKind.UNROUTABLE)).singleElement().satisfies(f -> {
                assertThat(f.municipalityId()).isEqualTo(M);
                assertThat(f.reason()).contains("NO_DEVICE_BINDING", "registered");
            });
            assertThat(h.told(new Audience.Desk("home"))).isNotEmpty();
            assertThat(h.told(new Audience.Worker("h1"))).isNotEmpty();
            assertThat(h.told(new Audience.Supervisors(M))).extracting(Effect.Notify::kind)
                    .contains(MessageKind.UNROUTABLE);
            assertThat(h.duties()).isEmpty();
        }

        @Test
        void anAlarmNoServiceCanBeToldIsHeldByEverySupervisorAndNeverNamesAnUntoldHolder() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("9000", T0);
            assertThat(a.status().holder()).isEqualTo(SupplierKind.SUPERVISORS);
            assertThat(a.holderSupplierId()).isNull();
            assertThat(h.flags(InboxKind.NO_RECIPIENT)).singleElement()
                    .satisfies(f -> assertThat(f.municipalityId()).as("every supervisor").isNull());
            assertThat(h.told(new Audience.Supervisors(null))).isNotEmpty();
            assertThat(h.all(Effect.ArmDeadline.class)).as("no ladder to climb to nobody").isEmpty();

            assertThat(h.act(a.id(), new Command.Acknowledge("anna"), ANNA, at(1, 0)).outcome().kind())
                    .isEqualTo(Outcome.Kind.NOT_ALLOWED);
            assertThat(h.act(a.id(), new Command.Respond("karen", ResponseKind.EMERGENCY_112, null),
                    Actor.supervisor("karen", "elsewhere"), at(1, 0)).outcome().accepted()).isTrue();
            assertThat(h.alarm(a.id()).status().state()).isEqualTo(AlarmState.RESPONDED);
        }

        @Test
        void withoutMunicipalHomeCareOnRecordTheMunicipalitysSupervisorsHoldIt() {
            DeciderHarness h = new DeciderHarness("odder");
            h.suppliers = new ArrayList<>(List.of(DeciderHarness.CARE, FIRE));
            h.shifts = new ArrayList<>(List.of());
            Alarm a = h.emergency("1000", T0);
            assertThat(a.status().holder()).isEqualTo(SupplierKind.SUPERVISORS);
            assertThat(h.flags(InboxKind.NO_RECIPIENT)).singleElement()
                    .satisfies(f -> assertThat(f.municipalityId()).isEqualTo(M));
        }
    }

    @Nested
    class Fire {
        @Test
        void fireAndRescueHoldsAFireAlarmAndTheSuppliersDeskIsToldForInformationOnly() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.press("1000", EventCategory.FIRE, "FA", "1", T0);
            assertThat(a.status().holder()).isEqualTo(SupplierKind.FIRE_AND_RESCUE);
            assertThat(a.holderSupplierId()).isEqualTo("fire");
            assertThat(a.routing().dutySupplierId()).isNull();
            assertThat(a.routing().responseDeadline()).isNull();
            assertThat(h.told(new Audience.Desk("fire"))).extracting(Effect.Notify::kind)
                    .containsExactly(MessageKind.FIRE);
            assertThat(h.told(new Audience.Desk("care"))).extracting(Effect.Notify::kind)
                    .containsExactly(MessageKind.INFORMATION);
            assertThat(h.all(Effect.ArmDeadline.class)).as("no supplier ladder").isEmpty();
            h.runUntil(at(120, 0));
            assertThat(h.duties()).as("no justification, charge or plan count").isEmpty();
            assertThat(h.alarm(a.id()).status().state()).isEqualTo(AlarmState.NOTIFIED);
            assertThat(h.act(a.id(), new Command.Cancel("anna", "we think it is nothing"), ANNA, at(1, 0))
                    .outcome().kind()).as("the supplier cannot cancel what fire-and-rescue holds")
                    .isEqualTo(Outcome.Kind.NOT_ALLOWED);
        }

        @Test
        void aFireAlarmWithoutFireAndRescueOnRecordStaysACallButIsNeverTheSuppliersFailure() {
            DeciderHarness h = new DeciderHarness("odder");
            h.suppliers = new ArrayList<>(List.of(DeciderHarness.CARE, HOME));
            Alarm a = h.press("1000", EventCategory.FIRE, "FA", "1", T0);
            assertThat(a.holderSupplierId()).isEqualTo("care");
            assertThat(h.flags(InboxKind.FIRE_WITHOUT_FIRE_AND_RESCUE)).hasSize(1);
            h.runUntil(at(30, 0));
            assertThat(h.alarm(a.id()).status().state()).isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
            assertThat(h.duties()).isEmpty();
        }
    }

    @Nested
    class Ladder {
        @Test
        void earlierStepsReNotifyAndWarnButOnlyTheEndOfTheWindowForwards() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm a = h.emergency("1000", T0);
            h.runUntil(at(29, 59));
            Alarm before = h.alarm(a.id());
            assertThat(before.status().state()).isEqualTo(AlarmState.NOTIFIED);
            assertThat(before.holderSupplierId()).isEqualTo("care");
            assertThat(h.told(new Audience.Worker("b1"))).extracting(Effect.Notify::kind)
                    .containsExactly(MessageKind.RENOTIFIED);
            assertThat(h.flags(InboxKind.NOT_ACKNOWLEDGED)).singleElement()
                    .satisfies(f -> assertThat(f.municipalityId()).isEqualTo(M));
            assertThat(h.timelineKinds(a.id())).contains(TimelineEvent.Kind.SUPERVISORS_WARNED);
            assertThat(h.duties()).isEmpty();

            h.runUntil(at(30, 0));
            Alarm after = h.alarm(a.id());
            assertThat(after.status().state()).isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
            assertThat(after.holderSupplierId()).isEqualTo("home");
            assertThat(after.fault()).isEqualTo(Alarm.Fault.SUPPLIER);
            assertThat(h.told(new Audience.Worker("h1"))).extracting(Effect.Notify::kind)
                    .contains(MessageKind.FORWARDED);
            assertThat(h.flags(InboxKind.ADVERSE_EVENT_CANDIDATE)).hasSize(1);
        }

        @Test
        void aResponseAt29m59sIsInTimeAndNothingEscalates() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm a = h.emergency("1000", T0);
            assertThat(h.act(a.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "p1"), ANNA, at(29, 59))
                    .outcome().accepted()).isTrue();
            h.runUntil(at(120, 0));
            Alarm after = h.alarm(a.id());
            assertThat(after.status().state()).isEqualTo(AlarmState.RESPONDED);
            assertThat(ResponseWindow.answeredByItsSupplierInTime(after.status(), after.routing().responseDeadline()))
                    .isTrue();
            assertThat(h.duties()).isEmpty();
            assertThat(h.all(Effect.DisarmDeadlines.class)).hasSize(1);
        }

        @Test
        void anAnswerAfterTheForwardIsMunicipalHomeCaresNotTheSuppliersInTime() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm a = h.emergency("1000", T0);
            h.runUntil(at(30, 0));
            assertThat(h.act(a.id(), new Command.Respond("hilda", ResponseKind.HELP_SENT, "h1"), HILDA, at(31, 0))
                    .outcome().accepted()).isTrue();
            Alarm after = h.alarm(a.id());
            assertThat(ResponseWindow.answeredByItsSupplierInTime(after.status(), after.routing().responseDeadline()))
                    .isFalse();
        }

        @Test
        void municipalHomeCareNotTakingTheCallGoesOnToFireAndRescueAtItsOwnTenMinutes() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            h.runUntil(at(39, 59));
            assertThat(h.alarm(a.id()).status().state()).isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
            h.runUntil(at(40, 0));
            Alarm after = h.alarm(a.id());
            assertThat(after.status().state()).isEqualTo(AlarmState.FORWARDED_FIRE);
            assertThat(after.holderSupplierId()).isEqualTo("fire");
        }

        @Test
        void aForwardToAServiceNotOnRecordDoesNotHappenTheSupervisorsAreToldAndTheCallStays() {
            DeciderHarness h = new DeciderHarness("odder");
            h.suppliers = new ArrayList<>(List.of(DeciderHarness.CARE, HOME));
            Alarm a = h.emergency("1000", T0);
            h.runUntil(at(50, 0));
            Alarm after = h.alarm(a.id());
            assertThat(after.status().state()).isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
            assertThat(after.holderSupplierId()).isEqualTo("home");
            assertThat(h.flags(InboxKind.NO_FORWARD_TARGET)).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains("FIRE_AND_RESCUE"));
            assertThat(h.act(a.id(), new Command.Forward("hilda", ForwardTarget.FIRE_AND_RESCUE, "need them"), HILDA,
                    at(51, 0)).outcome().kind()).isEqualTo(Outcome.Kind.NOT_ALLOWED);
        }

        @Test
        void horsensForwardsToTheMunicipalProviderOnlyAndThenWarns() {
            DeciderHarness h = new DeciderHarness("horsens");
            Alarm a = h.emergency("1000", T0);
            h.runUntil(at(120, 0));
            assertThat(h.alarm(a.id()).status().state()).isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
            assertThat(h.flags(InboxKind.NOT_ACKNOWLEDGED)).hasSize(2);
        }
    }

    @Nested
    class Duties_ {
        @Test
        void odderAndViborgDemandAJustificationWithinSevenDaysAndCountTheFailure() {
            for (String profile : List.of("odder", "viborg")) {
                DeciderHarness h = new DeciderHarness(profile);
                Alarm a = h.emergency("1000", T0);
                h.runUntil(at(30, 0));
                assertThat(h.all(Effect.RecordFailure.class)).as(profile).singleElement()
                        .satisfies(f -> assertThat(f.cause()).isEqualTo("NOT_ANSWERED"));
                assertThat(h.all(Effect.OpenJustification.class)).as(profile).singleElement().satisfies(j -> {
                    assertThat(j.supplierId()).isEqualTo("care");
                    assertThat(j.forwardedAt()).isEqualTo(at(30, 0));
                    assertThat(j.dueAt()).isEqualTo(at(30, 0).plus(Duration.ofDays(7)));
                });
                assertThat(h.all(Effect.CountTowardsActionPlan.class)).as(profile).hasSize(1);
                assertThat(h.all(Effect.Charge.class)).as(profile + " charges nothing for municipal home care")
                        .isEmpty();
                assertThat(h.timelineKinds(a.id())).contains(TimelineEvent.Kind.SUPPLIER_FAILURE);
            }
        }

        @Test
        void odderChargesTheFireAndRescueCallOutOfASuppliersFailedCall() {
            DeciderHarness h = new DeciderHarness("odder");
            h.emergency("1000", T0);
            h.runUntil(at(40, 0));
            assertThat(h.all(Effect.Charge.class)).singleElement().satisfies(c -> {
                assertThat(c.charge().target()).isEqualTo(ForwardTarget.FIRE_AND_RESCUE);
                assertThat(c.charge().amountDkk()).isEqualTo(new BigDecimal("2500.00"));
                assertThat(c.charge().supplierId()).isEqualTo("care");
            });
            assertThat(h.all(Effect.RecordFailure.class)).as("the second forward is the same failure").hasSize(1);
        }

        @Test
        void horsensChargesTheMunicipalProvidersCostButDemandsNoJustificationOrPlan() {
            DeciderHarness h = new DeciderHarness("horsens");
            h.emergency("1000", T0);
            h.runUntil(at(30, 0));
            assertThat(h.all(Effect.Charge.class)).singleElement().satisfies(c -> {
                assertThat(c.charge().target()).isEqualTo(ForwardTarget.MUNICIPAL_HOME_CARE);
                assertThat(c.charge().amountDkk()).isEqualTo(new BigDecimal("1200.00"));
            });
            assertThat(h.all(Effect.OpenJustification.class)).isEmpty();
            assertThat(h.all(Effect.CountTowardsActionPlan.class)).isEmpty();
            assertThat(h.all(Effect.RecordFailure.class)).as("the failure is still recorded").hasSize(1);
        }

        @Test
        void norddjursStatesNoDuties() {
            DeciderHarness h = new DeciderHarness("norddjurs");
            h.emergency("1000", T0);
            h.runUntil(at(30, 0));
            assertThat(h.all(Effect.OpenJustification.class)).isEmpty();
            assertThat(h.all(Effect.Charge.class)).isEmpty();
            assertThat(h.all(Effect.CountTowardsActionPlan.class)).isEmpty();
        }

        @Test
        void nobodyOnTheRosterIsTheSuppliersFailure() {
            DeciderHarness h = new DeciderHarness("horsens");
            h.shifts = new ArrayList<>(List.of(H1));
            Alarm a = h.emergency("1000", T0);
            assertThat(a.holderSupplierId()).isEqualTo("home");
            assertThat(a.routing().unroutableReason()).isEqualTo("NO_ONE_ON_DUTY");
            assertThat(a.routing().dutySupplierId()).isEqualTo("care");
            assertThat(a.fault()).isEqualTo(Alarm.Fault.SUPPLIER);
            assertThat(h.all(Effect.RecordFailure.class)).singleElement()
                    .satisfies(f -> assertThat(f.cause()).isEqualTo("NO_ONE_ON_DUTY"));
            assertThat(h.all(Effect.Charge.class)).singleElement()
                    .satisfies(c -> assertThat(c.charge().target()).isEqualTo(ForwardTarget.MUNICIPAL_HOME_CARE));
            assertThat(h.flags(InboxKind.UNROUTABLE)).hasSize(1);

            DeciderHarness viborg = new DeciderHarness("viborg");
            viborg.shifts = new ArrayList<>(List.of(H1));
            viborg.emergency("1000", T0);
            assertThat(viborg.all(Effect.OpenJustification.class)).hasSize(1);
        }

        @Test
        void aForwardByTheSuppliersOwnDeskIsItsFailureOneBySupervisorsIsNot() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm a = h.emergency("1000", T0);
            h.act(a.id(), new Command.Forward("anna", ForwardTarget.MUNICIPAL_HOME_CARE, "nobody free"), ANNA,
                    at(5, 0));
            assertThat(h.all(Effect.RecordFailure.class)).singleElement()
                    .satisfies(f -> assertThat(f.cause()).isEqualTo("FORWARDED_BY_SUPPLIER"));

            DeciderHarness admin = new DeciderHarness("viborg");
            Alarm b = admin.emergency("1000", T0);
            admin.act(b.id(), new Command.Forward("admin", ForwardTarget.MUNICIPAL_HOME_CARE, "supplier bankrupt"),
                    Actor.admin("admin"), at(5, 0));
            assertThat(admin.alarm(b.id()).status().state()).isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
            assertThat(admin.duties()).isEmpty();
        }
    }

    @Nested
    class SystemFault {
        @Test
        void aCallEscalatedAfterThisSystemWasDownDuringItsWindowOpensNoSupplierDuty() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            h.runUntil(at(4, 59));
            h.outages = List.of(new Interval(at(5, 0), at(45, 0)));
            // the server comes back at 45:00: the overdue window step fires late
            h.fire(a.id(), "forward-municipal", at(45, 0));
            Alarm after = h.alarm(a.id());
            assertThat(after.status().state()).as("safety first: it still escalates")
                    .isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
            assertThat(after.fault()).isEqualTo(Alarm.Fault.SYSTEM);
            assertThat(h.duties()).isEmpty();
            assertThat(h.flags(InboxKind.SYSTEM_FAULT)).hasSize(1);
            assertThat(h.timelineKinds(a.id())).contains(TimelineEvent.Kind.SYSTEM_FAULT);
            h.runUntil(at(60, 0));
            assertThat(h.alarm(a.id()).status().state()).isEqualTo(AlarmState.FORWARDED_FIRE);
            assertThat(h.all(Effect.Charge.class)).as("no fire-and-rescue charge either").isEmpty();
        }

        @Test
        void anOutageOnlyAfterTheWindowEndedLeavesTheFaultWithTheSupplier() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            h.outages = List.of(new Interval(at(30, 6), at(45, 0)));
            h.fire(a.id(), "forward-municipal", at(45, 0));
            assertThat(h.alarm(a.id()).fault()).isEqualTo(Alarm.Fault.SUPPLIER);
            assertThat(h.all(Effect.ClaimDeadline.class, c -> c.late())).hasSize(1);
            assertThat(h.all(Effect.OpenJustification.class)).hasSize(1);
        }
    }

    @Nested
    class Restores {
        @Test
        void aBatteryRestoreNeverTouchesAnEmergencyItIsAHintAndTheCallStaysOpen() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm call = h.emergency("1000", T0);
            Alarm restore = h.press("1000", EventCategory.RESTORE, "YR", "1", at(1, 0));
            assertThat(restore.routing().handling()).isEqualTo(Handling.RESTORE);
            assertThat(h.alarm(call.id()).status().state()).isEqualTo(AlarmState.NOTIFIED);
            assertThat(h.timelineKinds(call.id())).doesNotContain(TimelineEvent.Kind.DEVICE_RESTORE,
                    TimelineEvent.Kind.CANCELLED);
            Alarm mains = h.press("1000", EventCategory.RESTORE, "AR", "1", at(1, 1));
            assertThat(h.alarm(call.id()).status().isOpen()).isTrue();
            assertThat(h.timeline(mains.id())).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("no open condition"));
        }

        @Test
        void theRestoreOfTheCallsOwnConditionIsADeskHintNeverAClose() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm call = h.emergency("1000", T0);
            h.press("1000", EventCategory.RESTORE, "QR", "1", at(1, 0));
            assertThat(h.alarm(call.id()).status().state()).isEqualTo(AlarmState.NOTIFIED);
            assertThat(h.timelineKinds(call.id())).contains(TimelineEvent.Kind.DEVICE_RESTORE);
            assertThat(h.told(new Audience.Desk("care"))).extracting(Effect.Notify::kind)
                    .contains(MessageKind.DEVICE_HINT);
        }

        @Test
        void aRestoreClosesTheTechnicalConditionOfTheSameFamilyAndZoneOnly() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm battery = h.press("1000", EventCategory.TECHNICAL, "YT", "2", T0);
            assertThat(battery.routing().handling()).isEqualTo(Handling.SERVICE_NOTICE);
            h.press("1000", EventCategory.RESTORE, "YR", "3", at(1, 0));
            assertThat(h.alarm(battery.id()).status().isOpen()).as("another zone").isTrue();
            h.press("1000", EventCategory.RESTORE, "AR", "2", at(1, 0));
            assertThat(h.alarm(battery.id()).status().isOpen()).as("another family").isTrue();
            h.press("1000", EventCategory.RESTORE, "YR", "002", at(2, 0));
            assertThat(h.alarm(battery.id()).status().state()).isEqualTo(AlarmState.CLOSED);
            assertThat(h.timelineKinds(battery.id())).contains(TimelineEvent.Kind.RESTORED);
        }

        @Test
        void contactIdRestoresTheSameCodeWithQualifierThree() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm mains = h.press("1000", EventCategory.TECHNICAL, "301", "1", "000", T0);
            h.press("1000", EventCategory.RESTORE, "302", "3", "000", at(1, 0));
            assertThat(h.alarm(mains.id()).status().isOpen()).isTrue();
            h.press("1000", EventCategory.RESTORE, "301", "3", "000", at(2, 0));
            assertThat(h.alarm(mains.id()).status().state()).isEqualTo(AlarmState.CLOSED);
        }

        @Test
        void aPendantCancelIsAHintThePersonClosesTheCall() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm call = h.emergency("1000", T0);
            Alarm cancel = h.press("1000", EventCategory.CANCEL, "OC", "1", at(0, 20));
            assertThat(cancel.routing().handling()).isEqualTo(Handling.DEVICE_CANCEL);
            assertThat(h.alarm(call.id()).status().state()).isEqualTo(AlarmState.NOTIFIED);
            assertThat(h.timelineKinds(call.id())).contains(TimelineEvent.Kind.DEVICE_CANCEL);
            h.runUntil(at(30, 0));
            assertThat(h.alarm(call.id()).status().state()).as("the ladder still runs")
                    .isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
        }
    }

    @Nested
    class OneIncident {
        @Test
        void pressesWhileTheCallIsOpenJoinItAndOneIncidentOpensOneJustification() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm first = h.emergency("1000", T0);
            Alarm second = h.emergency("1000", T0.plusMillis(200));
            Alarm sensor = h.press("1001", EventCategory.EMERGENCY, "MA", "4", at(2, 0));
            for (Alarm joined : List.of(second, sensor)) {
                assertThat(joined.routing().handling()).isEqualTo(Handling.REPEATED);
                assertThat(joined.routing().incidentAlarmId()).isEqualTo(first.id());
            }
            assertThat(h.timelineKinds(first.id())).filteredOn(k -> k == TimelineEvent.Kind.REPEATED).hasSize(2);
            assertThat(h.told(new Audience.Desk("care"))).extracting(Effect.Notify::kind)
                    .contains(MessageKind.REPEATED);
            assertThat(h.all(Effect.ArmDeadline.class)).allSatisfy(d -> assertThat(d.alarmId()).isEqualTo(first.id()));
            h.runUntil(at(30, 0));
            assertThat(h.all(Effect.OpenJustification.class)).hasSize(1);
            assertThat(h.all(Effect.CountTowardsActionPlan.class)).hasSize(1);
        }

        @Test
        void anotherCitizenOrAFireOrAClosedCallStartsANewIncident() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm first = h.emergency("1000", T0);
            assertThat(h.emergency("2000", at(0, 1)).routing().handling()).isEqualTo(Handling.CALL);
            assertThat(h.press("1000", EventCategory.FIRE, "FA", "1", at(0, 2)).routing().handling())
                    .isEqualTo(Handling.CALL);
            h.act(first.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "p1"), ANNA, at(1, 0));
            h.act(first.id(), new Command.Close("anna", CloseOutcome.NO_INJURY, null), ANNA, at(20, 0));
            assertThat(h.emergency("1000", at(21, 0)).routing().handling()).isEqualTo(Handling.CALL);
        }
    }

    @Nested
    class PeoplesActions {
        @Test
        void eachMunicipalityPermitsItsOwnAnswers() {
            DeciderHarness odder = new DeciderHarness("odder");
            Alarm a = odder.emergency("1000", T0);
            Decision doctor = odder.act(a.id(), new Command.Respond("anna", ResponseKind.DOCTOR_CONTACTED, null), ANNA,
                    at(1, 0));
            assertThat(doctor.outcome().kind()).isEqualTo(Outcome.Kind.INVALID);
            assertThat(doctor.outcome().reason()).contains("DOCTOR_CONTACTED", "003 Odder §4.11");
            assertThat(odder.act(a.id(), new Command.Respond("anna", ResponseKind.NURSE_REQUESTED, null), ANNA,
                    at(1, 0)).outcome().accepted()).isTrue();

            DeciderHarness horsens = new DeciderHarness("horsens");
            Alarm b = horsens.emergency("1000", T0);
            assertThat(horsens.act(b.id(), new Command.Respond("anna", ResponseKind.NURSE_REQUESTED, null), ANNA,
                    at(1, 0)).outcome().kind()).isEqualTo(Outcome.Kind.INVALID);
            assertThat(horsens.act(b.id(), new Command.Respond("anna", ResponseKind.DOCTOR_CONTACTED, null), ANNA,
                    at(1, 0)).outcome().accepted()).isTrue();
        }

        @Test
        void helpSentNamesAWorkerOnDuty() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm a = h.emergency("1000", T0);
            Decision d = h.act(a.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "zz"), ANNA, at(1, 0));
            assertThat(d.outcome().kind()).isEqualTo(Outcome.Kind.INVALID);
            assertThat(d.outcome().reason()).contains("not on duty", "p1", "b1");
        }

        @Test
        void aDispatcherCancellingAnUnansweredCallGivesAReasonAndTheSupervisorsSeeIt() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm a = h.emergency("1000", T0);
            assertThat(h.act(a.id(), new Command.Cancel("anna", " "), ANNA, at(1, 0)).outcome().kind())
                    .isEqualTo(Outcome.Kind.INVALID);
            assertThat(h.act(a.id(), new Command.Cancel("anna", "the daughter says she is fine"), ANNA, at(1, 0))
                    .outcome().accepted()).isTrue();
            assertThat(h.flags(InboxKind.CANCELLED_UNANSWERED)).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains("anna", "the daughter says she is fine"));
            assertThat(h.all(Effect.DisarmDeadlines.class)).hasSize(1);
        }

        @Test
        void aCancelAfterAnAnswerIsNotFlagged() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm a = h.emergency("1000", T0);
            h.act(a.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "p1"), ANNA, at(1, 0));
            h.act(a.id(), new Command.Cancel("anna", "pressed by mistake, confirmed on site"), ANNA, at(9, 0));
            assertThat(h.flags(InboxKind.CANCELLED_UNANSWERED)).isEmpty();
        }

        @Test
        void onlyTheHoldersDeskChangesACallOthersMayNote() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm a = h.emergency("1000", T0);
            h.runUntil(at(30, 0));
            Decision cancel = h.act(a.id(), new Command.Cancel("anna", "we handle it"), ANNA, at(31, 0));
            assertThat(cancel.outcome().kind()).isEqualTo(Outcome.Kind.NOT_ALLOWED);
            assertThat(cancel.outcome().reason()).contains("held by home");
            assertThat(h.act(a.id(), new Command.Note("anna", "we called the daughter"), ANNA, at(31, 0))
                    .outcome().accepted()).isTrue();
            assertThat(h.act(a.id(), new Command.Acknowledge("karen"), KAREN, at(31, 0)).outcome().kind())
                    .isEqualTo(Outcome.Kind.NOT_ALLOWED);
            assertThat(h.act(a.id(), new Command.Acknowledge("hilda"), HILDA, at(31, 0)).outcome().accepted()).isTrue();
        }

        @Test
        void closingWithAReportableOutcomeTellsTheSupervisors() {
            DeciderHarness odder = new DeciderHarness("odder");
            Alarm a = odder.emergency("1000", T0);
            odder.act(a.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "p1"), ANNA, at(1, 0));
            assertThat(odder.act(a.id(), new Command.Close("anna", null, "x"), ANNA, at(30, 0)).outcome().kind())
                    .isEqualTo(Outcome.Kind.INVALID);
            odder.act(a.id(), new Command.Close("anna", CloseOutcome.ADMITTED, "ambulance took her"), ANNA, at(40, 0));
            assertThat(odder.flags(InboxKind.REPORTABLE_OUTCOME)).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains("ADMITTED", "indlagt", "§4.2"));
            assertThat(odder.timeline(a.id())).last().satisfies(e -> assertThat(e.detail())
                    .isEqualTo("ADMITTED; ambulance took her"));

            DeciderHarness quiet = new DeciderHarness("odder");
            Alarm b = quiet.emergency("1000", T0);
            quiet.act(b.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "p1"), ANNA, at(1, 0));
            quiet.act(b.id(), new Command.Close("anna", CloseOutcome.NO_ACCESS, null), ANNA, at(40, 0));
            assertThat(quiet.flags(InboxKind.REPORTABLE_OUTCOME)).as("not reportable in Odder").isEmpty();

            DeciderHarness horsens = new DeciderHarness("horsens");
            Alarm c = horsens.emergency("1000", T0);
            horsens.act(c.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "p1"), ANNA, at(1, 0));
            horsens.act(c.id(), new Command.Close("anna", CloseOutcome.NO_ACCESS, null), ANNA, at(40, 0));
            assertThat(horsens.flags(InboxKind.REPORTABLE_OUTCOME)).hasSize(1);
        }

        @Test
        void devicesAndTheServerCommandsAreNotAPersons() {
            DeciderHarness h = new DeciderHarness("viborg");
            Alarm a = h.press("1000", EventCategory.TECHNICAL, "YT", "1", T0);
            assertThat(h.act(a.id(), new Command.Restore("anna", "x"), ANNA, at(1, 0)).outcome().kind())
                    .isEqualTo(Outcome.Kind.NOT_ALLOWED);
        }
    }

    /** What the desk may do to alarms that are not calls, what a field worker may do, and a person's re-notify. */
    @Nested
    class DeskAndFieldWorkers {
        static final Actor P1_WORKER = Actor.worker("mette", "care", "p1");
        static final Actor B1_WORKER = Actor.worker("bo", "care", "b1");
        static final Actor H1_WORKER = Actor.worker("hanne", "home", "h1");

        @Test
        void aTestSignalTakesNoCallActionOnlyNotesAndIsNeverAnsweredAsACall() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm test = h.press("1000", EventCategory.TEST, "RP", "0", T0);
            assertThat(test.routing().handling()).isEqualTo(Handling.RECORD_ONLY);
            assertThat(AlarmLifecycle.allowed(test)).containsExactly(Command.Kind.NOTE);
            Decision d = h.act(test.id(), new Command.Respond("anna", ResponseKind.EMERGENCY_112, null), ANNA,
                    at(1, 0));
            assertThat(d.outcome().kind()).isEqualTo(Outcome.Kind.NOT_ALLOWED);
            assertThat(d.outcome().reason()).contains("not a call", "test");
            for (Command c : List.of(new Command.Acknowledge("anna"), new Command.OnSite("anna"),
                    new Command.Forward("anna", ForwardTarget.MUNICIPAL_HOME_CARE, "x"),
                    new Command.Close("anna", CloseOutcome.NO_INJURY, null))) {
                assertThat(h.act(test.id(), c, ANNA, at(1, 0)).outcome().kind()).as("%s", c)
                        .isEqualTo(Outcome.Kind.NOT_ALLOWED);
            }
            assertThat(h.act(test.id(), new Command.Note("anna", "installer tested the pendant"), ANNA, at(1, 0))
                    .outcome().accepted()).isTrue();
        }

        @Test
        void aTechnicalNoticeIsAcknowledgedAndClosedWithATechnicalOutcomeNeverAnsweredOrForwarded() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm n = h.press("1000", EventCategory.TECHNICAL, "YT", "1", T0);
            assertThat(AlarmLifecycle.allowed(n)).doesNotContain(Command.Kind.RESPOND, Command.Kind.ON_SITE,
                    Command.Kind.FORWARD_MUNICIPAL, Command.Kind.FORWARD_FIRE)
                    .contains(Command.Kind.ACKNOWLEDGE, Command.Kind.CLOSE, Command.Kind.NOTE);
            Decision respond = h.act(n.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "p1"), ANNA,
                    at(1, 0));
            assertThat(respond.outcome().kind()).isEqualTo(Outcome.Kind.NOT_ALLOWED);
            assertThat(respond.outcome().reason()).contains("technical notice", "not a call", "RESPOND");
            assertThat(h.act(n.id(), new Command.Forward("anna", ForwardTarget.FIRE_AND_RESCUE, "x"), ANNA, at(1, 0))
                    .outcome().kind()).isEqualTo(Outcome.Kind.NOT_ALLOWED);
            assertThat(h.act(n.id(), new Command.Acknowledge("anna"), ANNA, at(1, 0)).outcome().accepted()).isTrue();
            Decision asCall = h.act(n.id(), new Command.Close("anna", CloseOutcome.NO_INJURY, null), ANNA, at(2, 0));
            assertThat(asCall.outcome().kind()).isEqualTo(Outcome.Kind.INVALID);
            assertThat(asCall.outcome().reason()).contains("technical outcome", "DEVICE_FIXED");
            assertThat(h.act(n.id(), new Command.Close("anna", CloseOutcome.DEVICE_FIXED, "battery changed"), ANNA,
                    at(2, 0)).outcome().accepted()).isTrue();
            assertThat(h.alarm(n.id()).status().state()).isEqualTo(AlarmState.CLOSED);
        }

        @Test
        void aCallClosesWithWhatHappenedToTheCitizenNotATechnicalOutcome() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            h.act(a.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "p1"), ANNA, at(1, 0));
            Decision d = h.act(a.id(), new Command.Close("anna", CloseOutcome.NO_FAULT_FOUND, null), ANNA, at(9, 0));
            assertThat(d.outcome().kind()).isEqualTo(Outcome.Kind.INVALID);
            assertThat(d.outcome().reason()).contains("what happened to the citizen", "NO_INJURY");
        }

        @Test
        void aFieldWorkerActsOnlyOnTheCallsAssignedToThem() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0); // routed to worker p1
            Decision byB1 = h.act(a.id(), new Command.Acknowledge("bo"), B1_WORKER, at(1, 0));
            assertThat(byB1.outcome().kind()).isEqualTo(Outcome.Kind.FORBIDDEN);
            assertThat(byB1.outcome().reason()).contains("assigned to worker p1", "b1");
            assertThat(h.act(a.id(), new Command.Note("bo", "x"), B1_WORKER, at(1, 0)).outcome().kind())
                    .isEqualTo(Outcome.Kind.FORBIDDEN);
            assertThat(h.act(a.id(), new Command.Acknowledge("mette"), P1_WORKER, at(1, 0)).outcome().accepted())
                    .isTrue();
            // "on my way": the worker answers by going, naming themselves; nothing else
            Decision nurse = h.act(a.id(), new Command.Respond("mette", ResponseKind.NURSE_REQUESTED, null), P1_WORKER,
                    at(1, 30));
            assertThat(nurse.outcome().kind()).isEqualTo(Outcome.Kind.FORBIDDEN);
            Decision other = h.act(a.id(), new Command.Respond("mette", ResponseKind.HELP_SENT, "b1"), P1_WORKER,
                    at(1, 30));
            assertThat(other.outcome().kind()).isEqualTo(Outcome.Kind.FORBIDDEN);
            assertThat(h.act(a.id(), new Command.Respond("mette", ResponseKind.HELP_SENT, "p1"), P1_WORKER, at(2, 0))
                    .outcome().accepted()).isTrue();
            assertThat(h.act(a.id(), new Command.OnSite("mette"), P1_WORKER, at(9, 0)).outcome().accepted()).isTrue();
            assertThat(h.act(a.id(), new Command.Close("bo", CloseOutcome.NO_INJURY, null), B1_WORKER, at(12, 0))
                    .outcome().kind()).isEqualTo(Outcome.Kind.FORBIDDEN);
            assertThat(h.act(a.id(), new Command.Close("mette", CloseOutcome.NO_INJURY, null), P1_WORKER, at(12, 0))
                    .outcome().accepted()).isTrue();
        }

        @Test
        void theDeskSendingAnotherWorkerMovesTheCallToThatWorkerAlone() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            h.act(a.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "b1"), ANNA, at(1, 0));
            assertThat(h.act(a.id(), new Command.OnSite("mette"), P1_WORKER, at(5, 0)).outcome().kind())
                    .isEqualTo(Outcome.Kind.FORBIDDEN);
            assertThat(h.act(a.id(), new Command.OnSite("bo"), B1_WORKER, at(5, 0)).outcome().accepted()).isTrue();
        }

        @Test
        void theBackupMayTakeTheCallOnceTheLadderHasReNotifiedIt() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            assertThat(h.act(a.id(), new Command.Acknowledge("bo"), B1_WORKER, at(2, 0)).outcome().kind())
                    .isEqualTo(Outcome.Kind.FORBIDDEN);
            h.runUntil(at(3, 0)); // renotify-backup
            assertThat(h.alarm(a.id()).status().escalationStepsDone()).contains("renotify-backup");
            assertThat(h.act(a.id(), new Command.Respond("bo", ResponseKind.HELP_SENT, "b1"), B1_WORKER, at(3, 30))
                    .outcome().accepted()).isTrue();
        }

        @Test
        void afterAForwardTheNewHoldersWorkersOnDutyMayTakeItAndTheSuppliersMayNot() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            h.runUntil(at(30, 0)); // forwarded to municipal home care
            assertThat(h.alarm(a.id()).status().state()).isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
            Decision p1 = h.act(a.id(), new Command.Acknowledge("mette"), P1_WORKER, at(31, 0));
            assertThat(p1.outcome().kind()).as("the supplier's worker: home holds it").isEqualTo(Outcome.Kind.FORBIDDEN);
            assertThat(p1.outcome().reason()).contains("the desk of home");
            assertThat(h.act(a.id(), new Command.Acknowledge("hanne"), H1_WORKER, at(31, 0)).outcome().accepted())
                    .isTrue();
        }

        @Test
        void aPersonReNotifiesTheCallsDeskAndWorkerWithoutAnEscalationStep() {
            DeciderHarness h = new DeciderHarness("odder");
            Alarm a = h.emergency("1000", T0);
            int before = h.told(new Audience.Worker("p1")).size();
            Decision d = h.act(a.id(), new Command.Renotify("anna", null, "re-notified by hand", null), ANNA,
                    at(1, 0));
            assertThat(d.outcome().accepted()).isTrue();
            assertThat(h.told(new Audience.Worker("p1"))).hasSize(before + 1)
                    .last().satisfies(n -> assertThat(n.kind()).isEqualTo(MessageKind.RENOTIFIED));
            assertThat(h.told(new Audience.Desk("care"))).last()
                    .satisfies(n -> assertThat(n.kind()).isEqualTo(MessageKind.RENOTIFIED));
            assertThat(h.timelineKinds(a.id())).last().isEqualTo(TimelineEvent.Kind.RENOTIFIED);
            assertThat(h.alarm(a.id()).status().escalationStepsDone()).isEmpty();
            assertThat(h.act(a.id(), new Command.Renotify("anna", null, "x", "renotify-backup"), ANNA, at(1, 0))
                    .outcome().kind()).as("a ladder step is the server's").isEqualTo(Outcome.Kind.NOT_ALLOWED);
        }
    }

    @Test
    void theNotificationsNameTheCitizenOnlyToThoseWhoHelp() {
        DeciderHarness h = new DeciderHarness("viborg");
        Alarm a = h.emergency("1000", T0);
        assertThat(h.told(new Audience.Desk("care"))).allSatisfy(n -> assertThat(n.citizen().id()).isEqualTo("c1"));
        assertThat(a.id()).isPositive();
        assertThat(P1.workerId()).isEqualTo("p1");
        assertThat(B1.role()).isEqualTo(Shift.Role.BACKUP);
    }
}
