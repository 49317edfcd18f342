package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.domain.RoutingData;
import dk.vagtcentral.server.store.ReferenceStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference data routing reads, per account, kept while nothing changed: under load most alarms come from
 * accounts routed a moment ago. An entry holds everything valid over an hour from the alarm time it was read for
 * (shifts included), and is dropped on any reference-data change made through this server
 * ({@link ReferenceStore#changeCount()}) and after {@link #MAX_AGE} in any case, so a change made elsewhere (another
 * server instance on the same database) is seen within that time. Not thread-safe: one instance per thread (the
 * dispatcher's, and the SCAIP receiver's voice lookup, {@link dk.vagtcentral.server.ingest.ScaipVoice}).
 */
public final class RoutingCache {
    static final Duration SPAN = Duration.ofHours(1);
    static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final int MAX_ENTRIES = 20_000;

    private record Key(String account, String fallback) {
    }

    private record Entry(RoutingData data, Instant from, long changeCount, long loadedNanos) {
    }

    private final ReferenceStore references;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public RoutingCache(ReferenceStore references) {
        this.references = references;
    }

    public RoutingData routingDataFor(String account, Instant at, String fallback) throws SQLException {
        Key key = new Key(account, fallback);
        long changes = references.changeCount();
        Entry e = entries.get(key);
        if (e != null && e.changeCount() == changes && !at.isBefore(e.from()) && at.isBefore(e.from().plus(SPAN))
                && System.nanoTime() - e.loadedNanos() < MAX_AGE.toNanos()) {
            return e.data();
        }
        RoutingData data = references.routingDataFor(account, at, fallback, SPAN);
        entries.put(key, new Entry(data, at, changes, System.nanoTime()));
        return data;
    }
}
