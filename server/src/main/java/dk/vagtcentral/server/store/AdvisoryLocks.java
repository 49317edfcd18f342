package dk.vagtcentral.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.SortedSet;

/**
 * Named locks held until the transaction ends, so that two nodes do not check-then-write the same thing at once:
 * PostgreSQL's transaction-scoped advisory locks, by a 64-bit hash of the name (a collision only makes two
 * unrelated changes wait for each other). Taken in the order of those hashes, so two transactions never wait for each other in
 * a circle; a wait ends after the session's {@code lock_timeout} like any lock wait. On H2 (one node) there is
 * nothing to do: the JVM's own serialisation (the dispatcher thread, the reference store's lock) suffices.
 */
final class AdvisoryLocks {
    private AdvisoryLocks() {
    }

    static void lock(Database db, Connection c, SortedSet<String> names) throws SQLException {
        if (db.dialect() != Database.Dialect.POSTGRESQL || names.isEmpty()) {
            return;
        }
        // one round trip for a whole routing batch; volatile functions are evaluated after the ORDER BY
        Long[] ids = names.stream().map(AdvisoryLocks::id).sorted().distinct().toArray(Long[]::new);
        try (PreparedStatement p = c.prepareStatement(
                "SELECT pg_advisory_xact_lock(k) FROM unnest(?::bigint[]) AS k ORDER BY k")) {
            p.setArray(1, c.createArrayOf("bigint", ids));
            p.executeQuery().close();
        }
    }

    static long id(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("vagtcentral:" + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
