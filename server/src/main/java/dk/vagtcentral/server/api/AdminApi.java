package dk.vagtcentral.server.api;

import dk.vagtcentral.server.dispatch.WebhookTargets;
import dk.vagtcentral.server.domain.ChangeNotice;
import dk.vagtcentral.server.domain.Citation;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.CopenhagenCalendar;
import dk.vagtcentral.server.domain.DeviceBinding;
import dk.vagtcentral.server.domain.DeviceBindings;
import dk.vagtcentral.server.domain.DutyRoster;
import dk.vagtcentral.server.domain.FieldError;
import dk.vagtcentral.server.domain.Interval;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.RoutingData;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChangeNotice;
import dk.vagtcentral.server.domain.SupplierChoice;
import dk.vagtcentral.server.domain.SupplierChoices;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.store.ReferenceJson;
import dk.vagtcentral.server.store.ReferenceStore;
import dk.vagtcentral.server.store.ReferenceStore.BindingRow;
import dk.vagtcentral.server.store.ReferenceStore.Kind;
import dk.vagtcentral.server.store.ReferenceStore.Refused;
import dk.vagtcentral.server.store.ReferenceStore.Stored;
import dk.vagtcentral.server.store.WebhookSecrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API for reference data under {@code /api/v1/admin}, and duty coverage under
 * {@code /api/v1/suppliers/{id}/coverage}. JSON only; every change is versioned with its actor.
 *
 * <p>Suppliers: {@code POST /api/v1/admin/suppliers/{id}/suspend} {@code {"reason", "from"?}} suspends a private care
 * supplier with immediate effect (bankruptcy), {@code .../reinstate} {@code {"reason"}} ends the suspension; both are
 * versioned in the history with their actor and reason, and an ordinary update keeps the suspension as it is. After a
 * suspension has committed, the hook given to the constructor is told the supplier's id.
 *
 * <p>Webhooks: a supplier's {@code webhookUrl} is checked against {@link WebhookTargets} when it is set (400 naming
 * the problem for a metadata, link-local, loopback, unspecified or multicast target, or another scheme); a name that
 * does not resolve yet is accepted, since the sender checks again before every delivery. When a supplier with a URL
 * has no signing secret, one is made after the change commits and returned once, as {@code webhookSecret} in that
 * answer; {@code POST /api/v1/admin/suppliers/{id}/webhook-secret} rotates it (the old one signs beside the new one
 * for the configured overlap). Secrets are never logged, nor kept in the history. Should making the secret fail
 * after the change committed, the answer is an error but the change stands; the sender then makes a secret at the
 * first delivery, and a rotation shows it.
 *
 * <p>Supplier choices: a new choice that changes a citizen's supplier (another supplier's choice holds on its first day
 * or ends on it, {@link SupplierChoices#changeFrom}) is checked against the notice period of the citizen's
 * municipality ({@link SupplierChangeNotice}); too short a notice is {@code 409 notice_too_short} with the earliest
 * allowed day, unless the administrator sends {@code "noticeOverride": {"reason": "..."}}, which is then kept with the
 * choice. A change away from a suspended supplier needs no notice.
 *
 * <ul>
 *   <li>{@code 400 bad_request}: a body that is not a JSON object, an unknown field, a wrong type or format, or a
 *       field the domain's {@code validate()} refuses; {@code message} is "field: problem", {@code fields} lists
 *       every problem found.</li>
 *   <li>{@code 404 not_found}: no entity with the id in the path.</li>
 *   <li>{@code 409 conflict}: the id is taken, overlapping supplier choices of a citizen or bindings of an account,
 *       a stale {@code version}, a change that would rewrite the past, a choice of a suspended supplier, or a
 *       suspension the supplier's state does not allow.</li>
 *   <li>{@code 409 notice_too_short}: a change of supplier earlier than the notice allows, with
 *       {@code earliestAllowed}, {@code requestedOn}, {@code notice} and {@code citation}.</li>
 *   <li>{@code 422 unknown_reference}: the body names a parent that does not exist (municipalityId, citizenId,
 *       supplierId), or a supplier that cannot be chosen by the citizen (fire-and-rescue, another municipality).</li>
 * </ul>
 */
public final class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    static final String PREFIX = "/api/v1/admin";
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Fa-f]{3,16}");
    private static final int MAX_ACTOR = 100;
    private static final int MAX_COVERAGE_DAYS = 31;

    /** A body the domain refuses, found on a worker thread. */
    private static final class Invalid extends RuntimeException {
        private final List<FieldError> errors;

        Invalid(List<FieldError> errors) {
            super(errors.get(0).toString());
            this.errors = errors;
        }
    }

    /** A change of supplier earlier than the municipality's notice allows, and no override. */
    private static final class NoticeTooShort extends RuntimeException {
        private final SupplierChangeNotice.Verdict verdict;
        private final Citation citation;
        private final SupplierChoice from;

        NoticeTooShort(SupplierChangeNotice.Verdict verdict, RuleProfile profile, SupplierChoice from,
                       SupplierChoice to) {
            super("a change of supplier from " + from.supplierId() + " to " + to.supplierId() + " on "
                    + to.validFrom() + " needs notice of " + SupplierChangeNotice.describe(verdict.rule())
                    + " under the rules of " + profile.name() + " ("
                    + citationText(profile.citation("supplier-change-notice")) + "); asked on "
                    + verdict.requestedOn() + ", the earliest first day with the new supplier is " + verdict.earliest()
                    + ". The municipality may accept a shorter notice: send \"noticeOverride\": {\"reason\": \"...\"}");
            this.verdict = verdict;
            this.citation = profile.citation("supplier-change-notice");
            this.from = from;
        }
    }

    /**
     * A check of a create or an update against other records, on a worker thread before the change is stored; it
     * throws to refuse. {@code existing} is null on create.
     */
    @FunctionalInterface
    private interface Guard<T> {
        Guarded<T> check(T candidate, T existing, String actor, Instant now) throws Exception;
    }

    /**
     * What a {@link Guard} lets through: the value to store, the history row's reason, and what to do after commit,
     * which may add fields to the answer (null for none).
     */
    private record Guarded<T>(T value, String historyReason, AfterCommit afterCommit) {
        static <T> Guarded<T> as(T value) {
            return new Guarded<>(value, null, () -> null);
        }
    }

    @FunctionalInterface
    private interface AfterCommit {
        JsonObject run() throws Exception;
    }

    /** A change as stored, with what its after-commit step adds to the answer (may be null). */
    private record Done<T>(Stored<T> stored, JsonObject extra) {
    }

    /**
     * What the admin API needs for suppliers' webhooks: the target check, the signing secrets, and how long a rotated
     * secret keeps signing beside its successor.
     */
    public record Webhooks(WebhookTargets targets, WebhookSecrets secrets, Duration secretOverlap) {
    }

    /**
     * One kind of entity as the API exposes it. {@code carry} takes what an update must keep from the stored version
     * (a supplier's suspension); {@code guard} (may be null) checks against other records.
     */
    private record Resource<T>(String path, String noun, Kind<T> kind, Set<String> fields, boolean generatedId,
                               BiFunction<AdminBody, String, T> parse, Function<T, List<FieldError>> validate,
                               BinaryOperator<T> carry, Guard<T> guard) {

        Resource(String path, String noun, Kind<T> kind, Set<String> fields, boolean generatedId,
                 BiFunction<AdminBody, String, T> parse, Function<T, List<FieldError>> validate) {
            this(path, noun, kind, fields, generatedId, parse, validate, (stored, updated) -> updated, null);
        }
    }

    private final Vertx vertx;
    private final ReferenceStore store;
    private final Clock clock;
    private final Function<String, RuleProfile> profiles;
    private final Consumer<String> onSupplierSuspended;
    private final Webhooks webhooks;

    private final Resource<Municipality> municipalities = new Resource<>("municipalities", "Municipality",
            ReferenceStore.MUNICIPALITIES, Set.of("id", "name", "profileId"), false,
            (b, id) -> new Municipality(id, b.string("name"), b.string("profileId")), Municipality::validate);
    private final Resource<Supplier> suppliers = new Resource<>("suppliers", "Supplier", ReferenceStore.SUPPLIERS,
            Set.of("id", "municipalityId", "name", "kind", "webhookUrl", "phone", "contactPerson",
                    "scaipVoiceCallsDesk"), false,
            (b, id) -> new Supplier(id, b.string("municipalityId"), b.string("name"),
                    b.enumValue("kind", SupplierKind.class), b.string("webhookUrl"), stripped(b.string("phone")),
                    stripped(b.string("contactPerson")), null, null, b.bool("scaipVoiceCallsDesk", false)),
            Supplier::validate, (stored, updated) -> updated.withSuspensionOf(stored), this::checkWebhook);
    /**
     * A citizen with its card. The key-box code is write-only: an update without {@code keyBoxCode} keeps the code on
     * record, an empty string removes it.
     */
    private final Resource<Citizen> citizens = new Resource<>("citizens", "Citizen", ReferenceStore.CITIZENS,
            Set.of("id", "municipalityId", "name", "address", "keyNote", "status", "phone", "language", "medicalNote",
                    "practicalNote", "keyBoxLocation", "keyBoxCode", "contacts"), false,
            (b, id) -> new Citizen(id, b.string("municipalityId"), b.string("name"), b.string("address"),
                    b.string("keyNote"), b.has("status") ? b.enumValue("status", Citizen.Status.class)
                    : Citizen.Status.ACTIVE, stripped(b.string("phone")), stripped(b.string("language")),
                    b.string("medicalNote"), b.string("practicalNote"), b.string("keyBoxLocation"),
                    b.has("keyBoxCode") ? b.string("keyBoxCode").strip() : null, contacts(b)),
            Citizen::validate,
            (stored, updated) -> updated.keyBoxCode() == null ? updated.withKeyBoxCode(stored.keyBoxCode())
                    : updated.withKeyBoxCode(updated.keyBoxCode().isEmpty() ? null : updated.keyBoxCode()),
            null);
    private final Resource<BindingRow> bindings = new Resource<>("device-bindings", "DeviceBinding", ReferenceStore.BINDINGS,
            Set.of("id", "account", "citizenId", "validFrom", "validTo"), true,
            (b, id) -> {
                String account = b.string("account");
                return new BindingRow(id, new DeviceBinding(account == null ? null : account.strip()
                        .toUpperCase(Locale.ROOT), b.string("citizenId"), b.instant("validFrom"), b.instant("validTo")));
            },
            AdminApi::validateBinding);
    private final Resource<SupplierChoice> choices = new Resource<>("supplier-choices", "SupplierChoice", ReferenceStore.CHOICES,
            Set.of("id", "citizenId", "supplierId", "validFrom", "validTo", "noticeOverride"), true,
            (b, id) -> new SupplierChoice(id, b.string("citizenId"), b.string("supplierId"), b.date("validFrom"),
                    b.date("validTo"), stripped(b.nestedString("noticeOverride", "reason"))),
            SupplierChoice::validate, (stored, updated) -> updated, this::checkNotice);
    private final Resource<Shift> shifts = new Resource<>("shifts", "Shift", ReferenceStore.SHIFTS,
            Set.of("id", "supplierId", "workerId", "workerName", "role", "start", "end"), true,
            (b, id) -> new Shift(id, b.string("supplierId"), b.string("workerId"), b.string("workerName"),
                    b.has("role") ? b.enumValue("role", Shift.Role.class) : Shift.Role.PRIMARY,
                    b.instant("start"), b.instant("end")),
            Shift::validate);

    /** The {@code contacts} array of a citizen body: objects with name, relation and phone. */
    private static List<Citizen.Contact> contacts(AdminBody b) {
        List<Citizen.Contact> out = new ArrayList<>();
        io.vertx.core.json.JsonArray array = b.array("contacts");
        if (array == null) {
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof io.vertx.core.json.JsonObject c)
                    || !Set.of("name", "relation", "phone").containsAll(c.fieldNames())) {
                b.error("contacts[" + i + "]", "must be an object with name, relation and phone");
                continue;
            }
            out.add(new Citizen.Contact(text(c.getValue("name")), text(c.getValue("relation")),
                    stripped(text(c.getValue("phone")))));
        }
        return out;
    }

    private static String text(Object v) {
        return v instanceof String t ? t : null;
    }

    /**
     * @param profiles            the rule profile of a municipality id (the notice period for a change of supplier)
     * @param onSupplierSuspended told the supplier's id after a suspension has committed, on a worker thread before
     *                            the answer (it may block; what it throws is logged and does not undo the suspension,
     *                            which may also start in the future: read {@code suspendedAt}); null for nothing
     * @param webhooks            the check of webhook URLs and the signing secrets
     */
    public AdminApi(Vertx vertx, ReferenceStore store, Clock clock, Function<String, RuleProfile> profiles,
                    Consumer<String> onSupplierSuspended, Webhooks webhooks) {
        this.vertx = vertx;
        this.webhooks = webhooks;
        this.store = store;
        this.clock = clock;
        this.profiles = profiles;
        this.onSupplierSuspended = onSupplierSuspended == null ? id -> { } : onSupplierSuspended;
    }

    /**
     * Binds the operations of each resource ({@code create<Noun>}, {@code list<Noun>}, {@code get<Noun>},
     * {@code update<Noun>}, {@code history<Noun>}; {@code delete<Noun>} for periodic ones) and the rest.
     */
    public void bind(Operations api) {
        resource(api, municipalities, ctx -> store.municipalities());
        resource(api, suppliers, ctx -> store.suppliers(ctx.queryParams().get("municipalityId")));
        resource(api, citizens, ctx -> store.citizens(ctx.queryParams().get("municipalityId")));
        resource(api, bindings, ctx -> store.bindings(ctx.queryParams().get("account"),
                ctx.queryParams().get("citizenId")));
        resource(api, choices, ctx -> store.choices(ctx.queryParams().get("citizenId")));
        resource(api, shifts, null);
        api.on("listShift", this::listShifts)
                .on("suspendSupplier", this::suspend)
                .on("reinstateSupplier", this::reinstate)
                .on("rotateSupplierWebhookSecret", this::rotateWebhookSecret)
                .on("endSupplierChoice", this::endChoice)
                .on("endDeviceBinding", this::endBinding)
                .on("routing", this::routing)
                .on("coverage", this::coverage)
                .on("supplierDirectory", this::supplierDirectory);
        for (Resource<?> periodic : List.of(bindings, choices, shifts)) {
            api.on("delete" + periodic.noun(), ctx -> delete(ctx, periodic));
        }
    }

    /**
     * {@code GET /api/v1/suppliers?municipalityId=}: the municipality's suppliers for a supervisor's pickers and
     * directory (id, name, kind, the 24/7 phone and contact person, any suspension; not the webhook address, which may
     * carry a secret). Scope: {@link Security}.
     */
    private void supplierDirectory(RoutingContext ctx) {
        String municipalityId = ctx.queryParams().get("municipalityId");
        if (municipalityId == null || municipalityId.isBlank()) {
            Responses.error(ctx, ApiException.badRequest("municipalityId is required"));
            return;
        }
        blocking(ctx, () -> store.suppliers(municipalityId)).onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.stream().map(Stored::value).sorted(java.util.Comparator.comparing(Supplier::id)).forEach(sup ->
                    items.add(new JsonObject().put("id", sup.id()).put("name", sup.name())
                            .put("kind", sup.kind().name()).put("municipalityId", sup.municipalityId())
                            .put("phone", sup.phone()).put("contactPerson", sup.contactPerson())
                            .put("suspendedAt", sup.suspendedAt() == null ? null : sup.suspendedAt().toString())
                            .put("suspensionReason", sup.suspensionReason())));
            json(ctx, 200, new JsonObject().put("municipalityId", municipalityId).put("items", items));
        });
    }

    @FunctionalInterface
    private interface Lister<T> {
        List<Stored<T>> list(RoutingContext ctx) throws Exception;
    }

    private <T> void resource(Operations api, Resource<T> r, Lister<T> lister) {
        api.on("create" + r.noun(), ctx -> create(ctx, r));
        if (lister != null) {
            api.on("list" + r.noun(), ctx -> blocking(ctx, () -> lister.list(ctx))
                    .onSuccess(list -> json(ctx, 200, items(r.kind(), list))));
        }
        api.on("get" + r.noun(), ctx -> get(ctx, r))
                .on("update" + r.noun(), ctx -> update(ctx, r))
                .on("history" + r.noun(), ctx -> history(ctx, r));
    }

    // ---------------------------------------------------------------- handlers

    private <T> void create(RoutingContext ctx, Resource<T> r) {
        try {
            JsonObject json = body(ctx);
            AdminBody body = new AdminBody(json, with(r.fields(), "actor"));
            String id = body.string("id");
            if (id == null && r.generatedId() && !json.containsKey("id")) {
                id = UUID.randomUUID().toString();
            }
            if (HttpEdge.hasControlCharacter(id)) {
                // it would go into the Location header and the logs: refused before anything is stored
                body.error("id", "must not contain control characters (CR, LF, tab ...)");
            }
            String actor = actor(ctx, body);
            T value = r.parse().apply(body, id);
            List<FieldError> errors = body.errors(r.validate().apply(value));
            if (!errors.isEmpty()) {
                throw new Invalid(errors);
            }
            blocking(ctx, () -> {
                Instant now = clock.instant();
                Guarded<T> guarded = r.guard() == null ? Guarded.as(value) : r.guard().check(value, null, actor, now);
                Stored<T> stored = store.create(r.kind(), guarded.value(), actor, now, guarded.historyReason());
                return new Done<>(stored, guarded.afterCommit().run());
            }).onSuccess(done -> {
                Stored<T> s = done.stored();
                LOG.info("event=reference.created entity={} id={} actor=\"{}\"", r.kind().entity(),
                        r.kind().id(s.value()), actor);
                ctx.response().putHeader("location", PREFIX + "/" + r.path() + "/"
                        + Responses.pathSegment(r.kind().id(s.value())));
                json(ctx, 201, withExtra(ctx, entity(r.kind(), s), done.extra()));
            });
        } catch (RuntimeException e) {
            refuse(ctx, e);
        }
    }

    private <T> void update(RoutingContext ctx, Resource<T> r) {
        String id = ctx.pathParam("id");
        try {
            JsonObject json = body(ctx);
            AdminBody body = new AdminBody(json, with(r.fields(), "actor", "version"));
            String bodyId = body.string("id");
            if (bodyId != null && !bodyId.equals(id)) {
                body.error("id", "must be the id in the path (" + id + ") or left out");
            }
            Integer version = body.integer("version");
            String actor = actor(ctx, body);
            T value = r.parse().apply(body, id);
            List<FieldError> errors = body.errors(r.validate().apply(value));
            if (!errors.isEmpty()) {
                throw new Invalid(errors);
            }
            blocking(ctx, () -> {
                Instant now = clock.instant();
                if (r.guard() == null) {
                    return new Done<>(store.update(r.kind(), id, version, old -> r.carry().apply(old, value),
                            ReferenceStore.Change.UPDATED, actor, now), null);
                }
                // the guard reads the stored version; storing over the version it read keeps the two in step
                Stored<T> existing = store.find(r.kind(), id).orElseThrow(() -> new Refused(
                        ReferenceStore.Reason.NOT_FOUND, "id", "no " + r.kind().entity() + " with id " + id));
                Guarded<T> guarded = r.guard().check(value, existing.value(), actor, now);
                Stored<T> stored = store.update(r.kind(), id, version != null ? version : existing.version(),
                        old -> r.carry().apply(old, guarded.value()), ReferenceStore.Change.UPDATED, actor, now,
                        guarded.historyReason());
                return new Done<>(stored, guarded.afterCommit().run());
            }).onSuccess(done -> {
                        LOG.info("event=reference.updated entity={} id={} version={} actor=\"{}\"",
                                r.kind().entity(), id, done.stored().version(), actor);
                        json(ctx, 200, withExtra(ctx, entity(r.kind(), done.stored()), done.extra()));
                    });
        } catch (RuntimeException e) {
            refuse(ctx, e);
        }
    }

    private <T> void get(RoutingContext ctx, Resource<T> r) {
        String id = ctx.pathParam("id");
        blocking(ctx, () -> store.find(r.kind(), id).orElseThrow(() ->
                ApiException.notFound("no " + r.kind().entity() + " with id " + id)))
                .onSuccess(s -> json(ctx, 200, entity(r.kind(), s)));
    }

    private void history(RoutingContext ctx, Resource<?> r) {
        String id = ctx.pathParam("id");
        blocking(ctx, () -> store.history(r.kind(), id)).onSuccess(list -> {
            if (list.isEmpty()) {
                refuse(ctx, ApiException.notFound("no " + r.kind().entity() + " with id " + id));
                return;
            }
            JsonArray items = new JsonArray();
            list.forEach(h -> items.add(new JsonObject().put("version", h.version())
                    .put("changedAt", h.changedAt().toString()).put("actor", h.actor())
                    .put("change", h.change().name()).put("reason", h.reason()).put("snapshot", h.snapshot())));
            json(ctx, 200, new JsonObject().put("entity", r.kind().entity()).put("id", id).put("items", items));
        });
    }

    private void listShifts(RoutingContext ctx) {
        Instant from;
        Instant to;
        try {
            Instant now = clock.instant();
            from = instantParam(ctx, "from", now.minus(Duration.ofDays(1)));
            to = instantParam(ctx, "to", from.plus(Duration.ofDays(8)));
            if (!to.isAfter(from)) {
                throw new Invalid(List.of(new FieldError("to", "must be after from")));
            }
        } catch (RuntimeException e) {
            refuse(ctx, e);
            return;
        }
        String supplierId = ctx.queryParams().get("supplierId");
        blocking(ctx, () -> store.shifts(supplierId, from, to)).onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(s -> items.add(ReferenceJson.shift(s)));
            json(ctx, 200, new JsonObject().put("from", from.toString()).put("to", to.toString())
                    .put("items", items));
        });
    }

    private void endChoice(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        try {
            AdminBody body = new AdminBody(body(ctx), Set.of("validTo", "version", "actor"));
            LocalDate validTo = body.date("validTo");
            if (validTo == null && !body.has("validTo")) {
                body.error("validTo", "is required: the first day the choice no longer holds");
            }
            Integer version = body.integer("version");
            String actor = actor(ctx, body);
            List<FieldError> errors = body.errors(List.of());
            if (!errors.isEmpty()) {
                throw new Invalid(errors);
            }
            blocking(ctx, () -> store.update(ReferenceStore.CHOICES, id, version, old -> {
                SupplierChoice ended = old.endingOn(validTo);
                List<FieldError> invalid = ended.validate();
                if (!invalid.isEmpty()) {
                    throw new Invalid(invalid);
                }
                return ended;
            }, ReferenceStore.Change.ENDED, actor, clock.instant())).onSuccess(s -> {
                LOG.info("event=reference.ended entity=supplier-choice id={} valid_to={} actor=\"{}\"", id, validTo,
                        actor);
                json(ctx, 200, entity(ReferenceStore.CHOICES, s));
            });
        } catch (RuntimeException e) {
            refuse(ctx, e);
        }
    }

    private void endBinding(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        try {
            AdminBody body = new AdminBody(body(ctx), Set.of("validTo", "version", "actor"));
            Instant given = body.instant("validTo");
            Integer version = body.integer("version");
            String actor = actor(ctx, body);
            List<FieldError> errors = body.errors(List.of());
            if (!errors.isEmpty()) {
                throw new Invalid(errors);
            }
            blocking(ctx, () -> {
                Instant now = clock.instant();
                Instant validTo = given == null ? now : given;
                return store.update(ReferenceStore.BINDINGS, id, version, old -> {
                    DeviceBinding ended = new DeviceBinding(old.binding().account(), old.binding().citizenId(),
                            old.binding().validFrom(), validTo);
                    List<FieldError> invalid = ended.validate();
                    if (!invalid.isEmpty()) {
                        throw new Invalid(invalid);
                    }
                    return new BindingRow(old.id(), ended);
                }, ReferenceStore.Change.ENDED, actor, now);
            }).onSuccess(s -> json(ctx, 200, entity(ReferenceStore.BINDINGS, s)));
        } catch (RuntimeException e) {
            refuse(ctx, e);
        }
    }

    private void delete(RoutingContext ctx, Resource<?> r) {
        String id = ctx.pathParam("id");
        String actor;
        try {
            actor = actor(ctx, null);
        } catch (RuntimeException e) {
            refuse(ctx, e);
            return;
        }
        blocking(ctx, () -> {
            store.delete(r.kind(), id, actor, clock.instant());
            return id;
        }).onSuccess(x -> {
            LOG.info("event=reference.deleted entity={} id={} actor=\"{}\"", r.kind().entity(), id, actor);
            ctx.response().setStatusCode(204).end();
        });
    }

    // ---------------------------------------------------------------- suspension

    /**
     * {@code POST /api/v1/admin/suppliers/{id}/suspend} {@code {"reason", "from"?, "version"?, "actor"?}}: suspends a
     * private care supplier from {@code from} (default now; a past instant records a bankruptcy decree already made, a
     * future one schedules it). 409 when it is already suspended, or is the municipal home care or fire-and-rescue.
     */
    private void suspend(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        try {
            AdminBody body = new AdminBody(body(ctx), Set.of("reason", "from", "version", "actor"));
            List<FieldError> checks = new ArrayList<>();
            String reason = requiredReason(body, checks, "why the supplier is suspended, e.g. \"konkursdekret afsagt\"");
            Instant from = body.instant("from");
            Integer version = body.integer("version");
            String actor = actor(ctx, body);
            List<FieldError> errors = body.errors(checks);
            if (!errors.isEmpty()) {
                throw new Invalid(errors);
            }
            blocking(ctx, () -> {
                Instant now = clock.instant();
                Instant effective = from == null ? now : from;
                Stored<Supplier> s = store.update(ReferenceStore.SUPPLIERS, id, version, old -> {
                    String why = old.whyNotSuspendable();
                    if (why != null) {
                        throw new Refused(ReferenceStore.Reason.CONFLICT, null, "supplier " + id + " is "
                                + old.kind() + ": " + why);
                    }
                    if (old.isSuspended()) {
                        throw new Refused(ReferenceStore.Reason.CONFLICT, null, "supplier " + id
                                + " is already suspended from " + old.suspendedAt() + " (" + old.suspensionReason()
                                + "); reinstate it first to record another suspension");
                    }
                    return old.suspended(effective, reason);
                }, ReferenceStore.Change.SUSPENDED, actor, now, reason);
                LOG.info("event=supplier.suspended supplier={} municipality={} from={} version={} actor=\"{}\"", id,
                        s.value().municipalityId(), effective, s.version(), actor);
                try {
                    onSupplierSuspended.accept(id);
                } catch (RuntimeException e) {
                    LOG.error("event=supplier.suspension_hook_failed supplier={} error=\"{}\"", id, e.getMessage(), e);
                }
                return s;
            }).onSuccess(s -> json(ctx, 200, entity(ReferenceStore.SUPPLIERS, s)));
        } catch (RuntimeException e) {
            refuse(ctx, e);
        }
    }

    /**
     * {@code POST /api/v1/admin/suppliers/{id}/reinstate} {@code {"reason", "version"?, "actor"?}}: ends a supplier's
     * suspension (or cancels one not yet in effect). 409 when it is not suspended.
     */
    private void reinstate(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        try {
            AdminBody body = new AdminBody(body(ctx), Set.of("reason", "version", "actor"));
            List<FieldError> checks = new ArrayList<>();
            String reason = requiredReason(body, checks, "why the supplier answers alarms again");
            Integer version = body.integer("version");
            String actor = actor(ctx, body);
            List<FieldError> errors = body.errors(checks);
            if (!errors.isEmpty()) {
                throw new Invalid(errors);
            }
            blocking(ctx, () -> {
                Instant[] wasFrom = new Instant[1];
                Stored<Supplier> s = store.update(ReferenceStore.SUPPLIERS, id, version, old -> {
                    if (!old.isSuspended()) {
                        throw new Refused(ReferenceStore.Reason.CONFLICT, null, "supplier " + id
                                + " is not suspended");
                    }
                    wasFrom[0] = old.suspendedAt();
                    return old.reinstated();
                }, ReferenceStore.Change.REINSTATED, actor, clock.instant(), reason);
                LOG.info("event=supplier.reinstated supplier={} municipality={} suspended_from={} version={} "
                        + "actor=\"{}\"", id, s.value().municipalityId(), wasFrom[0], s.version(), actor);
                return s;
            }).onSuccess(s -> json(ctx, 200, entity(ReferenceStore.SUPPLIERS, s)));
        } catch (RuntimeException e) {
            refuse(ctx, e);
        }
    }

    /** The body's {@code reason}, stripped; a missing, blank or too long one adds a field error to {@code checks}. */
    private static String requiredReason(AdminBody body, List<FieldError> checks, String what) {
        String reason = stripped(body.string("reason"));
        if (reason == null || reason.isEmpty()) {
            checks.add(new FieldError("reason", "is required: " + what));
            return null;
        }
        if (reason.length() > Supplier.MAX_REASON) {
            checks.add(new FieldError("reason", "must be at most " + Supplier.MAX_REASON + " characters, got "
                    + reason.length()));
        }
        return reason;
    }

    // ---------------------------------------------------------------- notice of a change of supplier

    /**
     * The notice check of a new or changed supplier choice (the {@link Guard} of supplier choices). A choice that
     * changes nobody's supplier (a first choice, one after a gap, the same supplier again) or keeps the stored
     * version's supplier and first day is not checked, and keeps the override it had. An override the notice did not
     * need is not stored.
     */
    private Guarded<SupplierChoice> checkNotice(SupplierChoice candidate, SupplierChoice existing, String actor,
                                                Instant now) throws Exception {
        if (existing != null && existing.citizenId().equals(candidate.citizenId())
                && existing.supplierId().equals(candidate.supplierId())
                && existing.validFrom().equals(candidate.validFrom())) {
            return Guarded.as(candidate.withNoticeOverride(existing.noticeOverrideReason()));
        }
        SupplierChoice plain = candidate.withNoticeOverride(null);
        List<SupplierChoice> citizensChoices = store.choices(candidate.citizenId()).stream().map(Stored::value)
                .toList();
        Optional<SupplierChoice> from = SupplierChoices.changeFrom(candidate, citizensChoices);
        Optional<Stored<Citizen>> citizen = store.find(ReferenceStore.CITIZENS, candidate.citizenId());
        Optional<Stored<Supplier>> to = store.find(ReferenceStore.SUPPLIERS, candidate.supplierId());
        if (from.isEmpty() || citizen.isEmpty() || to.isEmpty()
                || !SupplierChoices.overlapping(candidate, citizensChoices).isEmpty()) {
            // no change of supplier; or one the store refuses whatever the notice (unknown citizen or supplier, an
            // overlap: "end that choice first"), which is the first thing to fix
            return Guarded.as(plain);
        }
        Optional<Stored<Supplier>> leaving = store.find(ReferenceStore.SUPPLIERS, from.get().supplierId());
        Instant endOfFirstDay = CopenhagenCalendar.startOfDay(candidate.validFrom().plusDays(1));
        if (leaving.isPresent() && leaving.get().value().isSuspended()
                && leaving.get().value().suspendedAt().isBefore(endOfFirstDay)) {
            // 000 Norddjurs §3.1: a supplier that cannot go on (bankruptcy) is replaced at once
            LOG.info("event=supplier_choice.notice_waived choice={} from_supplier={} to_supplier={} valid_from={} "
                    + "cause=supplier_suspended actor=\"{}\"", candidate.id(), from.get().supplierId(),
                    candidate.supplierId(), candidate.validFrom(), actor);
            return Guarded.as(plain);
        }
        String municipalityId = citizen.get().value().municipalityId();
        RuleProfile profile = profiles.apply(municipalityId);
        ChangeNotice rule = profile.supplierChangeNotice();
        SupplierChangeNotice.Verdict verdict = SupplierChangeNotice.check(rule, CopenhagenCalendar.dateAt(now),
                candidate.validFrom());
        if (!verdict.tooShort()) {
            return Guarded.as(plain);
        }
        String reason = candidate.noticeOverrideReason();
        if (reason == null) {
            throw new NoticeTooShort(verdict, profile, from.get(), candidate);
        }
        // the reason is free text about a citizen: it stays in the record and its history, not in the log
        return new Guarded<>(candidate, reason, () -> {
            LOG.info("event=supplier_choice.notice_overridden choice={} municipality={} profile={} from_supplier={} "
                    + "to_supplier={} valid_from={} earliest_allowed={} requested_on={} notice_days={} "
                    + "to_end_of_month={} actor=\"{}\"", candidate.id(), municipalityId, profile.id(),
                    from.get().supplierId(), candidate.supplierId(), candidate.validFrom(), verdict.earliest(),
                    verdict.requestedOn(), rule.days(), rule.toEndOfMonth(), actor);
            return null;
        });
    }

    // ---------------------------------------------------------------- webhooks

    /**
     * The webhook check of a new or changed supplier (its {@link Guard}): a URL whose target is refused is a 400
     * naming the problem; after the change commits, a supplier with a URL and no signing secret gets one, returned
     * once as {@code webhookSecret}.
     */
    private Guarded<Supplier> checkWebhook(Supplier candidate, Supplier existing, String actor, Instant now) {
        String url = candidate.webhookUrl();
        if (url == null) {
            return Guarded.as(candidate);
        }
        WebhookTargets.Verdict verdict = webhooks.targets().check(url);
        if (verdict instanceof WebhookTargets.Denied denied) {
            if (denied.reason() != WebhookTargets.Reason.UNRESOLVED) {
                LOG.info("event=webhook.denied supplier={} reason={} at=admin actor=\"{}\"", candidate.id(),
                        denied.reason().code(), actor);
                throw new Invalid(List.of(new FieldError("webhookUrl", denied.message())));
            }
            // the supplier's DNS may not be set up yet; every delivery checks again
            LOG.info("event=webhook.unresolved supplier={} at=admin actor=\"{}\"", candidate.id(), actor);
        }
        return new Guarded<>(candidate, null, () -> webhooks.secrets().ensure(candidate.id(), actor,
                clock.instant()).map(issued -> {
                    LOG.info("event=webhook.secret_issued supplier={} cause=webhook_url_set actor=\"{}\"",
                            candidate.id(), actor);
                    return new JsonObject().put("webhookSecret", issued.secret());
                }).orElse(null));
    }

    /**
     * {@code POST /api/v1/admin/suppliers/{id}/webhook-secret} {@code {"actor"?}}: a new signing secret for the
     * supplier's webhook, returned once; the previous one keeps signing beside it until {@code previousValidUntil}.
     * 404 for an unknown supplier, 409 when it has no webhook URL.
     */
    private void rotateWebhookSecret(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        try {
            AdminBody body = new AdminBody(body(ctx), Set.of("actor"));
            String actor = actor(ctx, body);
            List<FieldError> errors = body.errors(List.of());
            if (!errors.isEmpty()) {
                throw new Invalid(errors);
            }
            blocking(ctx, () -> {
                Supplier supplier = store.find(ReferenceStore.SUPPLIERS, id).orElseThrow(() ->
                        ApiException.notFound("no supplier with id " + id)).value();
                if (supplier.webhookUrl() == null) {
                    throw new Refused(ReferenceStore.Reason.CONFLICT, "webhookUrl", "supplier " + id
                            + " has no webhook URL; set one (PUT) and its secret comes with the answer");
                }
                return webhooks.secrets().rotate(id, actor, clock.instant(), webhooks.secretOverlap());
            }).onSuccess(issued -> {
                LOG.info("event=webhook.secret_rotated supplier={} previous_valid_until={} actor=\"{}\"", id,
                        issued.previousRetiresAt(), actor);
                ctx.response().putHeader("cache-control", "no-store");
                json(ctx, 200, new JsonObject().put("supplierId", id).put("webhookSecret", issued.secret())
                        .put("createdAt", issued.createdAt().toString())
                        .put("previousValidUntil", issued.previousRetiresAt() == null ? null
                                : issued.previousRetiresAt().toString()));
            });
        } catch (RuntimeException e) {
            refuse(ctx, e);
        }
    }

    /** {@code json} with {@code extra}'s fields; an answer that carries a secret is not to be cached. */
    private static JsonObject withExtra(RoutingContext ctx, JsonObject json, JsonObject extra) {
        if (extra == null) {
            return json;
        }
        if (extra.containsKey("webhookSecret")) {
            ctx.response().putHeader("cache-control", "no-store");
        }
        return json.mergeIn(extra);
    }

    private static String citationText(Citation citation) {
        return citation == null ? "no citation on the profile" : citation.toString();
    }

    /**
     * What was on record for {@code account} at {@code at} (default now): the binding, citizen, supplier choice,
     * chosen supplier and who was on duty there, as routing reads it.
     */
    private void routing(RoutingContext ctx) {
        String account = ctx.queryParams().get("account");
        Instant at;
        try {
            if (account == null || !ACCOUNT.matcher(account).matches()) {
                throw new Invalid(List.of(new FieldError("account", "must be 3-16 hex digits")));
            }
            at = instantParam(ctx, "at", clock.instant());
        } catch (RuntimeException e) {
            refuse(ctx, e);
            return;
        }
        blocking(ctx, () -> store.routingDataFor(account, at, null, Duration.ZERO)).onSuccess(data -> {
            JsonObject out = new JsonObject().put("account", account.toUpperCase(Locale.ROOT)).put("at", at.toString());
            explain(data, account, at, out);
            json(ctx, 200, out);
        });
    }

    private static void explain(RoutingData data, String account, Instant at, JsonObject out) {
        Optional<DeviceBinding> binding = DeviceBindings.validAt(data.bindings(), account, at);
        out.put("binding", binding.map(b -> {
            JsonObject json = ReferenceJson.binding(null, b);
            json.remove("id");
            return json;
        }).orElse(null));
        Optional<Citizen> citizen = binding.flatMap(b -> data.citizens().stream()
                .filter(c -> c.id().equals(b.citizenId())).findFirst());
        out.put("citizen", citizen.map(ReferenceJson::citizen).orElse(null));
        Optional<SupplierChoice> choice = citizen.flatMap(c -> SupplierChoices.validAt(data.choices(), c.id(), at));
        out.put("choice", choice.map(ReferenceJson::choice).orElse(null));
        Optional<Supplier> supplier = choice.flatMap(ch -> data.suppliers().stream()
                .filter(s -> s.id().equals(ch.supplierId())).findFirst());
        out.put("supplier", supplier.map(ReferenceJson::supplier).orElse(null));
        JsonArray onDuty = new JsonArray();
        supplier.ifPresent(s -> DutyRoster.onDuty(data.shifts(), s.id(), at).forEach(sh ->
                onDuty.add(ReferenceJson.shift(sh))));
        out.put("onDuty", onDuty);
    }

    /** Every gap in the supplier's 24/7 on-duty coverage from now over {@code days} days (1-31, default 7). */
    private void coverage(RoutingContext ctx) {
        String supplierId = ctx.pathParam("id");
        int days;
        try {
            days = intParam(ctx, "days", 7, 1, MAX_COVERAGE_DAYS);
        } catch (RuntimeException e) {
            refuse(ctx, e);
            return;
        }
        Instant from = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant to = from.plus(Duration.ofDays(days));
        blocking(ctx, () -> {
            if (store.find(ReferenceStore.SUPPLIERS, supplierId).isEmpty()) {
                throw ApiException.notFound("no supplier with id " + supplierId);
            }
            return DutyRoster.coverageGaps(store.shifts(supplierId, from, to), from, to);
        }).onSuccess(gaps -> {
            JsonArray items = new JsonArray();
            for (Interval gap : gaps) {
                long seconds = gap.duration().getSeconds();
                items.add(new JsonObject().put("from", gap.start().toString()).put("to", gap.end().toString())
                        .put("minutes", (seconds + 59) / 60));
            }
            json(ctx, 200, new JsonObject().put("supplierId", supplierId).put("from", from.toString())
                    .put("to", to.toString()).put("gaps", items));
        });
    }

    // ---------------------------------------------------------------- helpers

    private static List<FieldError> validateBinding(BindingRow b) {
        List<FieldError> errors = new ArrayList<>();
        if (b.id() == null || b.id().isBlank()) {
            errors.add(new FieldError("id", "must not be blank"));
        }
        String account = b.binding().account();
        if (account != null && !account.isBlank() && !ACCOUNT.matcher(account).matches()) {
            errors.add(new FieldError("account", "must be 3-16 hex digits"));
        }
        errors.addAll(b.binding().validate());
        return errors;
    }

    private static String stripped(String text) {
        return text == null ? null : text.strip();
    }

    private static Set<String> with(Set<String> fields, String... more) {
        Set<String> all = new LinkedHashSet<>(fields);
        all.addAll(List.of(more));
        return all;
    }

    private static JsonObject body(RoutingContext ctx) {
        JsonObject json = Responses.bodyObject(ctx);
        if (json == null) {
            throw ApiException.badRequest("body must be a JSON object");
        }
        return json;
    }

    /** The actor to record: the body's {@code actor}, else the {@code X-Actor} header, else "admin". */
    private static String actor(RoutingContext ctx, AdminBody body) {
        String actor = body == null ? null : body.string("actor");
        String field = "actor";
        if (actor == null) {
            actor = ctx.request().getHeader("X-Actor");
            field = "X-Actor";
        }
        if (actor == null) {
            return "admin";
        }
        if (actor.isBlank() || actor.length() > MAX_ACTOR) {
            if (body == null) {
                throw new Invalid(List.of(new FieldError(field, "must be 1-" + MAX_ACTOR + " characters")));
            }
            body.error(field, "must be 1-" + MAX_ACTOR + " characters");
        }
        return actor.strip();
    }

    private static Instant instantParam(RoutingContext ctx, String name, Instant defaultValue) {
        String text = ctx.queryParams().get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid(List.of(new FieldError(name, "must be an ISO-8601 instant with offset")));
        }
    }

    private static int intParam(RoutingContext ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.queryParams().get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Invalid(List.of(new FieldError(name, "must be a whole number from " + min + " to " + max)));
    }

    private static <T> JsonObject entity(Kind<T> kind, Stored<T> s) {
        return kind.json(s.value()).put("version", s.version()).put("changedAt", s.changedAt().toString())
                .put("changedBy", s.changedBy());
    }

    private static <T> JsonObject items(Kind<T> kind, List<Stored<T>> list) {
        JsonArray items = new JsonArray();
        list.forEach(s -> items.add(entity(kind, s)));
        return new JsonObject().put("items", items);
    }

    /** Runs blocking store work on a worker thread; a refusal becomes its error response. */
    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> refuse(ctx, e));
    }

    private static void refuse(RoutingContext ctx, Throwable e) {
        if (e instanceof NoticeTooShort n) {
            if (!ctx.response().ended()) {
                SupplierChangeNotice.Verdict v = n.verdict;
                json(ctx, 409, new JsonObject().put("error", "notice_too_short").put("message", n.getMessage())
                        .put("fields", new JsonArray().add(new JsonObject().put("field", "validFrom")
                                .put("message", "is before " + v.earliest() + ", the earliest day the notice allows")))
                        .put("requestedOn", v.requestedOn().toString())
                        .put("earliestAllowed", v.earliest().toString())
                        .put("notice", new JsonObject().put("days", v.rule().days())
                                .put("toEndOfMonth", v.rule().toEndOfMonth())
                                .put("text", SupplierChangeNotice.describe(v.rule())))
                        .put("citation", n.citation == null ? null : n.citation.toString())
                        .put("changeFrom", new JsonObject().put("choiceId", n.from.id())
                                .put("supplierId", n.from.supplierId())));
            }
        } else if (e instanceof Invalid) {
            List<FieldError> errors = ((Invalid) e).errors;
            error(ctx, ApiException.badRequest(errors.get(0).toString()), errors);
        } else if (e instanceof Refused) {
            Refused r = (Refused) e;
            ApiException api;
            switch (r.reason()) {
                case NOT_FOUND:
                    api = ApiException.notFound(r.getMessage());
                    break;
                case CONFLICT:
                    api = new ApiException(409, "conflict", r.getMessage());
                    break;
                default:
                    api = new ApiException(422, "unknown_reference", r.getMessage());
                    break;
            }
            error(ctx, api, r.field() == null ? List.of() : List.of(new FieldError(r.field(), r.getMessage())));
        } else {
            Responses.failed(ctx, e);
        }
    }

    private static void error(RoutingContext ctx, ApiException e, List<FieldError> fields) {
        Responses.error(ctx, e, fields);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        Responses.json(ctx, status, body);
    }
}
