package dk.vagtcentral.server.api;

import dk.vagtcentral.server.auth.AuthStore;
import dk.vagtcentral.server.auth.PasswordHasher;
import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorisation of every {@code /api/*} request, before any route runs.
 *
 * <ul>
 *   <li>{@code POST /api/v1/login} is open; {@code /health} and {@code /metrics} are outside {@code /api}.</li>
 *   <li>{@code POST /api/v1/alarms} (JSON ingest) takes the configured API key in {@code X-Api-Key}: 401 without or
 *       with a wrong key, 403 {@code ingest_disabled} when no key is configured.</li>
 *   <li>Every other route needs {@code Authorization: Bearer <token>} of a live session: 401 otherwise. The route and
 *       the principal's role and binding then decide (see {@link #decide}); a refusal is 403 {@code forbidden} and
 *       is logged {@code event=auth.forbidden}. ADMIN may do everything; anything not granted below is ADMIN only.</li>
 *   <li>Reads of citizen data (an alarm with its citizen, the citizen export, the admin's citizen reads) are written
 *       to the access log before the route answers.</li>
 * </ul>
 *
 * <p>Scope by route (ADMIN: everything; a route not listed is ADMIN only):
 * <ul>
 *   <li>{@code GET /api/openapi.yaml}: open, like login.</li>
 *   <li>{@code GET /api/v1/me}, {@code POST /api/v1/logout}: anyone signed in.</li>
 *   <li>{@code GET /api/v1/desk/alarms|on-duty|events}: DISPATCHER and WORKER of a supplier, for their own supplier
 *       only ({@code supplierId}, when given, must be it); ADMIN names one with {@code supplierId} (400 without). Opening
 *       the event stream is written to the access log ({@code desk_events}); each citizen a queue read or a pushed
 *       message shows is written by the desk ({@code desk_queue}, {@code desk_push}).</li>
 *   <li>{@code GET /api/v1/desk/history}: as the desk routes above. {@code GET /api/v1/desk/alarms/{id}/card},
 *       {@code POST /api/v1/desk/alarms/{id}/key-code}: DISPATCHER and WORKER who may read the alarm (below); the
 *       desk then gives a worker only a call assigned to them, the key-box code only to the holder's staff of an open
 *       call, and logs each citizen it shows ({@code citizen_card}, {@code key_code}, {@code desk_history}).</li>
 *   <li>{@code GET /api/v1/alarms}: anyone signed in; the page is <em>filtered</em> to the caller's alarms (so it may
 *       hold fewer than {@code limit}; keep paging by {@code nextAfterId}).</li>
 *   <li>{@code GET /api/v1/alarms/{id}}: SUPERVISOR of the alarm's {@code routing.municipalityId} (every SUPERVISOR
 *       when it has none); DISPATCHER of the routed-to or holding supplier; WORKER of that supplier or the
 *       notified/help worker itself.</li>
 *   <li>{@code POST /api/v1/alarms/{id}/{action}}: DISPATCHER as above, every action; WORKER as above, only
 *       {@code acknowledge}, {@code respond} (HELP_SENT, themselves: "on my way"), {@code on-site}, {@code close},
 *       {@code note}, and the rules refuse (403) a call not assigned to the worker; SUPERVISOR as above, {@code acknowledge}, {@code respond},
 *       {@code close}, {@code cancel}, {@code note} (the rules then allow a change only of an alarm the supervisors
 *       hold, and a note on any).</li>
 *   <li>{@code GET /api/v1/justifications|action-plans|breach-candidates}: the scoping parameter is
 *       <em>required</em>: SUPERVISOR with {@code municipalityId} = its own, DISPATCHER with {@code supplierId} = its
 *       own; otherwise 403.</li>
 *   <li>{@code GET .../{id}}: SUPERVISOR of the item's municipality, DISPATCHER of its supplier.
 *       {@code POST .../{id}/submit}: DISPATCHER of its supplier. {@code accept|reject|approve|confirm|dismiss}:
 *       SUPERVISOR of its municipality.</li>
 *   <li>{@code GET /api/v1/suppliers/{id}/figures|statement|coverage}: DISPATCHER of that supplier, SUPERVISOR of the
 *       supplier's municipality.</li>
 *   <li>{@code GET /api/v1/escalations}, {@code GET /api/v1/suppliers}, {@code GET /api/v1/inbox},
 *       {@code GET /api/v1/supervision/events}: SUPERVISOR with {@code municipalityId} = its own (required).</li>
 *   <li>{@code GET /api/v1/inbox/{id}}, {@code POST .../resolve}: SUPERVISOR of the item's municipality; an item for
 *       every supervisor (no municipality) is any supervisor's.</li>
 *   <li>{@code GET /api/v1/citizens/{id}/export|access-log}: SUPERVISOR of the citizen's municipality.</li>
 *   <li>{@code /api/v1/admin/*}, {@code /api/v1/devices}, {@code /api/v1/unknown-devices}: ADMIN only.</li>
 * </ul>
 * An item that does not exist is 403 for everyone but ADMIN (404), so ids cannot be probed.
 */
final class Security {
    private static final Logger LOG = LoggerFactory.getLogger(Security.class);
    private static final Pattern ALARM = Pattern.compile("/api/v1/alarms/([0-9]{1,18})");
    private static final Pattern ALARM_ACTION = Pattern.compile("/api/v1/alarms/([0-9]{1,18})/([a-z-]+)");
    private static final Pattern TRAIL_LIST = Pattern.compile("/api/v1/(justifications|action-plans|breach-candidates)");
    private static final Pattern TRAIL_ITEM =
            Pattern.compile("/api/v1/(justifications|action-plans|breach-candidates)/([0-9]{1,18})");
    private static final Pattern TRAIL_ACTION =
            Pattern.compile("/api/v1/(justifications|action-plans|breach-candidates)/([0-9]{1,18})/([a-z]+)");
    private static final Pattern SUPPLIER_READ = Pattern.compile("/api/v1/suppliers/([^/]+)/(figures|statement|coverage)");
    private static final Pattern CITIZEN_READ = Pattern.compile("/api/v1/citizens/([^/]+)/(export|access-log)");
    private static final Pattern ADMIN_CITIZEN = Pattern.compile("/api/v1/admin/citizens(?:/([^/]+)(?:/history)?)?");
    private static final Set<String> DESK =
            Set.of("/api/v1/desk/alarms", "/api/v1/desk/on-duty", "/api/v1/desk/events", "/api/v1/desk/history");
    private static final Pattern DESK_ALARM = Pattern.compile("/api/v1/desk/alarms/([0-9]{1,18})/(card|key-code)");
    /** A field worker's; the rules then let a worker act only on the calls assigned to them (WorkerAssignment). */
    private static final Set<String> WORKER_ACTIONS = Set.of("acknowledge", "respond", "on-site", "close", "note");
    private static final Set<String> DISPATCHER_ACTIONS =
            Set.of("acknowledge", "respond", "on-site", "close", "cancel", "forward", "note", "renotify");
    private static final Set<String> DECISIONS = Set.of("accept", "reject", "approve", "confirm", "dismiss");
    /** What a supervisor may do to an alarm it sees; the rules let it change only one no service could be told of. */
    private static final Set<String> SUPERVISOR_ACTIONS = Set.of("acknowledge", "respond", "close", "cancel", "note");
    private static final Pattern INBOX_ITEM = Pattern.compile("/api/v1/inbox/([0-9]{1,18})(/resolve)?");
    private static final Pattern UNSAFE_LOG = Pattern.compile("[^A-Za-z0-9._:/@?=&-]");

    /** A read of citizen data to record. */
    record Access(String what, String citizenId, Long alarmId) {
    }

    /** Whether the request may go on, and what it reads. */
    record Decision(boolean allowed, Access access) {
        static final Decision ALLOW = new Decision(true, null);
        static final Decision DENY = new Decision(false, null);

        static Decision of(boolean allowed) {
            return allowed ? ALLOW : DENY;
        }
    }

    private final Vertx vertx;
    private final AuthStore store;
    private final Clock clock;
    private final byte[] ingestKey;

    Security(Vertx vertx, AuthStore store, Clock clock, String ingestApiKey) {
        this.vertx = Objects.requireNonNull(vertx);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.ingestKey = ingestApiKey == null ? null : ingestApiKey.getBytes(StandardCharsets.UTF_8);
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(Principal.KEY);
    }

    /** The bearer token of the request, or null. */
    static String bearer(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).strip();
        return token.isEmpty() || token.length() > 200 ? null : token;
    }

    void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        String path = path(ctx);
        if (method == HttpMethod.POST && path.equals("/api/v1/login")) {
            ctx.next();
            return;
        }
        if (method == HttpMethod.POST && path.equals("/api/v1/alarms")) {
            ingestKey(ctx);
            return;
        }
        if (method == HttpMethod.GET && path.equals("/api/openapi.yaml")) {
            ctx.next(); // the API description is public
            return;
        }
        String token = bearer(ctx);
        if (token == null) {
            unauthorized(ctx, "log in first: Authorization: Bearer <token> from POST /api/v1/login");
            return;
        }
        MultiMap query = ctx.queryParams();
        String tokenHash = PasswordHasher.sha256Hex(token);
        vertx.executeBlocking(() -> {
            Optional<AuthStore.LiveSession> session = store.liveSession(tokenHash, clock.instant());
            if (session.isEmpty()) {
                return null;
            }
            Principal p = session.get().user().principal();
            Decision d = decide(p, method, path, query);
            if (d.allowed() && d.access() != null) {
                store.logAccess(clock.instant(), p, d.access().what(), d.access().citizenId(), d.access().alarmId(),
                        path);
            }
            return new Object[] {p, d, session.get().expiresAt()};
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("event=auth.store_error path={}", loggable(path), ar.cause());
                Responses.error(ctx, new ApiException(503, "store_unavailable", "the database could not be read; retry"));
                return;
            }
            if (ar.result() == null) {
                unauthorized(ctx, "the token is unknown, expired or revoked: log in again");
                return;
            }
            Principal p = (Principal) ar.result()[0];
            Decision d = (Decision) ar.result()[1];
            if (!d.allowed()) {
                forbidden(ctx, p, path);
                return;
            }
            ctx.put(Principal.KEY, p);
            ctx.put(LiveStreams.Session.KEY, new LiveStreams.Session(tokenHash, p, (java.time.Instant) ar.result()[2]));
            ctx.next();
        });
    }

    private void ingestKey(RoutingContext ctx) {
        if (ingestKey == null) {
            LOG.warn("event=auth.ingest_disabled path=/api/v1/alarms");
            Responses.error(ctx, new ApiException(403, "ingest_disabled",
                    "JSON alarm ingest is disabled: configure http.ingest-api-key"));
            return;
        }
        String given = ctx.request().getHeader("X-Api-Key");
        if (given == null || !MessageDigest.isEqual(ingestKey, given.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("event=auth.ingest_key_refused path=/api/v1/alarms remote={}", loggable(HttpEdge.client(ctx)));
            ctx.response().putHeader("WWW-Authenticate", "ApiKey header=\"X-Api-Key\"");
            Responses.error(ctx, new ApiException(401, "unauthorized", "a valid X-Api-Key is required"));
            return;
        }
        ctx.next();
    }

    /** The route's verdict for the principal; blocking (it may look up who owns what). */
    Decision decide(Principal p, HttpMethod method, String path, MultiMap query) throws SQLException {
        boolean admin = p.is(Role.ADMIN);
        Matcher m;
        if (path.equals("/api/v1/me") && method == HttpMethod.GET
                || path.equals("/api/v1/logout") && method == HttpMethod.POST) {
            return Decision.ALLOW;
        }
        if (method == HttpMethod.GET && path.equals("/api/v1/alarms")) {
            return Decision.ALLOW; // filtered to the principal's scope by the route
        }
        if (method == HttpMethod.GET && DESK.contains(path)) {
            boolean ok = admin || (p.is(Role.DISPATCHER) || p.is(Role.WORKER)) && p.supplierId() != null
                    && (query.get("supplierId") == null || query.getAll("supplierId").size() == 1
                    && p.supplierId().equals(query.get("supplierId")));
            // the queue and the live stream carry citizens' names, addresses and key notes: opening the stream is
            // logged here, and DeskApi logs each citizen a queue read or a pushed message shows
            return new Decision(ok, path.endsWith("/events") ? new Access("desk_events", null, null) : null);
        }
        if ((m = DESK_ALARM.matcher(path)).matches()
                && method == (m.group(2).equals("card") ? HttpMethod.GET : HttpMethod.POST)) {
            // the desk narrows it further (a worker: only a call assigned to them) and logs what it shows
            Optional<AuthStore.AlarmScope> s = store.alarmScope(Long.parseLong(m.group(1)));
            return Decision.of(admin || (p.is(Role.DISPATCHER) || p.is(Role.WORKER))
                    && s.map(scope -> readsAlarm(p, scope)).orElse(false));
        }
        if (method == HttpMethod.GET && (m = ALARM.matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            Optional<AuthStore.AlarmScope> s = store.alarmScope(id);
            boolean ok = admin || s.map(scope -> readsAlarm(p, scope)).orElse(false);
            return new Decision(ok, new Access("alarm", s.map(AuthStore.AlarmScope::citizenId).orElse(null), id));
        }
        if (method == HttpMethod.POST && (m = ALARM_ACTION.matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            String action = m.group(2);
            Optional<AuthStore.AlarmScope> s = store.alarmScope(id);
            boolean ok = admin || s.map(scope -> actsOnAlarm(p, scope, action)).orElse(false);
            return new Decision(ok, new Access("alarm_action", s.map(AuthStore.AlarmScope::citizenId).orElse(null),
                    id));
        }
        if (method == HttpMethod.GET && TRAIL_LIST.matcher(path).matches()) {
            return Decision.of(admin || scopedList(p, query, true));
        }
        if (method == HttpMethod.GET && (m = TRAIL_ITEM.matcher(path)).matches()) {
            if (admin) {
                return Decision.ALLOW;
            }
            Optional<AuthStore.Owner> o = store.trailOwner(table(m.group(1)), Long.parseLong(m.group(2)));
            return Decision.of(o.map(owner -> owns(p, owner)).orElse(false));
        }
        if (method == HttpMethod.POST && (m = TRAIL_ACTION.matcher(path)).matches()) {
            if (admin) {
                return Decision.ALLOW;
            }
            String action = m.group(3);
            Optional<AuthStore.Owner> o = store.trailOwner(table(m.group(1)), Long.parseLong(m.group(2)));
            if (o.isEmpty()) {
                return Decision.DENY;
            }
            if (action.equals("submit") && !m.group(1).equals("breach-candidates")) {
                return Decision.of(p.is(Role.DISPATCHER) && Objects.equals(p.supplierId(), o.get().supplierId()));
            }
            return Decision.of(DECISIONS.contains(action) && p.is(Role.SUPERVISOR)
                    && Objects.equals(p.municipalityId(), o.get().municipalityId()));
        }
        if (method == HttpMethod.GET && (m = SUPPLIER_READ.matcher(path)).matches()) {
            if (admin) {
                return Decision.ALLOW;
            }
            String supplier = m.group(1);
            if (p.is(Role.DISPATCHER)) {
                return Decision.of(supplier.equals(p.supplierId()));
            }
            if (p.is(Role.SUPERVISOR)) {
                return Decision.of(store.supplierMunicipality(supplier).map(p.municipalityId()::equals).orElse(false));
            }
            return Decision.DENY;
        }
        if (method == HttpMethod.GET && path.equals("/api/v1/suppliers")) {
            return Decision.of(admin || scopedList(p, query, false));
        }
        if (method == HttpMethod.GET && path.equals("/api/v1/escalations")) {
            return Decision.of(admin || scopedList(p, query, false));
        }
        if (method == HttpMethod.GET && (path.equals("/api/v1/inbox") || path.equals("/api/v1/supervision/events"))) {
            return Decision.of(admin || scopedList(p, query, false));
        }
        if ((m = INBOX_ITEM.matcher(path)).matches()
                && (method == HttpMethod.GET && m.group(2) == null || method == HttpMethod.POST && m.group(2) != null)) {
            if (admin) {
                return Decision.ALLOW;
            }
            Optional<String> municipality = store.inboxMunicipality(Long.parseLong(m.group(1)));
            return Decision.of(p.is(Role.SUPERVISOR) && p.municipalityId() != null && municipality
                    .map(x -> x.isEmpty() || x.equals(p.municipalityId())).orElse(false));
        }
        if (method == HttpMethod.GET && (m = CITIZEN_READ.matcher(path)).matches()) {
            String citizen = m.group(1);
            boolean export = m.group(2).equals("export");
            boolean ok = admin || p.is(Role.SUPERVISOR)
                    && store.citizenMunicipality(citizen).map(p.municipalityId()::equals).orElse(false);
            return new Decision(ok, export ? new Access("citizen_export", citizen, null) : null);
        }
        if (method == HttpMethod.GET && (m = ADMIN_CITIZEN.matcher(path)).matches()) {
            String citizen = m.group(1);
            return new Decision(admin, new Access(citizen == null ? "citizen_list" : "citizen", citizen, null));
        }
        return Decision.of(admin);
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

    static boolean actsOnAlarm(Principal p, AuthStore.AlarmScope s, String action) {
        switch (p.role()) {
            case ADMIN:
                return true;
            case DISPATCHER:
                return DISPATCHER_ACTIONS.contains(action) && ofSupplier(p, s);
            case WORKER:
                return WORKER_ACTIONS.contains(action) && readsAlarm(p, s);
            case SUPERVISOR:
                return SUPERVISOR_ACTIONS.contains(action) && readsAlarm(p, s);
            default:
                return false;
        }
    }

    private static boolean ofSupplier(Principal p, AuthStore.AlarmScope s) {
        return p.supplierId() != null
                && (p.supplierId().equals(s.supplierId()) || p.supplierId().equals(s.holderSupplierId()));
    }

    /** A list that must name the caller's own scope: municipalityId for a supervisor, supplierId for a dispatcher. */
    private static boolean scopedList(Principal p, MultiMap query, boolean dispatcherToo) {
        if (p.is(Role.SUPERVISOR)) {
            return p.municipalityId() != null && p.municipalityId().equals(query.get("municipalityId"))
                    && (query.get("supplierId") == null || query.getAll("supplierId").size() == 1)
                    && query.getAll("municipalityId").size() == 1;
        }
        if (p.is(Role.DISPATCHER) && dispatcherToo) {
            return p.supplierId() != null && p.supplierId().equals(query.get("supplierId"))
                    && query.getAll("supplierId").size() == 1;
        }
        return false;
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

    private static String table(String route) {
        return route.replace('-', '_');
    }

    /** The normalised path without a trailing slash. */
    static String path(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    static void unauthorized(RoutingContext ctx, String message) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        Responses.error(ctx, new ApiException(401, "unauthorized", message));
    }

    static void forbidden(RoutingContext ctx, Principal p, String path) {
        LOG.warn("event=auth.forbidden user={} role={} method={} path={} remote={}", p.username(), p.role(),
                ctx.request().method(), loggable(path), loggable(HttpEdge.client(ctx)));
        Responses.error(ctx, new ApiException(403, "forbidden", "this account may not do that"));
    }

    static String loggable(String s) {
        String t = UNSAFE_LOG.matcher(s).replaceAll("_");
        return t.length() > 200 ? t.substring(0, 200) : t;
    }
}
