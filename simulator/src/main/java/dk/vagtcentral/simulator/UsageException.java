package dk.vagtcentral.simulator;

/** A bad command line; the CLI prints the message on one line and exits with code 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
