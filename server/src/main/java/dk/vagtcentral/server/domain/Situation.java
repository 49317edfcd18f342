package dk.vagtcentral.server.domain;

import java.util.List;

/**
 * What the decider needs to know besides the alarm itself, read by the shell before it asks.
 *
 * @param routing    the account's bindings, the citizens and their choices, the suppliers of the municipalities
 *                   involved and their shifts around the time decided at (receipt for routing, now otherwise)
 * @param openAlarms the other open calls and service notices of the same account and of the citizens bound to it
 *                   (for repeated presses and restores); may be empty when the event cannot need them
 * @param deadlines  the alarm's ladder deadlines as stored (for arming the next step)
 * @param outages    when this system was down (for a late step's fault); may be empty
 */
public record Situation(RoutingData routing, List<Alarm> openAlarms, List<StepDeadline> deadlines,
                        List<Interval> outages) {

    public Situation {
        openAlarms = openAlarms == null ? List.of() : List.copyOf(openAlarms);
        deadlines = deadlines == null ? List.of() : List.copyOf(deadlines);
        outages = outages == null ? List.of() : List.copyOf(outages);
    }

    /** One stored ladder deadline of the alarm. */
    public record StepDeadline(String stepId, java.time.Instant dueAt, boolean pending) {
    }
}
