package dk.vagtcentral.server.domain;

/** Where an alarm is in its lifecycle. Ingest creates alarms as RECEIVED; dispatch moves them on. */
public enum AlarmState {
    RECEIVED
}
