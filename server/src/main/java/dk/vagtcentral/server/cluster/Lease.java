package dk.vagtcentral.server.cluster;

import java.time.Instant;

/**
 * A lease as one node acquired it: the job, this node's id, the epoch of this acquisition (every acquisition raises it)
 * and until when the database holds it for this node, by the database's clock.
 */
public record Lease(String job, String holder, long epoch, Instant expiresAt) {
}
