package dk.vagtcentral.server;

import dk.vagtcentral.protocol.sip.DigestNonces;
import dk.vagtcentral.server.api.HttpApi;
import dk.vagtcentral.server.cluster.LeaseStore;
import dk.vagtcentral.server.cluster.SingletonJobs;
import dk.vagtcentral.server.config.MunicipalityProfiles;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.demo.DemoDevices;
import dk.vagtcentral.server.demo.DemoReferenceData;
import dk.vagtcentral.server.dispatch.CoverageMonitor;
import dk.vagtcentral.server.dispatch.Dispatcher;
import dk.vagtcentral.server.dispatch.Notifier;
import dk.vagtcentral.server.dispatch.RoutingCache;
import dk.vagtcentral.server.dispatch.RuleProfiles;
import dk.vagtcentral.server.dispatch.SupervisionMonitor;
import dk.vagtcentral.server.dispatch.SupervisorWatch;
import dk.vagtcentral.server.dispatch.WebhookPayload;
import dk.vagtcentral.server.dispatch.WebhookSender;
import dk.vagtcentral.server.dispatch.WebhookTargets;
import dk.vagtcentral.server.domain.ClockCheck;
import dk.vagtcentral.server.ingest.Dc09Connections;
import dk.vagtcentral.server.ingest.Dc09Ingest;
import dk.vagtcentral.server.ingest.Dc09TcpReceiver;
import dk.vagtcentral.server.ingest.Dc09UdpReceiver;
import dk.vagtcentral.server.ingest.DeviceRegistry;
import dk.vagtcentral.server.ingest.IngestMetrics;
import dk.vagtcentral.server.ingest.ScaipIngest;
import dk.vagtcentral.server.ingest.ScaipMetrics;
import dk.vagtcentral.server.ingest.ScaipTcpReceiver;
import dk.vagtcentral.server.ingest.ScaipUdpReceiver;
import dk.vagtcentral.server.ingest.ScaipVoice;
import dk.vagtcentral.server.net.ConnectionBudget;
import dk.vagtcentral.server.net.TlsSettings;
import dk.vagtcentral.server.push.PushLog;
import dk.vagtcentral.server.push.PushRelay;
import dk.vagtcentral.server.store.AlarmWriter;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.DeviceStore;
import dk.vagtcentral.server.store.DispatchStore;
import dk.vagtcentral.server.store.InboxStore;
import dk.vagtcentral.server.store.Migrations;
import dk.vagtcentral.server.store.OpenAlarmStats;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.ServerRuns;
import dk.vagtcentral.server.store.TrailStore;
import dk.vagtcentral.server.store.WebhookOutbox;
import dk.vagtcentral.server.store.WebhookSecrets;
import dk.vagtcentral.server.trail.Retention;
import dk.vagtcentral.server.trail.Trail;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: database, alarm writer, DC-09 and SCAIP receivers and HTTP API, wired together. Started by
 * {@link Main} and, in-process, by tests.
 */
