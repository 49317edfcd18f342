package dk.vagtcentral.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations with Flyway: {@code db/migration/V<NNN>__<name>.sql} on the class path, and where
 * the two databases need different SQL one file per database instead, in {@code db/vendor/h2/} and
 * {@code db/vendor/postgresql/}. Applied migrations are never edited; a change is a new file.
 *
 * <p>Flyway checks what it applied against the files by checksum (an edited migration stops the start), takes a
 * lock in the database while it migrates (two servers starting together on one PostgreSQL migrate once), and — with
 * no migration pattern ignored — refuses a database that a newer server has migrated further than this one knows.
 * A database made by the home-grown migrator before Flyway ({@code schema_version}) is adopted at the version it had
 * reached, without running anything again.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    static final String HISTORY = "flyway_schema_history";

    private Migrations() {
    }

    /** Migrates the database to this server's newest version; a refusal is an {@link IllegalStateException}. */
    public static void apply(Database db) {
        try {
            Integer adopted = preFlywayVersion(db);
            Flyway flyway = configure(db, adopted).load();
            if (adopted != null) {
                flyway.baseline();
                LOG.info("event=migration.adopted version={} from=schema_version", adopted);
            }
            int applied = flyway.migrate().migrationsExecuted;
            LOG.info("event=migration.done applied={} version={}", applied, flyway.info().current().getVersion());
        } catch (FlywayException | SQLException e) {
            throw new IllegalStateException("database migration failed: " + oneLine(e.getMessage()), e);
        }
    }

    static org.flywaydb.core.api.configuration.FluentConfiguration configure(Database db, Integer baseline) {
        org.flywaydb.core.api.configuration.FluentConfiguration c = Flyway.configure()
                .dataSource(db.dataSource())
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor(db.dialect()))
                .table(HISTORY)
                // nothing ignored: a migration applied by a newer server ("future") refuses the start
                .ignoreMigrationPatterns(new String[0])
                .validateMigrationNaming(true);
        return baseline == null ? c : c.baselineVersion(String.valueOf(baseline))
                .baselineDescription("adopted from schema_version");
    }

    static String vendor(Database.Dialect dialect) {
        return dialect.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The version a database made before Flyway had reached (its {@code schema_version} table), when it has no
     * Flyway history yet; null for a new database or one Flyway already keeps.
     */
    private static Integer preFlywayVersion(Database db) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                if (!tableExists(c, "schema_version") || tableExists(c, HISTORY)) {
                    return null;
                }
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                    rs.next();
                    int version = rs.getInt(1);
                    return rs.wasNull() ? null : version;
                }
            } finally {
                c.commit();
            }
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE LOWER(TABLE_NAME) = ? AND LOWER(TABLE_SCHEMA) IN ('public')")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** Flyway's message (what failed and why, over several lines) on one line, bounded. */
    private static String oneLine(String message) {
        String line = message == null ? "" : String.join(" | ", message.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Need more flexibility")).toList());
        return line.length() > 600 ? line.substring(0, 600) + "..." : line;
    }
}
