package dk.vagtcentral.server.api;

import dk.vagtcentral.server.auth.AuthStore;
import dk.vagtcentral.server.auth.PasswordHasher;
import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.auth.Role;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorisation of every operation, as {@code openapi.yaml} declares them; {@link Operations}
 * puts {@link #gate} first on each operation's route.
 *
 * <ul>
 *   <li>{@code security: []}: open (login, health, metrics, the document itself).</li>
 *   <li>{@code security: [{apiKey: []}]} ({@code POST /api/v1/alarms}, JSON ingest): the configured API key in
 *       {@code X-Api-Key}; 401 without or with a wrong key, 403 {@code ingest_disabled} when no key is
 *       configured.</li>
 *   <li>{@code security: [{bearerAuth: [roles]}]} (the document's default is {@code [ADMIN]}):
 *       {@code Authorization: Bearer <token>} of a live session (401 otherwise), a role in the list, and the
 *       operation's {@code x-scope} ({@link AccessScope}: which items of the operation the caller may reach); a
 *       refusal is 403 {@code forbidden}, logged {@code event=auth.forbidden}. With {@code x-access-log: <what>}
 *       the read of citizen data is written to the access log before the route answers.</li>
 * </ul>
 * A declaration this class does not know (another scheme, several alternatives, a bearer requirement without roles,
 * an unknown role or scope) fails when the operation is bound, so the server does not start with it.
 */
final class Security {
    private static final Logger LOG = LoggerFactory.getLogger(Security.class);
    private static final Pattern UNSAFE_LOG = Pattern.compile("[^A-Za-z0-9._:/@?=&-]");
    static final String BEARER = "bearerAuth";
    static final String API_KEY = "apiKey";

    /** What one operation demands, read from the document. */
    record Rule(String operationId, Set<Role> roles, AccessScope scope, String accessLog) {
        /** The rule of {@code op}; null for an open operation, {@link #INGEST_KEY} for the ingest key. */
        static Rule of(Operation op) {
            String id = op.getOperationId();
            List<SecurityRequirement> requirements = op.getSecurityRequirements();
            Object scope = op.getExtensions().get("x-scope");
            Object access = op.getExtensions().get("x-access-log");
            if (requirements.isEmpty() || requirements.size() == 1 && requirements.get(0).isEmpty()) {
                requireNone(id, scope, access, "an open operation");
                return null;
            }
            if (requirements.size() != 1 || requirements.get(0).size() != 1) {
                throw new IllegalStateException("operation " + id + ": security must be one requirement of one "
                        + "scheme (" + BEARER + " with roles, or " + API_KEY + ")");
            }
            SecurityRequirement r = requirements.get(0);
            if (r.getNames().contains(API_KEY)) {
                requireNone(id, scope, access, "an ingest-key operation");
                return INGEST_KEY;
            }
            if (!r.getNames().contains(BEARER)) {
                throw new IllegalStateException("operation " + id + ": unknown security scheme " + r.getNames());
            }
            List<String> names = r.getScopes(BEARER);
            if (names == null || names.isEmpty()) {
                throw new IllegalStateException("operation " + id + ": " + BEARER + " must list the roles that may "
                        + "call it, e.g. [ADMIN, SUPERVISOR]");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String name : names) {
                try {
                    roles.add(Role.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("operation " + id + ": unknown role " + name + "; known: "
                            + Arrays.toString(Role.values()), e);
                }
            }
            if (scope != null && !(scope instanceof String) || access != null && !(access instanceof String)) {
                throw new IllegalStateException("operation " + id + ": x-scope and x-access-log are names");
            }
            AccessScope s;
            try {
                s = AccessScope.named((String) scope);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("operation " + id + ": " + e.getMessage(), e);
            }
            return new Rule(id, Set.copyOf(roles), s, (String) access);
        }

        private static void requireNone(String id, Object scope, Object access, String what) {
            if (scope != null || access != null) {
                throw new IllegalStateException("operation " + id + " is " + what + ": x-scope and x-access-log "
                        + "apply to signed-in callers only");
            }
        }
    }

    /** The rule of the ingest key. */
    static final Rule INGEST_KEY = new Rule("", Set.of(), AccessScope.NONE, null);

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

    /** The first handler of {@code op}'s route: what its security, x-scope and x-access-log in the document say. */
    Handler<RoutingContext> gate(Operation op) {
        Rule rule = Rule.of(op);
        if (rule == null) {
            return RoutingContext::next;
        }
        if (rule == INGEST_KEY) {
            return this::ingestKey;
        }
        return ctx -> signedIn(ctx, rule);
    }

    private void signedIn(RoutingContext ctx, Rule rule) {
        String path = path(ctx);
        String token = bearer(ctx);
        if (token == null) {
            unauthorized(ctx, "log in first: Authorization: Bearer <token> from POST /api/v1/login");
            return;
        }
        AccessScope.Request request = new AccessScope.Request(Map.copyOf(ctx.pathParams()), ctx.queryParams());
        String tokenHash = PasswordHasher.sha256Hex(token);
        vertx.executeBlocking(() -> {
            Optional<AuthStore.LiveSession> session = store.liveSession(tokenHash, clock.instant());
            if (session.isEmpty()) {
                return null;
            }
            Principal p = session.get().user().principal();
            AccessScope.Verdict v = rule.roles().contains(p.role()) ? rule.scope().check(p, request, store)
                    : AccessScope.Verdict.DENY;
            if (v.allowed() && rule.accessLog() != null) {
                store.logAccess(clock.instant(), p, rule.accessLog(), v.citizenId(), v.alarmId(), path);
            }
            return new Admission(p, v.allowed(), session.get().expiresAt());
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("event=auth.store_error path={}", loggable(path), ar.cause());
                Responses.error(ctx, new ApiException(503, "store_unavailable", "the database could not be read; retry"));
                return;
            }
            Admission a = ar.result();
            if (a == null) {
                unauthorized(ctx, "the token is unknown, expired or revoked: log in again");
                return;
            }
            if (!a.allowed()) {
                forbidden(ctx, a.principal(), path);
                return;
            }
            ctx.put(Principal.KEY, a.principal());
            ctx.put(LiveStreams.Session.KEY, new LiveStreams.Session(tokenHash, a.principal(), a.sessionExpires()));
            ctx.next();
        });
    }

    /** A signed-in caller and whether the operation admits it. */
    private record Admission(Principal principal, boolean allowed, Instant sessionExpires) {
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
