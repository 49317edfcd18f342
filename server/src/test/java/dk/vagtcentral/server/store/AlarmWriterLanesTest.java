package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.domain.AlarmSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's lanes: life-safety alarms overtake the rest; sightings and unknown accounts cost no lane slot. */
class AlarmWriterLanesTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    java.nio.file.Path dir;
    Database db;
    AlarmWriter writer;

    @BeforeEach
    void open() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        db = new Database(new ServerConfig.Store("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "", "", 2, 100,
                false), registry);
        Migrations.apply(db);
        writer = new AlarmWriter(db, 10, Duration.ofHours(1), registry);
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
    }

    static NewAlarm alarm(String account, int seq, EventCategory category) {
        String data = "#" + account + "|N" + (category == EventCategory.EMERGENCY ? "QA" : "YP") + seq;
        return new NewAlarm(account, AlarmSource.DC09_TCP, "SIA-DCS", seq, data, null, category, "QA", "N", "1", "1",
                "QA1", null, null, NOW, false, null, null, RetransmissionKeys.forDc09(account, seq, data, null, null),
                "test " + seq);
    }

    static CompletableFuture<AlarmWriter.StoreResult> future(io.vertx.core.Future<AlarmWriter.StoreResult> f) {
        return f.toCompletionStage().toCompletableFuture();
    }

    @Test
    void emergenciesQueuedBehindAStormOfTechnicalEventsAreWrittenFirst() throws Exception {
        List<CompletableFuture<AlarmWriter.StoreResult>> technical = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            technical.add(future(writer.store(alarm("1000", i, EventCategory.TECHNICAL))));
        }
        List<CompletableFuture<AlarmWriter.StoreResult>> emergencies = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            emergencies.add(future(writer.store(alarm("2000", i, EventCategory.EMERGENCY))));
        }
        writer.start();

        long lastEmergency = 0;
        for (CompletableFuture<AlarmWriter.StoreResult> e : emergencies) {
            lastEmergency = Math.max(lastEmergency, e.get(10, TimeUnit.SECONDS).alarmId());
        }
        long firstTechnical = Long.MAX_VALUE;
        for (CompletableFuture<AlarmWriter.StoreResult> t : technical) {
            firstTechnical = Math.min(firstTechnical, t.get(10, TimeUnit.SECONDS).alarmId());
        }
        assertThat(lastEmergency).as("all five emergencies went into the first batch, ahead of the storm")
                .isLessThan(firstTechnical);
    }

    @Test
    void sightingsAreWrittenWithinASecondWithoutAQueueSlot() throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO devices (account, created_at) VALUES ('3000', TIMESTAMP WITH TIME ZONE "
                    + "'2026-01-01 00:00:00+00')");
            c.commit();
        }
        writer.start();
        writer.deviceSeen("3000", NOW, 1500L);
        writer.deviceSeen("3000", NOW.plusSeconds(5), null);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Connection c = db.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_seen_at, last_clock_drift_ms FROM devices "
                         + "WHERE account = '3000'")) {
                assertThat(rs.next()).isTrue();
                assertThat(Sql.instant(rs, "last_seen_at")).isEqualTo(NOW.plusSeconds(5));
                assertThat(rs.getLong("last_clock_drift_ms")).as("the last drift reported is kept").isEqualTo(1500);
                c.commit();
            }
        });
    }

    @Test
    void aFloodOfDistinctUnknownAccountsRecordsABoundedNumberPerSecond() throws Exception {
        for (int i = 0; i < AlarmWriter.UNKNOWN_ACCOUNTS_PER_FLUSH * 3; i++) {
            writer.recordUnknownDevice(new AlarmWriter.UnknownDeviceEvent(String.format("F%05X", i), NOW,
                    AlarmSource.DC09_UDP, "/127.0.0.9:4000", "SIA-DCS", "unknown account"));
        }
        writer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> rows() == AlarmWriter.UNKNOWN_ACCOUNTS_PER_FLUSH);
    }

    long rows() throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM unknown_devices")) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        }
    }
}
