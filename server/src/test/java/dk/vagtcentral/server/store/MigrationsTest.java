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

    @Test
    void everyScriptOnTheClassPathIsListedAndEveryListedOneExistsForBothDatabases() throws Exception {
        List<String> files = new ArrayList<>();
        for (String dir : List.of("/db/migration", "/db/vendor/h2", "/db/vendor/postgresql")) {
            try (Stream<Path> s = Files.list(resource(dir))) {
                s.map(p -> p.getFileName().toString().replace(".sql", "")).forEach(files::add);
            }
        }
        assertThat(Migrations.ALL).as("every script is applied").containsAll(files);
        for (String name : Migrations.ALL) {
            for (Database.Dialect d : Database.Dialect.values()) {
                assertThat(Migrations.read(name, d)).as(name + " on " + d).isNotBlank();
            }
        }
        assertThat(Migrations.ALL).as("in version order").isSortedAccordingTo(String::compareTo);
    }

    @Test
    void aMigrationThatIsMissingIsNamedInTheError() {
        assertThatThrownBy(() -> Migrations.read("V999__nothing", Database.Dialect.H2))
                .hasMessageContaining("/db/migration/V999__nothing.sql")
                .hasMessageContaining("/db/vendor/h2/V999__nothing.sql");
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
