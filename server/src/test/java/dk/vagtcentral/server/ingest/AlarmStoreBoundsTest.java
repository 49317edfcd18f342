package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.protocol.event.TextBounds;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.domain.Handling;
import dk.vagtcentral.server.store.AlarmWriter;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Migrations;
import dk.vagtcentral.server.store.NewAlarm;
import dk.vagtcentral.server.store.RetransmissionKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database never refuses an alarm: every column of {@code alarms} holds what a {@link NewAlarm} can carry,
 * descriptive fields are clipped, and a commit the database does refuse fails only the request that caused it.
 */
class AlarmStoreBoundsTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    java.nio.file.Path dir;
    Database db;
    SimpleMeterRegistry registry;
    AlarmWriter writer;

    @BeforeEach
    void open() {
        registry = new SimpleMeterRegistry();
        db = new Database(new ServerConfig.Store("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "", "", 2, 100,
                false), registry);
        Migrations.apply(db);
        writer = new AlarmWriter(db, 100, Duration.ofHours(1), registry);
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
    }

    static NewAlarm alarm(String account, int seq, String zone, String area, String text) {
        return new NewAlarm(account, AlarmSource.DC09_TCP, "SIA-DCS", seq, "#" + account + "|NQA" + seq, null,
                EventCategory.EMERGENCY, "QA", "N", zone, area, "QA" + zone, text, null, NOW, false, null, null,
                RetransmissionKeys.forDc09(account, seq, "#" + account + "|NQA" + seq, null, null), "test " + seq);
    }

    Map<String, Integer> columnWidths(String table) throws Exception {
        Map<String, Integer> widths = new HashMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COLUMN_NAME, CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS"
                     + " WHERE TABLE_NAME = '" + table + "' AND CHARACTER_MAXIMUM_LENGTH IS NOT NULL")) {
            while (rs.next()) {
                widths.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getInt(2));
            }
        }
        return widths;
    }

    @Test
    void everyTextColumnOfAlarmsHoldsWhatANewAlarmCanCarry() throws Exception {
        Map<String, Integer> alarms = columnWidths("ALARMS");
        Map<String, Integer> carried = Map.ofEntries(
                Map.entry("account", NewAlarm.ACCOUNT), Map.entry("source", maxEnumName(AlarmSource.values())),
                Map.entry("message_id", NewAlarm.MESSAGE_ID), Map.entry("data_block", NewAlarm.RAW_DATA),
                Map.entry("extended_data", NewAlarm.RAW_DATA),
                Map.entry("category", maxEnumName(EventCategory.values())),
                Map.entry("event_code", NewAlarm.EVENT_CODE), Map.entry("event_qualifier", NewAlarm.EVENT_QUALIFIER),
                Map.entry("zone_code", NewAlarm.ZONE), Map.entry("area", NewAlarm.AREA),
                Map.entry("events", NewAlarm.EVENTS), Map.entry("event_text", NewAlarm.TEXT),
                Map.entry("state", "RECEIVED".length()), Map.entry("idempotency_key", NewAlarm.IDEMPOTENCY_KEY),
                Map.entry("callback_address", NewAlarm.CALLBACK_ADDRESS));
        assertThat(alarms.keySet()).as("a new text column must be bounded here too").isEqualTo(carried.keySet());
        carried.forEach((column, width) -> assertThat(width).as(column).isLessThanOrEqualTo(alarms.get(column)));
        assertThat(NewAlarm.RECEIPT_DETAIL).isLessThanOrEqualTo(columnWidths("ALARM_TIMELINE").get("detail"));
        // the longest DC-09 data block: a 1024-byte frame less LF, CRC, length, id, sequence, 'L', brackets and CR
        assertThat(1024 - 1 - 8 - "\"SIA-DCS\"".length() - 4 - 1 - 2 - 1).isLessThan(NewAlarm.RAW_DATA);
    }

    private static int maxEnumName(Enum<?>[] values) {
        int max = 0;
        for (Enum<?> v : values) {
            max = Math.max(max, v.name().length());
        }
        return max;
    }

    @Test
    void overLongDescriptiveFieldsAreClippedAndCommitted() throws Exception {
        writer.start();
        NewAlarm a = new NewAlarm("1234", AlarmSource.DC09_TCP, "SIA-DCS", 1, "#1234|NQA1", "[Iabc]",
                EventCategory.UNKNOWN, "QAQAQAQAQA", "NN", "123456789", "123456789", "e".repeat(2000),
                "t".repeat(3000), null, NOW, false, null, null, List.of("k1"), "d".repeat(5000));
        assertThat(a.zone()).hasSize(NewAlarm.ZONE).endsWith(TextBounds.MARKER);
        assertThat(a.text()).hasSize(NewAlarm.TEXT).endsWith(TextBounds.MARKER);
        assertThat(a.eventQualifier()).isEqualTo(TextBounds.MARKER);
        assertThat(writer.store(a).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).duplicate()).isFalse();
        assertThat(writer.commitHealth().failedCommits()).isZero();
    }

    @Test
    void identityAndRawDataAreNeverClippedSilently() {
        assertThatThrownBy(() -> alarm("12345678901234567", 1, "1", "1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account");
        assertThatThrownBy(() -> new NewAlarm("1234", AlarmSource.DC09_TCP, "SIA-DCS", 1, "x".repeat(1025), null,
                EventCategory.UNKNOWN, "", null, null, null, "", null, null, NOW, false, null, null, List.of(), "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataBlock");
    }

    @Test
    void aRequestTheDatabaseRefusesFailsAloneAndIsCountedForTheOperators() throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE alarms ADD CONSTRAINT test_poison CHECK (zone_code IS NULL OR zone_code <> '666')");
            c.commit();
        }
        // queued before the writer starts, so all three go into one batch
        CompletableFuture<AlarmWriter.StoreResult> before = writer.store(alarm("1001", 1, "001", "1", null)).toCompletionStage()
                .toCompletableFuture();
        CompletableFuture<AlarmWriter.StoreResult> poison = writer.store(alarm("1002", 2, "666", "1", null)).toCompletionStage()
                .toCompletableFuture();
        CompletableFuture<AlarmWriter.StoreResult> after = writer.store(alarm("1003", 3, "003", "1", null)).toCompletionStage()
                .toCompletableFuture();
        assertThat(writer.commitHealth()).isEqualTo(new AlarmWriter.CommitHealth(0, 0, null));
        writer.start();

        assertThat(before.get(10, TimeUnit.SECONDS).alarmId()).isPositive();
        assertThat(after.get(10, TimeUnit.SECONDS).alarmId()).isPositive();
        assertThatThrownBy(() -> poison.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

        AlarmWriter.CommitHealth health = writer.commitHealth();
        assertThat(health.failedCommits()).as("the batch, then the poisoned request alone").isEqualTo(2);
        assertThat(health.alarmsNotStored()).isEqualTo(1);
        assertThat(health.lastFailureAt()).isNotNull();
        assertThat(health.degraded(Instant.now())).isTrue();
        assertThat(health.degraded(Instant.now().plus(AlarmWriter.RECENT).plusSeconds(1))).isFalse();
        assertThat(registry.get("vagtcentral.store.alarms.failed").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("vagtcentral.store.commit.failures").counter().count()).isEqualTo(2.0);
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT account FROM alarms ORDER BY account")) {
            List<String> stored = new java.util.ArrayList<>();
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
            assertThat(stored).containsExactly("1001", "1003");
        }
    }

    @Test
    void unknownDeviceEventsAreClippedToTheirColumns() {
        AlarmWriter.UnknownDeviceEvent e = new AlarmWriter.UnknownDeviceEvent("ABCD", NOW, AlarmSource.DC09_UDP,
                "/" + "f".repeat(100), "*SIA-DCS" + "X".repeat(40), "r".repeat(300));
        assertThat(e.remoteAddress()).hasSize(64);
        assertThat(e.messageId()).hasSize(16);
        assertThat(e.reason()).hasSize(200);
    }

    /** A device's message nobody could read is a call: the desk must treat it as an emergency. */
    @Test
    void unknownIsLifeSafetyAndACall() {
        assertThat(EventCategory.UNKNOWN.isLifeSafety()).isTrue();
        assertThat(Handling.of(EventCategory.UNKNOWN)).isEqualTo(Handling.CALL);
        assertThat(Handling.of(EventCategory.UNKNOWN).needsResponseWindow()).isTrue();
    }
}
