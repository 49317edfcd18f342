package dk.vagtcentral.server.api;

import dk.vagtcentral.server.auth.AuthStore;
import dk.vagtcentral.server.auth.LoginThrottle;
import dk.vagtcentral.server.auth.PasswordHasher;
import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.auth.Role;
import dk.vagtcentral.server.domain.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts over HTTP: {@code POST /api/v1/login} ({@code {username, password}} → {@code {token, expiresAt, user}};
 * 401 {@code invalid_credentials}; 429 {@code too_many_attempts} with {@code Retry-After} when throttled, per
 * username and client address: see {@link LoginThrottle}),
 * {@code POST /api/v1/logout} (204), {@code GET /api/v1/me}; for ADMIN {@code POST/GET /api/v1/admin/users},
 * {@code GET /api/v1/admin/users/{username}}, {@code PUT /api/v1/admin/users/{username}/password},
 * {@code POST /api/v1/admin/users/{username}/disable} and {@code /enable},
 * {@code PUT /api/v1/admin/users/{username}/role}; and the access log
 * {@code GET /api/v1/citizens/{id}/access-log}. Who may call which is declared in openapi.yaml and enforced by {@link Security}.
 */
final class AccountsApi {
    private static final Logger LOG = LoggerFactory.getLogger(AccountsApi.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    static final int MIN_PASSWORD = 12;
    private static final int MAX_PASSWORD = 200;

    private final Vertx vertx;
    private final AuthStore store;
    private final LoginThrottle throttle;
    private final Duration sessionTtl;
    private final Clock clock;
    private final LiveStreams streams;

    AccountsApi(Vertx vertx, AuthStore store, LoginThrottle throttle, Duration sessionTtl, Clock clock,
                LiveStreams streams) {
        this.vertx = vertx;
        this.streams = streams;
        this.store = store;
        this.throttle = throttle;
        this.sessionTtl = sessionTtl;
        this.clock = clock;
    }

    void bind(Operations api) {
        api.on("login", this::login)
                .on("logout", this::logout)
                .on("me", ctx -> blocking(ctx, () -> store.user(Security.principal(ctx).username())
                        .orElseThrow(() -> ApiException.notFound("no such user"))).onSuccess(u -> json(ctx, 200, user(u))))
                .on("createUser", this::createUser)
                .on("listUsers", ctx -> blocking(ctx, store::users).onSuccess(list -> {
                    JsonArray items = new JsonArray();
                    list.forEach(u -> items.add(user(u)));
                    json(ctx, 200, new JsonObject().put("items", items));
                }))
                .on("getUser", ctx -> blocking(ctx, () -> store.user(ctx.pathParam("username"))
                        .orElseThrow(() -> ApiException.notFound("no such user"))).onSuccess(u -> json(ctx, 200, user(u))))
                .on("setPassword", this::setPassword)
                .on("disableUser", ctx -> disable(ctx, true))
                .on("enableUser", ctx -> disable(ctx, false))
                .on("setRole", this::setRole)
                .on("citizenAccessLog", this::accessLog);
    }

    private void login(RoutingContext ctx) {
        JsonObject json = body(ctx);
        if (json == null) {
            return;
        }
        AdminBody body = new AdminBody(json, Set.of("username", "password"));
        String username = body.string("username");
        String password = body.string("password");
        List<FieldError> errors = body.errors(List.of());
        if (!errors.isEmpty() || username == null || password == null || username.length() > 64
                || password.length() > MAX_PASSWORD) {
            Responses.error(ctx, ApiException.badRequest("body must be {\"username\": \"...\", \"password\": \"...\"}"));
            return;
        }
        String user = username.strip().toLowerCase(Locale.ROOT);
        String address = HttpEdge.client(ctx);
        Instant now = clock.instant();
        // the throttle is kept in the database (shared by the nodes): it is asked on the worker thread too
        vertx.executeBlocking(() -> {
            Duration wait = throttle.begin(user, address, now);
            if (!wait.isZero()) {
                return new LoginOutcome(wait, null);
            }
            Optional<String> hash = store.passwordHash(user);
            // the same work for an unknown user as for a wrong password
            boolean ok = PasswordHasher.verify(password, hash.orElse(PasswordHasher.dummyHash())) && hash.isPresent();
            if (!ok) {
                return new LoginOutcome(Duration.ZERO, null);
            }
            String token = PasswordHasher.randomToken(32);
            Instant expires = now.plus(sessionTtl);
            store.createSession(PasswordHasher.sha256Hex(token), user, now, expires);
            AuthStore.User u = store.user(user).orElseThrow();
            throttle.succeeded(user, address, now);
            return new LoginOutcome(Duration.ZERO, new JsonObject().put("token", token)
                    .put("expiresAt", expires.toString()).put("user", user(u)));
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("event=auth.login_error", ar.cause());
                Responses.error(ctx, new ApiException(503, "store_unavailable", "the database could not be read; retry"));
                return;
            }
            LoginOutcome outcome = ar.result();
            if (!outcome.retryAfter().isZero()) {
                LOG.warn("event=auth.login_throttled remote={} retry_after_s={}", Security.loggable(address),
                        seconds(outcome.retryAfter()));
                ctx.response().putHeader("Retry-After", Long.toString(seconds(outcome.retryAfter())));
                Responses.error(ctx, new ApiException(429, "too_many_attempts",
                        "too many failed logins; try again in " + seconds(outcome.retryAfter()) + " s"));
                return;
            }
            if (outcome.session() == null) {
                // counted as a failure when it began
                LOG.warn("event=auth.login_failed remote={}", Security.loggable(address));
                Responses.error(ctx, new ApiException(401, "invalid_credentials", "wrong username or password"));
                return;
            }
            JsonObject u = outcome.session().getJsonObject("user");
            LOG.info("event=auth.login user={} role={} remote={}", u.getString("username"), u.getString("role"),
                    Security.loggable(address));
            ctx.response().putHeader("cache-control", "no-store");
            json(ctx, 200, outcome.session());
        });
    }

