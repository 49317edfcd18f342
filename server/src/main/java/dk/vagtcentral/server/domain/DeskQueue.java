package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * The order of a desk's queue. Two lanes: calls, and technical notices (a notice is never a call and offers no call
 * actions). In the calls lane, what needs an answer from this desk comes first — calls nobody has acknowledged, then
 * calls acknowledged but not answered, each by time left (the most overdue first) — then the calls in progress (help
 * sent, on site), then what is shown for information (a call another service holds, an information signal). A field
 * worker's own calls come before everything else.
 *
 * <p>The desk page applies the same rule to pushed changes: each alarm it receives carries its {@link #lane} and its
 * {@link #group} as its holder sees it; a desk that does not hold the call shows it as {@link Group#INFORMATION}.
 */
public final class DeskQueue {

    /** Where on the desk an alarm is shown. */
    public enum Lane {
        /** Calls and information signals. */
        CALLS,
        /** Technical notices (battery, mains, tamper, no contact, a missed supervision or test). */
        TECHNICAL
    }

    /** How urgent an alarm is for a desk, most urgent first. */
    public enum Group {
        /** The holder has not acknowledged it: it rings. */
        WAITING,
        /** Acknowledged, not answered yet. */
        ACKNOWLEDGED,
        /** Answered: help sent, a nurse or a doctor asked, 112 called, the worker on site. */
        IN_PROGRESS,
        /** For information: another service holds the call, or it is an information signal. */
        INFORMATION
    }

    private DeskQueue() {
    }

    public static Lane lane(Alarm alarm) {
        Handling h = alarm.routing() == null ? null : alarm.routing().handling();
        return h == Handling.CALL || h == Handling.INFORMATION ? Lane.CALLS : Lane.TECHNICAL;
    }

    /** The group as the alarm's holder sees it. */
    public static Group group(Alarm alarm) {
        Handling h = alarm.routing() == null ? null : alarm.routing().handling();
        AlarmStatus s = alarm.status();
        if (h == Handling.CALL && s.isOpen()) {
            return switch (s.state()) {
                case RESPONDED, ON_SITE -> Group.IN_PROGRESS;
                default -> s.acknowledgedAt() == null ? Group.WAITING : Group.ACKNOWLEDGED;
            };
        }
        if (h == Handling.SERVICE_NOTICE && s.isOpen()) {
            return s.acknowledgedAt() == null ? Group.WAITING : Group.ACKNOWLEDGED;
        }
        return Group.INFORMATION;
    }

    /** The group as the desk of {@code supplierId} sees it: a call another service holds is for information. */
    public static Group groupFor(Alarm alarm, String supplierId) {
        if (supplierId != null && !supplierId.equals(alarm.holderSupplierId())) {
            return Group.INFORMATION;
        }
        return group(alarm);
    }

    /**
     * The queue order for the desk of {@code supplierId}: {@code mine} first (a field worker's own calls; always false
     * for a dispatcher), then lane, group, the response deadline (none last), the time received; information newest
     * first.
     */
    public static Comparator<Alarm> order(String supplierId, Predicate<Alarm> mine) {
        return Comparator.<Alarm>comparingInt(a -> mine.test(a) ? 0 : 1)
                .thenComparing(DeskQueue::lane)
                .thenComparing(a -> groupFor(a, supplierId))
                .thenComparing((x, y) -> groupFor(x, supplierId) == Group.INFORMATION ? Long.compare(y.id(), x.id())
                        : urgency(x, y));
    }

    private static int urgency(Alarm x, Alarm y) {
        int d = Comparator.nullsLast(Comparator.<Instant>naturalOrder()).compare(deadline(x), deadline(y));
        if (d != 0) {
            return d;
        }
        int r = x.receivedAt().compareTo(y.receivedAt());
        return r != 0 ? r : Long.compare(x.id(), y.id());
    }

    private static Instant deadline(Alarm a) {
        return a.routing() == null ? null : a.routing().responseDeadline();
    }
}
