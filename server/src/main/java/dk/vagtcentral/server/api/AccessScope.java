package dk.vagtcentral.server.api;

import dk.vagtcentral.server.auth.AuthStore;
import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.auth.Role;
import io.vertx.core.MultiMap;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which of an operation's items a caller with an admitted role may reach: the operation's {@code x-scope} in
 * {@code openapi.yaml} names one of these; none means the role is enough. ADMIN reaches everything. A scope also
 * says which citizen and alarm a request is about, for the access log ({@code x-access-log}). An item that does not
 * exist is refused like another's (403), so ids cannot be probed; ADMIN then gets the route's 404.
 */
enum AccessScope {
    /** The role is enough. */
    NONE("none") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) {
            return Verdict.ALLOW;
        }
    },
    /**
     * The alarm {@code {id}}: SUPERVISOR of its municipality (every SUPERVISOR when it has none, DOMAIN.md rule 12);
     * DISPATCHER of the routed-to or holding supplier; WORKER of that supplier or the notified or help worker itself.
     */
    ALARM("alarm") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) throws SQLException {
            Long id = r.longPath("id");
            if (id == null) {
                return Verdict.of(p.is(Role.ADMIN));
            }
            Optional<AuthStore.AlarmScope> s = store.alarmScope(id);
            boolean ok = p.is(Role.ADMIN) || s.map(scope -> readsAlarm(p, scope)).orElse(false);
            return new Verdict(ok, s.map(AuthStore.AlarmScope::citizenId).orElse(null), id);
        }
    },
    /**
     * The open call {@code {id}} to its holder's staff: DISPATCHER and WORKER of the supplier that holds it now, while
     * it is a call (not a notice) that is not closed or cancelled; what opens the citizen's home (the key-box code) is
     * given to no one else (003 Odder bilag 4). Which of the holder's field workers may act on it is the domain's rule
     * ({@code WorkerAssignment}), applied by the handler.
     */
    OPEN_CALL_HOLDER("open-call-holder") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) throws SQLException {
            Long id = r.longPath("id");
            if (id == null) {
                return Verdict.of(p.is(Role.ADMIN));
            }
            Optional<AuthStore.AlarmScope> s = store.alarmScope(id);
            boolean ok = p.is(Role.ADMIN) || (p.is(Role.DISPATCHER) || p.is(Role.WORKER)) && p.supplierId() != null
                    && s.map(scope -> scope.openCall() && p.supplierId().equals(scope.holderSupplierId())).orElse(false);
            return new Verdict(ok, s.map(AuthStore.AlarmScope::citizenId).orElse(null), id);
        }
    },
    /**
     * A desk of a supplier: DISPATCHER and WORKER of a supplier, for their own ({@code supplierId}, when given, must
     * be it); ADMIN names one with {@code supplierId}.
     */
    DESK("desk") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) {
            return Verdict.of(p.is(Role.ADMIN) || (p.is(Role.DISPATCHER) || p.is(Role.WORKER))
                    && p.supplierId() != null && (r.query().get("supplierId") == null
                    || r.query().getAll("supplierId").size() == 1 && p.supplierId().equals(r.query().get("supplierId"))));
        }
    },
    /**
     * A list that must name the caller's own scope, once: {@code municipalityId} for a SUPERVISOR (with at most one
     * {@code supplierId}), {@code supplierId} for a DISPATCHER.
     */
    OWN_LIST("own-list") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) {
            MultiMap q = r.query();
            if (p.is(Role.ADMIN)) {
                return Verdict.ALLOW;
            }
            if (p.is(Role.SUPERVISOR)) {
                return Verdict.of(p.municipalityId() != null && p.municipalityId().equals(q.get("municipalityId"))
                        && q.getAll("municipalityId").size() == 1 && q.getAll("supplierId").size() <= 1);
            }
            if (p.is(Role.DISPATCHER)) {
                return Verdict.of(p.supplierId() != null && p.supplierId().equals(q.get("supplierId"))
                        && q.getAll("supplierId").size() == 1);
            }
            return Verdict.DENY;
        }
    },
    /** The justification {@code {id}}: SUPERVISOR of its municipality, DISPATCHER of its supplier. */
    JUSTIFICATION("justification") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) throws SQLException {
            return owned(p, r, store, "justifications");
        }
    },
    /** The action plan {@code {id}}: SUPERVISOR of its municipality, DISPATCHER of its supplier. */
    ACTION_PLAN("action-plan") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) throws SQLException {
            return owned(p, r, store, "action_plans");
        }
    },
    /** The breach candidate {@code {id}}: SUPERVISOR of its municipality, DISPATCHER of its supplier. */
    BREACH_CANDIDATE("breach-candidate") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) throws SQLException {
            return owned(p, r, store, "breach_candidates");
        }
    },
    /** The supplier {@code {id}}: DISPATCHER of it, SUPERVISOR of its municipality. */
    SUPPLIER("supplier") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) throws SQLException {
            String supplier = r.path("id");
            if (p.is(Role.ADMIN)) {
                return Verdict.ALLOW;
            }
            if (p.is(Role.DISPATCHER)) {
                return Verdict.of(supplier.equals(p.supplierId()));
            }
            if (p.is(Role.SUPERVISOR)) {
                return Verdict.of(p.municipalityId() != null && store.supplierMunicipality(supplier)
                        .map(p.municipalityId()::equals).orElse(false));
            }
            return Verdict.DENY;
        }
    },
    /** The inbox item {@code {id}}: SUPERVISOR of its municipality; an item for every supervisor is any one's. */
    INBOX_ITEM("inbox-item") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) throws SQLException {
            if (p.is(Role.ADMIN)) {
                return Verdict.ALLOW;
            }
            Long id = r.longPath("id");
            if (id == null || !p.is(Role.SUPERVISOR) || p.municipalityId() == null) {
                return Verdict.DENY;
            }
            return Verdict.of(store.inboxMunicipality(id).map(m -> m.isEmpty() || m.equals(p.municipalityId()))
                    .orElse(false));
        }
    },
    /** The citizen {@code {id}}: SUPERVISOR of the citizen's municipality. */
    CITIZEN("citizen") {
        @Override
        Verdict check(Principal p, Request r, AuthStore store) throws SQLException {
            String citizen = r.path("id");
            boolean ok = p.is(Role.ADMIN) || p.is(Role.SUPERVISOR) && p.municipalityId() != null
                    && store.citizenMunicipality(citizen).map(p.municipalityId()::equals).orElse(false);
            return new Verdict(ok, citizen, null);
        }
    };

    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    private final String name;

    AccessScope(String name) {
        this.name = name;
    }

    /** The caller's verdict on one request; blocking (it may look up who owns what). */
    abstract Verdict check(Principal p, Request r, AuthStore store) throws SQLException;

    /** The name {@code x-scope} gives it. */
    String scopeName() {
        return name;
    }

    /** The scope {@code x-scope} names; null or absent is {@link #NONE}. */
    static AccessScope named(String name) {
        if (name == null) {
            return NONE;
        }
        return Arrays.stream(values()).filter(s -> s.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown x-scope '" + name + "'; known: "
                        + Arrays.stream(values()).map(AccessScope::scopeName).toList()));
    }

    /** What a request names: its path parameters (decoded) and its query. */
    record Request(Map<String, String> pathParams, MultiMap query) {
        String path(String name) {
            return Objects.requireNonNullElse(pathParams.get(name), "");
        }

        /** The path parameter as an id (1-18 digits), or null. */
        Long longPath(String name) {
            String text = path(name);
            return ID.matcher(text).matches() ? Long.parseLong(text) : null;
        }
    }

    /** Whether the request may go on, and the citizen and alarm it is about (null when none or unknown). */
    record Verdict(boolean allowed, String citizenId, Long alarmId) {
        static final Verdict ALLOW = new Verdict(true, null, null);
        static final Verdict DENY = new Verdict(false, null, null);

        static Verdict of(boolean allowed) {
            return allowed ? ALLOW : DENY;
        }
    }

    /** Supervisor: its municipality's alarms; dispatcher: its supplier's (routed to or holding); worker: also its own. */
    static boolean readsAlarm(Principal p, AuthStore.AlarmScope s) {
        switch (p.role()) {
            case ADMIN:
                return true;
            case SUPERVISOR:
                // an alarm no municipality could be found for is every supervisor's (DOMAIN.md rule 12)
                return p.municipalityId() != null
                        && (s.municipalityId() == null || p.municipalityId().equals(s.municipalityId()));
            case DISPATCHER:
                return ofSupplier(p, s);
            case WORKER:
                return ofSupplier(p, s) || p.workerId() != null
                        && (p.workerId().equals(s.workerId()) || p.workerId().equals(s.helpWorkerId()));
            default:
                return false;
        }
    }

    private static boolean ofSupplier(Principal p, AuthStore.AlarmScope s) {
        return p.supplierId() != null
                && (p.supplierId().equals(s.supplierId()) || p.supplierId().equals(s.holderSupplierId()));
    }

    private static Verdict owned(Principal p, Request r, AuthStore store, String table) throws SQLException {
        if (p.is(Role.ADMIN)) {
            return Verdict.ALLOW;
        }
        Long id = r.longPath("id");
        if (id == null) {
            return Verdict.DENY;
        }
        return Verdict.of(store.trailOwner(table, id).map(owner -> owns(p, owner)).orElse(false));
    }

    private static boolean owns(Principal p, AuthStore.Owner o) {
        if (p.is(Role.SUPERVISOR)) {
            return p.municipalityId() != null && p.municipalityId().equals(o.municipalityId());
        }
        if (p.is(Role.DISPATCHER)) {
            return p.supplierId() != null && p.supplierId().equals(o.supplierId());
        }
        return false;
    }
}
