package dk.vagtcentral.server.domain;

/** What a live message about an alarm tells its audience; {@link #wire()} is the message's {@code event}. */
public enum MessageKind {
    /** A new alarm for the desk and the on-duty worker. */
    NEW("alarm.new"),
    /** A fire alarm for fire-and-rescue, which holds it. */
    FIRE("alarm.fire"),
    /** Re-notification by an escalation step (backup workers) or by hand. */
    RENOTIFIED("alarm.renotified"),
    /** The alarm was forwarded: to its new holder, and for the information of the old one. */
    FORWARDED("alarm.forwarded"),
    /** Any other change (acknowledged, responded, on site, closed, cancelled, note). */
    UPDATED("alarm.updated"),
    /** For supervisors: the citizen's chosen supplier could not get the alarm, or nobody could. */
    UNROUTABLE("alarm.unroutable"),
    /** The citizen pressed again while the call is open: the press joined it. */
    REPEATED("alarm.repeated"),
    /** The device reported a restore or a cancel of the call's condition: a hint, the call stays open. */
    DEVICE_HINT("alarm.device_hint"),
    /** For information only: the supplier's desk sees a fire alarm fire-and-rescue holds, or an unknown event. */
    INFORMATION("alarm.information");

    private final String wire;

    MessageKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
