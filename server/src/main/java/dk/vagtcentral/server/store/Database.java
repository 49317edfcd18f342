package dk.vagtcentral.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dk.vagtcentral.server.config.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;

/** The connection pool and the few places where H2 and PostgreSQL differ. */
public final class Database implements AutoCloseable {
    public enum Dialect { H2, POSTGRESQL }

    private final HikariDataSource dataSource;
    private final HikariDataSource reserved;
    private final Dialect dialect;
    private final boolean syncOnCommit;

    /**
     * Every PostgreSQL session's limits, so no node can hold the others up for long. A node that is frozen (a GC
     * pause, SIGSTOP, a VM migration) inside a transaction keeps its row locks — on due deadlines, on an alarm it is
     * routing, on a retransmission key it is inserting — until the server ends its idle transaction; its commit then
     * fails when it resumes, so nothing it did is applied twice. A lock wait ends after a few seconds with SQL state
     * 55P03, which the writer and the dispatcher treat as a lost race and retry.
     */
    static final String POSTGRESQL_SESSION = "SET lock_timeout = '2s'; "
            + "SET idle_in_transaction_session_timeout = '10s'";

    public Database(ServerConfig.Store config, MeterRegistry registry) {
        this.dialect = config.url().startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.H2;
        this.syncOnCommit = config.syncOnCommit();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("vagtcentral");
        hikari.setJdbcUrl(dialect == Dialect.H2 ? closedByUs(config.url()) : config.url());
        if (config.username() != null && !config.username().isEmpty()) {
            hikari.setUsername(config.username());
        }
        if (config.password() != null && !config.password().isEmpty()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setAutoCommit(false);
        hikari.setConnectionTimeout(5_000);
        hikari.setInitializationFailTimeout(10_000);
        if (dialect == Dialect.POSTGRESQL) {
            hikari.setConnectionInitSql(POSTGRESQL_SESSION);
        }
        if (registry != null) {
            hikari.setMetricRegistry(registry);
        }
        HikariConfig core = new HikariConfig();
        hikari.copyStateTo(core);
        core.setPoolName("vagtcentral-core");
        core.setMaximumPoolSize(RESERVED_CONNECTIONS);
        this.dataSource = new HikariDataSource(hikari);
        this.reserved = new HikariDataSource(core);
    }

    /**
     * Connections of their own for the threads that stand behind a promise: the alarm writer (an ACK) and the
     * dispatcher (a deadline). HTTP requests, logins and jobs share the main pool; were it all theirs, a client that
     * keeps slow requests going (or a burst of logins) would make an ACK wait for a connection. Two threads, each
     * with at most two connections open at once.
     */
    static final int RESERVED_CONNECTIONS = 4;
    private static final ThreadLocal<Boolean> RESERVED_THREAD = ThreadLocal.withInitial(() -> false);

    /** From now on, {@link #connection()} on the calling thread takes from the reserved connections. */
    public static void reserveConnectionsForThisThread() {
        RESERVED_THREAD.set(true);
    }

    /**
     * H2 closes a database from its own shutdown hook, which can run before ours has written what is
     * queued; the server closes the database itself, last. Also a larger cache of parsed statements.
     */
    private static String closedByUs(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        String closed = upper.contains("DB_CLOSE_ON_EXIT") ? url : url + ";DB_CLOSE_ON_EXIT=FALSE";
        // H2 keeps 8 parsed statements per connection by default; the dispatcher alone uses more, and parsing
        // them again on every transaction cost it some 6 % of its time
        return upper.contains("QUERY_CACHE_SIZE") ? closed : closed + ";QUERY_CACHE_SIZE=128";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Connection connection() throws SQLException {
        return (RESERVED_THREAD.get() ? reserved : dataSource).getConnection();
    }

    /**
     * A connection outside the pool, with the pool's URL and credentials and {@code driverProperties} added, for one
     * long-lived use that must not hold a pooled connection (PostgreSQL's LISTEN). The caller closes it.
     */
    public Connection unpooledConnection(Properties driverProperties) throws SQLException {
        Properties p = new Properties();
        p.putAll(driverProperties);
        if (dataSource.getUsername() != null) {
            p.setProperty("user", dataSource.getUsername());
        }
        if (dataSource.getPassword() != null) {
            p.setProperty("password", dataSource.getPassword());
        }
        return DriverManager.getConnection(dataSource.getJdbcUrl(), p);
    }

    /**
     * Commits and makes the commit survive a killed process before returning: on H2, a CHECKPOINT writes what is
     * committed to the file (H2 otherwise writes it in the background within WRITE_DELAY, 500 ms); with
     * sync-on-commit, CHECKPOINT SYNC also forces it to the disk, so it survives a power cut. Only commits that
     * promise something (an ACK, a 2xx, a fired deadline) need this; reads commit plainly. PostgreSQL's commit is
     * already synced (synchronous_commit=on).
     */
        public void commitDurably(Connection c) throws SQLException {
        c.commit();
        if (dialect == Dialect.H2) {
            try (Statement s = c.createStatement()) {
                s.execute(syncOnCommit ? "CHECKPOINT SYNC" : "CHECKPOINT");
            }
        }
    }

    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        reserved.close();
        dataSource.close();
    }
}
