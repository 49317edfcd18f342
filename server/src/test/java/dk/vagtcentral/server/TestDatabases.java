package dk.vagtcentral.server;

import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Migrated databases for tests that need several "nodes" on one database: an H2 file in a temporary directory, or a
 * PostgreSQL database of its own on 127.0.0.1:5432 (user "postgres"), dropped on close. Where no PostgreSQL is
 * reachable the test is skipped with a message ({@link Assumptions#abort}).
 */
public final class TestDatabases {
    static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String PG_USER = "postgres";

    /** A database that several pools (nodes) can open; {@link #close} drops it where it is PostgreSQL. */
    public interface Shared extends AutoCloseable {
        /** A new pool on the database (one node), already migrated. */
        Database open();

        Database.Dialect dialect();

        /** The JDBC URL, for a server started on the database (user {@code postgres}, no password, on PostgreSQL). */
        String url();

        @Override
        void close();
    }

    private TestDatabases() {
    }

    public static Shared of(Database.Dialect dialect, Path dir, String prefix) {
        return dialect == Database.Dialect.H2 ? h2(dir) : postgres(prefix);
    }

    public static Shared h2(Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";LOCK_TIMEOUT=10000";
        return shared(Database.Dialect.H2, new ServerConfig.Store(url, "", "", 4, 10, false), () -> { });
    }

    /** A fresh PostgreSQL database {@code <prefix>_<random>}; aborts (skips) the test when PostgreSQL is unreachable. */
    public static Shared postgres(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL + "?connectTimeout=3", PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL not reachable at 127.0.0.1:5432 (" + e.getMessage() + "); skipping");
        }
        return shared(Database.Dialect.POSTGRESQL, new ServerConfig.Store("jdbc:postgresql://127.0.0.1:5432/" + name,
                PG_USER, "", 4, 10, false), () -> {
            try (Connection c = DriverManager.getConnection(PG_ADMIN_URL + "?connectTimeout=3", PG_USER, "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                // nothing to clean where it was never made
            }
        });
    }

    private static Shared shared(Database.Dialect dialect, ServerConfig.Store store, Runnable drop) {
        java.util.List<Database> opened = new java.util.ArrayList<>();
        return new Shared() {
            @Override
            public synchronized Database open() {
                Database db = new Database(store, null);
                opened.add(db);
                Migrations.apply(db);
                return db;
            }

            @Override
            public Database.Dialect dialect() {
                return dialect;
            }

            @Override
            public String url() {
                return store.url();
            }

            @Override
            public synchronized void close() {
                opened.forEach(Database::close);
                drop.run();
            }
        };
    }
}
