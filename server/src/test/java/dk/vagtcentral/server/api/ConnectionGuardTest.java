package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP server holds its connections to what it can afford, on 127.0.0.1 with raw sockets: a silent connection
 * and a slowloris sender are closed after the header timeout, a slow body gets 408, and at the cap an idle
 * connection gives way to a new one, or, with every connection busy, the new one is refused while the existing ones
 * keep working.
 */
class ConnectionGuardTest {

    @Test
    void aSilentConnectionAndASlowlorisAreClosedAfterTheHeaderTimeout(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("http.header-timeout", "PT1S"))) {
            try (Socket silent = connect(server)) {
                long start = System.nanoTime();
                assertThat(silent.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(800),
                        Duration.ofSeconds(4));
            }

            try (Socket slow = connect(server)) {
                OutputStream out = slow.getOutputStream();
                out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                long start = System.nanoTime();
                boolean closed = false;
                // one header byte every 100 ms: never idle, never complete
                for (int i = 0; i < 100 && !closed; i++) {
                    try {
                        out.write((i % 20 == 19 ? "\r\n" : "X").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (SocketException e) {
                        closed = true;
                        break;
                    }
                    slow.setSoTimeout(100);
                    try {
                        closed = slow.getInputStream().read() == -1;
                    } catch (SocketTimeoutException e) {
                        // still open
                    } catch (SocketException e) {
                        closed = true;
                    }
                }
                assertThat(closed).as("the slowloris connection was closed").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }

            try (Socket keptAlive = connect(server)) {
                assertThat(request(keptAlive, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
                assertThat(request(keptAlive, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
                keptAlive.setSoTimeout(5000);
                assertThat(keptAlive.getInputStream().read()).as("idle after its answers: closed").isEqualTo(-1);
            }
            String metrics = server.send("GET", "/metrics", null, null).body();
            assertThat(counter(metrics, "vagtcentral_http_connections_timed_out_total", "phase=\"header\""))
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIs408AndTheConnectionCloses(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("http.body-timeout", "PT1S"))) {
            try (Socket s = connect(server)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"username\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                long start = System.nanoTime();
                s.setSoTimeout(5000);
                String answer = readAll(s.getInputStream());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(800),
                        Duration.ofSeconds(4));
                assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
            }
            String metrics = server.send("GET", "/metrics", null, null).body();
            assertThat(counter(metrics, "vagtcentral_http_connections_timed_out_total", "phase=\"body\""))
                    .isEqualTo(1);
        }
    }

    @Test
    void atTheCapTheConnectionThatWaitedLongestForARequestGivesWay(@TempDir Path dir) throws Exception {
        int cap = 3;
        try (TestServer server = TestServer.start(dir, Map.of("http.max-connections", cap))) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < cap; i++) {
                    Socket s = connect(server);
                    assertThat(request(s, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
                    idle.add(s); // kept alive, waiting for a next request
                }
                // a flood of idle connections cannot keep a new client out: the oldest idle one gives way
                for (int i = 0; i < 2; i++) {
                    try (Socket fresh = connect(server)) {
                        assertThat(request(fresh, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")).as("new client %d", i)
                                .startsWith("HTTP/1.1 200");
                    }
                }
                idle.get(0).setSoTimeout(5000);
                assertThat(idle.get(0).getInputStream().read()).as("the longest waiting was closed").isEqualTo(-1);
                try (Socket fresh = connect(server)) {
                    String metrics = request(fresh, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(counter(metrics, "vagtcentral_http_connections_evicted_total", "")).isGreaterThanOrEqualTo(2);
                    assertThat(counter(metrics, "vagtcentral_http_connections_refused_total", "reason=\"cap\""))
                            .isZero();
                }
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void atTheCapWithEveryConnectionBusyANewOneIsRefusedWhileTheExistingOnesKeepWorking(@TempDir Path dir)
            throws Exception {
        int cap = 3;
        try (TestServer server = TestServer.start(dir, Map.of("http.max-connections", cap,
                "http.idle-timeout", "PT3S"))) {
            List<Socket> streams = new ArrayList<>();
            try {
                for (int i = 0; i < cap; i++) {
                    Socket s = connect(server);
                    s.getOutputStream().write(("GET /api/v1/supervision/events?municipalityId=any HTTP/1.1\r\n"
                            + "Host: x\r\nAuthorization: Bearer " + server.token() + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    assertThat(readFor(s, Duration.ofSeconds(2))).as("stream %d", i).startsWith("HTTP/1.1 200");
                    streams.add(s);
                }
                try (Socket refused = connect(server)) {
                    assertThat(request(refused, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")).as("refused at the cap")
                            .isEmpty();
                }
                for (Socket s : streams) {
                    assertThat(readFor(s, Duration.ofMillis(2500))).as("an open stream goes on").contains(": heartbeat");
                }
                streams.remove(0).close();
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    try (Socket again = connect(server)) {
                        String metrics = request(again, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
                        return counter(metrics, "vagtcentral_http_connections_refused_total", "reason=\"cap\"") >= 1;
                    }
                });
            } finally {
                for (Socket s : streams) {
                    s.close();
                }
            }
        }
    }

    /** What arrives on the socket within the time (stops early at its end). */
    private static String readFor(Socket s, Duration time) throws IOException {
        StringBuilder got = new StringBuilder();
        long end = System.nanoTime() + time.toNanos();
        byte[] buf = new byte[4096];
        InputStream in = s.getInputStream();
        while (System.nanoTime() < end) {
            s.setSoTimeout((int) Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
            try {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (SocketTimeoutException e) {
                // nothing yet
            }
        }
        return got.toString();
    }

    @Test
    void aQuietLiveStreamOutlivesTheIdleTimeoutOnItsHeartbeat(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("http.idle-timeout", "PT3S"))) {
            try (Socket s = connect(server)) {
                s.getOutputStream().write(("GET /api/v1/supervision/events?municipalityId=any HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + server.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.setSoTimeout(500);
                StringBuilder got = new StringBuilder();
                long end = System.nanoTime() + Duration.ofSeconds(7).toNanos();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                while (System.nanoTime() < end) {
                    try {
                        int n = in.read(buf);
                        assertThat(n).as("the stream stays open past the 3 s idle timeout").isNotEqualTo(-1);
                        got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    } catch (SocketTimeoutException e) {
                        // quiet for now
                    }
                }
                assertThat(got).contains("HTTP/1.1 200", ": heartbeat");
            }
        }
    }

    private static Socket connect(TestServer server) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.server.httpPort()), 5000);
        return s;
    }

    /** Sends a request and reads one answer (head and a Content-Length body); "" when the server closed instead. */
    private static String request(Socket s, String request) throws IOException {
        try {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        } catch (SocketException e) {
            return "";
        }
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
                head.write(b);
            }
        } catch (SocketException e) {
            return head.toString(StandardCharsets.ISO_8859_1);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        if (m.find()) {
            byte[] body = in.readNBytes(Integer.parseInt(m.group(1)));
            text += new String(body, StandardCharsets.UTF_8);
        }
        return text;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (SocketException e) {
            // reset after the answer
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double counter(String metrics, String name, String label) {
        for (String line : metrics.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
