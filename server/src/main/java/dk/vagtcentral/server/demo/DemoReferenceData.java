package dk.vagtcentral.server.demo;

import dk.vagtcentral.server.cluster.Fence;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.CopenhagenCalendar;
import dk.vagtcentral.server.domain.DeviceBinding;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChoice;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.store.ReferenceStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's reference data, so that every demo transmitter ({@link DemoDevices}) can be routed: four
 * municipalities with their suppliers, one citizen per demo account, device bindings, supplier choices and a
 * 24/7 duty roster kept a week ahead. Every name, address and company here is invented; there are no CPR numbers.
 *
 * <p>Idempotent: every id is deterministic and only what is missing is created, so a restart on the same data
 * directory adds nothing but the shifts needed to stay {@value #SHIFT_DAYS_AHEAD} days ahead. Blocking JDBC: call
 * from a worker thread. Everything is recorded with actor {@value #ACTOR}.
 *
 * <h2>What is in it</h2>
 * <ul>
 *   <li>Municipalities {@code viborg}, {@code odder}, {@code horsens}, {@code norddjurs} (profile id = id).</li>
 *   <li>Per municipality one or two private care suppliers ({@code viborg-omsorg-nord}, {@code viborg-hedens-pleje},
 *       {@code odder-kystpleje}, {@code horsens-fjordomsorg}, {@code horsens-tryg-hverdag},
 *       {@code norddjurs-djurs-omsorg}), the municipal home care ({@code <municipality>-hjemmepleje}) and
 *       fire-and-rescue ({@code <municipality>-brand}), each with an invented 24/7 phone and contact person (filled in
 *       on suppliers an earlier demo run recorded without them). No webhooks.</li>
 *   <li>Citizen {@code demo-borger-<account>} for every demo account (1000-10FF, 2000-2002), the accounts spread
 *       round-robin over viborg, odder, horsens, norddjurs in account order.</li>
 *   <li>Binding {@code demo-binding-<account>} from {@code now} minus 30 days, open-ended; the SCAIP twin of each plain
 *       account ({@link DemoDevices#scaipTwin}, controllers 4510001000-4510001255) bound the same way to the same
 *       citizen ({@code demo-binding-<controller>}), so a SCAIP alarm routes as its DC-09 twin's does.</li>
 *   <li>Choice {@code demo-choice-<account>} from the 1st of the previous month (Copenhagen calendar), open-ended;
 *       mostly private suppliers, some the municipal home care ({@link #MUNICIPAL_CHOICE_ACCOUNTS}).</li>
 *   <li>Shifts 07-15, 15-23 and 23-07 Copenhagen time for every care supplier, one PRIMARY and one BACKUP worker
 *       each, from yesterday through {@value #SHIFT_DAYS_AHEAD} days ahead; id
 *       {@code <supplier>-<yyyy-MM-dd>-<day|evening|night>-<primary|backup>}, workers {@code <supplier>-w1..w8}.
 *       Fire-and-rescue keeps no roster.</li>
 * </ul>
 *
 * <h2>The special accounts (to show in the demo)</h2>
 * <ul>
 *   <li>{@link #UNBOUND_ACCOUNTS} 10FD, 10FE, 10FF (and their SCAIP twins 4510001253-4510001255): the citizen is on
 *       record but the pendant is not bound to anyone yet. Unroutable ({@code NO_DEVICE_BINDING}): municipal home care of the fallback municipality
 *       when one is given, else no recipient at all.</li>
 *   <li>{@link #NO_CHOICE_ACCOUNTS} 10FB, 10FC: bound, but the citizen has no supplier choice
 *       ({@code NO_SUPPLIER_CHOICE}): falls back to the citizen's municipal home care.</li>
 *   <li>{@link #SWITCHING_ACCOUNTS} 1010, 1021, 1032, 1043, 1054, 1065: the citizen switches supplier on the 1st
 *       of next month ({@code demo-choice-<account>} ends then, {@code demo-choice-<account>-switch} starts then):
 *       alarms up to the last day of the month 23:59:59 go to the old supplier, from 00:00 on the 1st to the new.</li>
 *   <li>{@link #PAUSED_ACCOUNTS} 1005, 1033, 1066, 10A0: citizen PAUSED (absent); routed as usual, with a note.</li>
 *   <li>{@link #NIGHT_WITHOUT_BACKUP_SUPPLIER} {@code horsens-tryg-hverdag}: its night shifts (23-07) have a
 *       primary worker but no backup; coverage is still 24/7.</li>
 * </ul>
 */
public final class DemoReferenceData {
    private static final Logger LOG = LoggerFactory.getLogger(DemoReferenceData.class);

    /** The actor recorded on every change the loader makes. */
    public static final String ACTOR = "demo";
    /** How many days ahead the duty roster is kept (from today's Copenhagen date). */
    public static final int SHIFT_DAYS_AHEAD = 7;
    /** The demo municipalities, in the round-robin order citizens are spread over them. */
    public static final List<String> MUNICIPALITY_IDS = List.of("viborg", "odder", "horsens", "norddjurs");
    /** Accounts with a citizen on record but no device binding: unroutable, NO_DEVICE_BINDING. */
    public static final List<String> UNBOUND_ACCOUNTS = List.of("10FD", "10FE", "10FF");
    /** Accounts whose citizen has no supplier choice: fallback to the citizen's municipal home care. */
    public static final List<String> NO_CHOICE_ACCOUNTS = List.of("10FB", "10FC");
    /** Accounts whose citizen switches supplier on the 1st of next month (Copenhagen calendar). */
    public static final List<String> SWITCHING_ACCOUNTS = List.of("1010", "1021", "1032", "1043", "1054", "1065");
    /** Accounts whose citizen is PAUSED (absent); their alarms are still routed. */
    public static final List<String> PAUSED_ACCOUNTS = List.of("1005", "1033", "1066", "10A0");
    /** The private supplier whose night shifts have no BACKUP worker (still covered by a primary). */
    public static final String NIGHT_WITHOUT_BACKUP_SUPPLIER = "horsens-tryg-hverdag";
    /** Every demo account, in the order citizens are assigned (1000-10FF, then 2000, 2001, 2002). */
    public static final List<String> ACCOUNTS = accounts();
    /** Accounts whose citizen has chosen the municipal home care directly (routed as CHOSEN_SUPPLIER to it). */
    public static final List<String> MUNICIPAL_CHOICE_ACCOUNTS = municipalChoiceAccounts();

    private static final Duration BINDING_AGE = Duration.ofDays(30);
    private static final int WORKERS_PER_SUPPLIER = 8;

    /** One demo municipality and its suppliers (private suppliers first). */
    private record Area(String id, String name, List<Supplier> privates, Supplier municipal, Supplier fire,
                        List<String> towns) {
    }

    /** The demo's structure and name lists, from {@code config/demo/reference-data.yaml} (built into the jar). */
    private static final DemoData DATA = DemoData.load();
    private static final List<Area> AREAS = DATA.areas().stream()
            .map(a -> area(a, a.privateSuppliers().stream()
                    .map(p -> supplier(p.id(), a.id(), p.name(), SupplierKind.PRIVATE_CARE, p.contact())).toList()))
            .toList();
    private static final List<String> FIRST_NAMES = DATA.citizenFirstNames();
    private static final List<String> SURNAMES = DATA.citizenSurnames();
    private static final List<String> STREETS = DATA.streets();
    private static final List<String> KEY_NOTES = DATA.keyNotes();
    private static final List<String> WORKER_FIRST_NAMES = DATA.workerFirstNames();
    private static final List<String> WORKER_SURNAMES = DATA.workerSurnames();

    /** The three daily duty slots, in Copenhagen local time; each runs until the next one starts. */
    private enum Slot {
        DAY(LocalTime.of(7, 0), LocalTime.of(15, 0), 0),
        EVENING(LocalTime.of(15, 0), LocalTime.of(23, 0), 0),
        NIGHT(LocalTime.of(23, 0), LocalTime.of(7, 0), 1);

        final LocalTime start;
        final LocalTime end;
        final int endDayOffset;

        Slot(LocalTime start, LocalTime end, int endDayOffset) {
            this.start = start;
            this.end = end;
            this.endDayOffset = endDayOffset;
        }

        Instant startOn(LocalDate date) {
            return date.atTime(start).atZone(CopenhagenCalendar.ZONE).toInstant();
        }

        Instant endOn(LocalDate date) {
            return date.plusDays(endDayOffset).atTime(end).atZone(CopenhagenCalendar.ZONE).toInstant();
        }
    }

    /**
     * What one {@link #load} (or {@link #extendShifts}) created.
     *
     * @param refused items the store refused (e.g. an operator recorded a conflicting binding or choice); logged
     *                at WARN and skipped
     */
    public record Summary(int municipalities, int suppliers, int citizens, int bindings, int choices, int shifts,
                          int refused) {

        /** The number of entities created. */
        public int created() {
            return municipalities + suppliers + citizens + bindings + choices + shifts;
        }
    }

    private DemoReferenceData() {
    }

    /**
     * Creates whatever of the demo's reference data is missing, and the shifts up to {@value #SHIFT_DAYS_AHEAD}
     * days after {@code now}. Logs one INFO line {@code event=demo.reference_data municipalities=.. suppliers=..
     * citizens=.. bindings=.. choices=.. shifts_created=.. refused=.. days_ahead=7}, every count being what this call
     * created (all 0 but shifts on a restart); no names or addresses.
     */
    public static Summary load(ReferenceStore store, Instant now) throws SQLException {
        Counter n = new Counter();
        LocalDate today = CopenhagenCalendar.dateAt(now);
        LocalDate choicesFrom = today.withDayOfMonth(1).minusMonths(1);
        LocalDate switchDate = today.withDayOfMonth(1).plusMonths(1);

        int municipalities = 0;
        int suppliers = 0;
        for (Area area : AREAS) {
            municipalities += createIfMissing(store, ReferenceStore.MUNICIPALITIES,
                    new Municipality(area.id(), area.name(), area.id()), now, n);
            for (Supplier s : suppliersOf(area)) {
                suppliers += createIfMissing(store, ReferenceStore.SUPPLIERS, s, now, n);
                fillInContact(store, s, now, n);
            }
        }

        int citizens = 0;
        int bindings = 0;
        int choices = 0;
        for (int i = 0; i < ACCOUNTS.size(); i++) {
            String account = ACCOUNTS.get(i);
            Area area = areaOf(i);
            String citizenId = citizenId(account);
            Citizen citizen = citizen(i, account, area);
            citizens += createIfMissing(store, ReferenceStore.CITIZENS, citizen, now, n);
            fillInCard(store, citizen, now, n);
            if (!UNBOUND_ACCOUNTS.contains(account)) {
                bindings += createIfMissing(store, ReferenceStore.BINDINGS, new ReferenceStore.BindingRow(
                        "demo-binding-" + account, new DeviceBinding(account, citizenId, now.minus(BINDING_AGE),
                                null)), now, n);
                // the same citizen's SCAIP carephone: routed exactly as the DC-09 pendant
                Optional<String> twin = DemoDevices.scaipTwin(account);
                if (twin.isPresent()) {
                    bindings += createIfMissing(store, ReferenceStore.BINDINGS, new ReferenceStore.BindingRow(
                            "demo-binding-" + twin.get(), new DeviceBinding(twin.get(), citizenId,
                                    now.minus(BINDING_AGE), null)), now, n);
                }
            }
            if (NO_CHOICE_ACCOUNTS.contains(account)) {
                continue;
            }
            Supplier chosen = initialChoice(i, account, area);
            String choiceId = "demo-choice-" + account;
            if (!SWITCHING_ACCOUNTS.contains(account)) {
                choices += createIfMissing(store, ReferenceStore.CHOICES,
                        new SupplierChoice(choiceId, citizenId, chosen.id(), choicesFrom, null), now, n);
                continue;
            }
            // a switch at the end of this month: the first choice is created already ended on the 1st of next month
            choices += createIfMissing(store, ReferenceStore.CHOICES,
                    new SupplierChoice(choiceId, citizenId, chosen.id(), choicesFrom, switchDate), now, n);
            String switchId = choiceId + "-switch";
            if (store.find(ReferenceStore.CHOICES, switchId).isPresent()) {
                continue;
            }
            Optional<ReferenceStore.Stored<SupplierChoice>> first = store.find(ReferenceStore.CHOICES, choiceId);
            if (first.isEmpty()) {
                continue; // refused above, already counted
            }
            LocalDate from = first.get().value().validTo();
            try {
                if (from == null) { // recorded open-ended by an earlier run: end it first
                    from = switchDate;
                    store.endChoice(choiceId, from, first.get().version(), ACTOR, now);
                }
                store.create(ReferenceStore.CHOICES, new SupplierChoice(switchId, citizenId,
                        switchTarget(i, area, chosen).id(), from, null), ACTOR, now);
                choices++;
            } catch (ReferenceStore.Refused e) {
                refused(ReferenceStore.CHOICES, switchId, e, n);
            }
        }

        int shifts = extend(store, now, n, Fence.NONE);
        Summary summary = new Summary(municipalities, suppliers, citizens, bindings, choices, shifts, n.refused);
        LOG.info("event=demo.reference_data municipalities={} suppliers={} citizens={} bindings={} choices={} "
                        + "shifts_created={} refused={} days_ahead={}", municipalities, suppliers, citizens, bindings,
                choices, shifts, n.refused, SHIFT_DAYS_AHEAD);
        return summary;
    }

    /**
     * Creates the missing demo shifts from yesterday through {@value #SHIFT_DAYS_AHEAD} days after {@code now}
     * (Copenhagen dates) for every demo care supplier on record; returns how many were created. Call daily.
     */
    public static int extendShifts(ReferenceStore store, Instant now, Fence fence) throws SQLException {
        Counter n = new Counter();
        int created = extend(store, now, n, fence);
        LOG.info("event=demo.shifts_extended shifts_created={} refused={} days_ahead={}", created, n.refused,
                SHIFT_DAYS_AHEAD);
        return created;
    }

    /** The pseudonymous id of the demo citizen wearing {@code account}'s transmitter. */
    public static String citizenId(String account) {
        return "demo-borger-" + account.toUpperCase(Locale.ROOT);
    }

    /** The demo municipality of {@code account}'s citizen, or empty when it is not a demo account. */
    public static Optional<String> municipalityOf(String account) {
        int i = ACCOUNTS.indexOf(account.toUpperCase(Locale.ROOT));
        return i < 0 ? Optional.empty() : Optional.of(areaOf(i).id());
    }

    /** The ids of the demo's care suppliers (private and municipal home care): those with a duty roster. */
    public static List<String> careSupplierIds() {
        List<String> ids = new ArrayList<>();
        for (Area area : AREAS) {
            area.privates().forEach(s -> ids.add(s.id()));
            ids.add(area.municipal().id());
        }
        return List.copyOf(ids);
    }

    // ---------------------------------------------------------------- shifts

    /** Creates the missing shifts; each through {@code fence} (the demo roster job's, or none at the first load). */
    private static int extend(ReferenceStore store, Instant now, Counter n, Fence fence) throws SQLException {
        LocalDate first = CopenhagenCalendar.dateAt(now).minusDays(1);
        LocalDate last = CopenhagenCalendar.dateAt(now).plusDays(SHIFT_DAYS_AHEAD);
        Instant from = Slot.DAY.startOn(first);
        Instant to = Slot.NIGHT.endOn(last);
        int created = 0;
        for (Area area : AREAS) {
            List<Supplier> care = new ArrayList<>(area.privates());
            care.add(area.municipal());
            for (Supplier supplier : care) {
                if (store.find(ReferenceStore.SUPPLIERS, supplier.id()).isEmpty()) {
                    continue; // not loaded (or not yet): nothing to roster
                }
                Set<String> existing = new HashSet<>();
                store.shifts(supplier.id(), from, to).forEach(s -> existing.add(s.id()));
                for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
                    for (Slot slot : Slot.values()) {
                        for (Shift.Role role : Shift.Role.values()) {
                            if (slot == Slot.NIGHT && role == Shift.Role.BACKUP
                                    && supplier.id().equals(NIGHT_WITHOUT_BACKUP_SUPPLIER)) {
                                continue;
                            }
                            Shift shift = shift(supplier, date, slot, role);
                            if (existing.contains(shift.id())) {
                                continue;
                            }
                            try {
                                store.create(ReferenceStore.SHIFTS, shift, ACTOR, now, null, fence);
                                created++;
                            } catch (ReferenceStore.Refused e) {
                                refused(ReferenceStore.SHIFTS, shift.id(), e, n);
                            }
                        }
                    }
                }
            }
        }
        return created;
    }

    /**
     * One shift. Workers rotate through the supplier's pool of {@value #WORKERS_PER_SUPPLIER} by the date's epoch
     * day, so a worker's next shift starts 32 hours after the last one started and nobody overlaps themselves.
     */
    private static Shift shift(Supplier supplier, LocalDate date, Slot slot, Shift.Role role) {
        long position = date.toEpochDay() * 6 + slot.ordinal() * 2L + role.ordinal();
        int worker = (int) Math.floorMod(position, (long) WORKERS_PER_SUPPLIER) + 1;
        String id = supplier.id() + "-" + date + "-" + slot.name().toLowerCase(Locale.ROOT) + "-"
                + role.name().toLowerCase(Locale.ROOT);
        return new Shift(id, supplier.id(), supplier.id() + "-w" + worker, workerName(supplier, worker), role,
                slot.startOn(date), slot.endOn(date));
    }

    private static String workerName(Supplier supplier, int worker) {
        int seed = Math.floorMod(supplier.id().hashCode(), 997);
        return WORKER_FIRST_NAMES.get((seed + worker * 3) % WORKER_FIRST_NAMES.size()) + " "
                + WORKER_SURNAMES.get((seed + worker * 5) % WORKER_SURNAMES.size());
    }

    // ---------------------------------------------------------------- citizens and choices

    private static Citizen citizen(int i, String account, Area area) {
        int k = i / MUNICIPALITY_IDS.size(); // position within the municipality
        String surname = SURNAMES.get((i * 7 + k) % SURNAMES.size());
        String name = FIRST_NAMES.get(i % FIRST_NAMES.size()) + " " + surname;
        String address = STREETS.get((i * 5 + k) % STREETS.size()) + " " + (1 + (i * 13) % 47) + ", "
                + area.towns().get(k % area.towns().size());
        Citizen.Status status = PAUSED_ACCOUNTS.contains(account) ? Citizen.Status.PAUSED : Citizen.Status.ACTIVE;
        String keyNote = KEY_NOTES.get(i % KEY_NOTES.size());
        boolean keyBox = keyNote.startsWith("Nøgleboks");
        List<String> relations = DATA.contactRelations();
        List<Citizen.Contact> contacts = new ArrayList<>();
        for (int c = 0; c < 1 + i % 3; c++) {
            String relation = relations.get((i + c * 2) % relations.size());
            String first = FIRST_NAMES.get((i * 3 + c * 5 + 1) % FIRST_NAMES.size());
            contacts.add(new Citizen.Contact(first + " " + (relation.equals("nabo") || relation.equals("værge")
                    ? SURNAMES.get((i + c + 3) % SURNAMES.size()) : surname), relation, phone(i * 3 + c + 1)));
        }
        return new Citizen(citizenId(account), area.id(), name, address, keyNote, status, phone(i),
                DATA.citizenLanguages().get(i % DATA.citizenLanguages().size()),
                i % 5 == 4 ? null : DATA.medicalNotes().get(i % DATA.medicalNotes().size()),
                DATA.practicalNotes().get((i * 3) % DATA.practicalNotes().size()),
                keyBox ? DATA.keyBoxLocations().get(i % DATA.keyBoxLocations().size()) : null,
                keyBox ? String.format(Locale.ROOT, "%04d", (i * 7331 + 1234) % 10000) : null, contacts);
    }

    /** A made-up Danish number, 8 digits starting 2 (the demo's numbers are not checked against any plan). */
    private static String phone(int i) {
        String digits = String.format(Locale.ROOT, "2%07d", (i * 7919L + 104729L) % 10_000_000L);
        return digits.substring(0, 2) + " " + digits.substring(2, 4) + " " + digits.substring(4, 6) + " "
                + digits.substring(6);
    }

    /**
     * A demo citizen recorded before the card existed gets the card (an operator's edits, which always leave a phone or
     * something else set, are kept).
     */
    private static void fillInCard(ReferenceStore store, Citizen demo, Instant now, Counter n) throws SQLException {
        Optional<ReferenceStore.Stored<Citizen>> stored = store.find(ReferenceStore.CITIZENS, demo.id());
        if (stored.isEmpty() || stored.get().value().phone() != null || !stored.get().value().contacts().isEmpty()) {
            return;
        }
        try {
            store.update(ReferenceStore.CITIZENS, demo.id(), stored.get().version(), old -> new Citizen(old.id(),
                    old.municipalityId(), old.name(), old.address(), old.keyNote(), old.status(), demo.phone(),
                    demo.language(), demo.medicalNote(), demo.practicalNote(), demo.keyBoxLocation(),
                    demo.keyBoxCode(), demo.contacts()), ReferenceStore.Change.UPDATED, ACTOR, now);
        } catch (ReferenceStore.Refused e) {
            refused(ReferenceStore.CITIZENS, demo.id(), e, n);
        }
    }

    private static boolean choosesMunicipal(int i, String account) {
        return (i / MUNICIPALITY_IDS.size()) % 16 == 3 && !SWITCHING_ACCOUNTS.contains(account)
                && !NO_CHOICE_ACCOUNTS.contains(account);
    }

    private static Supplier initialChoice(int i, String account, Area area) {
        if (choosesMunicipal(i, account)) {
            return area.municipal();
        }
        int k = i / MUNICIPALITY_IDS.size();
        return area.privates().get(k % area.privates().size());
    }

    /** Another private supplier where there is one, else the municipal home care. */
    private static Supplier switchTarget(int i, Area area, Supplier from) {
        for (int j = 1; j <= area.privates().size(); j++) {
            Supplier candidate = area.privates().get((i / MUNICIPALITY_IDS.size() + j) % area.privates().size());
            if (!candidate.id().equals(from.id())) {
                return candidate;
            }
        }
        return area.municipal();
    }

    private static Area areaOf(int i) {
        return AREAS.get(i % AREAS.size());
    }

    // ---------------------------------------------------------------- helpers

    private static final class Counter {
        int refused;
    }

    private static <T> int createIfMissing(ReferenceStore store, ReferenceStore.Kind<T> kind, T value, Instant now,
                                           Counter n) throws SQLException {
        String id = kind.id(value);
        if (store.find(kind, id).isPresent()) {
            return 0;
        }
        try {
            store.create(kind, value, ACTOR, now);
            return 1;
        } catch (ReferenceStore.Refused e) {
            refused(kind, id, e, n);
            return 0;
        }
    }

    /** Store messages name ids (accounts, citizen and supplier ids), never names or addresses. */
    private static void refused(ReferenceStore.Kind<?> kind, String id, ReferenceStore.Refused e, Counter n) {
        n.refused++;
        LOG.warn("event=demo.reference_data_refused entity={} id={} reason={} message=\"{}\"", kind.entity(), id,
                e.reason(), e.getMessage());
    }

    private static List<Supplier> suppliersOf(Area area) {
        List<Supplier> all = new ArrayList<>(area.privates());
        all.add(area.municipal());
        all.add(area.fire());
        return all;
    }

    private static Area area(DemoData.Area a, List<Supplier> privates) {
        String id = a.id();
        return new Area(id, a.town() + " Kommune", privates,
                supplier(id + "-hjemmepleje", id, a.town() + " Kommunes hjemmepleje", SupplierKind.MUNICIPAL_HOME_CARE,
                        a.homeCare()),
                supplier(id + "-brand", id, a.town() + " Brand og Redning", SupplierKind.FIRE_AND_RESCUE,
                        a.fireAndRescue()),
                a.towns());
    }

    private static Supplier supplier(String id, String municipalityId, String name, SupplierKind kind,
                                     DemoData.Contact contact) {
        return new Supplier(id, municipalityId, name, kind, null, contact.phone(), contact.contactPerson(), null,
                null);
    }

    /** A demo supplier recorded before suppliers had a phone gets the demo's phone and contact person. */
    private static void fillInContact(ReferenceStore store, Supplier demo, Instant now, Counter n)
            throws SQLException {
        Optional<ReferenceStore.Stored<Supplier>> stored = store.find(ReferenceStore.SUPPLIERS, demo.id());
        if (stored.isEmpty() || stored.get().value().phone() != null || stored.get().value().contactPerson() != null) {
            return;
        }
        try {
            store.update(ReferenceStore.SUPPLIERS, demo.id(), stored.get().version(), old -> new Supplier(old.id(),
                    old.municipalityId(), old.name(), old.kind(), old.webhookUrl(), demo.phone(), demo.contactPerson(),
                    old.suspendedAt(), old.suspensionReason()), ReferenceStore.Change.UPDATED, ACTOR, now);
        } catch (ReferenceStore.Refused e) {
            refused(ReferenceStore.SUPPLIERS, demo.id(), e, n);
        }
    }

    private static List<String> accounts() {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < DemoDevices.PLAIN_COUNT; i++) {
            accounts.add(String.format(Locale.ROOT, "%04X", DemoDevices.FIRST_PLAIN + i));
        }
        accounts.add(DemoDevices.AES128_ACCOUNT);
        accounts.add(DemoDevices.AES192_ACCOUNT);
        accounts.add(DemoDevices.AES256_ACCOUNT);
        return List.copyOf(accounts);
    }

    private static List<String> municipalChoiceAccounts() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS.size(); i++) {
            if (choosesMunicipal(i, ACCOUNTS.get(i))) {
                out.add(ACCOUNTS.get(i));
            }
        }
        return List.copyOf(out);
    }
}
