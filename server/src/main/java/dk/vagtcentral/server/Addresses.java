package dk.vagtcentral.server;

/** Event-bus addresses: the seams between the server's parts. */
public final class Addresses {
    /** Published with the alarm id (a Long) after a new alarm is committed. */
    public static final String ALARM_STORED = "vagtcentral.alarm.stored";

    private Addresses() {
    }
}
