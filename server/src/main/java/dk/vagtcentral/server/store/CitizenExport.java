package dk.vagtcentral.server.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A citizen's right of access (GDPR art. 15; 000 Norddjurs §3.9.2): everything stored about one citizen, as JSON.
 *
 * <p>The citizen record and its history; its device bindings and supplier choices with their history (also those
 * since deleted, found through their history snapshots); the devices of the bound accounts (never their keys); and
 * every alarm routed with the citizen's id, each with its full stored row, the dispatcher's row, timeline, escalation
 * deadlines, webhook deliveries (without the payload and the receiver's URL, which may carry the receiver's
 * secrets), justifications with every version, charges, and the action plans and breach candidates it is linked to.
 *
 * <p>Rows are rendered column by column (snake_case columns become camelCase keys), so a column added by a later
 * migration shows up without a change here. Instants are ISO-8601 UTC, dates ISO dates, amounts decimal strings.
 * Blocking JDBC: call from a worker thread.
 */
public final class CitizenExport {
    private static final String ALARMS_OF_CITIZEN = "SELECT alarm_id FROM alarm_dispatch WHERE citizen_id = ?";

    private final Database db;
    private final Clock clock;

    public CitizenExport(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Everything stored about {@code citizenId}; empty when no such citizen is on record. */
    public Optional<JsonObject> export(String citizenId) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                Optional<JsonObject> out = export(c, citizenId);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Optional<JsonObject> export(Connection c, String citizenId) throws SQLException {
        List<JsonObject> citizen = rows(c, "SELECT * FROM citizens WHERE id = ?", citizenId);
        if (citizen.isEmpty()) {
            return Optional.empty();
        }
        JsonObject out = new JsonObject()
                .put("citizenId", citizenId)
                .put("exportedAt", clock.instant().toString())
                // the key-box code opens the home: it is given out on the desk one call at a time, never in an export
                .put("citizen", withoutKeyBoxCode(citizen.get(0)))
                .put("citizenHistory", history(c, ReferenceStore.CITIZENS.entity(), citizenId, null));

        List<JsonObject> bindings = rows(c, "SELECT * FROM device_bindings WHERE citizen_id = ? ORDER BY valid_from, id",
                citizenId);
        out.put("deviceBindings", periods(c, ReferenceStore.BINDINGS.entity(), citizenId, bindings));
        Set<String> accounts = new LinkedHashSet<>();
        bindings.forEach(b -> accounts.add(b.getString("account")));
        out.put("deletedDeviceBindings", deleted(c, ReferenceStore.BINDINGS.entity(), citizenId, bindings, accounts));

        List<JsonObject> choices = rows(c, "SELECT * FROM supplier_choices WHERE citizen_id = ? ORDER BY valid_from, id",
                citizenId);
        out.put("supplierChoices", periods(c, ReferenceStore.CHOICES.entity(), citizenId, choices));
        out.put("deletedSupplierChoices", deleted(c, ReferenceStore.CHOICES.entity(), citizenId, choices, null));

        JsonArray devices = new JsonArray();
        for (String account : accounts) {
            // everything but the secrets: keys and passwords never leave the server
            for (JsonObject d : rows(c, "SELECT * FROM devices WHERE account = ?", account)) {
                d.remove("aesKey");
                d.remove("sipPassword");
                devices.add(d);
            }
        }
        out.put("devices", devices);
        out.put("alarms", alarms(c, citizenId));
        return Optional.of(out);
    }

    private static JsonObject withoutKeyBoxCode(JsonObject citizen) {
        boolean set = citizen.getValue("keyBoxCode") != null;
        citizen.remove("keyBoxCode");
        return citizen.put("keyBoxCodeSet", set);
    }

    /** Current periods (bindings or choices), each with its history versions that name this citizen. */
    private static JsonArray periods(Connection c, String entity, String citizenId, List<JsonObject> rows)
            throws SQLException {
        JsonArray out = new JsonArray();
        for (JsonObject row : rows) {
            out.add(row.put("history", history(c, entity, row.getString("id"), citizenId)));
        }
        return out;
    }

    /**
     * Periods no longer stored (deleted before they started) whose history names this citizen: their history only.
     * The snapshots are JSON; a LIKE on the encoded id narrows the rows, the parsed snapshot decides.
     */
    private static JsonArray deleted(Connection c, String entity, String citizenId, List<JsonObject> current,
                                     Set<String> accounts) throws SQLException {
        Set<String> currentIds = new LinkedHashSet<>();
        current.forEach(r -> currentIds.add(r.getString("id")));
        String needle = "%" + likeEscape(new JsonObject().put("citizenId", citizenId).encode()
                .replaceAll("^\\{|\\}$", "")) + "%";
        Map<String, JsonArray> byId = new LinkedHashMap<>();
        for (JsonObject h : historyRows(c, "SELECT * FROM reference_history WHERE entity = ? AND snapshot LIKE ? "
                + "ESCAPE '!' ORDER BY entity_id, version", entity, needle)) {
            String id = h.getString("entityId");
            if (currentIds.contains(id) || !citizenId.equals(h.getJsonObject("snapshot").getString("citizenId"))) {
                continue;
            }
            byId.computeIfAbsent(id, k -> new JsonArray()).add(h);
            if (accounts != null && h.getJsonObject("snapshot").getString("account") != null) {
                accounts.add(h.getJsonObject("snapshot").getString("account"));
            }
        }
        JsonArray out = new JsonArray();
        byId.forEach((id, history) -> out.add(new JsonObject().put("id", id).put("history", history)));
        return out;
    }

    /** The history of one entity, oldest first; with {@code citizenId}, only versions whose snapshot names them. */
    private static JsonArray history(Connection c, String entity, String id, String citizenId) throws SQLException {
        JsonArray out = new JsonArray();
        for (JsonObject h : historyRows(c, "SELECT * FROM reference_history WHERE entity = ? AND entity_id = ? "
                + "ORDER BY version", entity, id)) {
            if (citizenId == null || citizenId.equals(h.getJsonObject("snapshot").getString("citizenId"))) {
                out.add(h);
            }
        }
        return out;
    }

    private static List<JsonObject> historyRows(Connection c, String sql, Object... args) throws SQLException {
        List<JsonObject> out = rows(c, sql, args);
        for (JsonObject h : out) {
            String snapshot = h.getString("snapshot");
            h.remove("id");
            h.put("snapshot", snapshot == null ? null : new JsonObject(snapshot));
        }
        return out;
    }

    private static JsonArray alarms(Connection c, String citizenId) throws SQLException {
        Map<Long, JsonObject> alarms = new LinkedHashMap<>();
        for (JsonObject a : rows(c, "SELECT * FROM alarms WHERE id IN (" + ALARMS_OF_CITIZEN + ") "
                + "ORDER BY received_at, id", citizenId)) {
            a.put("dispatch", null).put("timeline", new JsonArray()).put("deadlines", new JsonArray())
                    .put("webhookDeliveries", new JsonArray()).put("justifications", new JsonArray())
                    .put("charges", new JsonArray()).put("actionPlans", new JsonArray())
                    .put("breachCandidates", new JsonArray());
            alarms.put(a.getLong("id"), a);
        }
        if (alarms.isEmpty()) {
            return new JsonArray();
        }
        for (JsonObject d : rows(c, "SELECT * FROM alarm_dispatch WHERE citizen_id = ?", citizenId)) {
            JsonObject alarm = alarms.get(d.getLong("alarmId"));
            if (alarm != null) {
                d.remove("alarmId");
                alarm.put("dispatch", d);
            }
        }
        attach(alarms, "timeline", rows(c, "SELECT * FROM alarm_timeline WHERE alarm_id IN (" + ALARMS_OF_CITIZEN
                + ") ORDER BY alarm_id, id", citizenId));
        attach(alarms, "deadlines", rows(c, "SELECT * FROM alarm_deadlines WHERE alarm_id IN (" + ALARMS_OF_CITIZEN
                + ") ORDER BY alarm_id, due_at, id", citizenId));
        // not the payload (a copy of what the alarm says about the citizen, already here) nor the URL (secrets)
        attach(alarms, "webhookDeliveries", rows(c, "SELECT id, alarm_id, supplier_id, event, created_at, attempts, "
                + "next_attempt_at, delivered_at, gave_up_at, last_error FROM webhook_deliveries WHERE alarm_id IN ("
                + ALARMS_OF_CITIZEN + ") ORDER BY alarm_id, id", citizenId));
        Map<Long, JsonObject> justifications = new LinkedHashMap<>();
        List<JsonObject> js = rows(c, "SELECT * FROM justifications WHERE alarm_id IN (" + ALARMS_OF_CITIZEN
                + ") ORDER BY alarm_id, id", citizenId);
        for (JsonObject j : js) {
            j.put("versions", new JsonArray());
            justifications.put(j.getLong("id"), j);
        }
        for (JsonObject v : rows(c, "SELECT * FROM justification_versions WHERE justification_id IN (SELECT id FROM "
                + "justifications WHERE alarm_id IN (" + ALARMS_OF_CITIZEN + ")) ORDER BY justification_id, version",
                citizenId)) {
            JsonObject j = justifications.get(v.getLong("justificationId"));
            if (j != null) {
                j.getJsonArray("versions").add(v);
            }
        }
        attach(alarms, "justifications", js);
        attach(alarms, "charges", rows(c, "SELECT * FROM charges WHERE alarm_id IN (" + ALARMS_OF_CITIZEN
                + ") ORDER BY alarm_id, id", citizenId));
        attach(alarms, "actionPlans", rows(c, "SELECT pa.alarm_id, pa.action_plan_id, pa.role, pa.forwarded_at, "
                + "p.supplier_id, p.municipality_id, p.state, p.required_at FROM action_plan_alarms pa "
                + "JOIN action_plans p ON p.id = pa.action_plan_id WHERE pa.alarm_id IN (" + ALARMS_OF_CITIZEN
                + ") ORDER BY pa.alarm_id, pa.action_plan_id", citizenId));
        attach(alarms, "breachCandidates", rows(c, "SELECT * FROM breach_candidates WHERE alarm_id IN ("
                + ALARMS_OF_CITIZEN + ") ORDER BY alarm_id, id", citizenId));
        return new JsonArray(new ArrayList<>(alarms.values()));
    }

    /** Adds each row to its alarm's array {@code key}, without the alarm id it repeats. */
    private static void attach(Map<Long, JsonObject> alarms, String key, List<JsonObject> rows) {
        for (JsonObject row : rows) {
            JsonObject alarm = alarms.get(row.getLong("alarmId"));
            if (alarm != null) {
                row.remove("alarmId");
                alarm.getJsonArray(key).add(row);
            }
        }
    }

    // ---------------------------------------------------------------- generic rows

    private static List<JsonObject> rows(Connection c, String sql, Object... args) throws SQLException {
        List<JsonObject> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    JsonObject row = new JsonObject();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(camel(meta.getColumnLabel(i)), value(rs, i, meta.getColumnType(i)));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static Object value(ResultSet rs, int i, int type) throws SQLException {
        switch (type) {
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE: {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toInstant().toString();
            }
            case Types.DATE: {
                LocalDate d = rs.getObject(i, LocalDate.class);
                return d == null ? null : d.toString();
            }
            case Types.DECIMAL:
            case Types.NUMERIC: {
                BigDecimal d = rs.getBigDecimal(i);
                return d == null ? null : d.toPlainString();
            }
            case Types.BIGINT:
            case Types.INTEGER:
            case Types.SMALLINT:
            case Types.TINYINT: {
                long n = rs.getLong(i);
                return rs.wasNull() ? null : n;
            }
            case Types.BOOLEAN:
            case Types.BIT: {
                boolean b = rs.getBoolean(i);
                return rs.wasNull() ? null : b;
            }
            default:
                return rs.getString(i);
        }
    }

    /** {@code received_at} → {@code receivedAt} (H2 reports upper case, PostgreSQL lower case). */
    static String camel(String column) {
        String lower = column.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        boolean up = false;
        for (char ch : lower.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return out.toString();
    }

    private static String likeEscape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
