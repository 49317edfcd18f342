package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.config.ConfigLoader;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.domain.Interval;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Migrations;
import dk.vagtcentral.server.store.ReferenceStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageMonitorTest {
    static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");

    @TempDir
    Path dir;

    @Test
    void reportsHolesInTheNext24HoursPerCareSupplierAndIgnoresFireAndRescue() throws Exception {
        ServerConfig.Store config = new ServerConfig.Store(ConfigLoader.defaultH2Url(dir), null, null, 2, 10, false);
        try (Database db = new Database(config, null)) {
            Migrations.apply(db);
            ReferenceStore store = new ReferenceStore(db);
            store.create(ReferenceStore.MUNICIPALITIES, new Municipality("727", "Odder Kommune", "odder"), "t", NOW);
            store.create(ReferenceStore.SUPPLIERS, new Supplier("full", "727", "Døgnpleje", SupplierKind.PRIVATE_CARE, null), "t", NOW);
            store.create(ReferenceStore.SUPPLIERS, new Supplier("holey", "727", "Dagpleje", SupplierKind.PRIVATE_CARE, null), "t", NOW);
            store.create(ReferenceStore.SUPPLIERS, new Supplier("fire", "727", "Brand & Redning", SupplierKind.FIRE_AND_RESCUE, null), "t", NOW);
            store.create(ReferenceStore.SHIFTS, new Shift("f1", "full", "w1", "Anna", Shift.Role.PRIMARY,
                    NOW.minusSeconds(3600), NOW.plusSeconds(13 * 3600)), "t", NOW);
            store.create(ReferenceStore.SHIFTS, new Shift("f2", "full", "w2", "Bo", Shift.Role.PRIMARY,
                    NOW.plusSeconds(12 * 3600), NOW.plusSeconds(30 * 3600)), "t", NOW);
            store.create(ReferenceStore.SHIFTS, new Shift("h1", "holey", "w3", "Cai", Shift.Role.PRIMARY,
                    NOW.plusSeconds(2 * 3600), NOW.plusSeconds(10 * 3600)), "t", NOW);

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Map<String, List<Interval>> gaps = new CoverageMonitor(store, registry).check(NOW);

            assertThat(gaps).containsOnlyKeys("full", "holey");
            assertThat(gaps.get("full")).isEmpty();
            assertThat(gaps.get("holey")).containsExactly(
                    new Interval(NOW, NOW.plusSeconds(2 * 3600)),
                    new Interval(NOW.plusSeconds(10 * 3600), NOW.plusSeconds(24 * 3600)));
            assertThat(registry.get("vagtcentral.coverage.gaps").tag("supplier", "holey").gauge().value()).isEqualTo(2.0);
            assertThat(registry.get("vagtcentral.coverage.gap.seconds").tag("supplier", "holey").gauge().value())
                    .isEqualTo(16 * 3600.0);
            assertThat(registry.get("vagtcentral.coverage.gaps").tag("supplier", "full").gauge().value()).isZero();
        }
    }
}
