package dk.vagtcentral.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An online backup of the embedded database: H2's {@code BACKUP TO} writes a transactionally consistent copy of the
 * database file into a zip while the server runs (nothing is locked; MVCC gives the snapshot). Restore: stop the
 * server, unzip into an empty data directory, start. PostgreSQL is backed up with its own tools ({@code pg_dump}).
 */
public final class Backup {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The zip written, and its size. */
    public record Written(Path file, long bytes, Instant at) {
    }

    private Backup() {
    }

    /** Writes {@code vagtcentral-<UTC time>.zip} into {@code dir}. Only for H2. */
    public static Written write(Database db, Path dir, Instant now) throws SQLException, IOException {
        if (db.dialect() != Database.Dialect.H2) {
            throw new UnsupportedOperationException("the database is PostgreSQL: back it up with pg_dump");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("vagtcentral-" + NAME.format(now) + ".zip").toAbsolutePath();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("BACKUP TO '" + file.toString().replace("'", "''") + "'");
            c.commit();
        }
        return new Written(file, Files.size(file), now);
    }
}
