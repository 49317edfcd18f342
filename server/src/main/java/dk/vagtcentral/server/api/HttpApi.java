package dk.vagtcentral.server.api;

import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.auth.AuthStore;
import dk.vagtcentral.server.auth.Bootstrap;
import dk.vagtcentral.server.auth.LoginFailureStore;
import dk.vagtcentral.server.auth.LoginThrottle;
import dk.vagtcentral.server.auth.Principal;
import dk.vagtcentral.server.dispatch.Notifier;
import dk.vagtcentral.server.dispatch.WebhookTargets;
import dk.vagtcentral.server.push.PushLog;
import dk.vagtcentral.server.store.InboxStore;
import dk.vagtcentral.server.auth.Role;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.ingest.ApiAlarmRequest;
import dk.vagtcentral.server.ingest.DeviceRegistry;
import dk.vagtcentral.server.store.AlarmQueries;
import dk.vagtcentral.server.store.AlarmWriter;
import dk.vagtcentral.server.store.Backup;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Device;
import dk.vagtcentral.server.store.DeviceStore;
import dk.vagtcentral.server.store.NewAlarm;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.ingest.IngestMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dk.vagtcentral.server.dispatch.Dispatcher;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.StoredAlarm;
import dk.vagtcentral.server.store.CitizenExport;
import dk.vagtcentral.server.store.ReportQueries;
import dk.vagtcentral.server.store.TrailStore;
import dk.vagtcentral.server.store.WebhookOutbox;
import dk.vagtcentral.server.store.WebhookSecrets;
import dk.vagtcentral.server.trail.Trail;
import java.sql.SQLException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import dk.vagtcentral.server.net.ConnectionBudget;
import dk.vagtcentral.server.net.TlsSettings;
import dk.vagtcentral.server.net.TrustedProxies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: alarm ingest for integrations, alarm reads, devices, health and Prometheus metrics, and the API
 * classes it binds. Every route of the API is bound from {@code openapi.yaml} ({@link ApiContract}): Vert.x's OpenAPI
 * router makes the routes from the document's paths and each class binds its handlers by operationId
 * ({@link Operations}); who may call each operation ({@link Security}) and the shape of its request
 * ({@link ContractRequests}) are read from the document too. The router fits every route this API has: the event
 * streams, CSV exports and the document itself are ordinary handlers of their operations (only their non-JSON
 * responses are kept from the library's validator, see {@link ApiContract#load}); the desk's and console's static
 * files are not API operations and stay plain routes. JDBC work runs on worker threads; the event loop only parses
 * and renders.
 *
 * <p>In front of every route: the {@link ConnectionGuard} (connection cap from the descriptor budget, header, body and
 * idle timeouts), the {@link HttpEdge} (client address through trusted proxies, security headers, control characters
 * in the path, 415 for a body that is not JSON), and {@link LiveStreams}, which ends a session's live streams with
 * it. With {@code http.tls} the server speaks HTTPS with {@link TlsSettings}.
 */
public final class HttpApi extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Fa-f]{3,16}");
    private static final int MAX_PAGE = 1000;

    private final ServerConfig config;
    private final Database db;
    private final AlarmWriter writer;
    private final AlarmQueries alarms;
    private final DeviceStore deviceStore;
    private final DeviceRegistry devices;
    private final ReferenceStore referenceStore;
    private final PrometheusMeterRegistry registry;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final DispatchStore dispatchStore;
    private final Dispatcher dispatcher;
    private final WebhookOutbox webhooks;
    private final Trail trail;
    private final AuthStore authStore;
    private final InboxStore inbox;
    private final Notifier notifier;
    private final Function<String, RuleProfile> profiles;
    private final Consumer<String> onSupplierSuspended;
    private AccessRecorder accessRecorder;
    private HttpServer server;
    private ConnectionGuard guard;
    private LiveStreams streams;

    public HttpApi(ServerConfig config, Database db, AlarmWriter writer, DeviceRegistry devices,
                   ReferenceStore referenceStore, DispatchStore dispatchStore, Dispatcher dispatcher, Trail trail,
                   InboxStore inbox, Notifier notifier, PrometheusMeterRegistry registry, IngestMetrics metrics,
                   Clock clock, Function<String, RuleProfile> profiles, Consumer<String> onSupplierSuspended) {
        this.profiles = profiles;
        this.onSupplierSuspended = onSupplierSuspended;
        this.trail = trail;
        this.inbox = inbox;
        this.notifier = notifier;
        this.dispatchStore = dispatchStore;
        this.dispatcher = dispatcher;
        this.webhooks = new WebhookOutbox(db);
        this.referenceStore = referenceStore;
        this.config = config;
        this.db = db;
        this.writer = writer;
        this.alarms = new AlarmQueries(db);
        this.deviceStore = new DeviceStore(db);
        this.devices = devices;
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
        this.authStore = new AuthStore(db);
        try {
            Bootstrap.run(authStore, config.auth().adminPassword(), config.demo() && config.demoReference(),
                    System.out, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("creating the first accounts failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Future<?> start() {
        return ApiContract.load(vertx).compose(contract -> {
            Router router = router(contract);
            HttpServerOptions options = guard.options();
            if (config.http().tls()) {
                TlsSettings.of(config.tls()).applyTo(options);
            }
            server = vertx.createHttpServer(options).connectionHandler(guard::connected).requestHandler(router);
            streams.start();
            return server.listen(config.http().port(), config.http().host());
        }).onSuccess(s -> LOG.info("event=http.listening host={} port={} tls={} max_connections={} header_timeout={} "
                        + "body_timeout={} idle_timeout={} trusted_proxies={}", config.http().host(), s.actualPort(),
                config.http().tls(), guard.cap(), config.http().headerTimeout(), config.http().bodyTimeout(),
                config.http().idleTimeout(), config.http().trustedProxies().size()));
    }

    /**
     * Every operation of the contract bound to its handler ({@link Operations}), behind the connection guard and the
     * edge; then the desk's and console's static files, and the answers for what no route takes.
     */
    private Router router(OpenAPIContract contract) {
        int cap = ConnectionBudget.forThisProcess(config.connections().descriptorReserve(),
                config.dc09().limits().maxConnections(), config.http().maxConnections()).http();
        guard = new ConnectionGuard(vertx, config.http(), cap, registry);
        HttpEdge edge = new HttpEdge(TrustedProxies.parse(config.http().trustedProxies()), config.http().tls());
        streams = new LiveStreams(vertx, authStore, new PushLog(db), clock, config.http().idleTimeout());
        Security security = new Security(vertx, authStore, clock, config.http().ingestApiKey());
        Operations api = new Operations(vertx, contract, security::gate)
                .before(guard::requestStarted)
                .before(edge::handle)
                .before(apiOnly(edge::jsonBodies))
                .before(apiOnly(BodyHandler.create().setBodyLimit(64 * 1024)))
                .before(apiOnly(guard::bodyReceived));
        api.on("health", this::health)
                .on("healthLive", ctx -> ctx.response().putHeader("content-type", "application/json")
                        .end(new JsonObject().put("status", "UP").encode()))
                .on("healthReady", this::ready)
                .on("metrics", this::metrics)
                .on("openApiDocument", ApiContract::serve)
                .on("createAlarm", this::createAlarm)
                .on("listAlarms", this::listAlarms)
                .on("getAlarm", this::getAlarm)
                .on("listDevices", this::listDevices)
                .on("saveDevice", this::saveDevice)
                .on("listUnknownDevices", this::listUnknownDevices)
                .on("backupDatabase", this::backup);
        // in the database, so that every node on it throttles the same guesser
        new AccountsApi(vertx, authStore, LoginThrottle.shared(new LoginFailureStore(db),
                config.auth().loginMaxFailures(), config.auth().loginMaxFailuresPerAddress(),
                config.auth().loginWindow(), config.auth().loginBackoffMax()), config.auth().sessionTtl(), clock,
                streams).bind(api);
        new AlarmActionsApi(dispatcher, id -> vertx.executeBlocking(() -> alarmView(id), false)).bind(api);
        new AdminApi(vertx, referenceStore, clock, profiles, onSupplierSuspended, new AdminApi.Webhooks(
                new WebhookTargets(config.webhooks().allowLoopback(), WebhookTargets.SYSTEM_RESOLVER),
                new WebhookSecrets(db), config.webhooks().secretOverlap())).bind(api);
        new TrailApi(vertx, trail, new TrailStore(db), clock).bind(api);
        new ReportsApi(vertx, new ReportQueries(db), clock).bind(api);
        new CitizenExportApi(vertx, new CitizenExport(db, clock)).bind(api);
        accessRecorder = new AccessRecorder(vertx, authStore, clock);
        new DeskApi(vertx, db, dispatchStore, accessRecorder, clock, streams, profiles).bind(api);
        new DeskCardApi(vertx, db, dispatchStore, referenceStore, dispatcher, accessRecorder, clock, profiles)
                .bind(api);
        new InboxApi(vertx, inbox, new TrailStore(db), notifier, clock, streams).bind(api);

        Router router = api.router();
        router.get("/").handler(ctx -> ctx.redirect("/desk/"));
        router.route("/desk/*").handler(StaticHandler.create("web/desk").setCachingEnabled(false));
        router.route("/console/*").handler(StaticHandler.create("web/console").setCachingEnabled(false));
        router.route("/common/*").handler(StaticHandler.create("web/common").setCachingEnabled(false));
        router.route("/api/*").last().handler(ctx -> fail(ctx, new ApiException(404, "not_found",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(405, ctx -> error(ctx, new ApiException(405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path())));
        router.errorHandler(500, ctx -> {
            LOG.error("event=http.error path={}", ctx.request().path(), ctx.failure());
            error(ctx, new ApiException(500, "internal_error", "internal error"));
        });
        return router;
    }

    /** {@code handler} on the JSON API ({@code /api} and below) only. */
    private static Handler<RoutingContext> apiOnly(Handler<RoutingContext> handler) {
        return ctx -> {
            String path = ctx.normalizedPath();
            if (path.equals("/api") || path.startsWith("/api/")) {
                handler.handle(ctx);
            } else {
                ctx.next();
            }
        };
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** UP; DEGRADED (still 200) while an alarm commit failed in the last {@link AlarmWriter#RECENT}; DOWN (503). */
    private void health(RoutingContext ctx) {
        vertx.executeBlocking(db::isReachable, false).onComplete(ar -> {
            boolean up = ar.succeeded() && ar.result();
            AlarmWriter.CommitHealth store = writer.commitHealth();
            Dispatcher.Liveness dispatch = dispatcher.liveness();
            // stored alarms that the dispatcher cannot route reach nobody: that is down, not degraded
            boolean serving = up && dispatch.alive();
            String status = !serving ? "DOWN"
                    : store.degraded(clock.instant()) || dispatch.degraded() ? "DEGRADED" : "UP";
            ctx.response().setStatusCode(serving ? 200 : 503).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", status)
                            .put("database", up ? "UP" : "DOWN")
                            .put("dispatcher", new JsonObject().put("alive", dispatch.alive())
                                    .put("secondsSinceLastTurn", dispatch.sinceLastTurn().toSeconds())
                                    .put("queued", dispatch.queued()).put("backlog", dispatch.backlog()))
                            .put("store", new JsonObject().put("commitFailures", store.failedCommits())
                                    .put("alarmsNotStored", store.alarmsNotStored())
                                    .put("lastCommitFailureAt", store.lastFailureAt() == null ? null
                                            : store.lastFailureAt().toString())).encode());
        });
    }

    /**
     * Ready to take traffic: the database answers and the writer and dispatcher threads run. The migrations and the
     * DC-09 receivers are done before this server listens, so answering at all means they are.
     */
    private void ready(RoutingContext ctx) {
        vertx.executeBlocking(db::isReachable, false).onComplete(ar -> {
            boolean database = ar.succeeded() && ar.result();
            boolean writing = writer.alive();
            boolean dispatching = dispatcher.liveness().alive();
            boolean ready = database && writing && dispatching;
            ctx.response().setStatusCode(ready ? 200 : 503).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", ready ? "READY" : "NOT_READY")
                            .put("database", database ? "UP" : "DOWN").put("writer", writing)
                            .put("dispatcher", dispatching).encode());
        });
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
    }

    private void createAlarm(RoutingContext ctx) {
        JsonObject body = Responses.bodyObject(ctx);
        if (body == null) {
            fail(ctx, ApiException.badRequest("body must be a JSON object"));
            return;
        }
        NewAlarm alarm;
        try {
            alarm = ApiAlarmRequest.parse(body.getMap(), ctx.request().getHeader("Idempotency-Key"), devices,
                    clock.instant(), config.dc09().maxAhead());
        } catch (ApiAlarmRequest.InvalidRequest e) {
            fail(ctx, e.unknownDevice() ? new ApiException(422, "unknown_device", e.getMessage())
                    : ApiException.badRequest(e.getMessage()));
            return;
        }
        writer.store(alarm).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("event=api.alarm.store_failed account={} error=\"{}\"", alarm.account(), ar.cause().getMessage());
                fail(ctx, new ApiException(503, "store_unavailable", "the alarm could not be stored; retry"));
                return;
            }
            AlarmWriter.StoreResult r = ar.result();
            if (!r.duplicate()) {
                metrics.alarmStored(alarm.category().name(), "API");
                LOG.info("event=alarm.stored alarm_id={} account={} source=API category={} code={}", r.alarmId(),
                        alarm.account(), alarm.category(), alarm.eventCode());
            }
            ctx.response().setStatusCode(r.duplicate() ? 200 : 201)
                    .putHeader("content-type", "application/json")
                    .putHeader("location", "/api/v1/alarms/" + r.alarmId())
                    .end(new JsonObject().put("id", r.alarmId()).put("duplicate", r.duplicate()).encode());
        });
    }

    private void getAlarm(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            fail(ctx, ApiException.badRequest("alarm id must be a whole number"));
            return;
        }
        blocking(ctx, () -> alarmView(id)).onSuccess(a -> json(ctx, 200, a));
    }

    /** An alarm with its timeline, routing, status, deadlines and webhook deliveries. */
    private JsonObject alarmView(long id) throws SQLException {
        StoredAlarm alarm = alarms.find(id).orElseThrow(() -> ApiException.notFound("no alarm with id " + id));
        JsonObject json = AlarmJson.alarm(alarm, true);
        Alarm row = dispatchStore.find(id).orElseThrow(() -> ApiException.notFound("no alarm " + id));
        return AlarmJson.withDispatch(json, row, dispatchStore.deadlines(id), webhooks.forAlarm(id));
    }

    private void listAlarms(RoutingContext ctx) {
        String account = ctx.queryParams().get("account");
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            fail(ctx, ApiException.badRequest("account must be 3-16 hex digits"));
            return;
        }
        String acct = account == null ? null : account.toUpperCase(Locale.ROOT);
        Paging paging = paging(ctx);
        if (paging == null) {
            return;
        }
        Principal who = ctx.get(Principal.KEY);
        blocking(ctx, () -> {
            AlarmQueries.Page page = alarms.list(acct, paging.afterId(), paging.limit());
            if (who == null || who.is(Role.ADMIN) || page.items().isEmpty()) {
                return new Object[] {page, null};
            }
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (StoredAlarm a : page.items()) {
                min = Math.min(min, a.id());
                max = Math.max(max, a.id());
            }
            return new Object[] {page, authStore.visibleAlarms(who, min, max)};
        }).onSuccess(result -> {
            AlarmQueries.Page page = (AlarmQueries.Page) result[0];
            @SuppressWarnings("unchecked")
            java.util.Set<Long> visible = (java.util.Set<Long>) result[1];
            JsonArray items = new JsonArray();
            // outside ADMIN the page holds only the caller's alarms; nextAfterId still pages over all of them
            page.items().stream().filter(a -> visible == null || visible.contains(a.id()))
                    .forEach(a -> items.add(AlarmJson.alarm(a, false)));
            json(ctx, 200, new JsonObject().put("items", items).put("nextAfterId", page.nextAfterId()));
        });
    }

    private void listDevices(RoutingContext ctx) {
        blocking(ctx, deviceStore::all).onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(d -> items.add(AlarmJson.device(d)));
            json(ctx, 200, new JsonObject().put("items", items));
        });
    }

    /**
     * Registers an alarm transmitter or changes it: {@code {"label", "aesKey", "supervisionInterval"}} for DC-09,
     * {@code {"protocol": "SCAIP", "password", "mrsStyle", ...}} for a SCAIP controller; the receivers accept it at
     * once. 201 when new, 200 when changed.
     */
    private void saveDevice(RoutingContext ctx) {
        String account = ctx.pathParam("account");
        JsonObject body = Responses.bodyObject(ctx);
        Device device;
        try {
            if (body == null) {
                throw ApiException.badRequest("body must be a JSON object");
            }
            device = DeviceRequest.parse(account, body);
        } catch (ApiException e) {
            fail(ctx, e);
            return;
        }
        blocking(ctx, () -> {
            if (device.municipalityId() != null
                    && referenceStore.find(ReferenceStore.MUNICIPALITIES, device.municipalityId()).isEmpty()) {
                throw ApiException.badRequest(DeviceRequest.unknownMunicipality(device.municipalityId()));
            }
            boolean created = deviceStore.save(device, clock.instant());
            devices.putAll(java.util.List.of(device));
            referenceStore.touched();
            LOG.info("event=device.saved account={} protocol={} created={} encrypted={} password={} supervision={} "
                            + "municipality={}", device.account(), device.protocol(), created,
                    device.aesKeyHex() != null, device.sipPassword() != null, device.supervisionInterval(),
                    device.municipalityId());
            return created;
        }).onSuccess(created -> blocking(ctx, () -> deviceStore.find(device.account()).orElseThrow())
                .onSuccess(d -> json(ctx, created ? 201 : 200, AlarmJson.device(d))));
    }

    private void listUnknownDevices(RoutingContext ctx) {
        Paging paging = paging(ctx);
        if (paging == null) {
            return;
        }
        int limit = paging.limit();
        blocking(ctx, () -> deviceStore.unknownDevices(paging.afterId(), limit)).onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(u -> items.add(AlarmJson.unknownDevice(u)));
            json(ctx, 200, new JsonObject().put("items", items)
                    .put("nextAfterId", list.size() == limit ? list.get(list.size() - 1).id() : null));
        });
    }

    private record Paging(long afterId, int limit) {
    }

    /** The afterId/limit query parameters, or null after answering 400 when they are bad. */
    private static Paging paging(RoutingContext ctx) {
        try {
            return new Paging(longParam(ctx, "afterId", 0, 0, Long.MAX_VALUE),
                    (int) longParam(ctx, "limit", 100, 1, MAX_PAGE));
        } catch (ApiException e) {
            fail(ctx, e);
            return null;
        }
    }

    private static long longParam(RoutingContext ctx, String name, long defaultValue, long min, long max) {
        String text = ctx.queryParams().get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw ApiException.badRequest(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number");
        }
    }

    /** An online backup of the embedded database into {@code <data-dir>/backups} (ADMIN). */
    private void backup(RoutingContext ctx) {
        if (db.dialect() != Database.Dialect.H2) {
            fail(ctx, new ApiException(409, "conflict", "the database is PostgreSQL: back it up with pg_dump "
                    + "(docs/operations-backup.md)"));
            return;
        }
        blocking(ctx, () -> Backup.write(db, config.dataDir().resolve("backups"), clock.instant())).onSuccess(b -> {
            LOG.info("event=backup.written file={} bytes={} by={}", b.file(), b.bytes(),
                    Security.principal(ctx).username());
            json(ctx, 201, new JsonObject().put("file", b.file().toString()).put("bytes", b.bytes())
                    .put("createdAt", b.at().toString()));
        });
    }

    /** Runs blocking store work on a worker thread; an exception becomes the error response. */
    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> Responses.failed(ctx, e));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        Responses.json(ctx, status, body);
    }

    private static void fail(RoutingContext ctx, ApiException e) {
        error(ctx, e);
    }

    private static void error(RoutingContext ctx, ApiException e) {
        Responses.error(ctx, e);
    }

    @Override
    public Future<?> stop() {
        if (streams != null) {
            streams.stop();
        }
        Future<?> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.transform(ar -> accessRecorder == null ? Future.succeededFuture()
                : vertx.executeBlocking(() -> {
                    accessRecorder.close();
                    return null;
                }));
    }
}
