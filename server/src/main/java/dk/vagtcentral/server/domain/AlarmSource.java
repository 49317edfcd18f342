package dk.vagtcentral.server.domain;

/** How an alarm reached the server. */
public enum AlarmSource {
    DC09_TCP, DC09_UDP,
    /** A SCAIP {@code <mrq>} in a SIP MESSAGE, over TCP (or TLS) or UDP. */
    SCAIP_TCP, SCAIP_UDP,
    API,
    /** Raised by the server itself: a device silent past its supervision interval ("no contact"). */
    SUPERVISION;

    /** Whether the device itself sent it (so it proves the device is alive). */
    public boolean fromDevice() {
        return this == DC09_TCP || this == DC09_UDP || this == SCAIP_TCP || this == SCAIP_UDP;
    }
}