    /** What a login came to: a wait (throttled), or a session (signed in), or neither (wrong credentials). */
    private record LoginOutcome(Duration retryAfter, JsonObject session) {
    }

    private void logout(RoutingContext ctx) {
        String token = Security.bearer(ctx);
        Principal p = Security.principal(ctx);
        String tokenHash = PasswordHasher.sha256Hex(token);
        blocking(ctx, () -> {
            store.revokeSession(tokenHash);
            return true;
        }).onSuccess(x -> {
            streams.endSession(tokenHash, "logout");
            LOG.info("event=auth.logout user={}", p.username());
            ctx.response().setStatusCode(204).end();
        });
    }

    private void createUser(RoutingContext ctx) {
        JsonObject json = body(ctx);
        if (json == null) {
            return;
        }
        AdminBody body = new AdminBody(json, Set.of("username", "displayName", "role", "supplierId",
                "municipalityId", "workerId", "password"));
        String username = body.string("username");
        String displayName = body.string("displayName");
        Role role = body.enumValue("role", Role.class);
        String supplier = body.string("supplierId");
        String municipality = body.string("municipalityId");
        String worker = body.string("workerId");
        String password = body.string("password");
        if (username == null || !USERNAME.matcher(username).matches()) {
            body.error("username", "is required: 2-64 characters a-z, 0-9, '.', '_', '-', starting with a letter or "
                    + "digit; one person per account");
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            body.error("displayName", "is required: 1-200 characters");
        }
        if (role == null && !body.has("role")) {
            body.error("role", "is required: DISPATCHER, WORKER, SUPERVISOR or ADMIN");
        }
        passwordRule(body, password);
        bindingRules(body, role, supplier, municipality, worker);
        if (refused(ctx, body)) {
            return;
        }
        Principal admin = Security.principal(ctx);
        blocking(ctx, () -> {
            checkReferences(supplier, municipality);
            if (!store.createUser(username, displayName.strip(), role, supplier, municipality, worker,
                    PasswordHasher.hash(password), clock.instant())) {
                throw new ApiException(409, "conflict", "username: " + username + " is taken");
            }
            return store.user(username).orElseThrow();
        }).onSuccess(u -> {
            LOG.info("event=auth.user_created user={} role={} by={}", u.username(), u.role(), admin.username());
            ctx.response().putHeader("location", "/api/v1/admin/users/" + u.username());
            json(ctx, 201, user(u));
        });
    }

