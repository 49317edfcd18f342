package dk.vagtcentral.server.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dk.vagtcentral.server.TestServer;

/**
 * The server as a separate JVM on fixed free loopback ports and a data directory that outlive it, so a test can
 * kill it with {@code destroyForcibly()} (no shutdown hook runs) and start it again on the same data.
 */
final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final Path dir;
    final int dc09Port;
    final int httpPort;
    private final String configYaml;
    private Process process;
    private int runs;
    private volatile String token;

    ServerProcess(Path dir, String configYaml) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.configYaml = configYaml + "\nauth:\n  admin-password: " + TestServer.ADMIN_PASSWORD + "\n";
        this.dc09Port = freePort();
        this.httpPort = freePort();
    }

    /** Starts the server and waits until /health answers. */
    void start() throws IOException, InterruptedException {
        runs++;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("server-" + runs + ".log");
        Path config = dir.resolve("server.yaml");
        Files.writeString(config, configYaml);
        Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dk.vagtcentral.server.Main", "--config", config.toString(), "--demo", "--data-dir",
                dir.resolve("data").toString(), "--dc09-port", String.valueOf(dc09Port), "--http-port",
                String.valueOf(httpPort)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process = p;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(log));
            }
            return healthy();
        });
        token = TestServer.login(baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
    }

    /** The administrator's bearer token of the running server. */
    String token() {
        return token;
    }

    /** Kills the JVM at once, as a crash or power cut of the process would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the JVM (SIGSTOP) as a long GC pause, a debugger or a frozen VM would; {@link #resume} goes on. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5));
        String t = token;
        if (t != null && path.startsWith("/api/")) {
            b.header("Authorization", "Bearer " + t);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean healthy() {
        try {
            return get("/health").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
