package dk.vagtcentral.server.store;

import dk.vagtcentral.server.cluster.Fence;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.DeviceBinding;
import dk.vagtcentral.server.domain.DeviceBindings;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.RoutingData;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChoice;
import dk.vagtcentral.server.domain.SupplierChoices;
import dk.vagtcentral.server.domain.SupplierKind;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Reference data for routing, with every change versioned in {@code reference_history}. Blocking JDBC: call from a
 * worker thread. Each change is one transaction holding the row and its history row.
 *
 * <p>The past is not rewritten: a binding, choice or shift that has taken effect keeps its start, its subject
 * (account/citizen/supplier/worker) and the part of its period that lies before now; it is ended instead. Only a
 * period that has not started yet may be deleted, and its history stays. Creating a period that starts in the past
 * is allowed (recording what already holds).
 *
 * <p>The overlap checks (a device account bound to two citizens at once, a citizen with two supplier choices at once,
 * a choice of a supplier being suspended) are atomic with the write in the database, so two nodes on one database
 * cannot both store overlapping records: a change first takes a lock on the key the check is about (the account, the
 * citizen) for the rest of its transaction, a PostgreSQL transaction-scoped advisory lock, and reads the chosen
 * supplier {@code FOR UPDATE}, as a suspension does. Under READ COMMITTED the check then sees whatever the change
 * that held the lock before it committed. In one JVM the changes are also serialised by a lock (all the embedded H2
 * database needs: it has one node).
 */
public final class ReferenceStore {
    /** Refused changes; the API maps them to HTTP statuses. */
    public enum Reason { NOT_FOUND, CONFLICT, UNKNOWN_REFERENCE }

    public static final class Refused extends RuntimeException {
        private final Reason reason;
        private final String field;

        public Refused(Reason reason, String field, String message) {
            super(message);
            this.reason = reason;
            this.field = field;
        }

        public Reason reason() {
            return reason;
        }

        /** The request field the refusal is about, or null. */
        public String field() {
            return field;
        }
    }

    /** What a history row records; SUSPENDED and REINSTATED are a supplier's suspension and its end. */
    public enum Change { CREATED, UPDATED, ENDED, DELETED, SUSPENDED, REINSTATED }

    /** A device binding with the id the store gives it (the domain record has none). */
    public record BindingRow(String id, DeviceBinding binding) {
    }

    /** An entity as stored, with its current version and who changed it last. */
    public record Stored<T>(T value, int version, Instant changedAt, String changedBy) {
    }

