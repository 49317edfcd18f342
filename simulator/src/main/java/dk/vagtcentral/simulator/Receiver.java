package dk.vagtcentral.simulator;

/** Which of a transmitter's two receiver addresses a transmission went to. */
enum Receiver {
    PRIMARY,
    SECONDARY;

    Receiver other() {
        return this == PRIMARY ? SECONDARY : PRIMARY;
    }
}
