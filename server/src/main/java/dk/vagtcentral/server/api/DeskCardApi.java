package dk.vagtcentral.server.api;

import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.auth.Role;
import dk.vagtcentral.server.dispatch.Dispatcher;
import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.Command;
import dk.vagtcentral.server.domain.CopenhagenCalendar;
import dk.vagtcentral.server.domain.DutyRoster;
import dk.vagtcentral.server.domain.Handling;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.WorkerAssignment;
import dk.vagtcentral.server.store.AlarmQueries;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.ReferenceJson;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.StoredAlarm;
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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the desk shows beside the queue, for the staff of the supplier. Who may call each operation is declared in
 * {@code openapi.yaml} and enforced by {@link Security}; a field worker is then held to the calls assigned to them,
 * the domain's rule ({@link WorkerAssignment}, 403 with the reason):
 * <ul>
 *   <li>{@code deskCitizenCard} ({@code GET /api/v1/desk/alarms/{id}/card}, x-scope alarm, x-access-log
 *       citizen_card): the citizen card of an alarm (phone, language, health and practical notes, where the key box
 *       is and whether a code is on record, relatives to call), the citizen's last alarms and the alarm's
 *       timeline.</li>
 *   <li>{@code deskKeyCode} ({@code POST /api/v1/desk/alarms/{id}/key-code}, x-scope open-call-holder, x-access-log
 *       key_code): the key-box code, for the holder's staff of an open call, following the municipality's key
 *       instruction (003 Odder bilag 4): the code is never in a list, a push or a log; every showing is a line on the
 *       call's timeline and in the citizen's access log.</li>
 *   <li>{@code deskHistory} ({@code GET /api/v1/desk/history}, x-scope desk): the supplier's closed and cancelled
 *       calls and notices, newest first, with how each ended; {@code q} searches the citizen's name and address and
 *       the alarm id, {@code outcome} the close outcome, {@code from}/{@code to} the day received (Copenhagen dates);
 *       paged by {@code cursor}. A field worker sees the calls they were sent to or routed to. Each citizen shown
 *       goes to the access log ({@code desk_history}).</li>
 * </ul>
 */
final class DeskCardApi {
    private static final Logger LOG = LoggerFactory.getLogger(DeskCardApi.class);
    private static final int RECENT = 10;
    private static final int MAX_HISTORY = 200;

    private final Vertx vertx;
    private final Database db;
    private final DispatchStore dispatchStore;
    private final AlarmQueries alarms;
    private final ReferenceStore references;
    private final Dispatcher dispatcher;
    private final AccessRecorder access;
    private final Clock clock;
    private final Function<String, RuleProfile> profiles;

    DeskCardApi(Vertx vertx, Database db, DispatchStore dispatchStore, ReferenceStore references, Dispatcher dispatcher,
                AccessRecorder access, Clock clock, Function<String, RuleProfile> profiles) {
        this.vertx = vertx;
        this.db = db;
        this.dispatchStore = dispatchStore;
        this.alarms = new AlarmQueries(db);
        this.references = references;
        this.dispatcher = dispatcher;
        this.access = access;
        this.clock = clock;
        this.profiles = profiles;
    }

    void bind(Operations api) {
        api.on("deskCitizenCard", this::card).on("deskKeyCode", this::keyCode).on("deskHistory", this::history);
    }

    // ---------------------------------------------------------------- the card

    private void card(RoutingContext ctx) {
        Principal p = Security.principal(ctx);
        long id = alarmId(ctx);
        if (id < 0) {
            return;
        }
        blocking(ctx, () -> {
            Alarm alarm = dispatchStore.find(id).orElseThrow(() -> ApiException.notFound("no alarm " + id));
            requireWorkerAssigned(p, alarm);
            String citizenId = alarm.citizenId();
            JsonObject out = new JsonObject().put("alarmId", id).put("citizenId", citizenId);
            if (citizenId != null) {
                Optional<Citizen> citizen = references.find(ReferenceStore.CITIZENS, citizenId)
                        .map(ReferenceStore.Stored::value);
                out.put("citizen", citizen.map(DeskCardApi::cardOf).orElse(null));
                out.put("recentAlarms", recent(citizenId, id));
            } else {
                out.putNull("citizen").put("recentAlarms", new JsonArray());
            }
            StoredAlarm stored = alarms.find(id).orElseThrow(() -> ApiException.notFound("no alarm " + id));
            out.put("timeline", timeline(stored));
            return out;
        }).onSuccess(out -> Responses.json(ctx, 200, out));
    }

