package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented backup and restore of the embedded database, done as an operator would (docs/operations-backup.md). */
class BackupRestoreTest {
    @TempDir
    Path live;
    @TempDir
    Path restored;

    @Test
    void anOnlineBackupRestoredIntoAnEmptyDataDirectoryHasEveryAlarm() throws Exception {
        String file;
        try (TestServer server = TestServer.start(live, Map.of())) {
            for (int i = 0; i < 5; i++) {
                assertThat(server.post("/api/v1/alarms", "{\"account\":\"1040\",\"eventCode\":\"QA\"}",
                        "Idempotency-Key", "backup-" + i).statusCode()).isEqualTo(201);
            }
            var answer = server.post("/api/v1/admin/backup", "{}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            JsonObject written = new JsonObject(answer.body());
            file = written.getString("file");
            assertThat(Path.of(file)).startsWith(live.resolve("backups")).exists();
            assertThat(written.getLong("bytes")).isPositive();
            // made after the backup: not in it
            server.post("/api/v1/alarms", "{\"account\":\"1040\",\"eventCode\":\"QA\"}", "Idempotency-Key", "later");
        }
        unzip(Path.of(file), restored);
        try (TestServer server = TestServer.start(restored, Map.of())) {
            JsonArray items = new JsonObject(server.get("/api/v1/alarms?account=1040&limit=100").body())
                    .getJsonArray("items");
            assertThat(items).hasSize(5);
        }
    }

    @Test
    void aBackupIsForAdministratorsOnly() throws Exception {
        try (TestServer server = TestServer.start(live, Map.of())) {
            assertThat(server.send("POST", "/api/v1/admin/backup", "{}", null, "Content-Type", "application/json")
                    .statusCode()).isEqualTo(401);
        }
    }

    static void unzip(Path zip, Path dir) throws Exception {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName()).normalize();
                assertThat(target.startsWith(dir)).as("no entry outside the data directory").isTrue();
                Files.createDirectories(target.getParent());
                Files.copy(z, target);
            }
        }
    }
}
