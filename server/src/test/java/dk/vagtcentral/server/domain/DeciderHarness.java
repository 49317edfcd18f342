package dk.vagtcentral.server.domain;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.config.MunicipalityProfiles;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A town for the decider's unit tests, and a shell in memory that applies its effects the way the dispatch shell
 * does (state, deadlines; everything else is kept as emitted effects to assert on). Municipality "m" runs one of
 * the shipped profiles; its private supplier "care" (primary p1, backup b1), municipal home care "home" (primary h1)
 * and fire-and-rescue "fire". Accounts 1000 and 1001 belong to citizen c1 (pendant and fall sensor), 2000 to c2,
 * 3000-3009 to c30-c39; 9000 is bound to nobody.
 */
final class DeciderHarness {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String M = "m";
    static final Supplier CARE = new Supplier("care", M, "Omsorg ApS", SupplierKind.PRIVATE_CARE,
            "https://care.example/hook");
    static final Supplier HOME = new Supplier("home", M, "Hjemmeplejen", SupplierKind.MUNICIPAL_HOME_CARE, null);
    static final Supplier FIRE = new Supplier("fire", M, "Brand og Redning", SupplierKind.FIRE_AND_RESCUE, null);
    static final Citizen C1 = new Citizen("c1", M, "Borger Et", "Vej 1", "Nøgleboks", Citizen.Status.ACTIVE);
    static final Citizen C2 = new Citizen("c2", M, "Borger To", "Vej 2", null, Citizen.Status.ACTIVE);
    static final Shift P1 = shift("s1", CARE, "p1", Shift.Role.PRIMARY);
    static final Shift B1 = shift("s2", CARE, "b1", Shift.Role.BACKUP);
    static final Shift H1 = shift("s3", HOME, "h1", Shift.Role.PRIMARY);

    final Map<Long, Alarm> alarms = new LinkedHashMap<>();
    final List<Effect> effects = new ArrayList<>();
    final Map<Long, List<Situation.StepDeadline>> deadlines = new LinkedHashMap<>();
    List<Supplier> suppliers = new ArrayList<>(List.of(CARE, HOME, FIRE));
    List<Shift> shifts = new ArrayList<>(List.of(P1, B1, H1));
    List<Interval> outages = List.of();
    String registeredMunicipality;
    ProfileBook profiles;
    Decision last;
    private long nextId = 1;

    DeciderHarness(String profileId) {
        profiles = new ProfileBook(Map.of(M, MunicipalityProfiles.builtIn(1).get(profileId)),
                RuleProfile.defaults("default", "Default"));
    }

    RuleProfile profile() {
        return profiles.forMunicipality(M);
    }

    static Shift shift(String id, Supplier s, String worker, Shift.Role role) {
        return new Shift(id, s.id(), worker, "Worker " + worker, role, T0.minus(Duration.ofHours(12)),
                T0.plus(Duration.ofHours(12)));
    }

