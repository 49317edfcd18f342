package dk.vagtcentral.server.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client for tests: reads a stream on a background thread into blocks ({@code id},
 * {@code event}, {@code data}); comment-only blocks (the opening line, heartbeats) are skipped.
 */
public final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One event block; a field it did not have is null. */
    public record Block(String id, String event, String data) {
    }

    private final BlockingQueue<Block> blocks = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private volatile boolean ended;

    private SseClient(Stream<String> lines) {
        this.lines = lines;
        Thread reader = new Thread(() -> {
            String[] f = new String[3];
            boolean[] any = {false};
            try {
                lines.forEach(line -> {
                    if (line.isEmpty()) {
                        if (any[0]) {
                            blocks.add(new Block(f[0], f[1], f[2]));
                        }
                        f[0] = f[1] = f[2] = null;
                        any[0] = false;
                    } else if (line.startsWith("id: ")) {
                        f[0] = line.substring(4);
                        any[0] = true;
                    } else if (line.startsWith("event: ")) {
                        f[1] = line.substring(7);
                        any[0] = true;
                    } else if (line.startsWith("data: ")) {
                        f[2] = line.substring(6);
                        any[0] = true;
                    }
                });
            } catch (RuntimeException e) {
                // closed
            }
            ended = true;
        }, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens {@code url} with {@code lastEventId} as the Last-Event-ID header (none when null) and, when given, the
     * bearer {@code token}; fails unless it answers 200.
     */
    public static SseClient open(String url, String lastEventId, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<Stream<String>> r = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IllegalStateException("GET " + url + ": " + r.statusCode());
        }
        return new SseClient(r.body());
    }

    public static SseClient open(String url, String lastEventId) throws Exception {
        return open(url, lastEventId, null);
    }

    /** The next block within the time, or null. */
    public Block next(Duration within) throws InterruptedException {
        return blocks.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the server (or {@link #close}) ended the stream; what it sent before may still wait in {@link #next}. */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        lines.close();
    }
}
