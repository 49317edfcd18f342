package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which supervised devices are overdue, decided by the database (H2 here; PostgreSQL in PostgresStoreTest). */
class DeviceSupervisionQueryTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void onlyDevicesSilentPastTheirIntervalAndNotYetRaisedAreRead() throws Exception {
        try (Database db = new Database(new ServerConfig.Store("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
                "", "", 2, 100, false), null)) {
            Migrations.apply(db);
            checkOverdue(db);
        }
    }

    static void checkOverdue(Database db) throws Exception {
        DeviceStore store = new DeviceStore(db);
        for (Device d : List.of(
                Device.register("5001", null, "heard recently", Duration.ofMinutes(10), null),
                Device.register("5002", null, "silent", Duration.ofMinutes(10), null),
                Device.register("5003", null, "silent, already raised", Duration.ofMinutes(10), null),
                Device.register("5004", null, "never heard, registered long ago", Duration.ofHours(1), null),
                Device.register("5005", null, "not supervised", null, null))) {
            store.save(d, T0);
        }
        try (Connection c = db.connection()) {
            seen(c, "5001", T0.plus(Duration.ofMinutes(55)), null);
            seen(c, "5002", T0.plus(Duration.ofMinutes(30)), null);
            seen(c, "5003", T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(41)));
            seen(c, "5005", T0, null);
            c.commit();
        }
        Instant now = T0.plus(Duration.ofMinutes(60));
        assertThat(store.overdue(now)).extracting(DeviceStore.Supervised::account).containsExactly("5002", "5004");
        assertThat(store.overdue(T0.plus(Duration.ofMinutes(39)))).as("5002 is due at 10:40").isEmpty();
        assertThat(store.overdue(T0.plus(Duration.ofMinutes(40)))).extracting(DeviceStore.Supervised::account)
                .containsExactly("5002");
    }

    private static void seen(Connection c, String account, Instant at, Instant raised) throws Exception {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE devices SET last_seen_at = ?, no_contact_alarm_at = ? WHERE account = ?")) {
            p.setObject(1, Sql.timestamp(at));
            p.setObject(2, Sql.timestamp(raised));
            p.setString(3, account);
            p.executeUpdate();
        }
    }
}