    /**
     * {@code PUT /api/v1/admin/users/{username}/role} {@code {role, supplierId, municipalityId, workerId}}: another
     * role or binding for a user. Its sessions are revoked and its live streams end: what it may read changed.
     */
    private void setRole(RoutingContext ctx) {
        JsonObject json = body(ctx);
        if (json == null) {
            return;
        }
        AdminBody body = new AdminBody(json, Set.of("role", "supplierId", "municipalityId", "workerId"));
        Role role = body.enumValue("role", Role.class);
        String supplier = body.string("supplierId");
        String municipality = body.string("municipalityId");
        String worker = body.string("workerId");
        if (role == null && !body.has("role")) {
            body.error("role", "is required: DISPATCHER, WORKER, SUPERVISOR or ADMIN");
        }
        bindingRules(body, role, supplier, municipality, worker);
        if (refused(ctx, body)) {
            return;
        }
        String username = ctx.pathParam("username");
        Principal admin = Security.principal(ctx);
        if (username.equals(admin.username()) && role != Role.ADMIN) {
            Responses.error(ctx, new ApiException(409, "conflict", "an administrator cannot take away its own rights"));
            return;
        }
        blocking(ctx, () -> {
            checkReferences(supplier, municipality);
            if (!store.setRole(username, role, supplier, municipality, worker)) {
                throw ApiException.notFound("no such user");
            }
            return store.user(username).orElseThrow();
        }).onSuccess(u -> {
            streams.endUser(u.username(), "role_changed");
            LOG.info("event=auth.role_set user={} role={} by={} sessions_revoked=true", u.username(), u.role(),
                    admin.username());
            json(ctx, 200, user(u));
        });
    }

    private void checkReferences(String supplier, String municipality) throws java.sql.SQLException {
        if (supplier != null && store.supplierMunicipality(supplier).isEmpty()) {
            throw new ApiException(422, "unknown_reference", "supplierId: no supplier " + supplier);
        }
        if (municipality != null && !store.municipalityExists(municipality)) {
            throw new ApiException(422, "unknown_reference", "municipalityId: no municipality " + municipality);
        }
    }

    /** A role's binding: a supplier for DISPATCHER and WORKER, a municipality for SUPERVISOR, a worker id for WORKER. */
    private static void bindingRules(AdminBody body, Role role, String supplier, String municipality, String worker) {
        if (role != null) {
            boolean needsSupplier = role == Role.DISPATCHER || role == Role.WORKER;
            if (needsSupplier != (supplier != null)) {
                body.error("supplierId", needsSupplier ? "is required for a " + role : "only a DISPATCHER or WORKER "
                        + "has a supplier");
            }
            if ((role == Role.SUPERVISOR) != (municipality != null)) {
                body.error("municipalityId", role == Role.SUPERVISOR ? "is required for a SUPERVISOR"
                        : "only a SUPERVISOR has a municipality");
            }
            if ((role == Role.WORKER) != (worker != null)) {
                body.error("workerId", role == Role.WORKER ? "is required for a WORKER: its id on the duty roster"
                        : "only a WORKER has a worker id");
            }
            if (worker != null && (worker.isBlank() || worker.length() > 64)) {
                body.error("workerId", "must be 1-64 characters");
            }
        }
    }

