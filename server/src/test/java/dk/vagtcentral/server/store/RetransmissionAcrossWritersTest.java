package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.TestDatabases;
import dk.vagtcentral.server.config.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers on one database — two nodes — recognise each other's retransmissions: the database's keys decide, so
 * a device that retries on the other node gets the same alarm, never a second one.
 */
class RetransmissionAcrossWritersTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aRetransmissionToTheOtherWriterGetsTheFirstAlarm() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        try (Node a = new Node(url, ""); Node b = new Node(url, "")) {
            AlarmWriter.StoreResult first = a.store(AlarmWriterLanesTest.alarm("1000", 7, EventCategory.EMERGENCY));
            AlarmWriter.StoreResult again = b.store(AlarmWriterLanesTest.alarm("1000", 7, EventCategory.EMERGENCY));
            assertThat(first.duplicate()).isFalse();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.alarmId()).isEqualTo(first.alarmId());
            assertThat(alarms(a.db)).isEqualTo(1);
        }
    }

    @Test
    void aKeyOlderThanTheWindowIsANewMessage() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        try (Node a = new Node(url, ""); Node b = new Node(url, "")) {
            AlarmWriter.StoreResult first = a.store(AlarmWriterLanesTest.alarm("1000", 7, EventCategory.EMERGENCY));
            NewAlarm wrapped = at(AlarmWriterLanesTest.alarm("1000", 7, EventCategory.EMERGENCY),
                    NOW.plus(WINDOW).plusSeconds(1));
            AlarmWriter.StoreResult later = b.store(wrapped);
            assertThat(later.duplicate()).isFalse();
            assertThat(later.alarmId()).isNotEqualTo(first.alarmId());
            // and the key now points at the new alarm
            assertThat(a.store(wrapped).alarmId()).isEqualTo(later.alarmId());
            assertThat(alarms(a.db)).isEqualTo(2);
        }
    }

    /** Both nodes get the same 300 messages at the same moment, in opposite orders: each is stored exactly once. */
    @Test
    void concurrentStoresOfTheSameMessagesOnPostgresqlStoreEachOnce() throws Exception {
        try (TestDatabases.Shared shared = TestDatabases.postgres("vagtcentral_keys");
             Node a = new Node(shared.url(), TestDatabases.PG_USER);
             Node b = new Node(shared.url(), TestDatabases.PG_USER)) {
            int n = 300;
            List<CompletableFuture<AlarmWriter.StoreResult>> fromA = new ArrayList<>();
            List<CompletableFuture<AlarmWriter.StoreResult>> fromB = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fromA.add(a.submit(AlarmWriterLanesTest.alarm("1000", i, EventCategory.EMERGENCY)));
                fromB.add(0, b.submit(AlarmWriterLanesTest.alarm("1000", n - 1 - i, EventCategory.EMERGENCY)));
            }
            int duplicates = 0;
            for (int i = 0; i < n; i++) {
                AlarmWriter.StoreResult ra = fromA.get(i).get(30, TimeUnit.SECONDS);
                AlarmWriter.StoreResult rb = fromB.get(i).get(30, TimeUnit.SECONDS);
                assertThat(rb.alarmId()).as("message %d", i).isEqualTo(ra.alarmId());
                assertThat(ra.duplicate() ^ rb.duplicate()).as("message %d stored by exactly one node", i).isTrue();
                duplicates += (ra.duplicate() ? 1 : 0) + (rb.duplicate() ? 1 : 0);
            }
            assertThat(duplicates).isEqualTo(n);
            assertThat(alarms(a.db)).isEqualTo(n);
        }
    }

    static NewAlarm at(NewAlarm a, Instant receivedAt) {
        return new NewAlarm(a.account(), a.source(), a.messageId(), a.sequence(), a.dataBlock(), a.extendedData(),
                a.category(), a.eventCode(), a.eventQualifier(), a.zone(), a.area(), a.events(), a.text(),
                a.deviceTime(), receivedAt, a.clockSuspect(), a.clockDriftMillis(), a.idempotencyKey(),
                a.retransmissionKeys(), a.receiptDetail());
    }

    static int alarms(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM alarms")) {
            rs.next();
            int n = rs.getInt(1);
            c.commit();
            return n;
        }
    }

    /** One node's database pool and writer. */
    static final class Node implements AutoCloseable {
        final Database db;
        final AlarmWriter writer;

        Node(String url, String user) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            db = new Database(new ServerConfig.Store(url, user, "", 2, 16, false), registry);
            Migrations.apply(db);
            writer = new AlarmWriter(db, 16, WINDOW, registry);
            writer.start();
        }

        CompletableFuture<AlarmWriter.StoreResult> submit(NewAlarm alarm) {
            return writer.store(alarm).toCompletionStage().toCompletableFuture();
        }

        AlarmWriter.StoreResult store(NewAlarm alarm) throws Exception {
            return submit(alarm).get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            writer.close();
            db.close();
        }
    }
}
