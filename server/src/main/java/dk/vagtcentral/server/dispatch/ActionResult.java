package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.store.DispatchStore.AlarmRow;

/**
 * The outcome of a person's or device's command on an alarm.
 *
 * @param reason why it was refused (null when accepted)
 * @param row    the alarm after the command (before it, when refused; null when not found)
 */
public record ActionResult(Status status, String reason, AlarmRow row) {
    public enum Status { ACCEPTED, NOT_FOUND, INVALID, NOT_ALLOWED }
}
