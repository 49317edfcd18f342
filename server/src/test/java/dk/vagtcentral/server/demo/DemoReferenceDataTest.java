package dk.vagtcentral.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.config.ConfigLoader;
import dk.vagtcentral.server.config.ServerConfig;
import dk.vagtcentral.server.domain.AlarmFacts;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.CopenhagenCalendar;
import dk.vagtcentral.server.domain.DutyRoster;
import dk.vagtcentral.server.domain.Router;
import dk.vagtcentral.server.domain.RoutingDecision;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChoice;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.domain.UnroutableReason;
import dk.vagtcentral.server.store.Database;
import dk.vagtcentral.server.store.Migrations;
import dk.vagtcentral.server.store.ReferenceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's reference data on an H2 file database: idempotent loading across a restart, routing of normal and
 * special accounts at several times of day (over 23:00, the summer-time change of 29 March 2026 and the month's
 * end), and a 24/7 roster without holes.
 */
class DemoReferenceDataTest {
    /** Friday 27 March 2026, 11:00 in Copenhagen (CET); summer time begins Sunday 29 March at 02:00. */
    static final Instant NOW = Instant.parse("2026-03-27T10:00:00Z");

    @TempDir
    Path dir;

    Database db;
    ReferenceStore store;

    @BeforeEach
    void open() {
        db = openDatabase();
        store = new ReferenceStore(db);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    Database openDatabase() {
        Database database = new Database(new ServerConfig.Store(ConfigLoader.defaultH2Url(dir), null, null, 2, 10,
                false), null);
        Migrations.apply(database);
        return database;
    }

    static Instant copenhagen(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(CopenhagenCalendar.ZONE).toInstant();
    }

    RoutingDecision route(String account, Instant at) throws Exception {
        return Router.route(new AlarmFacts(account, EventCategory.EMERGENCY, at), store.routingDataFor(account, at));
    }

    @Test
    void eachScaipControllerRoutesAsItsDc09TwinAndTheUnboundStayUnbound() throws Exception {
        DemoReferenceData.load(store, NOW);
        for (int n : new int[]{0, 7, 0x10, 0x42, 0xFB}) {
            String account = String.format("%04X", DemoDevices.FIRST_PLAIN + n);
            String cid = DemoDevices.scaipController(n);
            assertThat(DemoDevices.scaipTwin(account)).contains(cid);
            RoutingDecision dc09 = route(account, NOW);
            RoutingDecision scaip = route(cid, NOW);
            assertThat(scaip.citizen().id()).isEqualTo(DemoReferenceData.citizenId(account));
            assertThat(scaip.supplier().id()).isEqualTo(dc09.supplier().id());
        }
        assertThat(route("4510001255", NOW).citizen()).isNull();
        assertThat(DemoDevices.scaipTwin("2000")).isEmpty();
    }

    @Test
    void loadingTwiceCreatesNothingAndARestartADayLaterOnlyAddsShifts() throws Exception {
        DemoReferenceData.Summary first = DemoReferenceData.load(store, NOW);
        // 10 care suppliers x 9 days (yesterday .. 7 days ahead) x 3 slots x 2 roles, less 9 night backups;
        // bindings: 256 DC-09 accounts and the 253 SCAIP twins of the bound plain ones
        assertThat(first).isEqualTo(new DemoReferenceData.Summary(4, 14, 259, 256 + 253, 263, 531, 0));
        assertThat(store.municipalities()).hasSize(4);
        assertThat(store.citizens(null)).hasSize(259);
        assertThat(store.history(ReferenceStore.CITIZENS, "demo-borger-1000").get(0).actor()).isEqualTo("demo");

        assertThat(DemoReferenceData.load(store, NOW)).isEqualTo(new DemoReferenceData.Summary(0, 0, 0, 0, 0, 0, 0));
        assertThat(DemoReferenceData.load(store, NOW.plusSeconds(3600)).created()).isZero();

        // restart on the same data directory a day later: one more day of shifts (6 per supplier, 5 for one)
        db.close();
        db = openDatabase();
        store = new ReferenceStore(db);
        Instant tomorrow = NOW.plus(Duration.ofDays(1));
        assertThat(DemoReferenceData.load(store, tomorrow))
                .isEqualTo(new DemoReferenceData.Summary(0, 0, 0, 0, 0, 10 * 6 - 1, 0));
        assertThat(DemoReferenceData.extendShifts(store, tomorrow, dk.vagtcentral.server.cluster.Fence.NONE)).isZero();
        assertThat(DemoReferenceData.extendShifts(store, tomorrow.plus(Duration.ofDays(1)), dk.vagtcentral.server.cluster.Fence.NONE)).isEqualTo(59);
    }

    @Test
    void theSuppliersAreThoseOfTheBrief() throws Exception {
        DemoReferenceData.load(store, NOW);
        List<Supplier> suppliers = store.suppliers(null).stream().map(ReferenceStore.Stored::value).toList();
        assertThat(suppliers).allSatisfy(s -> assertThat(s.webhookUrl()).isNull());
        assertThat(suppliers).filteredOn(s -> s.kind() == SupplierKind.MUNICIPAL_HOME_CARE).extracting(Supplier::id)
                .containsExactlyInAnyOrder("viborg-hjemmepleje", "odder-hjemmepleje", "horsens-hjemmepleje",
                        "norddjurs-hjemmepleje");
        assertThat(suppliers).filteredOn(s -> s.kind() == SupplierKind.FIRE_AND_RESCUE).extracting(Supplier::id)
                .containsExactlyInAnyOrder("viborg-brand", "odder-brand", "horsens-brand", "norddjurs-brand");
        assertThat(suppliers).filteredOn(s -> s.kind() != SupplierKind.FIRE_AND_RESCUE).extracting(Supplier::id)
                .containsExactlyInAnyOrderElementsOf(DemoReferenceData.careSupplierIds());
        assertThat(store.find(ReferenceStore.SUPPLIERS, "viborg-omsorg-nord").orElseThrow().value().name())
                .isEqualTo("Omsorg Nord ApS");
        assertThat(store.municipalities()).extracting(m -> m.value().profileId())
                .containsExactlyInAnyOrder("viborg", "odder", "horsens", "norddjurs");
        for (String municipality : DemoReferenceData.MUNICIPALITY_IDS) {
            assertThat(store.citizens(municipality)).hasSizeBetween(64, 65);
        }
        // every demo supplier has a valid 24/7 phone and a contact person, none suspended, no two the same number
        assertThat(suppliers).allSatisfy(s -> {
            assertThat(s.validate()).as(s.id()).isEmpty();
            assertThat(s.phone()).as(s.id()).isNotBlank();
            assertThat(s.contactPerson()).as(s.id()).isNotBlank();
            assertThat(s.isSuspended()).isFalse();
        });
        assertThat(suppliers).extracting(Supplier::phone).doesNotHaveDuplicates();
        assertThat(store.find(ReferenceStore.SUPPLIERS, "odder-kystpleje").orElseThrow().value().phone())
                .isEqualTo("+45 70 12 63 85");
    }

    @Test
    void suppliersAnEarlierDemoRecordedWithoutAPhoneGetTheirPhoneAndContactPerson() throws Exception {
        store.create(ReferenceStore.MUNICIPALITIES, new Municipality("odder", "Odder Kommune", "odder"), "demo", NOW);
        store.create(ReferenceStore.SUPPLIERS, new Supplier("odder-kystpleje", "odder", "Kystpleje Odder ApS",
                SupplierKind.PRIVATE_CARE, null), "demo", NOW);
        store.create(ReferenceStore.SUPPLIERS, new Supplier("odder-brand", "odder", "Odder Brand og Redning",
                SupplierKind.FIRE_AND_RESCUE, null, null, "an operator's own note", null, null), "admin", NOW);

        DemoReferenceData.load(store, NOW);

        Supplier filled = store.find(ReferenceStore.SUPPLIERS, "odder-kystpleje").orElseThrow().value();
        assertThat(filled.phone()).isEqualTo("+45 70 12 63 85");
        assertThat(filled.contactPerson()).isEqualTo("Driftsleder Pia Wind");
        assertThat(store.history(ReferenceStore.SUPPLIERS, "odder-kystpleje")).extracting(h -> h.actor())
                .containsExactly("demo", "demo");
        // what an operator recorded is left alone
        assertThat(store.find(ReferenceStore.SUPPLIERS, "odder-brand").orElseThrow().value().contactPerson())
                .isEqualTo("an operator's own note");
        assertThat(DemoReferenceData.load(store, NOW).created()).isZero();
        assertThat(store.history(ReferenceStore.SUPPLIERS, "odder-kystpleje")).hasSize(2);
    }

    @Test
    void aNormalAccountReachesAPrimaryWorkerOfItsChosenSupplierAroundTheClockAndOverSummerTime() throws Exception {
        DemoReferenceData.load(store, NOW);
        List<String> times = List.of("2026-03-27T11:00", "2026-03-27T14:59:59", "2026-03-27T15:00",
                "2026-03-27T22:59:59", "2026-03-27T23:00", "2026-03-28T03:30", "2026-03-28T06:59:59",
                "2026-03-28T07:00",
                // summer time: 02:00 CET is 03:00 CEST, so the night of 28/29 March is one hour shorter
                "2026-03-29T01:59:59", "2026-03-29T03:00", "2026-03-29T06:59:59", "2026-03-29T07:00",
                "2026-03-29T23:00", "2026-04-03T12:00", "2026-04-04T06:59:59");
        for (String local : times) {
            Instant at = copenhagen(local);
            RoutingDecision d = route("1000", at);
            assertThat(d.target()).as(local).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
            assertThat(d.supplier().id()).as(local).isEqualTo("viborg-omsorg-nord");
            assertThat(d.worker().role()).as(local).isEqualTo(Shift.Role.PRIMARY);
            assertThat(d.worker().covers(at)).as(local).isTrue();
            assertThat(d.worker().workerId()).as(local).startsWith("viborg-omsorg-nord-w");
        }
        assertThat(route("1000", copenhagen("2026-03-27T23:00")).worker().id())
                .isEqualTo("viborg-omsorg-nord-2026-03-27-night-primary");
        assertThat(route("1000", copenhagen("2026-03-27T22:59:59")).worker().id())
                .isEqualTo("viborg-omsorg-nord-2026-03-27-evening-primary");
        Shift shortNight = route("1000", copenhagen("2026-03-29T01:00")).worker();
        assertThat(Duration.between(shortNight.start(), shortNight.end())).isEqualTo(Duration.ofHours(7));

        // every bound account with a choice is routed to its chosen supplier, with a primary on duty
        for (String account : DemoReferenceData.ACCOUNTS) {
            if (DemoReferenceData.UNBOUND_ACCOUNTS.contains(account)
                    || DemoReferenceData.NO_CHOICE_ACCOUNTS.contains(account)) {
                continue;
            }
            RoutingDecision d = route(account, NOW);
            assertThat(d.target()).as(account).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
            assertThat(d.worker().role()).as(account).isEqualTo(Shift.Role.PRIMARY);
            assertThat(d.supplier().municipalityId()).as(account)
                    .isEqualTo(DemoReferenceData.municipalityOf(account).orElseThrow());
        }
        assertThat(route("2002", NOW).citizen().id()).isEqualTo("demo-borger-2002");
    }

    @Test
    void theSpecialAccountsShowTheFallbacksPausesAndMunicipalChoices() throws Exception {
        DemoReferenceData.load(store, NOW);
        for (String account : DemoReferenceData.UNBOUND_ACCOUNTS) {
            RoutingDecision d = Router.route(new AlarmFacts(account, EventCategory.EMERGENCY, NOW),
                    store.routingDataFor(account, NOW, "viborg"));
            assertThat(d.target()).isEqualTo(RoutingDecision.Target.MUNICIPAL_FALLBACK);
            assertThat(d.unroutableReason()).isEqualTo(UnroutableReason.NO_DEVICE_BINDING);
            assertThat(d.supplier().id()).isEqualTo("viborg-hjemmepleje");
            assertThat(d.worker()).isNotNull();
            assertThat(route(account, NOW).target()).isEqualTo(RoutingDecision.Target.NONE);
        }
        for (String account : DemoReferenceData.NO_CHOICE_ACCOUNTS) {
            RoutingDecision d = route(account, NOW);
            assertThat(d.target()).isEqualTo(RoutingDecision.Target.MUNICIPAL_FALLBACK);
            assertThat(d.unroutableReason()).isEqualTo(UnroutableReason.NO_SUPPLIER_CHOICE);
            assertThat(d.supplier().id())
                    .isEqualTo(DemoReferenceData.municipalityOf(account).orElseThrow() + "-hjemmepleje");
        }
        assertThat(DemoReferenceData.PAUSED_ACCOUNTS).allSatisfy(account -> {
            RoutingDecision d = route(account, NOW);
            assertThat(d.citizen().status()).isEqualTo(Citizen.Status.PAUSED);
            assertThat(d.target()).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
            assertThat(d.notes()).isNotEmpty();
        });
        assertThat(store.citizens(null)).filteredOn(c -> c.value().status() == Citizen.Status.PAUSED)
                .hasSize(DemoReferenceData.PAUSED_ACCOUNTS.size());
        assertThat(DemoReferenceData.MUNICIPAL_CHOICE_ACCOUNTS).hasSizeBetween(4, 30);
        for (String account : DemoReferenceData.MUNICIPAL_CHOICE_ACCOUNTS) {
            RoutingDecision d = route(account, NOW);
            assertThat(d.target()).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
            assertThat(d.supplier().kind()).isEqualTo(SupplierKind.MUNICIPAL_HOME_CARE);
        }
    }

    @Test
    void aSwitchingCitizenGoesToTheOldSupplierUntilMidnightAndToTheNewOneFromThe1st() throws Exception {
        DemoReferenceData.load(store, NOW);
        Instant lastMinute = copenhagen("2026-03-31T23:59");
        Instant lastSecond = copenhagen("2026-03-31T23:59:59");
        Instant midnight = copenhagen("2026-04-01T00:00");
        for (String account : DemoReferenceData.SWITCHING_ACCOUNTS) {
            String citizenId = DemoReferenceData.citizenId(account);
            List<SupplierChoice> choices = store.choices(citizenId).stream().map(ReferenceStore.Stored::value)
                    .sorted(Comparator.comparing(SupplierChoice::validFrom)).toList();
            assertThat(choices).hasSize(2);
            SupplierChoice old = choices.get(0);
            SupplierChoice next = choices.get(1);
            assertThat(old.validFrom()).hasToString("2026-02-01");
            assertThat(old.validTo()).hasToString("2026-04-01");
            assertThat(next.validFrom()).hasToString("2026-04-01");
            assertThat(next.validTo()).isNull();
            assertThat(next.supplierId()).isNotEqualTo(old.supplierId());

            for (Instant before : List.of(lastMinute, lastSecond)) {
                RoutingDecision d = route(account, before);
                assertThat(d.target()).as(account).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
                assertThat(d.supplier().id()).as(account).isEqualTo(old.supplierId());
                assertThat(d.worker().role()).isEqualTo(Shift.Role.PRIMARY);
            }
            RoutingDecision after = route(account, midnight);
            assertThat(after.target()).as(account).isEqualTo(RoutingDecision.Target.CHOSEN_SUPPLIER);
            assertThat(after.supplier().id()).as(account).isEqualTo(next.supplierId());
            assertThat(after.worker().role()).isEqualTo(Shift.Role.PRIMARY);
        }
    }

    @Test
    void everyCareSupplierIsCoveredAroundTheClockAndNoWorkerOverlapsThemselves() throws Exception {
        DemoReferenceData.load(store, NOW);
        for (String supplierId : DemoReferenceData.careSupplierIds()) {
            Instant to = NOW.plus(Duration.ofHours(24));
            assertThat(DutyRoster.coverageGaps(store.shifts(supplierId, NOW, to), NOW, to)).as(supplierId).isEmpty();
            Instant weekAhead = NOW.plus(Duration.ofDays(DemoReferenceData.SHIFT_DAYS_AHEAD));
            List<Shift> week = store.shifts(supplierId, NOW, weekAhead);
            assertThat(DutyRoster.coverageGaps(week, NOW, weekAhead)).as(supplierId).isEmpty();
            // a backup on duty next to the primary, except at night for the one supplier without a night backup
            for (Instant at : List.of(copenhagen("2026-03-27T12:00"), copenhagen("2026-03-27T18:00"),
                    copenhagen("2026-03-28T02:00"))) {
                boolean nightWithoutBackup = supplierId.equals(DemoReferenceData.NIGHT_WITHOUT_BACKUP_SUPPLIER)
                        && at.equals(copenhagen("2026-03-28T02:00"));
                assertThat(DutyRoster.firstOnDuty(week, supplierId, at).orElseThrow().role())
                        .isEqualTo(Shift.Role.PRIMARY);
                assertThat(DutyRoster.backupsOnDuty(week, supplierId, at)).as(supplierId + " " + at)
                        .hasSize(nightWithoutBackup ? 0 : 1);
            }
        }
        for (String fire : List.of("viborg-brand", "odder-brand", "horsens-brand", "norddjurs-brand")) {
            assertThat(store.shifts(fire, NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(9)))).isEmpty();
        }

        List<Shift> all = store.shifts(null, NOW.minus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(10)));
        Map<String, List<Shift>> byWorker = all.stream().collect(Collectors.groupingBy(Shift::workerId));
        for (Map.Entry<String, List<Shift>> e : byWorker.entrySet()) {
            List<Shift> shifts = new ArrayList<>(e.getValue());
            shifts.sort(Comparator.comparing(Shift::start));
            for (int i = 1; i < shifts.size(); i++) {
                assertThat(shifts.get(i).start()).as(e.getKey()).isAfterOrEqualTo(shifts.get(i - 1).end());
            }
            assertThat(shifts.stream().map(Shift::workerName).distinct()).as(e.getKey()).hasSize(1);
        }
    }
}
