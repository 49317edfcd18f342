package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.domain.DutyRoster;
import dk.vagtcentral.server.domain.Interval;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.store.ReferenceStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the 24/7 duty requirement (002 Viborg §5.10, 004 Horsens "Akut visitering"): for every care
 * supplier, the holes in its roster over the next 24 hours are logged and exposed as
 * {@code vagtcentral_coverage_gaps{supplier}} and {@code vagtcentral_coverage_gap_seconds{supplier}}.
 * Run at startup and hourly; blocking, so call it from a worker thread.
 */
public final class CoverageMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(CoverageMonitor.class);
    public static final Duration HORIZON = Duration.ofHours(24);

    private final ReferenceStore store;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> gapCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gapSeconds = new ConcurrentHashMap<>();

    public CoverageMonitor(ReferenceStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** Checks every care supplier's roster from {@code now} over {@link #HORIZON}; returns the gaps by supplier id. */
    public Map<String, List<Interval>> check(Instant now) throws SQLException {
        Instant to = now.plus(HORIZON);
        Map<String, List<Interval>> result = new LinkedHashMap<>();
        int suppliersWithGaps = 0;
        for (ReferenceStore.Stored<Supplier> stored : store.suppliers(null)) {
            Supplier supplier = stored.value();
            if (supplier.kind() == SupplierKind.FIRE_AND_RESCUE) {
                continue; // fire-and-rescue keeps no roster here
            }
            List<Interval> gaps = DutyRoster.coverageGaps(store.shifts(supplier.id(), now, to), now, to);
            result.put(supplier.id(), gaps);
            long seconds = gaps.stream().mapToLong(g -> Duration.between(g.start(), g.end()).toSeconds()).sum();
            gauge(gapCounts, "vagtcentral.coverage.gaps", "Holes in 24/7 duty coverage in the next 24 h",
                    supplier.id()).set(gaps.size());
            gauge(gapSeconds, "vagtcentral.coverage.gap.seconds", "Time without anyone on duty in the next 24 h",
                    supplier.id()).set(seconds);
            for (Interval gap : gaps) {
                LOG.warn("event=coverage.gap supplier={} from={} to={} minutes={}", supplier.id(), gap.start(), gap.end(),
                        Duration.between(gap.start(), gap.end()).toMinutes());
            }
            if (!gaps.isEmpty()) {
                suppliersWithGaps++;
            }
        }
        LOG.info("event=coverage.checked suppliers={} suppliers_with_gaps={} horizon={}", result.size(),
                suppliersWithGaps, HORIZON);
        return result;
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String description, String supplierId) {
        return gauges.computeIfAbsent(supplierId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("supplier", id)
                    .strongReference(true).register(registry);
            return value;
        });
    }
}
