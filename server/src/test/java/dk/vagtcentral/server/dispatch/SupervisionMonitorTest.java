package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.store.AlarmWriter;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Device;
import dk.vagtcentral.server.store.DeviceStore;
import dk.vagtcentral.server.store.Migrations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After an outage every device is overdue at once: each gets one no-contact alarm, in chunks, and only one. */
class SupervisionMonitorTest {
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    static final int DEVICES = 2_500;

    @TempDir
    Path dir;
    Database db;
    DeviceStore devices;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void open() throws Exception {
        db = new Database(new ServerConfig.Store("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "", "", 4, 256,
                false), null);
        Migrations.apply(db);
        devices = new DeviceStore(db);
        for (int i = 0; i < DEVICES; i++) {
            devices.save(Device.register(String.format("%X", 0x300000 + i), null, "d" + i, Duration.ofMinutes(5),
                    null), T0);
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyOverdueDeviceGetsOneNoContactAlarmAndASecondCheckRaisesNone() throws Exception {
        try (AlarmWriter writer = new AlarmWriter(db, 256, Duration.ofMinutes(5), registry)) {
            writer.start();
            SupervisionMonitor monitor = new SupervisionMonitor(devices, writer, registry);
            Instant later = T0.plus(Duration.ofMinutes(30));

            assertThat(monitor.check(later, dk.vagtcentral.server.cluster.Fence.NONE)).isEqualTo(DEVICES);
            assertThat(monitor.check(later.plusSeconds(30), dk.vagtcentral.server.cluster.Fence.NONE)).as("marked: one alarm per silence").isZero();
            assertThat(count("SELECT COUNT(*) FROM alarms WHERE source = 'SUPERVISION'")).isEqualTo(DEVICES);
            assertThat(count("SELECT COUNT(DISTINCT account) FROM alarms")).isEqualTo(DEVICES);
        }
    }

    @Test
    void alarmsThatCouldNotBeStoredAreNotMarkedAndComeAgainNextCheck() throws Exception {
        Instant later = T0.plus(Duration.ofMinutes(30));
        AlarmWriter stopped = new AlarmWriter(db, 256, Duration.ofMinutes(5), registry);
        stopped.close(); // refuses everything
        assertThat(new SupervisionMonitor(devices, stopped, registry).check(later, dk.vagtcentral.server.cluster.Fence.NONE)).isZero();
        assertThat(devices.overdue(later)).hasSize(DEVICES);

        try (AlarmWriter writer = new AlarmWriter(db, 256, Duration.ofMinutes(5), registry)) {
            writer.start();
            assertThat(new SupervisionMonitor(devices, writer, registry).check(later, dk.vagtcentral.server.cluster.Fence.NONE)).isEqualTo(DEVICES);
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        }
    }
}