    /** The card: everything the citizen record holds for those who help, but the key-box code itself. */
    static JsonObject cardOf(Citizen c) {
        JsonObject json = ReferenceJson.citizen(c);
        json.remove("municipalityId");
        return json;
    }

    private JsonArray recent(String citizenId, long except) throws SQLException {
        JsonArray out = new JsonArray();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT d.alarm_id, a.category, d.handling, a.received_at, "
                     + "d.state, d.response FROM alarm_dispatch d JOIN alarms a ON a.id = d.alarm_id "
                     + "WHERE d.citizen_id = ? AND d.alarm_id <> ? AND d.handling IN ('CALL', 'SERVICE_NOTICE', "
                     + "'INFORMATION') ORDER BY d.alarm_id DESC")) {
            ps.setString(1, citizenId);
            ps.setLong(2, except);
            ps.setMaxRows(RECENT);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    out.add(new JsonObject().put("id", rs.getLong(1)).put("category", rs.getString(2))
                            .put("handling", rs.getString(3)).put("receivedAt", text(rs.getTimestamp(4)))
                            .put("state", rs.getString(5)).put("response", rs.getString(6)));
                }
            }
            Map<Long, JsonObject> ends = ends(c, ids);
            for (int i = 0; i < out.size(); i++) {
                JsonObject a = out.getJsonObject(i);
                JsonObject end = ends.get(a.getLong("id"));
                if (end != null) {
                    a.mergeIn(end);
                }
            }
            c.commit();
        }
        return out;
    }

    private static JsonArray timeline(StoredAlarm stored) {
        JsonArray out = new JsonArray();
        for (StoredAlarm.TimelineEntry t : stored.timeline()) {
            out.add(new JsonObject().put("at", t.at().toString()).put("actor", t.actor()).put("kind", t.kind())
                    .put("fromState", t.fromState()).put("toState", t.toState()).put("detail", t.detail()));
        }
        return out;
    }

    // ---------------------------------------------------------------- the key-box code

    private void keyCode(RoutingContext ctx) {
        Principal p = Security.principal(ctx);
        long id = alarmId(ctx);
        if (id < 0) {
            return;
        }
        vertx.executeBlocking(() -> {
            Alarm alarm = dispatchStore.find(id).orElseThrow(() -> ApiException.notFound("no alarm " + id));
            // the gate let only the holder's staff of an open call through (x-scope open-call-holder); the call may
            // have ended since, and an ADMIN is let through for any alarm
            if (alarm.routing() == null || alarm.routing().handling() != Handling.CALL || !alarm.status().isOpen()) {
                throw new ApiException(409, "not_allowed", "the key-box code is shown only for an open call (alarm "
                        + id + " is " + (alarm.routing() == null ? "not routed" : alarm.routing().handling() + " "
                        + alarm.status().state()) + ")");
            }
            requireWorkerAssigned(p, alarm);
            Citizen citizen = alarm.citizenId() == null ? null : references.find(ReferenceStore.CITIZENS,
                    alarm.citizenId()).map(ReferenceStore.Stored::value).orElse(null);
            if (citizen == null || citizen.keyBoxCode() == null) {
                throw ApiException.notFound("no key-box code is on record for the citizen of alarm " + id
                        + "; follow the key note");
            }
            return citizen;
        }, false).compose(citizen -> dispatcher.act(id, new Command.Note(p.username(), "key-box code shown to "
                                + p.username() + " (nøgleboks-kode vist)"), AlarmActionsApi.actorOf(p, p.username()))
                        .map(result -> {
                            if (!result.outcome().accepted()) {
                                throw ApiException.refused(result.outcome());
                            }
                            return citizen;
                        }))
                .onFailure(e -> Responses.failed(ctx, e))
                .onSuccess(citizen -> {
                    // the access log has the request already (x-access-log key_code), written before the answer
                    LOG.info("event=desk.key_code_shown alarm_id={} user={}", id, p.username());
                    Responses.json(ctx, 200, new JsonObject().put("alarmId", id).put("citizenId", citizen.id())
                            .put("keyBoxCode", citizen.keyBoxCode()).put("keyBoxLocation", citizen.keyBoxLocation())
                            .put("shownAt", clock.instant().toString()));
                });
    }

    /** A field worker reads a card and gets a code only of a call assigned to them; a 403 saying why otherwise. */
    private void requireWorkerAssigned(Principal p, Alarm alarm) throws SQLException {
        if (p == null || !p.is(Role.WORKER) || p.workerId() == null) {
            return;
        }
        Instant now = clock.instant();
        List<Shift> shifts = alarm.holderSupplierId() == null ? List.of()
                : DutyRoster.onDuty(references.shifts(alarm.holderSupplierId(), now, now.plusSeconds(1)),
                alarm.holderSupplierId(), now);
        String why = WorkerAssignment.whyNot(alarm, p.workerId(), shifts, profiles.apply(alarm.municipalityId()), now);
        if (why != null) {
            throw new ApiException(403, "forbidden", why);
        }
    }

    // ---------------------------------------------------------------- history of closed calls

    private void history(RoutingContext ctx) {
        Principal p = Security.principal(ctx);
        String supplier = DeskApi.supplierOf(p, ctx.queryParams().get("supplierId"));
        if (supplier == null) {
            Responses.error(ctx, ApiException.badRequest("supplierId is required"));
            return;
        }
        String worker = p.is(Role.WORKER) ? p.workerId() : null;
        String q = blankToNull(ctx.queryParams().get("q"));
        String outcome = blankToNull(ctx.queryParams().get("outcome"));
        LocalDate from;
        LocalDate to;
        int limit;
        Long after;
        try {
            from = date(ctx.queryParams().get("from"), "from");
            to = date(ctx.queryParams().get("to"), "to");
            limit = Math.min(MAX_HISTORY, Cursor.limit(ctx.queryParams().get("limit")));
            List<String> cursor = Cursor.decode(ctx.queryParams().get("cursor"), 1);
            after = cursor == null ? null : Cursor.longPart(cursor.get(0));
        } catch (ApiException e) {
            Responses.error(ctx, e);
            return;
        }
        blocking(ctx, () -> history(supplier, worker, q, outcome, from, to, limit, after)).onSuccess(page -> {
            JsonArray items = page.getJsonArray("items");
            for (int i = 0; i < items.size(); i++) {
                JsonObject citizen = items.getJsonObject(i).getJsonObject("citizen");
                if (citizen != null) {
                    access.record(p, "desk_history", citizen.getString("id"), items.getJsonObject(i).getLong("id"),
                            ctx.request().path());
                }
            }
            Responses.json(ctx, 200, page.put("supplierId", supplier));
        });
    }

    JsonObject history(String supplier, String worker, String q, String outcome, LocalDate from, LocalDate to,
                       int limit, Long after) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT d.alarm_id, a.category, d.handling, a.received_at, d.state, "
                + "d.response, d.help_worker_id, d.holder_supplier_id, c.id, c.name, c.address "
                + "FROM alarm_dispatch d JOIN alarms a ON a.id = d.alarm_id LEFT JOIN citizens c ON c.id = d.citizen_id "
                + "WHERE d.state IN ('CLOSED', 'CANCELLED') AND d.handling IN ('CALL', 'SERVICE_NOTICE', "
                + "'INFORMATION') AND (d.holder_supplier_id = ? OR d.supplier_id = ?)");
        List<Object> args = new ArrayList<>(List.of(supplier, supplier));
        if (worker != null) {
            sql.append(" AND (d.help_worker_id = ? OR d.help_worker_id IS NULL AND d.worker_id = ?)");
            args.add(worker);
            args.add(worker);
        }
        if (q != null) {
            String like = "%" + q.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_")
                    + "%";
            sql.append(" AND (LOWER(c.name) LIKE ? ESCAPE '!' OR LOWER(c.address) LIKE ? ESCAPE '!'"
                    + " OR CAST(d.alarm_id AS VARCHAR(20)) = ?)");
            args.add(like);
            args.add(like);
            args.add(q.strip().replaceFirst("^#", ""));
        }
        if (outcome != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM alarm_timeline t WHERE t.alarm_id = d.alarm_id"
                    + " AND t.kind = 'CLOSED' AND (t.detail = ? OR t.detail LIKE ?))");
            args.add(outcome);
            args.add(outcome + ";%");
        }
        if (from != null) {
            sql.append(" AND a.received_at >= ?");
            args.add(Timestamp.from(CopenhagenCalendar.startOfDay(from)));
        }
        if (to != null) {
            sql.append(" AND a.received_at < ?");
            args.add(Timestamp.from(CopenhagenCalendar.startOfDay(to.plusDays(1))));
        }
        if (after != null) {
            sql.append(" AND d.alarm_id < ?");
            args.add(after);
        }
        sql.append(" ORDER BY d.alarm_id DESC");
        List<JsonObject> rows = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.setMaxRows(limit + 1);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonObject item = new JsonObject().put("id", rs.getLong(1)).put("category", rs.getString(2))
                            .put("handling", rs.getString(3)).put("receivedAt", text(rs.getTimestamp(4)))
                            .put("state", rs.getString(5)).put("response", rs.getString(6))
                            .put("helpWorkerId", rs.getString(7)).put("holderSupplierId", rs.getString(8));
                    if (rs.getString(9) != null) {
                        item.put("citizen", new JsonObject().put("id", rs.getString(9)).put("name", rs.getString(10))
                                .put("address", rs.getString(11)));
                    }
                    rows.add(item);
                    ids.add(rs.getLong(1));
                }
            }
            Map<Long, JsonObject> ends = ends(c, ids);
            c.commit();
            rows.forEach(r -> {
                JsonObject end = ends.get(r.getLong("id"));
                if (end != null) {
                    r.mergeIn(end);
                }
            });
        }
        Cursor.Page<JsonObject> page = Cursor.page(rows, limit, r -> Cursor.encode(r.getLong("id")));
        JsonArray items = new JsonArray();
        page.items().forEach(items::add);
        return new JsonObject().put("items", items).put("nextCursor", page.nextCursor());
    }

    /**
     * How each alarm ended: when, by whom, and for a close its outcome and note (the timeline's CLOSED line is
     * "OUTCOME; note"), for a cancel the reason, for a device's restore what it said.
     */
    private static Map<Long, JsonObject> ends(Connection c, List<Long> ids) throws SQLException {
        Map<Long, JsonObject> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT alarm_id, kind, occurred_at, actor, detail "
                + "FROM alarm_timeline WHERE kind IN ('CLOSED', 'CANCELLED', 'RESTORED') AND alarm_id IN ("
                + "?, ".repeat(ids.size() - 1) + "?) ORDER BY id")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(2);
                    String detail = rs.getString(5);
                    JsonObject end = new JsonObject().put("endedAt", text(rs.getTimestamp(3)))
                            .put("endedBy", rs.getString(4)).put("endKind", kind);
                    if (kind.equals("CLOSED") && detail != null) {
                        int semi = detail.indexOf(';');
                        end.put("outcome", semi < 0 ? detail : detail.substring(0, semi))
                                .put("note", semi < 0 ? null : detail.substring(semi + 1).strip());
                    } else {
                        end.put("note", detail);
                    }
                    out.put(rs.getLong(1), end);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static long alarmId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            Responses.error(ctx, ApiException.badRequest("alarm id must be a whole number"));
            return -1;
        }
    }

    private static LocalDate date(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be a date, e.g. 2026-11-23");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String text(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> Responses.failed(ctx, e));
    }
}
