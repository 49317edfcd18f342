package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.domain.Outcome;

/**
 * The outcome of a command on an alarm.
 *
 * @param row the alarm after the command (before it, when refused; null when not found)
 */
public record ActionResult(Outcome outcome, Alarm row) {
}