public final class VagtcentralServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VagtcentralServer.class);

    private final ServerConfig config;
    private final PrometheusMeterRegistry registry;
    private final Database db;
    private final AlarmWriter writer;
    private final DeviceRegistry devices = new DeviceRegistry();
    private final Vertx vertx;
    private Dc09TcpReceiver tcp;
    private Dc09UdpReceiver udp;
    private ScaipTcpReceiver scaipTcp;
    private ScaipUdpReceiver scaipUdp;
    private HttpApi http;
    private Dispatcher dispatcher;
    private WebhookSender webhookSender;
    private SingletonJobs jobs;
    private SupervisionMonitor supervision;
    private Trail trail;
    private RuleProfiles ruleProfiles;
    private InboxStore inbox;
    private Notifier notifier;
    private PushRelay pushRelay;
    /** How often push_events older than {@link PushLog#RETENTION} are deleted. */
    private static final Duration PUSH_PURGE = Duration.ofMinutes(10);

    private VagtcentralServer(ServerConfig config, Clock clock) throws Exception {
        this.config = config;
        // rule profiles first: a bad one stops the start before anything is opened
        MunicipalityProfiles profiles = config.dispatch().municipalities() == null
                ? MunicipalityProfiles.builtIn(config.dispatch().timeScale())
                : MunicipalityProfiles.load(config.dispatch().municipalities(), config.dispatch().timeScale());
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Micrometer's process.cpu.time counts nanoseconds (process_cpu_time_ns_total); Prometheus wants seconds,
        // under the name its own clients use (registered below). Filters go before the first meter.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        // which node this is: the scrape's own labels (instance) tell Prometheus apart; this tells it the name
        io.micrometer.core.instrument.Gauge.builder("vagtcentral.node.info", () -> 1)
                .description("This server's node id (node.id) as a label; always 1").tag("node", config.nodeId())
                .register(registry);
        BuildInfo.load().register(registry);
        System.setProperty(NODE_PROPERTY, config.nodeId());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the server's process").register(registry);
        }
        if (config.store().url().startsWith("jdbc:h2:file:")) {
            Files.createDirectories(config.dataDir());
        }
        this.db = new Database(config.store(), registry);
        Migrations.apply(db);
        DeviceStore deviceStore = new DeviceStore(db);
        if (config.demo()) {
            int added = deviceStore.registerIfAbsent(DemoDevices.all(), clock.instant());
            LOG.info("event=demo.devices_registered added={}", added);
        }
        devices.putAll(deviceStore.all());
        LOG.info("event=devices.loaded count={}", devices.size());

        this.writer = new AlarmWriter(db, config.store().batchMax(), config.dc09().retransmitWindow(), registry);
        writer.start();
        this.vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        // the DC-09 receivers count their own connections (vagtcentral_dc09_connections_open);
                        // Vert.x's unlabelled net-server gauges would collide between the TCP and HTTP servers
                        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        ReferenceStore referenceStore = new ReferenceStore(db);
        if (config.demo() && config.demoReference()) {
            DemoReferenceData.load(referenceStore, clock.instant());
        }
        LOG.info("event=profiles.loaded profiles={} time_scale={}", profiles.ids(), profiles.timeScale());
        if (profiles.timeScale() > 1) {
            LOG.warn("event=profiles.time_scaled factor={} note=\"every rule duration runs {} times faster: demo and"
                    + " training only\"", profiles.timeScale(), profiles.timeScale());
        }
        DispatchStore dispatchStore = new DispatchStore(db);
        webhookSender = new WebhookSender(vertx, new WebhookOutbox(db), new WebhookSecrets(db),
                new WebhookTargets(config.webhooks().allowLoopback(), WebhookTargets.SYSTEM_RESOLVER), clock,
                registry, WebhookSender.Policy.DEFAULT);
        ruleProfiles = new RuleProfiles(referenceStore, profiles);
        PushLog pushLog = new PushLog(db);
        pushRelay = new PushRelay(vertx, pushLog);
        pushRelay.start();
        notifier = new Notifier(pushLog, pushRelay, clock);
        TrailStore trailStore = new TrailStore(db);
        trail = new Trail(trailStore, dispatchStore, ruleProfiles, notifier, clock, registry);
        inbox = new InboxStore(db);
        dispatcher = new Dispatcher(dispatchStore, referenceStore, ruleProfiles, config.dispatch().fallbackMunicipality(),
                trailStore, inbox, new ServerRuns(db), notifier, webhookSender::wake,
                new WebhookPayload(config.webhooks().publicUrl()), clock, registry,
                new Dispatcher.Limits(config.dispatch().routeQueue(), config.dispatch().commandQueue()));
        writer.onStored((id, urgent) -> {
            dispatcher.alarmStored(id, urgent);
            vertx.eventBus().publish(Addresses.ALARM_STORED, id);
        });
        dispatcher.start();
        // the jobs that must run once however many nodes share the database: each on the node holding its lease
        jobs = new SingletonJobs(vertx, new LeaseStore(db), config.nodeId(), new SingletonJobs.Settings(
                config.cluster().leaseTtl(), config.cluster().leaseRenew()), registry);
        jobs.whileHeld(SingletonJobs.WEBHOOKS, webhookSender);
        OpenAlarmStats openAlarms = new OpenAlarmStats(db, clock);
        openAlarms.register(registry);
        java.util.concurrent.atomic.AtomicBoolean openAlarmsFailing = new java.util.concurrent.atomic.AtomicBoolean();
        vertx.setPeriodic(0, OPEN_ALARMS_REFRESH.toMillis(), id -> vertx.executeBlocking(openAlarms::refresh, false)
                .onSuccess(s -> {
                    if (openAlarmsFailing.compareAndSet(true, false)) {
                        LOG.info("event=open_alarms.refresh_recovered");
                    }
                })
                .onFailure(e -> {
                    // once per outage, not every few seconds; the gauges read NaN meanwhile
                    if (openAlarmsFailing.compareAndSet(false, true)) {
                        LOG.warn("event=open_alarms.refresh_failed error=\"{}\"", e.getMessage());
                    }
                }));
        Retention retention = new Retention(db, config.store().retention());
        // push_events bodies may name citizens: kept 24 h at most
        jobs.every(SingletonJobs.KEY_PRUNE, Duration.ofSeconds(10), Duration.ofSeconds(10),
                fence -> writer.pruneKeys(clock.instant(), fence));
        jobs.every(SingletonJobs.PUSH_PURGE, Duration.ofMinutes(1), PUSH_PURGE,
                fence -> pushLog.purge(clock.instant(), fence));
        jobs.every(SingletonJobs.RETENTION, Duration.ofMinutes(5), Duration.ofHours(24),
                fence -> retention.purge(clock.instant(), fence));

        IngestMetrics metrics = new IngestMetrics(registry);
        ClockCheck clockCheck = new ClockCheck(config.dc09().maxAhead(), config.dc09().maxBehind(),
                config.dc09().maxClockDrift());
        Dc09Ingest ingest = new Dc09Ingest(devices, writer, clockCheck, metrics, clock);
        ServerConfig.Dc09Limits limits = config.dc09().limits();
        ConnectionBudget budget = ConnectionBudget.forThisProcess(config.connections().descriptorReserve(),
                limits.maxConnections(), config.http().maxConnections());
        LOG.info("event=connections.budget descriptors={} reserve={} dc09={} http={}", budget.descriptorLimit(),
                budget.reserve(), budget.dc09(), budget.http());
        tcp = new Dc09TcpReceiver(new Dc09TcpReceiver.Settings(config.dc09().host(), config.dc09().port(),
                config.dc09().maxFrame(), limits.maxInFlight(), new Dc09Connections.Limits(budget.dc09(),
                limits.maxUnauthenticatedPerSource(), limits.maxConnectionsPerAccount(), limits.preAuthTimeout(),
                limits.idleTimeout()), config.dc09().tls() ? TlsSettings.of(config.tls())::applyTo
                : UnaryOperator.identity()), ingest, devices, metrics);
        await(vertx.deployVerticle(tcp).toCompletionStage().toCompletableFuture(), "DC-09 TCP receiver");
        if (config.dc09().udp()) {
            // the UDP receiver shares the TCP port number, as DC-09 receivers conventionally do
            udp = new Dc09UdpReceiver(config.dc09().host(), tcp.actualPort(), limits.udpInvalidPerSecond(), ingest,
                    devices, metrics);
            await(vertx.deployVerticle(udp).toCompletionStage().toCompletableFuture(), "DC-09 UDP receiver");
        }
        if (config.scaip().enabled()) {
            startScaip(config, metrics, clock, limits, referenceStore);
        }
        http = new HttpApi(config, db, writer, devices, referenceStore, dispatchStore, dispatcher, trail, inbox,
                notifier, registry, metrics, clock, ruleProfiles::forMunicipality, dispatcher::supplierSuspended);
        await(vertx.deployVerticle(http).toCompletionStage().toCompletableFuture(), "HTTP API");
        CoverageMonitor coverage = new CoverageMonitor(referenceStore, registry);
        SupervisorWatch watch = new SupervisorWatch(db, inbox, trailStore, referenceStore, notifier);
        jobs.every(SingletonJobs.COVERAGE, Duration.ZERO, Duration.ofHours(1),
                fence -> watch.coverageHoles(coverage.check(clock.instant()), clock.instant(), fence));
        jobs.every(SingletonJobs.OVERDUE_JUSTIFICATIONS, Duration.ZERO, Duration.ofMinutes(1), fence -> {
            trail.countOverdue();
            watch.overdueJustifications(clock.instant(), fence);
        });
        if (config.demo() && config.demoReference()) {
            // keep the demo rosters a week ahead while the demo runs for days
            jobs.every(SingletonJobs.DEMO_ROSTERS, Duration.ofHours(6), Duration.ofHours(6),
                    fence -> DemoReferenceData.extendShifts(referenceStore, clock.instant(), fence));
        }
        supervision = new SupervisionMonitor(deviceStore, writer, registry);
        jobs.every(SingletonJobs.SUPERVISION, config.dispatch().supervisionCheck(),
                config.dispatch().supervisionCheck(), fence -> supervision.checkQuietly(clock.instant(), fence));
        jobs.start();
    }

    /**
     * The SCAIP receiver: TCP (or TLS) first, then UDP on the port TCP got. Its TCP connections follow the DC-09
     * connection limits, capped at {@code scaip.max-connections}.
     */
    private void startScaip(ServerConfig config, IngestMetrics metrics, Clock clock, ServerConfig.Dc09Limits limits,
                            ReferenceStore references) throws Exception {
        ServerConfig.Scaip sc = config.scaip();
        ScaipMetrics scaipMetrics = new ScaipMetrics(registry);
        // where a SCAIP alarm's voice call goes, by the dispatcher's routing rules and data, on one thread of its own
        RoutingCache voiceRouting = new RoutingCache(references);
        String fallback = config.dispatch().fallbackMunicipality();
        ScaipVoice voice = new ScaipVoice(vertx.createSharedWorkerExecutor("vagtcentral-scaip-voice", 1),
                (account, at) -> voiceRouting.routingDataFor(account, at, fallback), ScaipVoice.BOUND, registry);
        ScaipIngest ingest = new ScaipIngest(devices, writer, metrics, scaipMetrics, clock, sc.realm(), sc.mrsStyle(),
                DigestNonces.random(DIGEST_NONCE_LIFETIME), voice);
        scaipTcp = new ScaipTcpReceiver(new ScaipTcpReceiver.Settings(sc.host(), sc.port(), limits.maxInFlight(),
                new Dc09Connections.Limits(sc.maxConnections(), limits.maxUnauthenticatedPerSource(),
                        limits.maxConnectionsPerAccount(), limits.preAuthTimeout(), limits.idleTimeout()),
                sc.tls() ? TlsSettings.of(config.tls())::applyTo : UnaryOperator.identity()), ingest, devices,
                scaipMetrics);
        await(vertx.deployVerticle(scaipTcp).toCompletionStage().toCompletableFuture(), "SCAIP TCP receiver");
        if (sc.udp()) {
            scaipUdp = new ScaipUdpReceiver(sc.host(), scaipTcp.actualPort(), limits.udpInvalidPerSecond(), ingest,
                    scaipMetrics);
            await(vertx.deployVerticle(scaipUdp).toCompletionStage().toCompletableFuture(), "SCAIP UDP receiver");
        }
    }

    /** How long a digest nonce of the SCAIP receiver stays fresh. */
    static final Duration DIGEST_NONCE_LIFETIME = Duration.ofMinutes(5);

    public static VagtcentralServer start(ServerConfig config, Clock clock) throws Exception {
        try {
            return new VagtcentralServer(config, clock);
        } catch (SQLException e) {
            throw new IllegalStateException("database error at startup: " + e.getMessage(), e);
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<?> future, String what) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(what + " failed to start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** How often the open-alarm gauges (vagtcentral_alarms_open, ..._oldest_unacknowledged_call_age_seconds) are read. */
    static final Duration OPEN_ALARMS_REFRESH = Duration.ofSeconds(5);

    /** The system property the log pattern reads the node id from ({@code %property}). */
    public static final String NODE_PROPERTY = "vagtcentral.node";

    public int dc09Port() {
        return tcp.actualPort();
    }

    public int udpPort() {
        return udp == null ? -1 : udp.actualPort();
    }

    /** The SCAIP receiver's port (UDP and TCP), or -1 when it is off. */
    public int scaipPort() {
        return scaipTcp == null ? -1 : scaipTcp.actualPort();
    }

    public int httpPort() {
        return http.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public ServerConfig config() {
        return config;
    }

    public SupervisionMonitor supervision() {
        return supervision;
    }

    /** The accountability trail: justifications and action plans (the demo's simulated desks write them). */
    public Trail trail() {
        return trail;
    }

    public RuleProfiles ruleProfiles() {
        return ruleProfiles;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public DeviceRegistry devices() {
        return devices;
    }

    public Database database() {
        return db;
    }

    /** The singleton jobs and their leases (which this node holds). */
    public SingletonJobs jobs() {
        return jobs;
    }

    @Override
    public void close() {
        if (jobs != null) {
            // first: the other nodes take the jobs over at once, while this one still has its database
            jobs.close();
        }
        if (webhookSender != null) {
            webhookSender.close();
        }
        if (pushRelay != null) {
            pushRelay.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("event=shutdown.vertx_close_failed error=\"{}\"", e.getMessage());
        }
        writer.close();
        if (dispatcher != null) {
            dispatcher.close();
        }
        db.close();
        registry.close();
        LOG.info("event=server.stopped");
    }

}
