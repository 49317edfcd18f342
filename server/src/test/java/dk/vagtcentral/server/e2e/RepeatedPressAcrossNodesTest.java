package dk.vagtcentral.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestDatabases;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two presses of one citizen that arrive at the same moment at two nodes — a pendant pressed twice, its transmitter
 * failing over in between — make one call: the later routing waits for the earlier one and joins its call (DOMAIN
 * "one incident"). Skipped, with a message, where no PostgreSQL is reachable.
 */
class RepeatedPressAcrossNodesTest {

    @TempDir
    Path dir;

    @Test
    void simultaneousPressesOfOneCitizenOnTwoNodesMakeOneCall() throws Exception {
        try (TestDatabases.Shared database = TestDatabases.postgres("vagtcentral_presses")) {
            Map<String, Object> pg = Map.of("store.url", database.url(), "store.username", TestDatabases.PG_USER);
            try (TestServer a = TestServer.start(dir.resolve("a"), pg);
                 TestServer b = TestServer.start(dir.resolve("b"), pg)) {
                TestTown.create(a.baseUrl(), null);
                // node B routes by the town created through node A
                long first = TestTown.send(b, 1, TestTown.account(0), "FA");
                await().atMost(Duration.ofSeconds(20)).until(() -> "CALL".equals(handling(b, first)));

                List<String> accounts = new ArrayList<>();
                for (int i = 1; i < 19; i++) {
                    if (i != 5) { // 1005 is bound to nobody
                        accounts.add(TestTown.account(i));
                    }
                }
                CyclicBarrier together = new CyclicBarrier(accounts.size() * 2);
                ExecutorService pool = Executors.newFixedThreadPool(accounts.size() * 2);
                try {
                    List<CompletableFuture<Void>> sends = new ArrayList<>();
                    for (String account : accounts) {
                        sends.add(CompletableFuture.runAsync(() -> press(a, account, 10, together), pool));
                        sends.add(CompletableFuture.runAsync(() -> press(b, account, 11, together), pool));
                    }
                    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                } finally {
                    pool.shutdownNow();
                }
                for (String account : accounts) {
                    List<String> handled = await().atMost(Duration.ofSeconds(30)).until(() -> handlings(a, account),
                            l -> l.size() == 2 && !l.contains(null));
                    assertThat(handled).as("account %s: one call and one repeated press", account)
                            .containsExactlyInAnyOrder("CALL", "REPEATED");
                }
            }
        }
    }

    private static void press(TestServer node, String account, int seq, CyclicBarrier together) {
        try (Dc09TestClient client = new Dc09TestClient(node.server.dc09Port())) {
            together.await(30, TimeUnit.SECONDS);
            assertThat(client.exchange(Dc09Codec.encode(TestTown.sia(account, seq, "FA"))).message().id())
                    .isEqualTo(Dc09Ids.ACK);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How each alarm of {@code account} was routed (null: not yet). */
    private static List<String> handlings(TestServer node, String account) throws Exception {
        JsonArray items = new JsonObject(node.get("/api/v1/alarms?account=" + account).body()).getJsonArray("items");
        List<String> list = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            list.add(handling(node, items.getJsonObject(i).getLong("id")));
        }
        return list;
    }

    private static String handling(TestServer node, long id) throws Exception {
        JsonObject routing = TestTown.alarm(node, id).getJsonObject("routing");
        return routing == null ? null : routing.getString("handling");
    }
}
