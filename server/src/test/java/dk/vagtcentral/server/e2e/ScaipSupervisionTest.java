package dk.vagtcentral.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.scaip.Mrs;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.server.AdvancingClock;
import dk.vagtcentral.server.ScaipTestDevice;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.cluster.Fence;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SCAIP heartbeat keeps a supervised controller heard from; silence past its interval raises "no contact". */
class ScaipSupervisionTest {
    @Test
    void heartbeatsKeepTheControllerHeardAndSilenceRaisesNoContact(@TempDir Path dir) throws Exception {
        AdvancingClock clock = new AdvancingClock();
        try (TestServer server = TestServer.start(dir, Map.of("scaip.port", 0), clock)) {
            String cid = "4540000001";
            assertThat(server.put("/api/v1/admin/devices/" + cid, new JsonObject().put("protocol", "SCAIP")
                    .put("supervisionInterval", "PT10M").encode()).statusCode()).isEqualTo(201);
            clock.advance(Duration.ofMinutes(8));
            try (ScaipTestDevice device = ScaipTestDevice.udp(server.server.scaipPort())) {
                device.send(device.message(cid, Mrq.of("ref", "HB1", "cid", cid, "mty", "PI", "dty", "2")));
                assertThat(device.response().status()).isEqualTo(200);
                SipRequest mrs = device.request();
                assertThat(Mrs.parse(mrs.body()).orElseThrow().snu()).isZero();
                device.ok(mrs);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> lastSeen(server, cid) != null);

            clock.advance(Duration.ofMinutes(7)); // 15 minutes after registration, 7 after the heartbeat
            server.server.supervision().check(clock.instant(), Fence.NONE);
            assertThat(alarms(server, cid)).as("heard 7 minutes ago: no alarm").isEmpty();

            clock.advance(Duration.ofMinutes(5)); // 12 minutes of silence
            server.server.supervision().check(clock.instant(), Fence.NONE);
            await().atMost(Duration.ofSeconds(10)).until(() -> !alarms(server, cid).isEmpty());
            JsonObject noContact = alarms(server, cid).getJsonObject(0);
            assertThat(noContact.getString("source")).isEqualTo("SUPERVISION");
            assertThat(noContact.getString("category")).isEqualTo("TECHNICAL");
        }
    }

    static String lastSeen(TestServer server, String cid) throws Exception {
        return new JsonObject(server.get("/api/v1/devices").body()).getJsonArray("items").stream()
                .map(o -> (JsonObject) o).filter(o -> cid.equals(o.getString("account"))).findFirst().orElseThrow()
                .getString("lastSeenAt");
    }

    static JsonArray alarms(TestServer server, String cid) throws Exception {
        return new JsonObject(server.get("/api/v1/alarms?account=" + cid).body()).getJsonArray("items");
    }
}
