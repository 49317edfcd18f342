package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.dispatch.AlarmMessages;
import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.auth.Role;
import dk.vagtcentral.server.domain.DeskQueue;
import dk.vagtcentral.server.domain.Handling;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.WorkerAssignment;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.DispatchStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dispatcher desk: {@code GET /api/v1/desk/alarms} (the open alarms of the caller's supplier, most urgent
 * first), {@code GET /api/v1/desk/on-duty} (the supplier's workers on duty now) and {@code GET /api/v1/desk/events}
 * (Server-Sent Events: every message published to the supplier's desk address, and for a WORKER its own address,
 * as {@code event: <event>} + {@code data: <json>}, with a comment heartbeat every 15 s). The scope is the
 * principal's supplier; an ADMIN names one with {@code ?supplierId=}. Who may call is declared in openapi.yaml (x-scope desk) and enforced by {@link Security}.
 * Every citizen a queue read or a pushed message shows goes to the access log ({@code desk_queue}, {@code desk_push}).
 */
final class DeskApi {
    private static final Logger LOG = LoggerFactory.getLogger(DeskApi.class);
    private static final int MAX_QUEUE = 500;

    private final Vertx vertx;
    private final Database db;
    private final DispatchStore dispatchStore;
    private final AccessRecorder access;
    private final Clock clock;
    private final LiveStreams streams;
    private final Function<String, RuleProfile> profiles;

    DeskApi(Vertx vertx, Database db, DispatchStore dispatchStore, AccessRecorder access, Clock clock,
            LiveStreams streams, Function<String, RuleProfile> profiles) {
        this.vertx = vertx;
        this.profiles = profiles;
        this.streams = streams;
        this.db = db;
        this.dispatchStore = dispatchStore;
        this.access = access;
        this.clock = clock;
    }

    void bind(Operations api) {
        api.on("deskAlarms", this::alarms).on("deskOnDuty", this::onDuty).on("deskEvents", this::events);
    }

    /** The supplier a desk request is about: the principal's, or for an ADMIN the {@code supplierId} parameter. */
    static String supplierOf(Principal p, String param) {
        if (p == null) {
            return null;
        }
        return p.is(Role.ADMIN) ? param : p.supplierId();
    }

    /** The desk's supplier, or null after answering 400 (an admin must name one). */
    private static String supplierOrAnswer(RoutingContext ctx, Principal p) {
        String supplier = supplierOf(p, ctx.queryParams().get("supplierId"));
        if (supplier == null) {
            Responses.error(ctx, ApiException.badRequest("supplierId is required"));
        }
        return supplier;
    }

    private static String workerOf(Principal p) {
        return p != null && p.is(Role.WORKER) ? p.workerId() : null;
    }

    private void alarms(RoutingContext ctx) {
        Principal p = ctx.get(Principal.KEY);
        String supplier = supplierOrAnswer(ctx, p);
        if (supplier == null) {
            return;
        }
        String worker = workerOf(p);
        blocking(ctx, () -> queue(supplier, worker)).onSuccess(items -> {
            // every card shows a citizen: one access-log line per citizen shown
            for (int i = 0; i < items.size(); i++) {
                JsonObject a = items.getJsonObject(i);
                JsonObject citizen = a.getJsonObject("citizen");
                if (citizen != null) {
                    access.record(p, "desk_queue", citizen.getString("id"), a.getLong("id"), ctx.request().path());
                }
            }
            Responses.json(ctx, 200, new JsonObject().put("supplierId", supplier).put("workerId", worker)
                    .put("now", clock.instant().toString()).put("items", items));
        });
    }

    private void onDuty(RoutingContext ctx) {
        Principal p = ctx.get(Principal.KEY);
        String supplier = supplierOrAnswer(ctx, p);
        if (supplier == null) {
            return;
        }
        blocking(ctx, () -> onDuty(supplier)).onSuccess(items ->
                Responses.json(ctx, 200, new JsonObject().put("supplierId", supplier).put("items", items)));
    }

    /** The handlings a desk's queue shows, as an SQL list. */
    private static final String SHOWN_HANDLINGS = java.util.Arrays.stream(Handling.values())
            .filter(Handling::shownOnDesk).map(h -> "'" + h.name() + "'")
            .collect(java.util.stream.Collectors.joining(", "));

    /**
     * The open alarms the desk shows, in {@link DeskQueue#order}: a field worker's own calls first; calls before
     * technical notices; calls needing an answer (unacknowledged, then acknowledged) by time left, then calls in
     * progress, then information.
     */
    JsonArray queue(String supplier, String worker) throws SQLException {
        String sql = "SELECT d.alarm_id, d.citizen_id, d.worker_id, d.help_worker_id FROM alarm_dispatch d "
                + "WHERE d.state NOT IN ('CLOSED', 'CANCELLED') AND d.handling IN (" + SHOWN_HANDLINGS + ") "
                + "AND (d.holder_supplier_id = ? OR d.supplier_id = ?"
                + (worker == null ? "" : " OR d.worker_id = ? OR d.help_worker_id = ?")
                + ") ORDER BY d.alarm_id DESC";
        List<JsonObject> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            Set<Long> ids = new LinkedHashSet<>();
            Map<Long, String> citizens = new HashMap<>();
            Set<String> citizenIds = new LinkedHashSet<>();
            Set<String> workerIds = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, supplier);
                ps.setString(2, supplier);
                if (worker != null) {
                    ps.setString(3, worker);
                    ps.setString(4, worker);
                }
                ps.setMaxRows(MAX_QUEUE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        ids.add(id);
                        if (rs.getString(2) != null) {
                            citizens.put(id, rs.getString(2));
                            citizenIds.add(rs.getString(2));
                        }
                        if (rs.getString(3) != null) {
                            workerIds.add(rs.getString(3));
                        }
                        if (rs.getString(4) != null) {
                            workerIds.add(rs.getString(4));
                        }
                    }
                }
            }
            if (ids.isEmpty()) {
                c.commit();
                return new JsonArray();
            }
            Map<Long, Alarm> rows = dispatchStore.load(c, ids);
            Map<String, JsonObject> citizenJson = citizens(c, citizenIds);
            Map<String, String> workerNames = workerNames(c, workerIds);
            Map<String, String> supplierNames = supplierNames(c);
            List<Shift> shifts = worker == null ? List.of() : shiftsNow(c, supplier);
            c.commit();
            Instant now = clock.instant();
            Set<Long> mine = new java.util.HashSet<>();
            if (worker != null) {
                for (Alarm row : rows.values()) {
                    if (WorkerAssignment.assigned(row, worker, shifts, profiles.apply(row.municipalityId()), now)) {
                        mine.add(row.id());
                    }
                }
            }
            List<Alarm> ordered = new ArrayList<>(rows.values());
            ordered.sort(DeskQueue.order(supplier, a -> mine.contains(a.id())));
            for (Alarm row : ordered) {
                JsonObject a = alarm(row);
                String cid = citizens.get(row.id());
                if (cid != null && citizenJson.containsKey(cid)) {
                    a.put("citizen", citizenJson.get(cid));
                }
                String w = row.status().helpWorkerId() != null ? row.status().helpWorkerId()
                        : row.routing() == null ? null : row.routing().workerId();
                if (w != null) {
                    a.put("worker", new JsonObject().put("id", w).put("name", workerNames.getOrDefault(w, w)));
                }
                if (row.holderSupplierId() != null) {
                    a.put("holder", new JsonObject().put("id", row.holderSupplierId())
                            .put("name", supplierNames.getOrDefault(row.holderSupplierId(), row.holderSupplierId()))
                            .put("kind", row.status().holder().name()));
                }
                // a field worker's own calls (the only ones they may act on), and the group as this desk sees it
                a.put("mine", mine.contains(row.id())).put("group", DeskQueue.groupFor(row, supplier).name());
                out.add(a);
            }
        }
        JsonArray items = new JsonArray();
        out.forEach(items::add);
        return items;
    }

    /** The supplier's shifts running now (who may take a call re-notified or forwarded to it). */
    private List<Shift> shiftsNow(Connection c, String supplier) throws SQLException {
        Instant now = clock.instant();
        List<Shift> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, worker_id, worker_name, role, starts_at, ends_at "
                + "FROM shifts WHERE supplier_id = ? AND starts_at <= ? AND ends_at > ?")) {
            ps.setString(1, supplier);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Shift(rs.getString(1), supplier, rs.getString(2), rs.getString(3),
                            Shift.Role.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return out;
    }

    private static JsonObject alarm(Alarm row) {
        return AlarmMessages.alarm(row);
    }

    private static Map<String, JsonObject> citizens(Connection c, Set<String> ids) throws SQLException {
        Map<String, JsonObject> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, address, key_note, status, phone FROM citizens "
                + "WHERE id IN (" + "?, ".repeat(ids.size() - 1) + "?)")) {
            int i = 1;
            for (String id : ids) {
                ps.setString(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new JsonObject().put("id", rs.getString(1)).put("name", rs.getString(2))
                            .put("address", rs.getString(3)).put("keyNote", rs.getString(4))
                            .put("status", rs.getString(5)).put("phone", rs.getString(6)));
                }
            }
        }
        return out;
    }

    private static Map<String, String> workerNames(Connection c, Set<String> ids) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT worker_id, worker_name FROM shifts WHERE worker_id IN ("
                + "?, ".repeat(ids.size() - 1) + "?) ORDER BY starts_at")) {
            int i = 1;
            for (String id : ids) {
                ps.setString(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static Map<String, String> supplierNames(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM suppliers");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    JsonArray onDuty(String supplier) throws SQLException {
        Instant now = clock.instant();
        JsonArray items = new JsonArray();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT worker_id, worker_name, role, starts_at, ends_at "
                     + "FROM shifts WHERE supplier_id = ? AND starts_at <= ? AND ends_at > ? "
                     + "ORDER BY role DESC, worker_name, worker_id")) {
            ps.setString(1, supplier);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now));
            Set<String> seen = new LinkedHashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (seen.add(rs.getString(1))) {
                        items.add(new JsonObject().put("workerId", rs.getString(1)).put("name", rs.getString(2))
                                .put("role", rs.getString(3))
                                .put("until", rs.getTimestamp(5).toInstant().toString()));
                    }
                }
            }
            c.commit();
        }
        return items;
    }

    private void events(RoutingContext ctx) {
        Principal p = ctx.get(Principal.KEY);
        String supplier = supplierOrAnswer(ctx, p);
        if (supplier == null) {
            return;
        }
        String worker = workerOf(p);
        List<String> addresses = new ArrayList<>();
        addresses.add(Addresses.desk(supplier));
        if (worker != null) {
            addresses.add(Addresses.worker(worker));
        }
        streams.open(ctx, addresses, json -> {
            JsonObject citizen = json.getJsonObject("citizen");
            if (citizen != null) {
                JsonObject alarm = json.getJsonObject("alarm");
                access.record(p, "desk_push", citizen.getString("id"), alarm == null ? null : alarm.getLong("id"),
                        ctx.request().path());
            }
        }, () -> LOG.info("event=desk.sse.open user={} supplier={} worker={}", p.username(), supplier, worker),
                () -> LOG.info("event=desk.sse.closed user={} supplier={}", p.username(), supplier));
    }


    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> Responses.failed(ctx, e));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
