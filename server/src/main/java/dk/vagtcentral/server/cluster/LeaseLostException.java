package dk.vagtcentral.server.cluster;

/**
 * A fenced write found that this node no longer holds the job's lease (another node took it over, or it expired while
 * this node was frozen or cut off). The transaction must be rolled back and the job stop on this node. Unchecked, so
 * that it passes through the callbacks between a job and the store that writes for it.
 */
public final class LeaseLostException extends RuntimeException {
    private final String job;
    private final long epoch;

    public LeaseLostException(String job, long epoch) {
        super("lease of job " + job + " at epoch " + epoch + " is no longer held by this node");
        this.job = job;
        this.epoch = epoch;
    }

    public String job() {
        return job;
    }

    public long epoch() {
        return epoch;
    }
}
