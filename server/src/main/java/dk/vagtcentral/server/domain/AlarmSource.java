package dk.vagtcentral.server.domain;

/** How an alarm reached the server. */
public enum AlarmSource {
    DC09_TCP, DC09_UDP, API
}
