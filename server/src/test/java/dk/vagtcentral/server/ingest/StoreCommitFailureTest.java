package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit the database refuses is an alarm for the operators: the device gets no reply (it must retransmit),
 * /health turns DEGRADED with the count and the time, and the metrics count it.
 */
class StoreCommitFailureTest {
    @TempDir
    Path dataDir;

    static Dc09Message emergency(int seq, String zone) {
        return new Dc09Message(Dc09Ids.SIA_DCS, false, seq, null, "0", "1030", "#1030|NQA" + zone, List.of(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void failedCommitIsUnansweredAndDegradesHealth() throws Exception {
        try (TestServer server = TestServer.start(dataDir, Map.of())) {
            JsonObject before = new JsonObject(server.get("/health").body());
            assertThat(before.getString("status")).isEqualTo("UP");
            assertThat(before.getJsonObject("store").getLong("commitFailures")).isZero();
            assertThat(before.getJsonObject("store").getString("lastCommitFailureAt")).isNull();
            // make the database refuse one particular alarm
            try (Connection c = server.server.database().connection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE alarms ADD CONSTRAINT test_refuse CHECK (zone_code IS NULL OR zone_code <> '666')");
                c.commit();
            }
            try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
                client.send(Dc09Codec.encode(emergency(1, "666")));
                assertThat(client.reply(a -> null, 1_500)).as("no reply: the device must retransmit").isNull();
                // the writer carries on with the next alarm
                assertThat(client.exchange(Dc09Codec.encode(emergency(2, "001"))).message().id()).isEqualTo(Dc09Ids.ACK);
            }
            HttpResponse<String> health = server.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            JsonObject after = new JsonObject(health.body());
            assertThat(after.getString("status")).isEqualTo("DEGRADED");
            assertThat(after.getString("database")).isEqualTo("UP");
            assertThat(after.getJsonObject("store").getLong("commitFailures")).isEqualTo(1);
            assertThat(after.getJsonObject("store").getLong("alarmsNotStored")).isEqualTo(1);
            assertThat(Instant.parse(after.getJsonObject("store").getString("lastCommitFailureAt")))
                    .isBefore(Instant.now().plusSeconds(1));
            String metrics = server.get("/metrics").body();
            assertThat(metrics).contains("vagtcentral_store_alarms_failed_total 1.0");
            assertThat(metrics).contains("vagtcentral_dc09_frames_total{id=\"SIA-DCS\",result=\"unanswered\"} 1.0");
        }
    }
}
