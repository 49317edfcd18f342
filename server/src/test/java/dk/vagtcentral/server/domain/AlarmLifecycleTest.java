package dk.vagtcentral.server.domain;

import static dk.vagtcentral.server.domain.Command.Kind.ACKNOWLEDGE;
import static dk.vagtcentral.server.domain.Command.Kind.CANCEL;
import static dk.vagtcentral.server.domain.Command.Kind.CLOSE;
import static dk.vagtcentral.server.domain.Command.Kind.FORWARD_FIRE;
import static dk.vagtcentral.server.domain.Command.Kind.FORWARD_MUNICIPAL;
import static dk.vagtcentral.server.domain.Command.Kind.NOTE;
import static dk.vagtcentral.server.domain.Command.Kind.NOTIFY;
import static dk.vagtcentral.server.domain.Command.Kind.ON_SITE;
import static dk.vagtcentral.server.domain.Command.Kind.RENOTIFY;
import static dk.vagtcentral.server.domain.Command.Kind.RESPOND;
import static dk.vagtcentral.server.domain.Command.Kind.RESTORE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AlarmLifecycleTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);

    /** The transition table, written out independently of the implementation. */
    static final Map<AlarmState, Set<Command.Kind>> LEGAL = new EnumMap<>(AlarmState.class);

    static {
        LEGAL.put(AlarmState.RECEIVED, EnumSet.of(NOTIFY, RENOTIFY, ACKNOWLEDGE, RESPOND, CANCEL, FORWARD_MUNICIPAL,
                FORWARD_FIRE, NOTE, RESTORE));
        LEGAL.put(AlarmState.NOTIFIED,
                EnumSet.of(RENOTIFY, ACKNOWLEDGE, RESPOND, CANCEL, FORWARD_MUNICIPAL, FORWARD_FIRE, NOTE, RESTORE));
        LEGAL.put(AlarmState.ACKNOWLEDGED,
                EnumSet.of(RENOTIFY, RESPOND, CANCEL, FORWARD_MUNICIPAL, FORWARD_FIRE, NOTE, RESTORE));
        LEGAL.put(AlarmState.RESPONDED, EnumSet.of(RESPOND, ON_SITE, CLOSE, CANCEL, NOTE, RESTORE));
        LEGAL.put(AlarmState.ON_SITE, EnumSet.of(CLOSE, CANCEL, NOTE, RESTORE));
        LEGAL.put(AlarmState.FORWARDED_MUNICIPAL, EnumSet.of(RENOTIFY, ACKNOWLEDGE, RESPOND, CANCEL, FORWARD_FIRE, NOTE));
        LEGAL.put(AlarmState.FORWARDED_FIRE, EnumSet.of(RENOTIFY, ACKNOWLEDGE, RESPOND, CANCEL, NOTE));
        LEGAL.put(AlarmState.CLOSED, EnumSet.of(NOTE));
        LEGAL.put(AlarmState.CANCELLED, EnumSet.of(NOTE));
    }

    static Command sample(Command.Kind kind) {
        return switch (kind) {
            case NOTIFY -> new Command.Notify("system:dispatch", "desk and worker w-1");
            case RENOTIFY -> new Command.Renotify("desk:anna", "w-2", "again", null);
            case ACKNOWLEDGE -> new Command.Acknowledge("desk:anna");
            case RESPOND -> new Command.Respond("desk:anna", ResponseKind.HELP_SENT, "w-1");
            case ON_SITE -> new Command.OnSite("worker:w-1");
            case CLOSE -> new Command.Close("desk:anna", CloseOutcome.FALL_WITHOUT_INJURY, "helped up from the floor");
            case CANCEL -> new Command.Cancel("desk:anna", "pressed by mistake");
            case FORWARD_MUNICIPAL -> new Command.Forward("desk:anna", ForwardTarget.MUNICIPAL_HOME_CARE, "no worker");
            case FORWARD_FIRE -> new Command.Forward("desk:anna", ForwardTarget.FIRE_AND_RESCUE, "no worker");
            case NOTE -> new Command.Note("desk:anna", "daughter informed");
            case RESTORE -> new Command.Restore("device:1000", "battery restored");
        };
    }

    static AlarmStatus ok(AlarmStatus s, Command c) {
        Transition t = AlarmLifecycle.apply(s, c, T1);
        assertThat(t.isAccepted()).as("%s in %s: %s", c, s.state(), t).isTrue();
        return t.status();
    }

    static AlarmStatus in(AlarmState state) {
        AlarmStatus s = AlarmStatus.received(T0, SupplierKind.PRIVATE_CARE);
        return switch (state) {
            case RECEIVED -> s;
            case NOTIFIED -> ok(s, sample(NOTIFY));
            case ACKNOWLEDGED -> ok(in(AlarmState.NOTIFIED), sample(ACKNOWLEDGE));
            case RESPONDED -> ok(in(AlarmState.ACKNOWLEDGED), sample(RESPOND));
            case ON_SITE -> ok(in(AlarmState.RESPONDED), sample(ON_SITE));
            case CLOSED -> ok(in(AlarmState.ON_SITE), sample(CLOSE));
            case FORWARDED_MUNICIPAL -> ok(in(AlarmState.NOTIFIED), sample(FORWARD_MUNICIPAL));
            case FORWARDED_FIRE -> ok(in(AlarmState.NOTIFIED), sample(FORWARD_FIRE));
            case CANCELLED -> ok(in(AlarmState.NOTIFIED), sample(CANCEL));
        };
    }

    @ParameterizedTest
    @EnumSource(AlarmState.class)
    void everyCommandIsAcceptedExactlyWhereTheTableAllowsItAndRefusedWithAReasonElsewhere(AlarmState state) {
        AlarmStatus status = in(state);
        assertThat(status.state()).isEqualTo(state);
        SoftAssertions soft = new SoftAssertions();
        for (Command.Kind kind : Command.Kind.values()) {
            Transition t = AlarmLifecycle.apply(status, sample(kind), T1);
            boolean legal = LEGAL.get(state).contains(kind);
            soft.assertThat(t.isAccepted()).as("%s in %s", kind, state).isEqualTo(legal);
            if (t instanceof Transition.Refused r) {
                soft.assertThat(r.outcome().kind()).as("%s in %s", kind, state).isEqualTo(Outcome.Kind.NOT_ALLOWED);
                soft.assertThat(r.reason()).as("%s in %s", kind, state).isNotBlank();
                soft.assertThat(r.status()).isSameAs(status);
            }
        }
        soft.assertThat(AlarmLifecycle.allowed(status)).isEqualTo(LEGAL.get(state));
        soft.assertAll();
    }

    /** A technical notice or an information signal: acknowledged, closed or cancelled, never answered as a call. */
    static final Map<AlarmState, Set<Command.Kind>> NOTICE = new EnumMap<>(AlarmState.class);

    static {
        NOTICE.put(AlarmState.RECEIVED, EnumSet.of(NOTIFY, RENOTIFY, ACKNOWLEDGE, CLOSE, CANCEL, NOTE, RESTORE));
        NOTICE.put(AlarmState.NOTIFIED, EnumSet.of(RENOTIFY, ACKNOWLEDGE, CLOSE, CANCEL, NOTE, RESTORE));
        NOTICE.put(AlarmState.ACKNOWLEDGED, EnumSet.of(RENOTIFY, CLOSE, CANCEL, NOTE, RESTORE));
    }

    @ParameterizedTest
    @EnumSource(value = AlarmState.class, names = {"RECEIVED", "NOTIFIED", "ACKNOWLEDGED"})
    void aNoticeTakesNoCallActionAndARecordOnlyNotes(AlarmState state) {
        AlarmStatus status = in(state);
        SoftAssertions soft = new SoftAssertions();
        for (Handling h : List.of(Handling.SERVICE_NOTICE, Handling.INFORMATION)) {
            soft.assertThat(AlarmLifecycle.allowed(h, status)).as("%s in %s", h, state).isEqualTo(NOTICE.get(state));
            for (Command.Kind kind : List.of(RESPOND, ON_SITE, FORWARD_MUNICIPAL, FORWARD_FIRE)) {
                Transition t = AlarmLifecycle.apply(h, status, sample(kind), T1);
                soft.assertThat(t.isAccepted()).as("%s on %s", kind, h).isFalse();
                soft.assertThat(((Transition.Refused) t).reason()).as("%s on %s", kind, h).contains("not a call");
            }
        }
        for (Handling h : List.of(Handling.RECORD_ONLY, Handling.RESTORE, Handling.DEVICE_CANCEL, Handling.REPEATED)) {
            soft.assertThat(AlarmLifecycle.allowed(h, status)).as("%s in %s", h, state).containsExactly(NOTE);
        }
        soft.assertAll();
    }

    @Test
    void aNoticeClosesFromNotifiedWithATechnicalOutcomeOnly() {
        AlarmStatus notified = in(AlarmState.NOTIFIED);
        Transition call = AlarmLifecycle.apply(Handling.SERVICE_NOTICE, notified,
                new Command.Close("desk:anna", CloseOutcome.FALSE_ALARM, null), T1);
        assertThat(((Transition.Refused) call).outcome().kind()).isEqualTo(Outcome.Kind.INVALID);
        Transition.Accepted t = (Transition.Accepted) AlarmLifecycle.apply(Handling.SERVICE_NOTICE, notified,
                new Command.Close("desk:anna", CloseOutcome.CONTACT_RESTORED, "router restarted"), T1);
        assertThat(t.status().state()).isEqualTo(AlarmState.CLOSED);
        assertThat(t.event().detail()).isEqualTo("CONTACT_RESTORED; router restarted");
        assertThat(AlarmLifecycle.apply(notified, new Command.Close("desk:anna", CloseOutcome.NO_INJURY, null), T1)
                .isAccepted()).as("a call closes only after a response").isFalse();
    }

    @Test
    void theMainPathRecordsATimelineEventForEachStep() {
        AlarmStatus s = AlarmStatus.received(T0, SupplierKind.PRIVATE_CARE);
        Transition.Accepted notified = (Transition.Accepted) AlarmLifecycle.apply(s, sample(NOTIFY), T0.plusSeconds(1));
        Transition.Accepted acked = (Transition.Accepted) AlarmLifecycle.apply(notified.status(),
                new Command.Acknowledge("desk:anna"), T0.plusSeconds(40));
        Transition.Accepted responded = (Transition.Accepted) AlarmLifecycle.apply(acked.status(),
                new Command.Respond("desk:anna", ResponseKind.HELP_SENT, "w-1"), T0.plusSeconds(90));
        Transition.Accepted onSite = (Transition.Accepted) AlarmLifecycle.apply(responded.status(),
                new Command.OnSite("worker:w-1"), T0.plusSeconds(900));
        Transition.Accepted closed = (Transition.Accepted) AlarmLifecycle.apply(onSite.status(),
                new Command.Close("worker:w-1", CloseOutcome.NO_INJURY, "  helped to bed  "), T0.plusSeconds(1800));

        assertThat(acked.event()).isEqualTo(new TimelineEvent(T0.plusSeconds(40), "desk:anna",
                TimelineEvent.Kind.ACKNOWLEDGED, AlarmState.NOTIFIED, AlarmState.ACKNOWLEDGED, "for the supplier"));
        assertThat(responded.event().detail()).contains("HELP_SENT").contains("w-1");
        assertThat(responded.status().respondedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(responded.status().helpWorkerId()).isEqualTo("w-1");
        assertThat(onSite.event().toState()).isEqualTo(AlarmState.ON_SITE);
        assertThat(closed.event()).isEqualTo(new TimelineEvent(T0.plusSeconds(1800), "worker:w-1",
                TimelineEvent.Kind.CLOSED, AlarmState.ON_SITE, AlarmState.CLOSED, "NO_INJURY; helped to bed"));
        assertThat(closed.status().state()).isEqualTo(AlarmState.CLOSED);
    }

    @Test
    void respondingDirectlyFromNotifiedImpliesAcknowledging() {
        Transition.Accepted t = (Transition.Accepted) AlarmLifecycle.apply(in(AlarmState.NOTIFIED),
                new Command.Respond("desk:anna", ResponseKind.DOCTOR_CONTACTED, null), T1);
        assertThat(t.status().state()).isEqualTo(AlarmState.RESPONDED);
        assertThat(t.status().acknowledgedAt()).isEqualTo(T1);
        assertThat(t.status().acknowledgedBy()).isEqualTo("desk:anna");
        assertThat(t.event().fromState()).isEqualTo(AlarmState.NOTIFIED);
        assertThat(t.event().detail()).contains("implies acknowledgement");
    }

    @Test
    void onSiteOnlyAfterHelpSent() {
        AlarmStatus nurse = ok(in(AlarmState.ACKNOWLEDGED),
                new Command.Respond("desk:anna", ResponseKind.NURSE_REQUESTED, null));
        Transition t = AlarmLifecycle.apply(nurse, new Command.OnSite("worker:w-1"), T1);
        assertThat(t).isInstanceOf(Transition.Refused.class);
        assertThat(((Transition.Refused) t).reason()).contains("HELP_SENT");
    }

    @Test
    void amendingAResponseKeepsTheFirstResponseTime() {
        AlarmStatus doctor = ok(in(AlarmState.ACKNOWLEDGED),
                new Command.Respond("desk:anna", ResponseKind.DOCTOR_CONTACTED, null));
        Transition.Accepted t = (Transition.Accepted) AlarmLifecycle.apply(doctor,
                new Command.Respond("desk:anna", ResponseKind.HELP_SENT, "w-1"), T1.plusSeconds(300));
        assertThat(t.status().respondedAt()).isEqualTo(T1);
        assertThat(t.status().response()).isEqualTo(ResponseKind.HELP_SENT);
        assertThat(t.event().detail()).contains("amends the earlier response DOCTOR_CONTACTED");
    }

    @Test
    void municipalHomeCareAcknowledgesAndRespondsAfterAForward() {
        AlarmStatus forwarded = ok(in(AlarmState.ACKNOWLEDGED),
                new Command.Forward("system:escalation", ForwardTarget.MUNICIPAL_HOME_CARE, "no response in 30 min"));
        assertThat(forwarded.holder()).isEqualTo(SupplierKind.MUNICIPAL_HOME_CARE);
        assertThat(forwarded.acknowledgedAt()).isNull();
        assertThat(forwarded.forwardedMunicipalAt()).isEqualTo(T1);
        AlarmStatus acked = ok(forwarded, new Command.Acknowledge("desk:kommune"));
        assertThat(acked.state()).isEqualTo(AlarmState.ACKNOWLEDGED);
        assertThat(acked.holder()).isEqualTo(SupplierKind.MUNICIPAL_HOME_CARE);
        AlarmStatus responded = ok(acked, new Command.Respond("desk:kommune", ResponseKind.HELP_SENT, "w-m"));
        assertThat(ok(ok(responded, sample(ON_SITE)), sample(CLOSE)).state()).isEqualTo(AlarmState.CLOSED);

        Transition again = AlarmLifecycle.apply(acked, sample(FORWARD_MUNICIPAL), T1);
        assertThat(((Transition.Refused) again).reason()).contains("already with municipal home care");
        assertThat(AlarmLifecycle.apply(acked, sample(FORWARD_FIRE), T1).isAccepted()).isTrue();
    }

    @Test
    void anAlarmRoutedStraightToMunicipalHomeCareIsNotForwardedThere() {
        AlarmStatus s = ok(AlarmStatus.received(T0, SupplierKind.MUNICIPAL_HOME_CARE), sample(NOTIFY));
        Transition t = AlarmLifecycle.apply(s, sample(FORWARD_MUNICIPAL), T1);
        assertThat(((Transition.Refused) t).reason()).contains("already with municipal home care");
        assertThat(AlarmLifecycle.apply(s, sample(FORWARD_FIRE), T1).isAccepted()).isTrue();
    }

    @Test
    void fireAndRescueHoldingTheAlarmIsNotForwardedAgain() {
        AlarmStatus fireAcked = ok(in(AlarmState.FORWARDED_FIRE), new Command.Acknowledge("desk:brand"));
        assertThat(AlarmLifecycle.apply(fireAcked, sample(FORWARD_FIRE), T1).isAccepted()).isFalse();
        assertThat(AlarmLifecycle.apply(fireAcked, sample(FORWARD_MUNICIPAL), T1).isAccepted()).isFalse();
    }

    @Test
    void cancelFromEveryOpenStateNeedsAReasonAndIsFinal() {
        for (AlarmState state : AlarmState.values()) {
            if (state.isOpen()) {
                Transition.Accepted t = (Transition.Accepted) AlarmLifecycle.apply(in(state),
                        new Command.Cancel("device:1001", "cancel pressed on the pendant"), T1);
                assertThat(t.event().kind()).isEqualTo(TimelineEvent.Kind.CANCELLED);
                assertThat(t.event().detail()).isEqualTo("cancel pressed on the pendant");
            }
        }
        assertThat(AlarmLifecycle.apply(in(AlarmState.CANCELLED), sample(CANCEL), T1).isAccepted()).isFalse();
    }

    @Test
    void malformedCommandsAreRefusedAsInvalidWithAReason() {
        AlarmStatus s = in(AlarmState.ACKNOWLEDGED);
        assertInvalid(s, new Command.Cancel("desk:anna", "  "), "reason");
        assertInvalid(in(AlarmState.RESPONDED), new Command.Close("desk:anna", null, "text"), "outcome");
        assertInvalid(s, new Command.Respond("desk:anna", ResponseKind.HELP_SENT, null), "worker");
        assertInvalid(s, new Command.Respond("desk:anna", ResponseKind.HELP_SENT, " "), "worker");
        assertInvalid(s, new Command.Respond("desk:anna", null, null), "response");
        assertInvalid(s, new Command.Acknowledge(" "), "actor");
        assertInvalid(s, new Command.Forward("desk:anna", ForwardTarget.MUNICIPAL_HOME_CARE, ""), "reason");
        assertInvalid(s, new Command.Forward("desk:anna", null, "x"), "target");
        assertInvalid(s, new Command.Note("desk:anna", null), "text");
        assertInvalid(s, null, "command");
    }

    @Test
    void aCommandDatedBeforeReceiptIsRefused() {
        Transition t = AlarmLifecycle.apply(in(AlarmState.NOTIFIED), sample(ACKNOWLEDGE), T0.minusSeconds(1));
        assertThat(((Transition.Refused) t).reason()).contains("before the alarm was received");
    }

    @Test
    void anEscalationStepActsOnlyOnce() {
        AlarmStatus s = ok(in(AlarmState.NOTIFIED), new Command.Renotify("system:escalation", null, "backup", "b"));
        assertThat(s.escalationStepsDone()).containsExactly("b");
        Transition t = AlarmLifecycle.apply(s, new Command.Renotify("system:escalation", null, "backup", "b"), T1);
        assertThat(((Transition.Refused) t).outcome().kind()).isEqualTo(Outcome.Kind.NOT_ALLOWED);
        assertThat(((Transition.Refused) t).reason()).contains("already acted");
    }

    @Test
    void notesAreAllowedAfterClose() {
        Transition.Accepted t = (Transition.Accepted) AlarmLifecycle.apply(in(AlarmState.CLOSED),
                new Command.Note("supervisor:ole", "reviewed"), T1);
        assertThat(t.event().fromState()).isEqualTo(AlarmState.CLOSED);
        assertThat(t.event().toState()).isEqualTo(AlarmState.CLOSED);
    }

    private static void assertInvalid(AlarmStatus s, Command c, String reasonPart) {
        Transition t = AlarmLifecycle.apply(s, c, T1);
        assertThat(t).isInstanceOf(Transition.Refused.class);
        Transition.Refused r = (Transition.Refused) t;
        assertThat(r.outcome().kind()).isEqualTo(Outcome.Kind.INVALID);
        assertThat(r.reason()).contains(reasonPart);
        assertThat(r.status()).isSameAs(s);
    }
}