    static Instant at(int minutes, int seconds) {
        return T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds);
    }

    RoutingData routingData() {
        List<DeviceBinding> bindings = new ArrayList<>(List.of(
                new DeviceBinding("1000", "c1", T0.minus(Duration.ofDays(10)), null),
                new DeviceBinding("1001", "c1", T0.minus(Duration.ofDays(10)), null),
                new DeviceBinding("2000", "c2", T0.minus(Duration.ofDays(10)), null)));
        List<SupplierChoice> choices = new ArrayList<>(List.of(
                new SupplierChoice("ch1", "c1", "care", LocalDate.parse("2026-01-01"), null),
                new SupplierChoice("ch2", "c2", "care", LocalDate.parse("2026-01-01"), null)));
        List<Citizen> citizens = new ArrayList<>(List.of(C1, C2));
        // accounts 3000-3009: citizens c30-c39 of care, one each (for tests that need many open calls at once)
        for (int i = 0; i < 10; i++) {
            String id = "c3" + i;
            citizens.add(new Citizen(id, M, "Borger " + id, "Vej 3" + i, null, Citizen.Status.ACTIVE));
            bindings.add(new DeviceBinding("300" + i, id, T0.minus(Duration.ofDays(10)), null));
            choices.add(new SupplierChoice("ch3" + i, id, "care", LocalDate.parse("2026-01-01"), null));
        }
        return new RoutingData(bindings, citizens, choices, shifts, suppliers, null, registeredMunicipality,
                null);
    }

    /** Stores an alarm as ingest would and routes it: the arrival's decision is applied. */
    Alarm press(String account, EventCategory category, String code, String zone, Instant at) {
        return press(account, category, code, "N", zone, at);
    }

    Alarm press(String account, EventCategory category, String code, String qualifier, String zone, Instant at) {
        Alarm a = new Alarm(nextId++, account, category, code, qualifier, zone, null, null, "#" + account + "|N" + code,
                at, null, AlarmStatus.received(at, SupplierKind.SUPERVISORS), null, Alarm.Fault.NONE, 0);
        alarms.put(a.id(), a);
        List<Alarm> open = alarms.values().stream()
                .filter(x -> x.id() != a.id() && x.isRouted() && x.status().isOpen()
                        && (x.isCall() || x.routing().handling() == Handling.SERVICE_NOTICE))
                .toList();
        decide(a.id(), new DispatchEvent.Arrived(), new Situation(routingData(), open, List.of(), outages), at);
        return alarm(a.id());
    }

    Alarm emergency(String account, Instant at) {
        return press(account, EventCategory.EMERGENCY, "QA", "1", at);
    }

    /** A person's or the server's command, decided at {@code at}; applied when accepted. */
    Decision act(long id, Command command, Actor actor, Instant at) {
        return decide(id, new DispatchEvent.Act(command, actor), around(id), at);
    }

    /** Fires every pending deadline due at or before {@code until}, in due order, each at its due time. */
    void runUntil(Instant until) {
        while (true) {
            long alarmId = -1;
            Situation.StepDeadline next = null;
            for (Map.Entry<Long, List<Situation.StepDeadline>> e : deadlines.entrySet()) {
                for (Situation.StepDeadline d : e.getValue()) {
                    if (d.pending() && !d.dueAt().isAfter(until) && (next == null || d.dueAt().isBefore(next.dueAt()))) {
                        next = d;
                        alarmId = e.getKey();
                    }
                }
            }
            if (next == null) {
                return;
            }
            fire(alarmId, next.stepId(), next.dueAt());
        }
    }

    Decision fire(long alarmId, String stepId, Instant at) {
        return decide(alarmId, new DispatchEvent.Due(alarmId * 100 + stepId.hashCode(), stepId, at), around(alarmId),
                at);
    }

    private Situation around(long id) {
        return new Situation(routingData(), List.of(), deadlines.getOrDefault(id, List.of()), outages);
    }

    private Decision decide(long id, DispatchEvent event, Situation situation, Instant at) {
        last = AlarmDecider.decide(alarm(id), event, situation, profiles, at);
        if (last.outcome().accepted()) {
            if (event instanceof DispatchEvent.Due due
                    && last.effects().stream().anyMatch(e -> e instanceof Effect.ClaimDeadline)) {
                markFired(id, due.stepId());
            }
            for (Effect e : last.effects()) {
                apply(e);
            }
        }
        return last;
    }

    private void apply(Effect e) {
        effects.add(e);
        if (e instanceof Effect.SaveRouting r) {
            Alarm a = alarms.get(r.alarmId());
            alarms.put(a.id(), a.withRouting(r.routing(), r.status(), r.holderSupplierId(), r.fault()));
        } else if (e instanceof Effect.SaveStatus s) {
            Alarm a = alarms.get(s.alarmId());
            alarms.put(a.id(), a.with(s.status(), s.holderSupplierId(), s.fault()));
        } else if (e instanceof Effect.ArmDeadline a) {
            deadlines.computeIfAbsent(a.alarmId(), k -> new ArrayList<>())
                    .add(new Situation.StepDeadline(a.stepId(), a.dueAt(), true));
        } else if (e instanceof Effect.DisarmDeadlines d) {
            deadlines.computeIfPresent(d.alarmId(), (k, list) -> new ArrayList<>(list.stream()
                    .map(x -> new Situation.StepDeadline(x.stepId(), x.dueAt(), false)).toList()));
        }
    }

    private void markFired(long alarmId, String stepId) {
        deadlines.computeIfPresent(alarmId, (k, list) -> new ArrayList<>(list.stream()
                .map(x -> x.stepId().equals(stepId) ? new Situation.StepDeadline(x.stepId(), x.dueAt(), false) : x)
                .toList()));
    }

    Alarm alarm(long id) {
        return alarms.get(id);
    }

    <T extends Effect> List<T> all(Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends Effect> List<T> all(Class<T> type, Predicate<T> filter) {
        return all(type).stream().filter(filter).toList();
    }

    List<Effect.FlagSupervisors> flags(InboxKind kind) {
        return all(Effect.FlagSupervisors.class, f -> f.kind() == kind);
    }

    List<TimelineEvent> timeline(long alarmId) {
        return all(Effect.AppendTimeline.class, t -> t.alarmId() == alarmId).stream()
                .map(Effect.AppendTimeline::event).toList();
    }

    List<TimelineEvent.Kind> timelineKinds(long alarmId) {
        return timeline(alarmId).stream().map(TimelineEvent::kind).toList();
    }

    List<Effect.Notify> told(Audience to) {
        return all(Effect.Notify.class, n -> Objects.equals(n.to(), to));
    }

    /** Effects that are a supplier's duties: failure, justification, charge, plan count. */
    List<Effect> duties() {
        return effects.stream().filter(e -> e instanceof Effect.RecordFailure || e instanceof Effect.OpenJustification
                || e instanceof Effect.Charge || e instanceof Effect.CountTowardsActionPlan).toList();
    }

    void clear() {
        effects.clear();
    }
}