    /** One version; {@code reason} is why it was made where the change states one (else null). */
    public record HistoryEntry(String entity, String entityId, int version, Instant changedAt, String actor,
                               Change change, JsonObject snapshot, String reason) {
    }

    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement p, T value) throws SQLException;
    }

    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface Check<T> {
        /** Throws {@link Refused} when {@code candidate} may not be stored; {@code existing} is null on create. */
        void check(Connection c, T existing, T candidate, Instant now) throws SQLException;
    }

    /** One kind of reference entity: its table, columns (id first, then the rest in binding order) and rules. */
    public static final class Kind<T> {
        private final String entity;
        private final String table;
        private final List<String> columns;
        private final Binder<T> binder;
        private final Mapper<T> mapper;
        private final Function<T, String> id;
        private final Function<T, JsonObject> json;
        private final Check<T> check;
        private final Function<T, Instant> startsAt;

        Kind(String entity, String table, List<String> columns, Binder<T> binder, Mapper<T> mapper,
             Function<T, String> id, Function<T, JsonObject> json, Check<T> check, Function<T, Instant> startsAt) {
            this.entity = entity;
            this.table = table;
            this.columns = columns;
            this.binder = binder;
            this.mapper = mapper;
            this.id = id;
            this.json = json;
            this.check = check;
            this.startsAt = startsAt;
        }

        /** The name used in history rows and messages, e.g. "supplier-choice". */
        public String entity() {
            return entity;
        }

        public String id(T value) {
            return id.apply(value);
        }

        public JsonObject json(T value) {
            return json.apply(value);
        }

        String select() {
            return "SELECT id, " + String.join(", ", columns) + ", version, changed_at, changed_by FROM " + table;
        }
    }

    public static final Kind<Municipality> MUNICIPALITIES = new Kind<>("municipality", "municipalities",
            List.of("name", "profile_id"),
            (p, m) -> {
                p.setString(1, m.name());
                p.setString(2, m.profileId());
            },
            rs -> new Municipality(rs.getString("id"), rs.getString("name"), rs.getString("profile_id")),
            Municipality::id, ReferenceJson::municipality, (c, existing, m, now) -> { }, null);

    public static final Kind<Supplier> SUPPLIERS = new Kind<>("supplier", "suppliers",
            List.of("municipality_id", "name", "kind", "webhook_url", "phone", "contact_person", "suspended_at",
                    "suspension_reason", "scaip_voice_calls_desk"),
            (p, s) -> {
                p.setString(1, s.municipalityId());
                p.setString(2, s.name());
                p.setString(3, s.kind().name());
                p.setString(4, s.webhookUrl());
                p.setString(5, s.phone());
                p.setString(6, s.contactPerson());
                p.setObject(7, Sql.timestamp(s.suspendedAt()));
                p.setString(8, s.suspensionReason());
                p.setBoolean(9, s.scaipVoiceCallsDesk());
            },
            rs -> new Supplier(rs.getString("id"), rs.getString("municipality_id"), rs.getString("name"),
                    SupplierKind.valueOf(rs.getString("kind")), rs.getString("webhook_url"), rs.getString("phone"),
                    rs.getString("contact_person"), Sql.instant(rs, "suspended_at"),
                    rs.getString("suspension_reason"), rs.getBoolean("scaip_voice_calls_desk")),
            Supplier::id, ReferenceJson::supplier,
            (c, existing, s, now) -> requireRow(c, MUNICIPALITIES, s.municipalityId(), "municipalityId"), null);

    public static final Kind<Citizen> CITIZENS = new Kind<>("citizen", "citizens",
            List.of("municipality_id", "name", "address", "key_note", "status", "phone", "language", "medical_note",
                    "practical_note", "key_box_location", "key_box_code", "contacts"),
            (p, ci) -> {
                p.setString(1, ci.municipalityId());
                p.setString(2, ci.name());
                p.setString(3, ci.address());
                p.setString(4, ci.keyNote());
                p.setString(5, ci.status().name());
                p.setString(6, ci.phone());
                p.setString(7, ci.language());
                p.setString(8, ci.medicalNote());
                p.setString(9, ci.practicalNote());
                p.setString(10, ci.keyBoxLocation());
                p.setString(11, ci.keyBoxCode() == null || ci.keyBoxCode().isEmpty() ? null : ci.keyBoxCode());
                p.setString(12, ci.contacts().isEmpty() ? null : ReferenceJson.contacts(ci.contacts()).encode());
            },
            rs -> new Citizen(rs.getString("id"), rs.getString("municipality_id"), rs.getString("name"),
                    rs.getString("address"), rs.getString("key_note"), Citizen.Status.valueOf(rs.getString("status")),
                    rs.getString("phone"), rs.getString("language"), rs.getString("medical_note"),
                    rs.getString("practical_note"), rs.getString("key_box_location"), rs.getString("key_box_code"),
                    ReferenceJson.contactsOf(rs.getString("contacts"))),
            Citizen::id, ReferenceJson::citizen,
            (c, existing, ci, now) -> requireRow(c, MUNICIPALITIES, ci.municipalityId(), "municipalityId"), null);

    public static final Kind<BindingRow> BINDINGS = new Kind<>("device-binding", "device_bindings",
            List.of("account", "citizen_id", "valid_from", "valid_to"),
            (p, b) -> {
                p.setString(1, b.binding().account());
                p.setString(2, b.binding().citizenId());
                p.setObject(3, Sql.timestamp(b.binding().validFrom()));
                p.setObject(4, Sql.timestamp(b.binding().validTo()));
            },
            rs -> new BindingRow(rs.getString("id"), new DeviceBinding(rs.getString("account"),
                    rs.getString("citizen_id"), Sql.instant(rs, "valid_from"), Sql.instant(rs, "valid_to"))),
            BindingRow::id, b -> ReferenceJson.binding(b.id(), b.binding()),
            ReferenceStore::checkBinding, b -> b.binding().validFrom());

    public static final Kind<SupplierChoice> CHOICES = new Kind<>("supplier-choice", "supplier_choices",
            List.of("citizen_id", "supplier_id", "valid_from", "valid_to", "notice_override_reason"),
            (p, ch) -> {
                p.setString(1, ch.citizenId());
                p.setString(2, ch.supplierId());
                p.setObject(3, ch.validFrom());
                p.setObject(4, ch.validTo());
                p.setString(5, ch.noticeOverrideReason());
            },
            rs -> new SupplierChoice(rs.getString("id"), rs.getString("citizen_id"), rs.getString("supplier_id"),
                    date(rs, "valid_from"), date(rs, "valid_to"), rs.getString("notice_override_reason")),
            SupplierChoice::id, ReferenceJson::choice, ReferenceStore::checkChoice, SupplierChoice::startsAt);

    public static final Kind<Shift> SHIFTS = new Kind<>("shift", "shifts",
            List.of("supplier_id", "worker_id", "worker_name", "role", "starts_at", "ends_at"),
            (p, s) -> {
                p.setString(1, s.supplierId());
                p.setString(2, s.workerId());
                p.setString(3, s.workerName());
                p.setString(4, s.role().name());
                p.setObject(5, Sql.timestamp(s.start()));
                p.setObject(6, Sql.timestamp(s.end()));
            },
            rs -> new Shift(rs.getString("id"), rs.getString("supplier_id"), rs.getString("worker_id"),
                    rs.getString("worker_name"), Shift.Role.valueOf(rs.getString("role")),
                    Sql.instant(rs, "starts_at"), Sql.instant(rs, "ends_at")),
            Shift::id, ReferenceJson::shift, ReferenceStore::checkShift, Shift::start);

    public static final List<Kind<?>> ALL_KINDS = List.of(MUNICIPALITIES, SUPPLIERS, CITIZENS, BINDINGS, CHOICES,
            SHIFTS);

    private final Database db;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Tests only: runs after a change's checks passed, before it writes (to hold two changes side by side). */
    volatile Runnable afterChecks = () -> { };

    /** Counts committed changes, so readers can cache what they read and notice when it may be stale. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    /** Goes up with every committed change made through this store (this JVM only). */
    public long changeCount() {
        return changes.get();
    }

    /** Something routing reads changed outside this store (a device's registered municipality): drop caches. */
    public void touched() {
        changes.incrementAndGet();
    }

    public ReferenceStore(Database db) {
        this.db = db;
    }

    // ---------------------------------------------------------------- changes

    /** Stores a new entity: 409 CONFLICT when the id is taken, or the entity's own rules refuse it. */
    public <T> Stored<T> create(Kind<T> kind, T value, String actor, Instant now) throws SQLException {
        return create(kind, value, actor, now, null);
    }

    /** As {@link #create(Kind, Object, String, Instant)}, with the reason for the history row (may be null). */
    public <T> Stored<T> create(Kind<T> kind, T value, String actor, Instant now, String reason) throws SQLException {
        return create(kind, value, actor, now, reason, Fence.NONE);
    }

    /**
     * As {@link #create(Kind, Object, String, Instant, String)}, for a singleton job: its transaction is checked
     * against the job's {@code fence} first.
     */
    public <T> Stored<T> create(Kind<T> kind, T value, String actor, Instant now, String reason, Fence fence)
            throws SQLException {
        return change(kind, kind.id(value), null, existing -> {
            if (existing != null) {
                throw new Refused(Reason.CONFLICT, "id", kind.entity + " " + kind.id(value) + " already exists");
            }
            return value;
        }, Change.CREATED, actor, now, reason, fence);
    }

    /**
     * Changes the entity {@code id} to what {@code change} makes of its current value; {@code expectedVersion}
     * (optional) must be the current version.
     */
    public <T> Stored<T> update(Kind<T> kind, String id, Integer expectedVersion, UnaryOperator<T> change,
                                Change what, String actor, Instant now) throws SQLException {
        return update(kind, id, expectedVersion, change, what, actor, now, null);
    }

    /** As above, with the reason for the history row (may be null). */
    public <T> Stored<T> update(Kind<T> kind, String id, Integer expectedVersion, UnaryOperator<T> change,
                                Change what, String actor, Instant now, String reason) throws SQLException {
        return change(kind, id, expectedVersion, existing -> {
            if (existing == null) {
                throw new Refused(Reason.NOT_FOUND, "id", "no " + kind.entity + " with id " + id);
            }
            T candidate = change.apply(existing);
            if (!Objects.equals(kind.id(candidate), id)) {
                throw new Refused(Reason.CONFLICT, "id", "the id of " + kind.entity + " " + id + " cannot change");
            }
            return candidate;
        }, what, actor, now, reason, Fence.NONE);
    }

    /** Ends supplier choice {@code id} on {@code validTo} (the first day it no longer holds). */
    public Stored<SupplierChoice> endChoice(String id, LocalDate validTo, Integer expectedVersion, String actor,
                                           Instant now) throws SQLException {
        return update(CHOICES, id, expectedVersion,
                ch -> ch.endingOn(validTo),
                Change.ENDED, actor, now);
    }

    /** Ends device binding {@code id} at {@code validTo} (the first instant it no longer holds). */
    public Stored<BindingRow> endBinding(String id, Instant validTo, Integer expectedVersion, String actor,
                                         Instant now) throws SQLException {
        return update(BINDINGS, id, expectedVersion, b -> new BindingRow(b.id(), new DeviceBinding(
                b.binding().account(), b.binding().citizenId(), b.binding().validFrom(), validTo)),
                Change.ENDED, actor, now);
    }

    /**
     * Removes a binding, choice or shift that has not started yet; its history stays, with a DELETED row.
     * One that has taken effect is refused (409): end it instead.
     */
    public <T> void delete(Kind<T> kind, String id, String actor, Instant now) throws SQLException {
        if (kind.startsAt == null) {
            throw new Refused(Reason.CONFLICT, null, kind.entity + " records are never deleted");
        }
        writeLock.lock();
        try (Connection c = db.connection()) {
            try {
                Stored<T> existing = find(c, kind, id, true)
                        .orElseThrow(() -> new Refused(Reason.NOT_FOUND, "id", "no " + kind.entity + " with id " + id));
                if (!kind.startsAt.apply(existing.value()).isAfter(now)) {
                    throw new Refused(Reason.CONFLICT, "id", kind.entity + " " + id
                            + " has taken effect and is kept; end it instead of deleting it");
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + kind.table + " WHERE id = ?")) {
                    p.setString(1, id);
                    p.executeUpdate();
                }
                history(c, kind, id, existing.version() + 1, now, actor, Change.DELETED, existing.value(), null);
                db.commitDurably(c);
                changes.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private <T> Stored<T> change(Kind<T> kind, String id, Integer expectedVersion, UnaryOperator<T> decide,
                                 Change what, String actor, Instant now, String reason, Fence fence)
            throws SQLException {
        writeLock.lock();
        try (Connection c = db.connection()) {
            try {
                fence.check(c);
                Optional<Stored<T>> existing = find(c, kind, id, true);
                if (existing.isPresent() && expectedVersion != null && existing.get().version() != expectedVersion) {
                    throw new Refused(Reason.CONFLICT, "version", kind.entity + " " + id + " is at version "
                            + existing.get().version() + ", not " + expectedVersion);
                }
                T old = existing.map(Stored::value).orElse(null);
                T candidate = decide.apply(old);
                AdvisoryLocks.lock(db, c, overlapKeys(old, candidate));
                kind.check.check(c, old, candidate, now);
                afterChecks.run();
                int version;
                if (existing.isEmpty()) {
                    version = lastHistoryVersion(c, kind, id) + 1;
                    String placeholders = "?, ".repeat(kind.columns.size() + 3) + "?";
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + kind.table + " ("
                            + String.join(", ", kind.columns) + ", version, changed_at, changed_by, id) VALUES ("
                            + placeholders + ")")) {
                        bindRow(p, kind, candidate, version, now, actor, id);
                        p.executeUpdate();
                    }
                } else {
                    version = existing.get().version() + 1;
                    StringBuilder set = new StringBuilder();
                    for (String column : kind.columns) {
                        set.append(column).append(" = ?, ");
                    }
                    try (PreparedStatement p = c.prepareStatement("UPDATE " + kind.table + " SET " + set
                            + "version = ?, changed_at = ?, changed_by = ? WHERE id = ?")) {
                        bindRow(p, kind, candidate, version, now, actor, id);
                        p.executeUpdate();
                    }
                }
                history(c, kind, id, version, now, actor, what, candidate, reason);
                db.commitDurably(c);
                changes.incrementAndGet();
                return new Stored<>(candidate, version, now, actor);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The keys whose records a change of {@code old} into {@code candidate} must not overlap: the account of a binding,
     * the citizen of a supplier choice (both old and new, when a change moves a record from one to another), sorted so
     * that two changes take them in the same order.
     */
    static SortedSet<String> overlapKeys(Object old, Object candidate) {
        SortedSet<String> keys = new TreeSet<>();
        for (Object o : new Object[] {old, candidate}) {
            if (o instanceof BindingRow b) {
                keys.add("binding-account:" + b.binding().account());
            } else if (o instanceof SupplierChoice ch) {
                keys.add("choice-citizen:" + ch.citizenId());
            }
        }
        return keys;
    }

    private static <T> void bindRow(PreparedStatement p, Kind<T> kind, T value, int version, Instant now,
                                    String actor, String id) throws SQLException {
        kind.binder.bind(p, value);
        int i = kind.columns.size() + 1;
        p.setInt(i++, version);
        p.setObject(i++, Sql.timestamp(now));
        p.setString(i++, actor);
        p.setString(i, id);
    }

    private static <T> void history(Connection c, Kind<T> kind, String id, int version, Instant now, String actor,
                                    Change what, T snapshot, String reason) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO reference_history "
                + "(entity, entity_id, version, changed_at, actor, change, snapshot, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, kind.entity);
            p.setString(2, id);
            p.setInt(3, version);
            p.setObject(4, Sql.timestamp(now));
            p.setString(5, actor);
            p.setString(6, what.name());
            p.setString(7, kind.json(snapshot).encode());
            p.setString(8, reason);
            p.executeUpdate();
        }
    }

    private static int lastHistoryVersion(Connection c, Kind<?> kind, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM reference_history WHERE entity = ? AND entity_id = ?")) {
            p.setString(1, kind.entity);
            p.setString(2, id);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---------------------------------------------------------------- rules

    private static void requireRow(Connection c, Kind<?> parent, String id, String field) throws SQLException {
        if (id != null && find(c, parent, id, false).isEmpty()) {
            throw new Refused(Reason.UNKNOWN_REFERENCE, field, "no " + parent.entity + " with id " + id);
        }
    }

    private static void checkBinding(Connection c, BindingRow existing, BindingRow candidate, Instant now)
            throws SQLException {
        DeviceBinding b = candidate.binding();
        requireRow(c, CITIZENS, b.citizenId(), "citizenId");
        if (existing != null) {
            DeviceBinding e = existing.binding();
            keepThePast(e.validFrom(), e.validTo(), b.validFrom(), b.validTo(),
                    e.account().equals(b.account()) && e.citizenId().equals(b.citizenId()),
                    "device binding " + existing.id(), "validFrom", "validTo", "account/citizenId", now);
        }
        List<DeviceBinding> others = new ArrayList<>();
        for (Stored<BindingRow> row : list(c, BINDINGS, "account = ?", b.account())) {
            if (!row.value().id().equals(candidate.id())) {
                others.add(row.value().binding());
            }
        }
        List<DeviceBinding> overlapping = DeviceBindings.overlapping(b, others);
        if (!overlapping.isEmpty()) {
            DeviceBinding o = overlapping.get(0);
            throw new Refused(Reason.CONFLICT, "validFrom", "account " + b.account() + " is already bound to citizen "
                    + o.citizenId() + " from " + o.validFrom() + (o.validTo() == null ? "" : " to " + o.validTo()));
        }
    }

    private static void checkChoice(Connection c, SupplierChoice existing, SupplierChoice candidate, Instant now)
            throws SQLException {
        Optional<Stored<Citizen>> citizen = find(c, CITIZENS, candidate.citizenId(), false);
        if (citizen.isEmpty()) {
            throw new Refused(Reason.UNKNOWN_REFERENCE, "citizenId", "no citizen with id " + candidate.citizenId());
        }
        // locked, as a suspension locks it: a choice and a suspension of its supplier cannot pass each other
        Optional<Stored<Supplier>> supplier = find(c, SUPPLIERS, candidate.supplierId(), true);
        if (supplier.isEmpty()) {
            throw new Refused(Reason.UNKNOWN_REFERENCE, "supplierId", "no supplier with id " + candidate.supplierId());
        }
        Supplier s = supplier.get().value();
        if (s.kind() == SupplierKind.FIRE_AND_RESCUE) {
            throw new Refused(Reason.UNKNOWN_REFERENCE, "supplierId", "supplier " + s.id()
                    + " is fire-and-rescue, which cannot be chosen as a care supplier");
        }
        String municipality = citizen.get().value().municipalityId();
        if (!s.municipalityId().equals(municipality)) {
            throw new Refused(Reason.UNKNOWN_REFERENCE, "supplierId", "supplier " + s.id() + " serves municipality "
                    + s.municipalityId() + ", not the citizen's municipality " + municipality);
        }
        boolean newSupplier = existing == null || !existing.supplierId().equals(candidate.supplierId());
        if (newSupplier && s.isSuspended()
                && (candidate.endsAt() == null || candidate.endsAt().isAfter(s.suspendedAt()))) {
            throw new Refused(Reason.CONFLICT, "supplierId", "supplier " + s.id() + " is suspended from "
                    + s.suspendedAt() + " (" + s.suspensionReason() + "); choose another supplier");
        }
        if (existing != null) {
            keepThePast(existing.startsAt(), existing.endsAt(), candidate.startsAt(), candidate.endsAt(),
                    existing.citizenId().equals(candidate.citizenId())
                            && existing.supplierId().equals(candidate.supplierId()),
                    "supplier choice " + existing.id(), "validFrom", "validTo", "citizenId/supplierId", now);
        }
        List<SupplierChoice> overlapping = SupplierChoices.overlapping(candidate,
                list(c, CHOICES, "citizen_id = ?", candidate.citizenId()).stream().map(Stored::value).toList());
        if (!overlapping.isEmpty()) {
            SupplierChoice o = overlapping.get(0);
            throw new Refused(Reason.CONFLICT, "validFrom", "citizen " + candidate.citizenId()
                    + " already has choice " + o.id() + " of supplier " + o.supplierId() + " from " + o.validFrom()
                    + (o.validTo() == null ? " with no end" : " to " + o.validTo())
                    + "; end that choice first");
        }
    }

    private static void checkShift(Connection c, Shift existing, Shift candidate, Instant now) throws SQLException {
        requireRow(c, SUPPLIERS, candidate.supplierId(), "supplierId");
        if (existing != null) {
            keepThePast(existing.start(), existing.end(), candidate.start(), candidate.end(),
                    existing.supplierId().equals(candidate.supplierId())
                            && existing.workerId().equals(candidate.workerId())
                            && existing.role() == candidate.role(),
                    "shift " + existing.id(), "start", "end", "supplierId/workerId/role", now);
        }
    }

    /**
     * A period that has started keeps its start and subject; one that has ended keeps its end; a running period
     * may not be ended before now, and a future one may not be moved to start in the past.
     */
    private static void keepThePast(Instant oldStart, Instant oldEnd, Instant newStart, Instant newEnd,
                                    boolean sameSubject, String what, String startField, String endField,
                                    String subjectFields, Instant now) {
        boolean started = !oldStart.isAfter(now);
        if (started) {
            if (!newStart.equals(oldStart)) {
                throw new Refused(Reason.CONFLICT, startField, what + " took effect at " + oldStart
                        + "; its start cannot change (end it and create a new one)");
            }
            if (!sameSubject) {
                throw new Refused(Reason.CONFLICT, subjectFields.substring(0, subjectFields.indexOf('/')), what
                        + " took effect at " + oldStart + "; its " + subjectFields
                        + " cannot change (end it and create a new one)");
            }
        } else if (newStart.isBefore(now)) {
            throw new Refused(Reason.CONFLICT, startField, what + " cannot be moved to start in the past");
        }
        boolean ended = oldEnd != null && !oldEnd.isAfter(now);
        if (ended) {
            if (!Objects.equals(oldEnd, newEnd)) {
                throw new Refused(Reason.CONFLICT, endField, what + " ended at " + oldEnd + "; that cannot change");
            }
        } else if (started && newEnd != null && newEnd.isBefore(now)) {
            throw new Refused(Reason.CONFLICT, endField, what + " cannot be ended in the past (" + newEnd
                    + " is before now, " + now + ")");
        }
    }

    // ---------------------------------------------------------------- reads

    public <T> Optional<Stored<T>> find(Kind<T> kind, String id) throws SQLException {
        try (Connection c = db.connection()) {
            Optional<Stored<T>> found = find(c, kind, id, false);
            c.commit();
            return found;
        }
    }

    /** All of a kind, in id order; {@code where} (one '?' bound to {@code value}) filters when not null. */
    <T> List<Stored<T>> list(Kind<T> kind, String where, Object value) throws SQLException {
        try (Connection c = db.connection()) {
            List<Stored<T>> out = list(c, kind, where, value);
            c.commit();
            return out;
        }
    }

    public List<Stored<Municipality>> municipalities() throws SQLException {
        return list(MUNICIPALITIES, null, null);
    }

    public List<Stored<Supplier>> suppliers(String municipalityId) throws SQLException {
        return list(SUPPLIERS, municipalityId == null ? null : "municipality_id = ?", municipalityId);
    }

    public List<Stored<Citizen>> citizens(String municipalityId) throws SQLException {
        return list(CITIZENS, municipalityId == null ? null : "municipality_id = ?", municipalityId);
    }

    /** Bindings of one account (ignoring case), of one citizen, or all. */
    public List<Stored<BindingRow>> bindings(String account, String citizenId) throws SQLException {
        if (account != null) {
            return list(BINDINGS, "account = ?", account.toUpperCase(Locale.ROOT));
        }
        return list(BINDINGS, citizenId == null ? null : "citizen_id = ?", citizenId);
    }

    public List<Stored<SupplierChoice>> choices(String citizenId) throws SQLException {
        return list(CHOICES, citizenId == null ? null : "citizen_id = ?", citizenId);
    }

    /** Shifts of {@code supplierId} (all suppliers if null) that overlap {@code [from, to)}, by start. */
    public List<Shift> shifts(String supplierId, Instant from, Instant to) throws SQLException {
        try (Connection c = db.connection()) {
            List<Shift> out = shifts(c, supplierId == null ? List.of() : List.of(supplierId), supplierId == null,
                    from, to);
            c.commit();
            return out;
        }
    }

    /** Every recorded version of one entity, oldest first; empty when it never existed. */
    public List<HistoryEntry> history(Kind<?> kind, String id) throws SQLException {
        List<HistoryEntry> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("SELECT entity, entity_id, "
                + "version, changed_at, actor, change, snapshot, reason FROM reference_history WHERE entity = ? "
                + "AND entity_id = ? "
                + "ORDER BY version")) {
            p.setString(1, kind.entity);
            p.setString(2, id);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(rs.getString("entity"), rs.getString("entity_id"), rs.getInt("version"),
                            Sql.instant(rs, "changed_at"), rs.getString("actor"), Change.valueOf(rs.getString("change")),
                            new JsonObject(rs.getString("snapshot")), rs.getString("reason")));
                }
            }
            c.commit();
        }
        return out;
    }

    /**
     * What {@link dk.vagtcentral.server.domain.Router} needs to route an alarm from {@code account} received at
     * {@code at}: the account's bindings, the citizens they name, those citizens' choices, the suppliers of their
     * municipalities (and of {@code fallbackMunicipalityId}), and those suppliers' shifts overlapping
     * {@code [at, at + lookahead]} (so backups for later re-notification are there too). Reads one snapshot.
     */
    public RoutingData routingDataFor(String account, Instant at, String fallbackMunicipalityId, Duration lookahead)
            throws SQLException {
        try (Connection c = db.connection()) {
            String normalised = account.toUpperCase(Locale.ROOT);
            List<DeviceBinding> bindings = list(c, BINDINGS, "account = ?", normalised).stream()
                    .map(s -> s.value().binding()).toList();
            Set<String> citizenIds = new LinkedHashSet<>();
            bindings.forEach(b -> citizenIds.add(b.citizenId()));
            List<Citizen> citizens = new ArrayList<>();
            List<SupplierChoice> choices = new ArrayList<>();
            Set<String> municipalities = new LinkedHashSet<>();
            for (String citizenId : citizenIds) {
                Optional<Stored<Citizen>> citizen = find(c, CITIZENS, citizenId, false);
                if (citizen.isPresent()) {
                    citizens.add(citizen.get().value());
                    municipalities.add(citizen.get().value().municipalityId());
                    list(c, CHOICES, "citizen_id = ?", citizenId).forEach(s -> choices.add(s.value()));
                }
            }
            String registered = registeredMunicipality(c, normalised);
            String sole = soleMunicipality(c);
            for (String m : new String[] {fallbackMunicipalityId, registered, sole}) {
                if (m != null) {
                    municipalities.add(m);
                }
            }
            List<Supplier> suppliers = new ArrayList<>();
            for (String municipalityId : municipalities) {
                list(c, SUPPLIERS, "municipality_id = ?", municipalityId).forEach(s -> suppliers.add(s.value()));
            }
            List<Shift> shifts = shifts(c, suppliers.stream().map(Supplier::id).toList(), false, at,
                    at.plus(lookahead).plusNanos(1));
            c.commit();
            return new RoutingData(bindings, citizens, choices, shifts, suppliers, fallbackMunicipalityId, registered,
                    sole);
        }
    }

    /** The municipality the device is registered to (devices.municipality_id), or null. */
    private static String registeredMunicipality(Connection c, String account) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT municipality_id FROM devices WHERE account = ?")) {
            p.setString(1, account);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The only municipality on record, or null when there are none or several. */
    private static String soleMunicipality(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM municipalities ORDER BY id LIMIT 2");
             ResultSet rs = p.executeQuery()) {
            String first = rs.next() ? rs.getString(1) : null;
            return rs.next() ? null : first;
        }
    }

    /** {@link #routingDataFor(String, Instant, String, Duration)} with shifts for the next two hours. */
    public RoutingData routingDataFor(String account, Instant at, String fallbackMunicipalityId) throws SQLException {
        return routingDataFor(account, at, fallbackMunicipalityId, Duration.ofHours(2));
    }

    public RoutingData routingDataFor(String account, Instant at) throws SQLException {
        return routingDataFor(account, at, null);
    }

    // ---------------------------------------------------------------- JDBC

    private static <T> Optional<Stored<T>> find(Connection c, Kind<T> kind, String id, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(kind.select() + " WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(stored(kind, rs)) : Optional.empty();
            }
        }
    }

    private static <T> List<Stored<T>> list(Connection c, Kind<T> kind, String where, Object value)
            throws SQLException {
        List<Stored<T>> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(kind.select() + (where == null ? "" : " WHERE " + where)
                + " ORDER BY id")) {
            if (where != null) {
                p.setObject(1, value);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(stored(kind, rs));
                }
            }
        }
        return out;
    }

    private static List<Shift> shifts(Connection c, List<String> supplierIds, boolean all, Instant from, Instant to)
            throws SQLException {
        List<Shift> out = new ArrayList<>();
        if (!all && supplierIds.isEmpty()) {
            return out;
        }
        String where = " WHERE ends_at > ? AND starts_at < ?"
                + (all ? "" : " AND supplier_id IN (" + "?, ".repeat(supplierIds.size() - 1) + "?)");
        try (PreparedStatement p = c.prepareStatement(SHIFTS.select() + where + " ORDER BY starts_at, id")) {
            p.setObject(1, Sql.timestamp(from));
            p.setObject(2, Sql.timestamp(to));
            for (int i = 0; !all && i < supplierIds.size(); i++) {
                p.setString(3 + i, supplierIds.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(SHIFTS.mapper.map(rs));
                }
            }
        }
        return out;
    }

    private static <T> Stored<T> stored(Kind<T> kind, ResultSet rs) throws SQLException {
        return new Stored<>(kind.mapper.map(rs), rs.getInt("version"), Sql.instant(rs, "changed_at"),
                rs.getString("changed_by"));
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }
}
