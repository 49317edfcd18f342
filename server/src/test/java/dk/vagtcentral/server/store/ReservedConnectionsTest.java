package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm writer and the dispatcher have connections of their own: requests that hold every connection of the
 * shared pool (slow reports, a burst of logins) do not hold up an ACK or a routing.
 */
class ReservedConnectionsTest {

    @TempDir
    Path dataDir;

    @Test
    void anAlarmIsAckedAndRoutedWhileOthersHoldEveryConnectionOfTheSharedPool() throws Exception {
        try (TestServer server = TestServer.start(dataDir, Map.of("store.pool-size", 2))) {
            Database db = server.server.database();
            List<Connection> held = new ArrayList<>();
            Dc09DecodeResult reply;
            try {
                held.add(db.connection());
                held.add(db.connection());
                Dc09Message m = new Dc09Message(Dc09Ids.SIA_DCS, false, 12, "1", "0", "1030", "#1030|NQA001",
                        List.of(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
                try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
                    client.send(Dc09Codec.encode(m));
                    // longer than the pool's 5 s connection timeout: a writer waiting for a shared connection fails
                    reply = client.reply(KeyResolver.NONE, 15_000);
                }
                // /metrics needs no database: the routing is seen while the shared pool is still held
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> routed(server) > 0);
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
            assertThat(reply).as("a reply while the shared pool is exhausted").isNotNull();
            assertThat(reply.message().id()).isEqualTo(Dc09Ids.ACK);
            assertThat(routed(server)).isEqualTo(1);
            long id = new JsonObject(server.get("/api/v1/alarms?account=1030").body()).getJsonArray("items")
                    .getJsonObject(0).getLong("id");
            JsonObject routed = Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> new JsonObject(server.get("/api/v1/alarms/" + id).body()),
                            a -> a.getJsonObject("routing") != null);
            assertThat(routed.getJsonObject("status").getString("state")).isEqualTo("NOTIFIED");
        }
    }

    private static double routed(TestServer server) throws Exception {
        return server.send("GET", "/metrics", null, null).body().lines()
                .filter(l -> l.startsWith("vagtcentral_dispatch_routed_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
