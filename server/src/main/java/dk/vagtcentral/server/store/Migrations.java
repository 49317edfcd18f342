package dk.vagtcentral.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations: {@code db/migration/V<NNN>__<name>.sql} on the class path, applied in
 * order, each in its own transaction, recorded in {@code schema_version}. Applied migrations are never
 * edited; a change is a new file. A migration that differs by database has one file per dialect instead, in
 * {@code db/vendor/h2/} and {@code db/vendor/postgresql/} (Flyway's layout for vendor-specific scripts).
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    /** Every migration, in order. A new migration is added here and as a file. */
    static final List<String> ALL = List.of("V001__ingest", "V002__reference_data", "V003__dispatch",
            "V004__accountability", "V005__accounts", "V007__supplier_record", "V008__decider",
            "V009__timeline_index", "V010__webhook_secrets", "V011__unknown_devices");

    private Migrations() {
    }

    public static void apply(Database db) {
        try (Connection c = db.connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                        + "name VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            c.commit();
            int current = currentVersion(c);
            for (String name : ALL) {
                int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
                if (version <= current) {
                    continue;
                }
                applyOne(c, version, name, db.dialect());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void applyOne(Connection c, int version, String name, Database.Dialect dialect)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements(read(name, dialect))) {
                s.execute(sql);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, version);
                p.setString(2, name);
                p.setObject(3, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
                p.executeUpdate();
            }
            c.commit();
            LOG.info("event=migration.applied version={} name={}", version, name);
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    static String read(String name, Database.Dialect dialect) {
        String common = "/db/migration/" + name + ".sql";
        String vendor = "/db/vendor/" + dialect.name().toLowerCase(java.util.Locale.ROOT) + "/" + name + ".sql";
        try (InputStream shared = Migrations.class.getResourceAsStream(common);
             InputStream own = Migrations.class.getResourceAsStream(vendor)) {
            if ((shared == null) == (own == null)) {
                throw new IllegalStateException(shared == null
                        ? "migration missing from the class path: " + common + " or " + vendor
                        : "migration " + name + " is both common and for " + dialect + ": keep one of " + common
                                + " and " + vendor);
            }
            return new String((shared != null ? shared : own).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Splits a script on ';' at line ends, dropping '--' comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
