package dk.vagtcentral.server.cluster;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Guards the writes of a job that only one node may run at a time (see {@link SingletonJobs}). A job passes its fence
 * to whatever writes for it, and that code calls {@link #check} first in each transaction it commits: the check
 * verifies that this node still holds the job's lease at the epoch it acquired it with, and locks the lease row so no
 * other node can take it over until the transaction ends. When it no longer holds, {@link LeaseLostException} is
 * thrown; the caller rolls back and stops.
 */
public interface Fence {

    /**
     * In {@code c}'s transaction: throws {@link LeaseLostException} unless the lease is still held, and otherwise
     * keeps it from being taken over until {@code c} commits or rolls back. Call it before the transaction's writes.
     */
    void check(Connection c) throws SQLException;

    /** This node's own view, without the database: false once it knows the lease is lost. For skipping work early. */
    boolean held();

    /** The job the fence guards, for log lines. */
    String job();

    /**
     * No fence: for code that runs on its own (tests, a single-node tool), never for a job scheduled by
     * {@link SingletonJobs}.
     */
    Fence NONE = new Fence() {
        @Override
        public void check(Connection c) {
        }

        @Override
        public boolean held() {
            return true;
        }

        @Override
        public String job() {
            return "-";
        }
    };
}
