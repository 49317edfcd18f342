package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationLadderTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final EscalationLadder LADDER = EscalationLadder.defaultLadder(Duration.ofMinutes(30));
    static final EscalationStep BACKUP = LADDER.step("renotify-backup").orElseThrow();
    static final EscalationStep WARN = LADDER.step("warn-supervisors").orElseThrow();
    static final EscalationStep UNANSWERED = LADDER.step("forward-municipal").orElseThrow();
    static final EscalationStep FIRE = LADDER.step("forward-fire").orElseThrow();

    static Instant at(int minutes, int seconds) {
        return T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds);
    }

    static AlarmStatus notified() {
        return apply(AlarmStatus.received(T0, SupplierKind.PRIVATE_CARE), new Command.Notify("system:dispatch", null),
                T0);
    }

    static AlarmStatus apply(AlarmStatus s, Command c, Instant at) {
        Transition t = AlarmLifecycle.apply(s, c, at);
        assertThat(t.isAccepted()).as("%s", t).isTrue();
        return t.status();
    }

    @Test
    void routingToASupplierArmsTheReceiptStepsInDueOrder() {
        assertThat(LADDER.deadlinesOnRouting(T0, SupplierKind.PRIVATE_CARE)).containsExactly(
                new ArmedDeadline(BACKUP, at(3, 0)),
                new ArmedDeadline(WARN, at(10, 0)),
                new ArmedDeadline(UNANSWERED, at(30, 0)));
    }

    @Test
    void routingStraightToMunicipalHomeCareArmsItsOwnStepsFromReceipt() {
        assertThat(LADDER.deadlinesOnRouting(T0, SupplierKind.MUNICIPAL_HOME_CARE))
                .containsExactly(new ArmedDeadline(FIRE, at(10, 0)));
        assertThat(LADDER.deadlinesOnRouting(T0, SupplierKind.FIRE_AND_RESCUE)).isEmpty();
    }

    @Test
    void aForwardToMunicipalHomeCareArmsItsOwnWindowFromTheForward() {
        assertThat(LADDER.deadlinesAfterMunicipalForward(at(30, 0)))
                .containsExactly(new ArmedDeadline(FIRE, at(40, 0)));
    }

    @Test
    void theDefaultLadderForwardsOnlyWhenTheWindowEndsAndEarlierStepsLeaveTheCallWithTheSupplier() {
        assertThat(LADDER.steps()).filteredOn(s -> s.action().forwards()
                        && s.reference() == EscalationStep.Reference.ALARM_RECEIVED)
                .extracting(EscalationStep::after).containsOnly(Duration.ofMinutes(30));
        EscalationDecision warn = EscalationLadder.decide(WARN, notified(), at(10, 0));
        assertThat(warn.outcome()).isEqualTo(EscalationDecision.Outcome.ACT);
        AlarmStatus warned = apply(notified(), warn.command(), at(10, 0));
        assertThat(warned.state()).isEqualTo(AlarmState.NOTIFIED);
        assertThat(warned.holder()).isEqualTo(SupplierKind.PRIVATE_CARE);
        assertThat(warned.escalationStepsDone()).containsExactly("warn-supervisors");
        assertThat(LADDER.validateEarlyForwards(Duration.ofMinutes(30))).isEmpty();
    }

    @Test
    void backupIsRenotifiedAtThreeMinutesWithoutAcknowledgement() {
        EscalationDecision d = EscalationLadder.decide(BACKUP, notified(), at(3, 0));
        assertThat(d.outcome()).isEqualTo(EscalationDecision.Outcome.ACT);
        assertThat(d.dueAt()).isEqualTo(at(3, 0));
        assertThat(d.late()).isFalse();
        assertThat(d.command()).isInstanceOf(Command.Renotify.class);
        Command.Renotify r = ((Command.Renotify) d.command()).withWorker("w-b");
        assertThat(r.escalationStepId()).isEqualTo("renotify-backup");
        assertThat(r.actor()).isEqualTo(EscalationLadder.ACTOR);
        Transition.Accepted t = (Transition.Accepted) AlarmLifecycle.apply(notified(), r, at(3, 0));
        assertThat(t.event().kind()).isEqualTo(TimelineEvent.Kind.RENOTIFIED);
        assertThat(t.event().detail()).contains("worker w-b");
        assertThat(t.status().state()).isEqualTo(AlarmState.NOTIFIED);
    }

    @Test
    void backupStepIsSkippedWhenAcknowledgedAt2m59s() {
        AlarmStatus acked = apply(notified(), new Command.Acknowledge("desk:anna"), at(2, 59));
        EscalationDecision d = EscalationLadder.decide(BACKUP, acked, at(3, 0));
        assertThat(d.outcome()).isEqualTo(EscalationDecision.Outcome.SKIP);
        assertThat(d.command()).isNull();
        assertThat(d.reason()).contains("acknowledged at " + at(2, 59)).contains("desk:anna");
    }

    @Test
    void aTimerFiringBeforeItsDueTimeDoesNothingAndAsksToReArm() {
        EscalationDecision d = EscalationLadder.decide(BACKUP, notified(), at(2, 59));
        assertThat(d.outcome()).isEqualTo(EscalationDecision.Outcome.NOT_DUE);
        assertThat(d.dueAt()).isEqualTo(at(3, 0));
    }

    @Test
    void firingMoreThanFiveSecondsLateIsMarkedLateOnTheTimeline() {
        EscalationDecision onTime = EscalationLadder.decide(UNANSWERED, notified(), at(30, 5));
        assertThat(onTime.late()).isFalse();
        assertThat(onTime.lateBy()).isEqualTo(Duration.ofSeconds(5));

        EscalationDecision late = EscalationLadder.decide(UNANSWERED, notified(), at(30, 6));
        assertThat(late.outcome()).isEqualTo(EscalationDecision.Outcome.ACT);
        assertThat(late.late()).isTrue();
        assertThat(late.lateBy()).isEqualTo(Duration.ofSeconds(6));
        Command.Forward f = (Command.Forward) late.command();
        assertThat(f.late()).isTrue();
        assertThat(f.target()).isEqualTo(ForwardTarget.MUNICIPAL_HOME_CARE);
        Transition.Accepted t = (Transition.Accepted) AlarmLifecycle.apply(notified(), f, at(30, 6));
        assertThat(t.event().detail()).contains("LATE").contains("6 s late");
    }

    @Test
    void decidingAStepThatHasActedAgainIsANoOp() {
        AlarmStatus s = notified();
        EscalationDecision first = EscalationLadder.decide(UNANSWERED, s, at(30, 0));
        AlarmStatus forwarded = apply(s, first.command(), at(30, 0));
        EscalationDecision again = EscalationLadder.decide(UNANSWERED, forwarded, at(30, 1));
        assertThat(again.outcome()).isEqualTo(EscalationDecision.Outcome.ALREADY_DONE);
        assertThat(again.command()).isNull();
    }

    @Test
    void afterAManualForwardTheWindowStepIsSkipped() {
        AlarmStatus forwarded = apply(notified(), new Command.Forward("desk:anna", ForwardTarget.MUNICIPAL_HOME_CARE,
                "no worker free"), at(10, 0));
        EscalationDecision d = EscalationLadder.decide(UNANSWERED, forwarded, at(30, 0));
        assertThat(d.outcome()).isEqualTo(EscalationDecision.Outcome.SKIP);
        assertThat(d.reason()).contains("already been forwarded");
    }

    @Test
    void acknowledgedButUnansweredAtTheEndOfTheWindowIsForwardedToMunicipalHomeCare() {
        AlarmStatus acked = apply(notified(), new Command.Acknowledge("desk:anna"), at(1, 0));
        assertThat(EscalationLadder.decide(WARN, acked, at(10, 0)).outcome())
                .isEqualTo(EscalationDecision.Outcome.SKIP);
        EscalationDecision d = EscalationLadder.decide(UNANSWERED, acked, at(30, 0));
        assertThat(d.outcome()).isEqualTo(EscalationDecision.Outcome.ACT);
        assertThat(((Command.Forward) d.command()).target()).isEqualTo(ForwardTarget.MUNICIPAL_HOME_CARE);

        AlarmStatus answered = apply(acked, new Command.Respond("desk:anna", ResponseKind.EMERGENCY_112, null),
                at(29, 59));
        assertThat(EscalationLadder.decide(UNANSWERED, answered, at(30, 0)).outcome())
                .isEqualTo(EscalationDecision.Outcome.SKIP);
    }

    @Test
    void municipalHomeCareNotAcknowledgingWithinItsWindowGoesToFireAndRescue() {
        AlarmStatus forwarded = apply(notified(),
                EscalationLadder.decide(UNANSWERED, notified(), at(30, 0)).command(), at(30, 0));
        List<ArmedDeadline> armed = LADDER.deadlinesAfterMunicipalForward(forwarded.forwardedMunicipalAt());
        assertThat(armed).containsExactly(new ArmedDeadline(FIRE, at(40, 0)));

        EscalationDecision d = EscalationLadder.decide(FIRE, forwarded, at(40, 0));
        assertThat(d.outcome()).isEqualTo(EscalationDecision.Outcome.ACT);
        assertThat(((Command.Forward) d.command()).target()).isEqualTo(ForwardTarget.FIRE_AND_RESCUE);
        assertThat(apply(forwarded, d.command(), at(40, 0)).state()).isEqualTo(AlarmState.FORWARDED_FIRE);

        AlarmStatus municipalAcked = apply(forwarded, new Command.Acknowledge("desk:kommune"), at(39, 59));
        assertThat(EscalationLadder.decide(FIRE, municipalAcked, at(40, 0)).outcome())
                .isEqualTo(EscalationDecision.Outcome.SKIP);
    }

    @Test
    void municipalStepOnAnAlarmNeverForwardedDoesNotApply() {
        EscalationDecision d = EscalationLadder.decide(FIRE, notified(), at(20, 0));
        assertThat(d.outcome()).isEqualTo(EscalationDecision.Outcome.SKIP);
        assertThat(d.dueAt()).isNull();
    }

    @Test
    void alarmRoutedStraightToMunicipalHomeCareSkipsSupplierStepsAndCountsItsOwnFromReceipt() {
        AlarmStatus s = apply(AlarmStatus.received(T0, SupplierKind.MUNICIPAL_HOME_CARE),
                new Command.Notify("system:dispatch", null), T0);
        assertThat(EscalationLadder.decide(WARN, s, at(10, 0)).outcome()).isEqualTo(EscalationDecision.Outcome.SKIP);
        assertThat(EscalationLadder.decide(UNANSWERED, s, at(30, 0)).outcome())
                .isEqualTo(EscalationDecision.Outcome.SKIP);
        EscalationDecision fire = EscalationLadder.decide(FIRE, s, at(10, 0));
        assertThat(fire.outcome()).isEqualTo(EscalationDecision.Outcome.ACT);
        assertThat(fire.dueAt()).isEqualTo(at(10, 0));
    }

    @Test
    void aClosedAlarmSkipsEveryStep() {
        AlarmStatus s = apply(notified(), new Command.Respond("desk:anna", ResponseKind.HELP_SENT, "w-1"), at(1, 0));
        s = apply(s, new Command.Close("desk:anna", CloseOutcome.NO_INJURY, "fine"), at(2, 0));
        for (EscalationStep step : List.of(BACKUP, WARN, UNANSWERED)) {
            assertThat(EscalationLadder.decide(step, s, at(30, 0)).outcome()).isEqualTo(EscalationDecision.Outcome.SKIP);
        }
    }

    @Test
    void nobodyAnsweringWalksTheDefaultLadderToFireAndRescue() {
        LadderRun.Result run = LadderRun.nobodyAnswers(LADDER, T0, SupplierKind.PRIVATE_CARE);
        assertThat(run.states()).containsExactly(AlarmState.NOTIFIED, AlarmState.NOTIFIED, AlarmState.NOTIFIED,
                AlarmState.FORWARDED_MUNICIPAL, AlarmState.FORWARDED_FIRE);
        assertThat(run.timeline()).extracting(TimelineEvent::at)
                .containsExactly(T0, at(3, 0), at(10, 0), at(30, 0), at(40, 0));
        assertThat(run.status().escalationStepsDone()).containsExactlyInAnyOrder("renotify-backup",
                "warn-supervisors", "forward-municipal", "forward-fire");
    }

    @Test
    void ladderValidationNamesTheStepAndField() {
        EscalationLadder bad = new EscalationLadder(List.of(
                new EscalationStep("a", Duration.ofMinutes(3), EscalationStep.Condition.NOT_ACKNOWLEDGED,
                        EscalationStep.Action.RENOTIFY_BACKUP),
                new EscalationStep("a", Duration.ZERO, EscalationStep.Condition.MUNICIPAL_NOT_ACKNOWLEDGED,
                        EscalationStep.Action.FORWARD_MUNICIPAL)));
        assertThat(bad.validate()).extracting(FieldError::field)
                .containsExactly("ladder[1].id", "ladder[1].after", "ladder[1].action");
        assertThat(LADDER.validate()).isEmpty();
        assertThat(LADDER.reachesFireAndRescue()).isTrue();
    }
}
