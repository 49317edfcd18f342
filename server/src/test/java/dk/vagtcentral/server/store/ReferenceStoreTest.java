package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.domain.AlarmFacts;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.DeviceBinding;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.Router;
import dk.vagtcentral.server.domain.RoutingData;
import dk.vagtcentral.server.domain.RoutingDecision;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChoice;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.domain.UnroutableReason;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference store on H2 and, where one is reachable at 127.0.0.1:5432, on PostgreSQL (a database of its own,
 * dropped afterwards): routing data at an instant, the switch at a month's end across summer time, versions.
 */
class ReferenceStoreTest {
    static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/test";
    static final Instant NOW = Instant.parse("2026-03-15T11:00:00Z");
    static String pgDatabase;

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    static Database open(String which) {
        String url;
        String user = "";
        if (which.equals("h2")) {
            url = "jdbc:h2:mem:ref-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        } else {
            pgDatabase = "vagtcentral_ref_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(PG_ADMIN + "?connectTimeout=3", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + pgDatabase);
            } catch (SQLException e) {
                pgDatabase = null;
                Assumptions.abort("PostgreSQL not reachable at 127.0.0.1:5432 (" + e.getMessage() + ")");
            }
            url = "jdbc:postgresql://127.0.0.1:5432/" + pgDatabase;
            user = "postgres";
        }
        Database db = new Database(new ServerConfig.Store(url, user, "", 2, 10, false), null);
        Migrations.apply(db);
        return db;
    }

    @AfterAll
    static void dropPostgres() {
        if (pgDatabase == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(PG_ADMIN + "?connectTimeout=3", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
        } catch (SQLException e) {
            // nothing to clean
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void routingFollowsTheChoiceValidAtTheAlarmsTimeAndChangesAreVersioned(String which) throws Exception {
        try (Database db = open(which)) {
            ReferenceStore store = new ReferenceStore(db);
            store.create(ReferenceStore.MUNICIPALITIES, new Municipality("727", "Odder Kommune", "odder"), "t", NOW);
            store.create(ReferenceStore.SUPPLIERS, new Supplier("priv", "727", "Privat Pleje", SupplierKind.PRIVATE_CARE,
                    null), "t", NOW);
            store.create(ReferenceStore.SUPPLIERS, new Supplier("kom", "727", "Odder Hjemmepleje",
                    SupplierKind.MUNICIPAL_HOME_CARE, null), "t", NOW);
            store.create(ReferenceStore.SUPPLIERS, new Supplier("fire", "727", "Brand & Redning",
                    SupplierKind.FIRE_AND_RESCUE, null), "t", NOW);
            store.create(ReferenceStore.CITIZENS, new Citizen("p-1", "727", "Ole", "Torvet 1", null,
                    Citizen.Status.ACTIVE), "t", NOW);
            store.create(ReferenceStore.BINDINGS, new ReferenceStore.BindingRow("b-1", new DeviceBinding("E500", "p-1",
                    Instant.parse("2026-01-01T00:00:00Z"), null)), "t", NOW);
            store.create(ReferenceStore.CHOICES, new SupplierChoice("ch-1", "p-1", "priv", LocalDate.parse("2026-01-01"),
                    null), "t", NOW);
            store.endChoice("ch-1", LocalDate.parse("2026-04-01"), 1, "visitator", NOW);
            store.create(ReferenceStore.CHOICES, new SupplierChoice("ch-2", "p-1", "kom", LocalDate.parse("2026-04-01"),
                    null), "t", NOW);
            store.create(ReferenceStore.SHIFTS, new Shift("s-1", "priv", "w1", "Anna", Shift.Role.PRIMARY,
                    Instant.parse("2026-03-31T14:00:00Z"), Instant.parse("2026-03-31T22:00:00Z")), "t", NOW);
            store.create(ReferenceStore.SHIFTS, new Shift("s-2", "kom", "w2", "Bo", Shift.Role.PRIMARY,
                    Instant.parse("2026-03-31T22:00:00Z"), Instant.parse("2026-04-01T06:00:00Z")), "t", NOW);

            // 31 March 23:59:59 in Copenhagen (summer time) is still the private supplier's
            Instant lastSecond = Instant.parse("2026-03-31T21:59:59Z");
            RoutingData before = store.routingDataFor("e500", lastSecond);
            assertThat(before.suppliers()).hasSize(3);
            RoutingDecision d1 = Router.route(new AlarmFacts("E500", EventCategory.EMERGENCY, lastSecond), before);
            assertThat(d1.target()).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
            assertThat(d1.supplier().id()).isEqualTo("priv");
            assertThat(d1.worker().workerName()).isEqualTo("Anna");

            Instant midnight = Instant.parse("2026-03-31T22:00:00Z");
            RoutingDecision d2 = Router.route(new AlarmFacts("E500", EventCategory.FIRE, midnight),
                    store.routingDataFor("E500", midnight));
            assertThat(d2.supplier().id()).isEqualTo("kom");
            assertThat(d2.worker().workerName()).isEqualTo("Bo");
            assertThat(d2.fireAndRescue().id()).isEqualTo("fire");

            // the choice of February still explains an alarm of February, after the switch was recorded
            Instant february = Instant.parse("2026-02-10T03:00:00Z");
            RoutingDecision d3 = Router.route(new AlarmFacts("E500", EventCategory.EMERGENCY, february),
                    store.routingDataFor("E500", february, "727"));
            assertThat(d3.choice().id()).isEqualTo("ch-1");
            assertThat(d3.unroutableReason()).isEqualTo(UnroutableReason.NO_ONE_ON_DUTY);
            assertThat(d3.supplier().id()).isEqualTo("kom");

            RoutingData unknown = store.routingDataFor("FFFF", february, "727");
            assertThat(unknown.bindings()).isEmpty();
            assertThat(unknown.suppliers()).extracting(Supplier::id).containsExactly("fire", "kom", "priv");

            assertThatThrownBy(() -> store.create(ReferenceStore.CHOICES, new SupplierChoice("ch-3", "p-1", "priv",
                    LocalDate.parse("2026-05-01"), null), "t", NOW))
                    .isInstanceOfSatisfying(ReferenceStore.Refused.class,
                            r -> assertThat(r.reason()).isEqualTo(ReferenceStore.Reason.CONFLICT));
            assertThatThrownBy(() -> store.endChoice("ch-1", LocalDate.parse("2026-05-01"), 1, "t", NOW))
                    .isInstanceOfSatisfying(ReferenceStore.Refused.class, r -> assertThat(r.field()).isEqualTo("version"));

            List<ReferenceStore.HistoryEntry> history = store.history(ReferenceStore.CHOICES, "ch-1");
            assertThat(history).extracting(ReferenceStore.HistoryEntry::change)
                    .containsExactly(ReferenceStore.Change.CREATED, ReferenceStore.Change.ENDED);
            assertThat(history.get(1).actor()).isEqualTo("visitator");
            assertThat(history.get(1).snapshot().getString("validTo")).isEqualTo("2026-04-01");
            assertThat(store.find(ReferenceStore.CHOICES, "ch-1").orElseThrow().version()).isEqualTo(2);

            // a future choice deleted and its id reused continues the version count
            store.endChoice("ch-2", LocalDate.parse("2026-06-01"), null, "t", NOW);
            store.create(ReferenceStore.CHOICES, new SupplierChoice("ch-4", "p-1", "priv", LocalDate.parse("2026-06-01"),
                    null), "t", NOW);
            store.delete(ReferenceStore.CHOICES, "ch-4", "t", NOW);
            store.create(ReferenceStore.CHOICES, new SupplierChoice("ch-4", "p-1", "priv", LocalDate.parse("2026-07-01"),
                    null), "t", NOW);
            assertThat(store.history(ReferenceStore.CHOICES, "ch-4")).extracting(ReferenceStore.HistoryEntry::version)
                    .containsExactly(1, 2, 3);
            assertThat(store.shifts("priv", Instant.parse("2026-03-31T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z")))
                    .extracting(Shift::id).containsExactly("s-1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSupplierRecordItsSuspensionAndANoticeOverrideAreStoredWithTheirReasons(String which) throws Exception {
        try (Database db = open(which)) {
            ReferenceStore store = new ReferenceStore(db);
            store.create(ReferenceStore.MUNICIPALITIES, new Municipality("791", "Viborg Kommune", "viborg"), "t", NOW);
            store.create(ReferenceStore.SUPPLIERS, new Supplier("omsorg", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE,
                    null, "+45 70 20 30 40", "Vagthavende Mette Holm", null, null), "t", NOW);
            store.create(ReferenceStore.SUPPLIERS, new Supplier("andre", "791", "Andre ApS", SupplierKind.PRIVATE_CARE,
                    null, "70203041", null, null, null), "t", NOW);
            Supplier read = store.find(ReferenceStore.SUPPLIERS, "omsorg").orElseThrow().value();
            assertThat(read.phone()).isEqualTo("+45 70 20 30 40");
            assertThat(read.contactPerson()).isEqualTo("Vagthavende Mette Holm");
            assertThat(read.suspendedAt()).isNull();

            Instant decree = Instant.parse("2026-03-15T08:12:34.567Z");
            store.update(ReferenceStore.SUPPLIERS, "omsorg", 1, s -> s.suspended(decree, "konkursdekret"),
                    ReferenceStore.Change.SUSPENDED, "visitator", NOW, "konkursdekret");
            Supplier suspended = store.find(ReferenceStore.SUPPLIERS, "omsorg").orElseThrow().value();
            assertThat(suspended.suspendedAt()).isEqualTo(decree);
            assertThat(suspended.suspensionReason()).isEqualTo("konkursdekret");
            assertThat(store.routingDataFor("E500", NOW, "791").suppliers()).filteredOn(s -> s.id().equals("omsorg"))
                    .singleElement().satisfies(s -> assertThat(s.isSuspendedAt(NOW)).isTrue());

            // a suspended supplier cannot be chosen from its suspension on; one ending before it can be recorded
            store.create(ReferenceStore.CITIZENS, new Citizen("p-1", "791", "Ole", "Torvet 1", null,
                    Citizen.Status.ACTIVE), "t", NOW);
            assertThatThrownBy(() -> store.create(ReferenceStore.CHOICES, new SupplierChoice("ch-x", "p-1", "omsorg",
                    LocalDate.parse("2026-04-01"), null), "t", NOW))
                    .isInstanceOfSatisfying(ReferenceStore.Refused.class, r -> {
                        assertThat(r.reason()).isEqualTo(ReferenceStore.Reason.CONFLICT);
                        assertThat(r.field()).isEqualTo("supplierId");
                        assertThat(r.getMessage()).contains("suspended");
                    });
            store.create(ReferenceStore.CHOICES, new SupplierChoice("ch-old", "p-1", "omsorg",
                    LocalDate.parse("2026-01-01"), LocalDate.parse("2026-03-01")), "t", NOW);

            store.create(ReferenceStore.CHOICES, new SupplierChoice("ch-1", "p-1", "andre", LocalDate.parse("2026-03-16"),
                    null, "flytter i plejebolig"), "visitator", NOW, "flytter i plejebolig");
            store.endChoice("ch-1", LocalDate.parse("2026-09-01"), null, "t", NOW);
            SupplierChoice choice = store.find(ReferenceStore.CHOICES, "ch-1").orElseThrow().value();
            assertThat(choice.noticeOverrideReason()).isEqualTo("flytter i plejebolig");
            assertThat(choice.validTo()).isEqualTo(LocalDate.parse("2026-09-01"));

            store.update(ReferenceStore.SUPPLIERS, "omsorg", null, Supplier::reinstated,
                    ReferenceStore.Change.REINSTATED, "jurist", NOW, "konkursboet fortsætter");
            assertThat(store.find(ReferenceStore.SUPPLIERS, "omsorg").orElseThrow().value().isSuspended()).isFalse();

            List<ReferenceStore.HistoryEntry> history = store.history(ReferenceStore.SUPPLIERS, "omsorg");
            assertThat(history).extracting(ReferenceStore.HistoryEntry::change).containsExactly(
                    ReferenceStore.Change.CREATED, ReferenceStore.Change.SUSPENDED, ReferenceStore.Change.REINSTATED);
            assertThat(history).extracting(ReferenceStore.HistoryEntry::reason)
                    .containsExactly(null, "konkursdekret", "konkursboet fortsætter");
            assertThat(history.get(1).snapshot().getString("suspendedAt")).isEqualTo(decree.toString());
            assertThat(history.get(0).snapshot().getString("phone")).isEqualTo("+45 70 20 30 40");
            List<ReferenceStore.HistoryEntry> choiceHistory = store.history(ReferenceStore.CHOICES, "ch-1");
            assertThat(choiceHistory).extracting(ReferenceStore.HistoryEntry::reason)
                    .containsExactly("flytter i plejebolig", null);
            assertThat(choiceHistory.get(1).snapshot().getString("noticeOverrideReason"))
                    .isEqualTo("flytter i plejebolig");
        }
    }
}
