package dk.vagtcentral.simulator;

import com.sun.net.httpserver.HttpServer;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.scaip.Mrq;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's alarm API as the verifier expects it, over an in-memory list: a stand-in for the real
 * server in tests. {@link #store} is the receiving side; items are paged by afterId/limit.
 */
final class FakeAlarmApi implements AutoCloseable {
    private final HttpServer http;
    private final List<JsonObject> alarms = new ArrayList<>();
    private long nextId = 1;

    FakeAlarmApi() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/v1/alarms", exchange -> {
            Map<String, String> q = new HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            String account = q.get("account");
            long afterId = Long.parseLong(q.getOrDefault("afterId", "0"));
            int limit = Integer.parseInt(q.getOrDefault("limit", "100"));
            JsonArray items = new JsonArray();
            Long last = null;
            boolean more = false;
            synchronized (alarms) {
                for (JsonObject a : alarms) {
                    if (a.getLong("id") > afterId && (account == null || account.equals(a.getString("account")))) {
                        if (items.size() == limit) {
                            more = true;
                            break;
                        }
                        items.add(a);
                        last = a.getLong("id");
                    }
                }
            }
            byte[] body = new JsonObject().put("items", items).put("nextAfterId", more ? last : null)
                    .encode().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    /** Stores an alarm as the server would. */
    void store(Dc09Message m) {
        synchronized (alarms) {
            alarms.add(new JsonObject().put("id", nextId++).put("account", m.account()).put("source", "DC09_TCP")
                    .put("messageId", m.id()).put("sequence", m.sequence()).put("data", m.data())
                    .put("category", "EMERGENCY").put("receivedAt", Instant.now().toString()).put("state", "RECEIVED"));
        }
    }

    /**
     * Stores an alarm unless one with the same account, sequence and data is stored already: a
     * retransmission that reaches another node of a server sharing this database, as the real server treats it.
     */
    void storeOnce(Dc09Message m) {
        synchronized (alarms) {
            for (JsonObject a : alarms) {
                if (m.account().equals(a.getString("account")) && a.getInteger("sequence") == m.sequence()
                        && m.data().equals(a.getString("data"))) {
                    return;
                }
            }
            store(m);
        }
    }

    /**
     * Stores a SCAIP alarm as the receiver does (issue 14, server ScaipNewAlarms): under the controller id, message id
     * SCAIP, no sequence number, the request's XML as the data.
     */
    void storeScaip(Mrq m) {
        storeScaipRaw(m.cid(), m.xml(), Instant.now());
    }

    void storeScaipRaw(String cid, String xml, Instant receivedAt) {
        synchronized (alarms) {
            alarms.add(new JsonObject().put("id", nextId++).put("account", cid).put("source", "SCAIP_UDP")
                    .put("messageId", "SCAIP").putNull("sequence").put("data", xml).put("category", "EMERGENCY")
                    .put("receivedAt", receivedAt.toString()).put("state", "RECEIVED"));
        }
    }

    void storeRaw(String account, int sequence, String data, Instant receivedAt) {
        synchronized (alarms) {
            alarms.add(new JsonObject().put("id", nextId++).put("account", account).put("sequence", sequence)
                    .put("data", data).put("receivedAt", receivedAt.toString()));
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
