package dk.vagtcentral.simulator.abuse;

/**
 * One kind of abusive traffic that a test or the CLI starts, lets run, and stops:
 * <pre>{@code
 * try (SilentConnections silent = new SilentConnections("127.0.0.1", port, 500)) {
 *     silent.start();              // returns once every connection attempt has settled
 *     ... check that a well-behaved device still gets its ACK ...
 *     silent.stop();
 *     SilentConnections.Report r = silent.report();
 * }
 * }</pre>
 * {@link #report()} may be called at any time, also while running; after {@link #stop()} it no longer changes.
 */
public interface AbuseRun extends AutoCloseable {

    /** Opens the connections and starts the traffic; may be called once. */
    void start() throws InterruptedException;

    /** Stops the traffic and closes every connection it opened; idempotent. */
    void stop();

    AbuseReport report();

    /** The same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
