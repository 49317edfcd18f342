package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    /** Versions of the scripts in one folder. */
    private static List<String> versions(String dir) throws Exception {
        try (Stream<Path> s = Files.list(resource(dir))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d{3}__[a-z0-9_]+\\.sql"))
                    .map(n -> n.substring(1, 4)).sorted().toList();
        }
    }

    @Test
    void everyVersionExistsOnceForEachDatabase() throws Exception {
        List<String> common = versions("/db/migration");
        List<String> h2 = versions("/db/vendor/h2");
        List<String> postgresql = versions("/db/vendor/postgresql");
        assertThat(h2).as("a vendor script exists for both databases").isEqualTo(postgresql);
        assertThat(common).as("a version is common or per database, not both").doesNotContainAnyElementsOf(h2);
        try (Stream<Path> s = Files.list(resource("/db/migration"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("Flyway's naming, or it is not run")
                    .allMatch(n -> n.matches("V\\d{3}__[a-z0-9_]+\\.sql"));
        }
    }

    static Database open(Path dir) {
        return new Database(new dk.vagtcentral.server.config.ServerConfig.Store("jdbc:h2:file:"
                + dir.resolve("db").toAbsolutePath(), "", "", 2, 100, false), null);
    }

    static List<String> history(Database db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(
                "SELECT \"version\", \"type\" FROM \"" + Migrations.HISTORY + "\" WHERE \"version\" IS NOT NULL "
                        + "ORDER BY \"installed_rank\"");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getString(2));
            }
            c.commit();
        }
        return out;
    }

    static void execute(Database db, String... sql) throws SQLException {
        try (Connection c = db.connection(); java.sql.Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
            c.commit();
        }
    }

    @Test
    void aNewDatabaseIsMigratedToTheNewestVersionOnce(@TempDir Path dir) throws Exception {
        try (Database db = open(dir)) {
            Migrations.apply(db);
            Migrations.apply(db);
            List<String> all = new ArrayList<>(versions("/db/migration"));
            all.addAll(versions("/db/vendor/h2"));
            assertThat(history(db)).containsExactlyElementsOf(all.stream().sorted().map(v -> v + ":SQL").toList());
        }
    }

    @Test
    void aDatabaseMadeBeforeFlywayIsAdoptedAtItsVersionAndMigratedOnFromThere(@TempDir Path dir) throws Exception {
        try (Database db = open(dir)) {
            // an install of the home-grown migrator at version 9: its tables, and schema_version instead of Flyway's
            Migrations.configure(db, null).target("9").load().migrate();
            execute(db, "DROP TABLE \"" + Migrations.HISTORY + "\"",
                    "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, "
                            + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)",
                    "INSERT INTO schema_version VALUES (9, 'V009__timeline_index', CURRENT_TIMESTAMP)");

            Migrations.apply(db);

            List<String> after9 = new ArrayList<>(versions("/db/migration"));
            after9.addAll(versions("/db/vendor/h2"));
            after9.removeIf(v -> v.compareTo("009") <= 0);
            assertThat(history(db)).startsWith("9:BASELINE").contains("010:SQL", "011:SQL")
                    .containsAll(after9.stream().map(v -> v + ":SQL").toList()).hasSize(1 + after9.size());
        }
    }

    @Test
    void anEditedMigrationStopsTheStart(@TempDir Path dir) throws Exception {
        try (Database db = open(dir)) {
            Migrations.apply(db);
            execute(db, "UPDATE \"" + Migrations.HISTORY + "\" SET \"checksum\" = \"checksum\" + 1 "
                    + "WHERE \"version\" = '001'");
            assertThatThrownBy(() -> Migrations.apply(db)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("database migration failed").hasMessageContaining("checksum mismatch")
                    .hasMessageContaining("001");
        }
    }

    @Test
    void aDatabaseANewerServerMigratedIsRefused(@TempDir Path dir) throws Exception {
        try (Database db = open(dir)) {
            Migrations.apply(db);
            execute(db, "INSERT INTO \"" + Migrations.HISTORY + "\" (\"installed_rank\", \"version\", "
                    + "\"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", "
                    + "\"success\") VALUES (99, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 1, 'sa', 1, "
                    + "TRUE)");
            assertThatThrownBy(() -> Migrations.apply(db)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("999");
        }
    }

    @Test
    void onH2ATimelineLineIsWrittenIntoOneIndexOnItsAlarmAndTheTimelineReadUsesIt(@TempDir Path dir)
            throws SQLException {
        Database db = StoreRows.open(dir);
        try (Connection c = db.connection()) {
            List<String> indexes = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT INDEX_NAME FROM INFORMATION_SCHEMA."
                    + "INDEX_COLUMNS WHERE TABLE_NAME = 'ALARM_TIMELINE' AND COLUMN_NAME = 'ALARM_ID'");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                }
            }
            assertThat(indexes).as("the foreign key's own index, no second one").hasSize(1);
            try (PreparedStatement p = c.prepareStatement(
                    "EXPLAIN SELECT * FROM alarm_timeline WHERE alarm_id = 7 ORDER BY id");
                 ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).contains(indexes.get(0));
            }
            c.commit();
        } finally {
            db.close();
        }
    }

    private static Path resource(String dir) throws URISyntaxException, IOException {
        return Path.of(MigrationsTest.class.getResource(dir).toURI());
    }
}
