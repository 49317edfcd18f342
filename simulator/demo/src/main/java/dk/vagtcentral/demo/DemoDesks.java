package dk.vagtcentral.demo;

import dk.vagtcentral.server.Addresses;
import dk.vagtcentral.server.demo.DemoReferenceData;
import dk.vagtcentral.server.dispatch.AlarmMessages;
import dk.vagtcentral.server.dispatch.Dispatcher;
import dk.vagtcentral.server.domain.Actor;
import dk.vagtcentral.server.domain.CloseOutcome;
import dk.vagtcentral.server.domain.Command;
import dk.vagtcentral.server.domain.ResponseKind;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.trail.Trail;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated dispatchers at the demo suppliers' desks, so the demo looks like a working day: they listen on their
 * desk's event-bus address like a real desk would, and answer most calls (acknowledge, send the notified worker,
 * on site, close) after human-like delays. Some calls nobody answers, so the escalation ladder can be watched.
 * Every action goes through the dispatcher and the lifecycle rules, like a person's would. They also write most of
 * the justifications and action plans their supplier owes; the supervisors' decisions are left to people.
 */
public final class DemoDesks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoDesks.class);
    /** Share of calls a private supplier's desk answers; the rest climb the ladder. */
    static final double SUPPLIER_ANSWERS = 0.8;
    /** Share of forwarded calls municipal home care answers before they go on to fire-and-rescue. */
    static final double MUNICIPAL_ANSWERS = 0.6;

    private final Vertx vertx;
    private final Dispatcher dispatcher;
    private final Trail trail;
    private final Function<String, RuleProfile> profiles;
    private final int timeScale;
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

    /** @param profiles each municipality's rules, so a desk answers only with its contract's permitted answers */
    public DemoDesks(Vertx vertx, Dispatcher dispatcher, Trail trail, Function<String, RuleProfile> profiles,
                     int timeScale) {
        this.trail = trail;
        this.profiles = profiles;
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.timeScale = timeScale;
    }

    public void start() {
        for (String supplier : DemoReferenceData.careSupplierIds()) {
            consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.desk(supplier), m -> onDesk(supplier, m.body())));
        }
        LOG.info("event=demo.desks_started desks={} answers={} municipal_answers={}", consumers.size(),
                SUPPLIER_ANSWERS, MUNICIPAL_ANSWERS);
    }

    private void onDesk(String supplier, JsonObject message) {
        String event = message.getString("event");
        if ("justification.due".equals(event) || "action_plan.required".equals(event)) {
            answerObligation(supplier, message);
            return;
        }
        JsonObject alarm = message.getJsonObject("alarm");
        if (!"CALL".equals(alarm.getString("handling")) || !supplier.equals(alarm.getString("holderSupplierId"))) {
            return;
        }
        boolean fresh = AlarmMessages.NEW.equals(event);
        boolean forwardedHere = AlarmMessages.FORWARDED.equals(event);
        if (!fresh && !forwardedHere) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() >= (fresh ? SUPPLIER_ANSWERS : MUNICIPAL_ANSWERS)) {
            return; // nobody picks up: the ladder will act
        }
        long id = alarm.getLong("id");
        String actor = "desk:demo-" + supplier;
        JsonObject worker = message.getJsonObject("worker");
        String workerId = worker == null ? null : worker.getString("id");
        Duration ackAfter = Duration.ofSeconds(20 + random.nextInt(150));
        Duration respondAfter = ackAfter.plusSeconds(30 + random.nextInt(240));
        Duration onSiteAfter = respondAfter.plusMinutes(8 + random.nextInt(12));
        Duration closeAfter = onSiteAfter.plusMinutes(10 + random.nextInt(20));
        Actor desk = Actor.staff(actor, supplier);
        later(ackAfter, id, new Command.Acknowledge(actor), desk);
        Set<ResponseKind> permitted = profiles.apply(alarm.getString("municipalityId")).permittedResponses();
        ResponseKind without = permitted.contains(ResponseKind.NURSE_REQUESTED) ? ResponseKind.NURSE_REQUESTED
                : permitted.contains(ResponseKind.DOCTOR_CONTACTED) ? ResponseKind.DOCTOR_CONTACTED
                : ResponseKind.EMERGENCY_112;
        Command respond = workerId != null ? new Command.Respond(actor, ResponseKind.HELP_SENT, workerId)
                : new Command.Respond(actor, without, null);
        later(respondAfter, id, respond, desk);
        if (workerId != null) {
            later(onSiteAfter, id, new Command.OnSite("worker:" + workerId), Actor.staff("worker:" + workerId, supplier));
        }
        CloseOutcome outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
        later(closeAfter, id, new Command.Close(workerId != null ? "worker:" + workerId : actor, outcome,
                "Demo: borgeren er hjulpet"), desk);
    }

    /** How demo calls end: mostly no harm, now and then a fall or an admission (which supervisors are told of). */
    private static final CloseOutcome[] OUTCOMES = {CloseOutcome.NO_INJURY, CloseOutcome.NO_INJURY,
            CloseOutcome.NO_INJURY, CloseOutcome.FALL_WITHOUT_INJURY, CloseOutcome.FALL_WITHOUT_INJURY,
            CloseOutcome.FALSE_ALARM, CloseOutcome.ADMITTED};

    /**
     * Most justifications and action plans are written within a day or two (rule time); some never are, so the
     * supervisors' overdue list has something in it.
     */
    private void answerObligation(String supplier, JsonObject message) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() >= 0.7) {
            return;
        }
        String author = "desk:demo-" + supplier;
        long ms = Math.max(1, Duration.ofHours(2 + random.nextInt(46)).toMillis() / timeScale);
        vertx.setTimer(ms, t -> vertx.executeBlocking(() -> {
            if (message.containsKey("justificationId")) {
                return trail.submitJustification(message.getLong("justificationId"), author,
                        "Demo: kaldet blev ikke besvaret, fordi vagten var optaget af et andet besøg. Vi har indført "
                                + "fast backup på alle vagter.");
            }
            return trail.submitPlan(message.getLong("actionPlanId"), author, "Demo: handlingsplan for nødkald",
                    "Backup-telefon på alle vagter; ugentlig test; opfølgning med kommunen efter en måned",
                    null, null);
        }, false).onComplete(ar -> LOG.debug("event=demo.obligation_answered supplier={} ok={}", supplier,
                ar.succeeded())));
    }

    /** Applies {@code command} after {@code ruleTime} (divided by the time scale); a refusal is simply logged. */
    private void later(Duration ruleTime, long alarmId, Command command, Actor actor) {
        long ms = Math.max(1, ruleTime.toMillis() / timeScale);
        vertx.setTimer(ms, t -> dispatcher.act(alarmId, command, actor).onComplete(ar -> {
            if (ar.failed() || !ar.result().outcome().accepted()) {
                LOG.debug("event=demo.desk_action_refused alarm_id={} command={} reason=\"{}\"", alarmId,
                        command.kind(), ar.failed() ? ar.cause().getMessage() : ar.result().outcome().reason());
            }
        }));
    }

    @Override
    public void close() {
        consumers.forEach(MessageConsumer::unregister);
    }
}
