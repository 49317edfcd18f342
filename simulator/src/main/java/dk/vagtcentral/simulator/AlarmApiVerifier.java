package dk.vagtcentral.simulator;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks through the server's HTTP API that every ACKed alarm was stored exactly once:
 * {@code GET {api}/api/v1/alarms?account=A&afterId=N&limit=1000}, paged by {@code nextAfterId}.
 * Messages and stored alarms are matched by a key ({@link AlarmMatching}): account|sequence|data for DC-09,
 * controller id|ref for SCAIP; the number of stored alarms with a key must equal the number of ACKed
 * messages with it (a DC-09 key repeats legitimately after the sequence wraps). Stored alarms received
 * before {@code notBefore} (earlier runs with the same accounts) are ignored; stored alarms whose key
 * was never ACKed (sent but not acknowledged) are not counted against the run.
 * <p>
 * Several nodes of one server share one database, so any node's API shows every alarm: given more
 * than one base URL, the verifier asks the first and, when a node cannot be reached or answers 5xx,
 * goes on with the next (and stays there).
 */
public final class AlarmApiVerifier {
    private final List<String> apis;
    private volatile int current;
    private final HttpClient http;
    private final int pageSize;
    private final int parallelism;
    private volatile String token;

    /** @param api the server's base URL, e.g. http://127.0.0.1:8180 */
    public AlarmApiVerifier(URI api) {
        this(api, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), 1000, 8);
    }

    public AlarmApiVerifier(URI api, HttpClient http, int pageSize, int parallelism) {
        this(List.of(api), http, pageSize, parallelism);
    }

    /** @param apis base URLs of nodes on the same database, the preferred one first */
    public AlarmApiVerifier(List<URI> apis) {
        this(apis, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), 1000, 8);
    }

    public AlarmApiVerifier(List<URI> apis, HttpClient http, int pageSize, int parallelism) {
        if (apis.isEmpty()) {
            throw new IllegalArgumentException("no API base URL");
        }
        List<String> bases = new ArrayList<>();
        for (URI api : apis) {
            String base = Objects.requireNonNull(api, "api").toString();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            bases.add(base);
        }
        this.apis = List.copyOf(bases);
        this.http = http;
        this.pageSize = pageSize;
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * Sends {@code Authorization: Bearer <token>} with every request (the server's API needs a login: an ADMIN's
     * token sees every alarm). Null or blank: no header.
     */
    public AlarmApiVerifier withToken(String token) {
        this.token = token == null || token.isBlank() ? null : token.strip();
        return this;
    }

    /** The base URL asked now: the first one, until it failed. */
    public String currentApi() {
        return apis.get(current);
    }

    /** Every stored alarm of an account, in id order. */
    public List<StoredAlarm> fetchAlarms(String account) throws IOException, InterruptedException {
        List<StoredAlarm> all = new ArrayList<>();
        long afterId = 0;
        while (true) {
            String query = "/api/v1/alarms?account=" + URLEncoder.encode(account, StandardCharsets.UTF_8)
                    + "&afterId=" + afterId + "&limit=" + pageSize;
            HttpResponse<String> response = getFromAnyNode(query);
            URI uri = response.request().uri();
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + snippet(response.body()));
            }
            JsonObject body;
            JsonArray items;
            try {
                body = new JsonObject(response.body());
                items = body.getJsonArray("items");
            } catch (DecodeException | ClassCastException e) {
                throw new IOException("GET " + uri + " did not return the expected JSON: " + e.getMessage());
            }
            if (items == null) {
                throw new IOException("GET " + uri + " returned no \"items\" array");
            }
            for (int i = 0; i < items.size(); i++) {
                all.add(parse(items.getJsonObject(i), uri));
            }
            Object next = body.getValue("nextAfterId");
            if (next == null) {
                return all;
            }
            if (!(next instanceof Number n) || n.longValue() <= afterId) {
                throw new IOException("GET " + uri + " returned nextAfterId " + next + " that does not advance");
            }
            afterId = n.longValue();
        }
    }

    /**
     * GETs {@code query} from the current node; a node that cannot be reached or answers 5xx is left for
     * the next one. Throws when every node failed.
     */
    private HttpResponse<String> getFromAnyNode(String query) throws IOException, InterruptedException {
        IOException lastFailure = null;
        int start = current;
        for (int tried = 0; tried < apis.size(); tried++) {
            int index = (start + tried) % apis.size();
            URI uri = URI.create(apis.get(index) + query);
            try {
                HttpResponse<String> response = http.send(request(uri), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500 || tried == apis.size() - 1) {
                    current = index;
                    return response;
                }
                lastFailure = new IOException("GET " + uri + " answered " + response.statusCode());
            } catch (IOException e) {
                lastFailure = new IOException("GET " + uri + " failed: " + e, e);
            }
        }
        throw lastFailure;
    }

    private HttpRequest request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET();
        String bearer = token;
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder.build();
    }

    private static StoredAlarm parse(JsonObject item, URI uri) throws IOException {
        try {
            Instant receivedAt = null;
            String received = item.getString("receivedAt");
            if (received != null) {
                try {
                    receivedAt = Instant.parse(received);
                } catch (DateTimeParseException e) {
                    receivedAt = null;
                }
            }
            Long id = item.getLong("id");
            Integer sequence = item.getInteger("sequence"); // none for a SCAIP alarm
            if (id == null || item.getString("account") == null) {
                throw new IOException("GET " + uri + ": item without id or account: " + item.encode());
            }
            return new StoredAlarm(id, item.getString("account"), sequence,
                    item.getString("data", ""), item.getString("source"), item.getString("category"), receivedAt);
        } catch (ClassCastException e) {
            throw new IOException("GET " + uri + ": unexpected item " + item.encode() + ": " + e.getMessage());
        }
    }

    /**
     * Compares the ACKed alarms with what is stored.
     *
     * @param acked     ACKed messages (DC-09 NULL messages and SCAIP heartbeats are skipped)
     * @param notBefore stored alarms received before this are ignored (null: none ignored)
     */
    public VerifyResult verify(Collection<AckedMessage> acked, Instant notBefore)
            throws IOException, InterruptedException {
        Map<String, Integer> expected = new HashMap<>();
        TreeMap<String, AlarmMatching> accounts = new TreeMap<>();
        long ackedAlarms = 0;
        for (AckedMessage m : acked) {
            AlarmMatching matching = AlarmMatching.of(m);
            if (matching.isAlarm(m)) {
                expected.merge(matching.key(m), 1, Integer::sum);
                accounts.put(m.account(), matching);
                ackedAlarms++;
            }
        }
        Map<String, Integer> stored = new HashMap<>();
        long storedCount = 0;
        List<String> asked = new ArrayList<>(accounts.keySet());
        List<List<StoredAlarm>> fetched = fetchAll(asked);
        for (int i = 0; i < asked.size(); i++) {
            AlarmMatching matching = accounts.get(asked.get(i));
            for (StoredAlarm a : fetched.get(i)) {
                if (notBefore != null && a.receivedAt() != null && a.receivedAt().isBefore(notBefore)) {
                    continue;
                }
                stored.merge(matching.key(a), 1, Integer::sum);
                storedCount++;
            }
        }
        long found = 0;
        long missing = 0;
        long duplicated = 0;
        List<String> missingSamples = new ArrayList<>();
        List<String> duplicatedSamples = new ArrayList<>();
        for (Map.Entry<String, Integer> e : new TreeMap<>(expected).entrySet()) {
            int want = e.getValue();
            int have = stored.getOrDefault(e.getKey(), 0);
            found += Math.min(want, have);
            if (have < want) {
                missing += want - have;
                if (missingSamples.size() < 10) {
                    missingSamples.add(e.getKey() + " (acked " + want + ", stored " + have + ")");
                }
            } else if (have > want) {
                duplicated += have - want;
                if (duplicatedSamples.size() < 10) {
                    duplicatedSamples.add(e.getKey() + " (acked " + want + ", stored " + have + ")");
                }
            }
        }
        return new VerifyResult(ackedAlarms, found, missing, duplicated, storedCount, missingSamples, duplicatedSamples);
    }

    /**
     * Like {@link #verify(Collection, Instant)}, but while something is missing it asks again until
     * {@code settle} has passed, for a server that makes alarms visible shortly after ACKing them.
     */
    public VerifyResult verify(Collection<AckedMessage> acked, Instant notBefore, Duration settle)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + settle.toNanos();
        while (true) {
            VerifyResult r = verify(acked, notBefore);
            if (r.missing() == 0 || System.nanoTime() - until >= 0) {
                return r;
            }
            Thread.sleep(250);
        }
    }

    private List<List<StoredAlarm>> fetchAll(Collection<String> accounts) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, accounts.size())), r -> {
            Thread t = new Thread(r, "verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<StoredAlarm>>> futures = new ArrayList<>();
            for (String account : accounts) {
                futures.add(pool.submit(() -> fetchAlarms(account)));
            }
            List<List<StoredAlarm>> results = new ArrayList<>();
            for (Future<List<StoredAlarm>> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause().toString(), e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String snippet(String body) {
        String s = body == null ? "" : body.replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
