package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Test driver that plays the dispatch shell: notifies, arms the ladder's deadlines, fires each exactly when due
 * with nobody answering, applies what the ladder decides and arms the municipal deadlines after a forward.
 */
public final class LadderRun {

    public record Result(AlarmStatus status, List<TimelineEvent> timeline, List<EscalationDecision> decisions) {
        public List<AlarmState> states() {
            return timeline.stream().map(TimelineEvent::toState).toList();
        }
    }

    private LadderRun() {
    }

    public static Result nobodyAnswers(EscalationLadder ladder, Instant receivedAt, SupplierKind routedTo) {
        AlarmStatus status = AlarmStatus.received(receivedAt, routedTo);
        List<TimelineEvent> timeline = new ArrayList<>();
        List<EscalationDecision> decisions = new ArrayList<>();
        Transition notified = AlarmLifecycle.apply(status, new Command.Notify("system:dispatch", "notified"), receivedAt);
        status = notified.status();
        timeline.add(((Transition.Accepted) notified).event());
        PriorityQueue<ArmedDeadline> timers = new PriorityQueue<>(Comparator.comparing(ArmedDeadline::dueAt));
        timers.addAll(ladder.deadlinesOnRouting(receivedAt, routedTo));
        while (!timers.isEmpty()) {
            ArmedDeadline due = timers.poll();
            EscalationDecision d = EscalationLadder.decide(due.step(), status, due.dueAt());
            decisions.add(d);
            if (d.outcome() == EscalationDecision.Outcome.ACT) {
                Transition t = AlarmLifecycle.apply(status, d.command(), due.dueAt());
                if (!(t instanceof Transition.Accepted accepted)) {
                    throw new AssertionError("the ladder's command was refused: " + t);
                }
                status = accepted.status();
                timeline.add(accepted.event());
                if (d.command() instanceof Command.Forward f && f.target() == ForwardTarget.MUNICIPAL_HOME_CARE) {
                    timers.addAll(ladder.deadlinesAfterMunicipalForward(due.dueAt()));
                }
            }
        }
        return new Result(status, timeline, decisions);
    }
}
