package dk.vagtcentral.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The whole server configuration, validated. Built by {@link ConfigLoader} from the YAML file and the
 * command-line flags, which override the file.
 */
/**
 * @param demo          register the demo devices and the demo's reference data (municipalities, suppliers, citizens,
 *                      rosters)
 * @param demoReference with demo: load the demo's reference data
 * @param nodeId        this server's name among several on one database: in every log line ({@code node=}) and in
 *                      the metric {@code vagtcentral_node_info{node}}
 * @param logFormat     {@code text} (key=value lines) or {@code json} (one object a line)
 * @param cluster       the leases under which the singleton jobs run when several nodes share one database
 */
public record ServerConfig(Path dataDir, boolean demo, boolean demoReference, Dc09 dc09,
                           Http http, Store store, Dispatch dispatch, Auth auth, Webhooks webhooks,
                           Connections connections, Tls tls, String nodeId, String logFormat, Cluster cluster,
                           Scaip scaip) {

    /**
     * The SCAIP receiver: SIP over UDP and TCP on one port. Its TCP connections follow the DC-09 connection limits
     * ({@code dc09.pre-auth-timeout}, {@code idle-timeout}, {@code max-unauthenticated-per-source},
     * {@code max-connections-per-account}, {@code max-in-flight}, {@code udp-invalid-per-second}) and retransmissions
     * are recognised within {@code dc09.retransmit-window}, as the alarm writer does for every source.
     *
     * @param host           address it binds to
     * @param port           UDP and TCP port (0 picks a free one); null = the receiver is off
     * @param udp            whether UDP is served beside TCP
     * @param tls            TCP over TLS with the server's certificate ({@link Tls}); UDP stays plain
     * @param realm          the realm of the digest challenge sent to controllers registered with a password
     * @param mrsStyle       how the {@code <mrs>} is sent to a device whose model has no quirk registered (and to
     *                       senders not registered)
     * @param maxConnections TCP connections held at most
     */
    public record Scaip(String host, Integer port, boolean udp, boolean tls, String realm,
                        dk.vagtcentral.protocol.scaip.MrsStyle mrsStyle, int maxConnections) {
        public boolean enabled() {
            return port != null;
        }
    }

    /**
     * The jobs that must run on one node at a time (coverage, overdue justifications, retention, device supervision,
     * webhook delivery, demo rosters) each run under a lease in the database (see
     * {@link dk.vagtcentral.server.cluster.SingletonJobs}).
     *
     * @param leaseTtl   how long a lease lasts after its last renewal, by the database's clock: how long the jobs
     *                   of a node that died wait before another node takes them over
     * @param leaseRenew how often the holder renews its leases and the other nodes try to acquire them; at most half
     *                   of leaseTtl
     */
    public record Cluster(Duration leaseTtl, Duration leaseRenew) {
    }

    /**
     * The server's TLS certificate and private key, PEM files, shared by every listener that turns TLS on
     * ({@code http.tls}); both null when none is configured. Checked readable at load; see
     * {@link dk.vagtcentral.server.net.TlsSettings}.
     *
     * @param certFile the certificate chain, PEM ({@code -----BEGIN CERTIFICATE-----}), leaf first
     * @param keyFile  its private key, PEM (PKCS#8 {@code -----BEGIN PRIVATE KEY-----} or PKCS#1 RSA)
     */
    public record Tls(Path certFile, Path keyFile) {
        public boolean configured() {
            return certFile != null && keyFile != null;
        }
    }

    /**
     * @param descriptorReserve file descriptors kept free for the server's own use (database, logs, webhooks); the
     *                          listeners' connection caps come out of the rest (see
     *                          {@link dk.vagtcentral.server.net.ConnectionBudget})
     */
    public record Connections(int descriptorReserve) {
    }

    /**
     * @param allowLoopback  whether webhooks may go to loopback addresses (127.0.0.0/8, ::1): tests and local
     *                       development only; link-local, metadata, unspecified and multicast targets are refused
     *                       whatever this says
     * @param secretOverlap  after a signing secret is rotated, how long the previous one still signs beside it
     * @param publicUrl      this server's address as the suppliers' staff reach it ({@code https://host[:port]}, no
     *                       trailing slash), for the links in a webhook's payload; null = the links are paths
     */
    public record Webhooks(boolean allowLoopback, Duration secretOverlap, String publicUrl) {
    }

    /**
     * @param adminPassword    password of the {@code admin} account, set at every start; null = create {@code admin}
     *                         with a random password (printed once to stdout) when no user exists
     * @param sessionTtl       how long a login token lives
     * @param loginMaxFailures failed logins for one username from one client address before that pair waits (1 s,
     *                         then doubling with each further failure, up to loginBackoffMax)
     * @param loginMaxFailuresPerAddress failed logins per client address (any usernames) within loginWindow before
     *                         429: against password spraying
     * @param loginWindow      failures older than this are forgotten
     * @param loginBackoffMax  the longest wait of one username from one address
     */
    public record Auth(String adminPassword, Duration sessionTtl, int loginMaxFailures,
                       int loginMaxFailuresPerAddress, Duration loginWindow, Duration loginBackoffMax) {
    }

    /**
     * @param municipalities       directory of the municipalities' rule profiles ({@code <id>.yaml}); null = the
     *                             built-in ones (config/municipalities, bundled into the jar)
     * @param timeScale            every rule duration divided by this (demo and training only; 1 = real time)
     * @param fallbackMunicipality municipality whose home care takes alarms that no citizen can be found for, when
     *                             the account was never bound to anyone; null = the only municipality on record
     * @param supervisionCheck     how often devices are checked for silence past their supervision interval
     * @param routeQueue           alarms waiting to be routed held in memory; more wait in the database
     * @param commandQueue         people's commands waiting for the dispatcher; more are refused (503)
     */
    public record Dispatch(Path municipalities, int timeScale, String fallbackMunicipality,
                           Duration supervisionCheck, int routeQueue, int commandQueue) {
    }

    /**
     * @param host             address the DC-09 receivers bind to
     * @param port             TCP and UDP port (0 picks a free one)
     * @param udp              whether the UDP receiver runs beside TCP
     * @param maxAhead         how far a device clock may run ahead before its message is NAKed (standard: 20 s)
     * @param maxBehind        how far a device clock may lag (standard: 40 s)
     * @param maxClockDrift    beyond this a timestamp is a replay, not a drifting clock
     * @param retransmitWindow how long a retransmission is recognised as the same message
     * @param maxFrame         largest frame accepted, bytes
     * @param limits           what one connection or source may hold
     * @param tls              TCP over TLS with the server's certificate ({@link Tls}); UDP stays plain
     */
    public record Dc09(String host, int port, boolean udp, Duration maxAhead,
                       Duration maxBehind, Duration maxClockDrift, Duration retransmitWindow, int maxFrame,
                       Dc09Limits limits, boolean tls) {
    }

    /**
     * @param maxConnections                TCP connections held at most; 0 = derived from the descriptor limit
     * @param preAuthTimeout                a connection that has not sent a valid frame from a known account within
     *                                      this is closed
     * @param idleTimeout                   a connection that has is closed after this long without a frame
     * @param maxUnauthenticatedPerSource   not-yet-authenticated connections from one address at most
     * @param maxConnectionsPerAccount      authenticated connections of one account at most (the oldest gives way)
     * @param maxInFlight                   frames of one connection waiting for their reply; beyond it the
     *                                      connection is not read until they are answered
     * @param udpInvalidPerSecond           UDP datagrams failing validation handled per source and second; more
     *                                      are dropped unanswered
     */
    public record Dc09Limits(int maxConnections, Duration preAuthTimeout, Duration idleTimeout,
                             int maxUnauthenticatedPerSource, int maxConnectionsPerAccount, int maxInFlight,
                             int udpInvalidPerSecond) {
    }

    /**
     * @param ingestApiKey the key JSON alarm ingest ({@code POST /api/v1/alarms}) requires in {@code X-Api-Key};
     *                     null = JSON ingest disabled (403)
     * @param maxConnections connections held at most; 0 = derived from the descriptor limit
     * @param headerTimeout  a connection whose next request's headers are not complete within this (from its opening,
     *                       or from the end of the previous answer) is closed
     * @param bodyTimeout    a request whose body has not arrived within this is answered 408 and closed
     * @param idleTimeout    a connection without traffic for this long is closed
     * @param tls            serve HTTPS with the certificate of {@link Tls}
     * @param trustedProxies addresses and CIDR blocks of reverse proxies whose {@code X-Forwarded-For} names the
     *                       client; empty = the peer of the connection is the client
     */
    public record Http(String host, int port, String ingestApiKey, int maxConnections, Duration headerTimeout,
                       Duration bodyTimeout, Duration idleTimeout, boolean tls, java.util.List<String> trustedProxies) {
    }

    /**
     * @param url          JDBC URL; an H2 file database under the data directory by default
     * @param poolSize     connections in the HikariCP pool
     * @param batchMax     most alarms committed in one group commit
     * @param syncOnCommit force every group commit to the disk (survives power loss, costs an fsync each)
     * @param retention    alarms received longer ago are deleted daily, except those an open case still needs
     */
    public record Store(String url, String username, String password, int poolSize, int batchMax,
                        boolean syncOnCommit, Duration retention) {

        /** A store with the default retention (six years). */
        public Store(String url, String username, String password, int poolSize, int batchMax, boolean syncOnCommit) {
            this(url, username, password, poolSize, batchMax, syncOnCommit, Duration.ofDays(2192));
        }
    }
}