    private void setPassword(RoutingContext ctx) {
        JsonObject json = body(ctx);
        if (json == null) {
            return;
        }
        AdminBody body = new AdminBody(json, Set.of("password"));
        String password = body.string("password");
        passwordRule(body, password);
        if (refused(ctx, body)) {
            return;
        }
        String username = ctx.pathParam("username");
        Principal admin = Security.principal(ctx);
        blocking(ctx, () -> {
            if (!store.setPassword(username, PasswordHasher.hash(password))) {
                throw ApiException.notFound("no such user");
            }
            return store.user(username).orElseThrow();
        }).onSuccess(u -> {
            streams.endUser(u.username(), "password_set");
            LOG.info("event=auth.password_set user={} by={} sessions_revoked=true", u.username(), admin.username());
            json(ctx, 200, user(u));
        });
    }

    private void disable(RoutingContext ctx, boolean disabled) {
        String username = ctx.pathParam("username");
        Principal admin = Security.principal(ctx);
        if (disabled && username.equals(admin.username())) {
            Responses.error(ctx, new ApiException(409, "conflict", "an administrator cannot disable itself"));
            return;
        }
        blocking(ctx, () -> {
            if (!store.setDisabled(username, disabled)) {
                throw ApiException.notFound("no such user");
            }
            return store.user(username).orElseThrow();
        }).onSuccess(u -> {
            if (disabled) {
                streams.endUser(u.username(), "user_disabled");
            }
            LOG.info("event=auth.user_{} user={} by={}", disabled ? "disabled" : "enabled", u.username(),
                    admin.username());
            json(ctx, 200, user(u));
        });
    }

    /** The citizen's access log, newest first, paged by {@code limit} and {@code cursor}. */
    private void accessLog(RoutingContext ctx) {
        String citizen = ctx.pathParam("id");
        int limit;
        java.time.Instant beforeAt;
        Long beforeId;
        try {
            limit = Cursor.limit(ctx.queryParams().get("limit"));
            List<String> after = Cursor.decode(ctx.queryParams().get("cursor"), 2);
            beforeAt = after == null ? null : Cursor.instantPart(after.get(0));
            beforeId = after == null ? null : Cursor.longPart(after.get(1));
        } catch (ApiException e) {
            Responses.error(ctx, e);
            return;
        }
        blocking(ctx, () -> Cursor.page(store.accessLog(citizen, beforeAt, beforeId, limit + 1), limit,
                last -> Cursor.encode(last.at(), last.id()))).onSuccess(page -> {
            JsonArray items = new JsonArray();
            for (AuthStore.AccessEntry e : page.items()) {
                items.add(new JsonObject().put("at", e.at().toString()).put("username", e.username())
                        .put("role", e.role()).put("what", e.what()).put("citizenId", e.citizenId())
                        .put("alarmId", e.alarmId()).put("path", e.path()));
            }
            json(ctx, 200, new JsonObject().put("citizenId", citizen).put("items", items)
                    .put("nextCursor", page.nextCursor()));
        });
    }

    private static void passwordRule(AdminBody body, String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD
                || password.isBlank()) {
            body.error("password", "is required: " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters");
        }
    }

    static JsonObject user(AuthStore.User u) {
        return new JsonObject().put("username", u.username()).put("displayName", u.displayName())
                .put("role", u.role().name()).put("supplierId", u.supplierId())
                .put("municipalityId", u.municipalityId()).put("workerId", u.workerId())
                .put("createdAt", u.createdAt().toString()).put("disabled", u.disabled());
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static JsonObject body(RoutingContext ctx) {
        JsonObject json = Responses.bodyObject(ctx);
        if (json == null) {
            Responses.error(ctx, ApiException.badRequest("body must be a JSON object"));
        }
        return json;
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> Responses.failed(ctx, e));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        Responses.json(ctx, status, body);
    }

    /** Answers 400 with every field error of {@code body}, if it has any; true when it did. */
    private static boolean refused(RoutingContext ctx, AdminBody body) {
        List<FieldError> errors = body.errors(List.of());
        if (errors.isEmpty()) {
            return false;
        }
        Responses.error(ctx, ApiException.badRequest(errors.get(0).toString()), errors);
        return true;
    }
}
