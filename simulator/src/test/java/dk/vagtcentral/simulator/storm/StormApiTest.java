package dk.vagtcentral.simulator.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dk.vagtcentral.simulator.abuse.AccountRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registering the storm's devices and timing the emergencies' routing, against a stand-in for the server's API. */
class StormApiTest {
    private static final String TOKEN = "t0k3n";
    private HttpServer http;
    private final Map<String, JsonObject> registered = new ConcurrentHashMap<>();
    private final Set<String> unauthorised = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    /** Alarms by account: the list items; and the routing per id (absent: not routed yet). */
    private final Map<String, List<JsonObject>> alarms = new ConcurrentHashMap<>();
    private final Map<Long, JsonObject> routing = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        http.createContext("/api/v1/login", ex -> {
            JsonObject body = new JsonObject(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            boolean ok = "admin".equals(body.getString("username")) && "secret".equals(body.getString("password"));
            reply(ex, ok ? 200 : 401, ok ? new JsonObject().put("token", TOKEN) : new JsonObject().put("error", "bad"));
        });
        http.createContext("/api/v1/devices", ex -> {
            if (!authorised(ex)) {
                return;
            }
            reply(ex, 200, new JsonObject().put("items", new JsonArray()
                    .add(new JsonObject().put("account", "1000")).add(new JsonObject().put("account", "100000"))));
        });
        http.createContext("/api/v1/admin/devices/", ex -> {
            if (!authorised(ex)) {
                return;
            }
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String account = ex.getRequestURI().getPath().substring("/api/v1/admin/devices/".length());
            JsonObject body = new JsonObject(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            registered.put(account, body);
            inFlight.decrementAndGet();
            reply(ex, "PUT".equals(ex.getRequestMethod()) ? 201 : 405, body.copy().put("account", account));
        });
        http.createContext("/api/v1/alarms", ex -> {
            if (!authorised(ex)) {
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/api/v1/alarms")) {
                String account = ex.getRequestURI().getQuery().replaceAll(".*account=([0-9A-F]+).*", "$1");
                reply(ex, 200, new JsonObject().put("items", new JsonArray(new ArrayList<>(alarms.getOrDefault(account, List.of()))))
                        .putNull("nextAfterId"));
                return;
            }
            long id = Long.parseLong(path.substring("/api/v1/alarms/".length()));
            JsonObject r = routing.get(id);
            JsonObject alarm = new JsonObject().put("id", id);
            if (r == null) {
                alarm.putNull("routing");
            } else {
                alarm.put("routing", r);
            }
            reply(ex, 200, alarm);
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private boolean authorised(HttpExchange ex) throws IOException {
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            unauthorised.add(ex.getRequestURI().toString());
            reply(ex, 401, new JsonObject().put("error", "unauthorized"));
            return false;
        }
        return true;
    }

    private static void reply(HttpExchange ex, int status, JsonObject body) throws IOException {
        byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    private ServerApi api() {
        return new ServerApi(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/"));
    }

    @Test
    void registersTheAccountsTheServerDoesNotKnowSeveralAtATime() throws Exception {
        ServerApi api = api().login("admin", "secret");
        List<String> progress = new ArrayList<>();
        DeviceRegistrar.Result r = new DeviceRegistrar(api).concurrency(4).municipality("odder")
                .register(AccountRange.of(0x100000, 40), progress::add);
        assertEquals(1, r.existing(), r.line());
        assertEquals(39, r.created(), r.line());
        assertEquals(0, r.failed(), r.line());
        assertNull(r.firstError());
        assertEquals(39, registered.size());
        assertTrue(!registered.containsKey("100000"), "known already: not registered again");
        JsonObject body = registered.get("100027");
        assertEquals("odder", body.getString("municipalityId"));
        assertEquals("Storm device 100027", body.getString("label"));
        assertTrue(!body.containsKey("supervisionInterval"), "no supervision: no no-contact alarms after the run");
        assertTrue(maxInFlight.get() > 1 && maxInFlight.get() <= 4, "concurrent, at most 4: " + maxInFlight.get());
        assertTrue(unauthorised.isEmpty(), unauthorised.toString());
        assertTrue(progress.get(progress.size() - 1).contains("39 registered now, 1 already there, 0 failed"), progress.toString());
    }

    @Test
    void aRefusedLoginIsAnError() {
        IOException e = assertThrows(IOException.class, () -> api().login("admin", "wrong"));
        assertTrue(e.getMessage().contains("401"), e.getMessage());
    }

    @Test
    void timesEachEmergencyFromItsAckToItsRouting() throws Exception {
        Instant acked = Instant.parse("2026-01-01T10:00:00Z");
        List<AckedEmergency> emergencies = List.of(
                new AckedEmergency("100001", 7, "#100001|NQA001", acked, 1000),
                new AckedEmergency("100002", 3, "#100002|NQA001", acked, 1000),
                new AckedEmergency("100003", 1, "#100003|NQA001", acked, 1000),
                new AckedEmergency("100004", 1, "#100004|NQA001", acked, 1000));
        Instant received = acked.minusMillis(5);
        // 100001: an older alarm with the same key from an earlier run, then this run's
        alarms.put("100001", List.of(item(1, "100001", 7, "#100001|NQA001", received.minusSeconds(3600)),
                item(2, "100001", 7, "#100001|NQA001", received)));
        alarms.put("100002", List.of(item(3, "100002", 2, "#100002|NQA001", received),
                item(4, "100002", 3, "#100002|NQA001", received)));
        alarms.put("100003", List.of(item(5, "100003", 1, "#100003|NQA001", received)));
        routing.put(1L, new JsonObject().put("routedAt", acked.minusSeconds(3600).toString()).put("handling", "CALL"));
        routing.put(2L, new JsonObject().put("routedAt", acked.plusMillis(50).toString()).put("handling", "CALL"));
        routing.put(4L, new JsonObject().put("routedAt", acked.plusMillis(150).toString()).put("handling", "UNROUTABLE"));
        // 5 is stored but never routed; 100004 was never stored

        RoutedCheck.Result r = new RoutedCheck(api().withToken(TOKEN)).check(emergencies, acked.minusSeconds(60),
                Duration.ofMillis(600));
        assertEquals(4, r.emergencies());
        assertEquals(2, r.routed(), r.format());
        assertEquals(1, r.notRouted(), r.format());
        assertEquals(1, r.notFound(), r.format());
        assertEquals(Map.of("CALL", 1L, "UNROUTABLE", 1L), r.handlings());
        assertEquals(2, r.ackToRouted().count());
        assertTrue(Math.abs(r.ackToRouted().p50() - 50) < 1, r.format());
        assertTrue(Math.abs(r.ackToRouted().max() - 150) < 1, r.format());
        assertTrue(r.format().contains("2 of 4 routed, 1 not routed yet, 1 not found"), r.format());
    }

    private static JsonObject item(long id, String account, int sequence, String data, Instant receivedAt) {
        return new JsonObject().put("id", id).put("account", account).put("sequence", sequence).put("data", data)
                .put("receivedAt", receivedAt.toString());
    }
}
