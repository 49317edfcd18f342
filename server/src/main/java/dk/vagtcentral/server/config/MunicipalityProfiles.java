package dk.vagtcentral.server.config;

import dk.vagtcentral.server.domain.ActionPlanRule;
import dk.vagtcentral.server.domain.ChangeNotice;
import dk.vagtcentral.server.domain.Citation;
import dk.vagtcentral.server.domain.CloseOutcome;
import dk.vagtcentral.server.domain.Duties;
import dk.vagtcentral.server.domain.ResponseKind;
import dk.vagtcentral.server.domain.EscalationLadder;
import dk.vagtcentral.server.domain.EscalationStep;
import dk.vagtcentral.server.domain.FieldError;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.ResponseWindow;
import dk.vagtcentral.server.domain.RuleProfile;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The municipalities' rule profiles, one YAML file each in {@code config/municipalities/} (the file name without
 * {@code .yaml} is the profile id). Every key is checked: an unknown key, a missing one or a bad value is a
 * {@link ConfigException} whose key names the file and the key, e.g. {@code viborg.yaml: ladder[1].after}.
 *
 * <p>Every rule cites where it comes from (DOMAIN.md rule 17): {@code source:} quotes the contract clause,
 * {@code assumption:} says why a rule no contract states is there. A rule without either is refused, and so is a
 * ladder step that forwards a call before its response window ends on an assumption (rule 14). A rule left out
 * gets its default, cited as "not configured" (duties are then off).
 *
 * <pre>
 * id: viborg                                  # required, equal to the file name
 * name: Viborg Kommune                        # required
 * source: "002 Viborg"                        # optional: the contract the profile follows
 * response-window: {value: PT30M, source: "002 Viborg §6: ..."}                 # default PT30M
 * permitted-responses:                        # default all four
 *   value: [HELP_SENT, NURSE_REQUESTED, DOCTOR_CONTACTED, EMERGENCY_112]
 *   source: "002 Viborg §6: ..."
 * ladder:                                     # default: EscalationLadder.defaultLadder
 *   - id: renotify-backup                     # unique within the ladder
 *     after: PT3M                             # ISO-8601 duration, or "response-window"
 *     condition: NOT_ACKNOWLEDGED             # NOT_ACKNOWLEDGED | NOT_RESPONDED | MUNICIPAL_NOT_ACKNOWLEDGED
 *     action: RENOTIFY_BACKUP                 # RENOTIFY_BACKUP | WARN_SUPERVISORS | FORWARD_MUNICIPAL | FORWARD_FIRE
 *     assumption: "operational: ..."
 * justification: {required: true, due: P7D, source: "002 Viborg §6: ..."}      # default off
 * justification-redo: {value: P7D, assumption: "..."}                         # default = justification due
 * action-plan:                                # default off
 *   required: true
 *   counting: ROLLING_30_DAYS                 # ROLLING_30_DAYS | CALENDAR_MONTH
 *   threshold: 2
 *   source: "002 Viborg §6: ..."
 * action-plan-follow-up: {value: P90D, assumption: "..."}                      # default P90D
 * forward-charges:                            # default none
 *   FIRE_AND_RESCUE: {amount: 2500.00, source: "003 Odder §4.11: ..."}
 * reportable-outcomes: {value: [INJURED, ADMITTED, DECEASED], source: "..."}  # default none
 * supplier-change-notice: {days: 30, to-end-of-month: true, source: "..."}    # default none
 * </pre>
 * Steps on {@code MUNICIPAL_NOT_ACKNOWLEDGED} count from the hand-over to municipal home care, all others from
 * receipt. A time scale N divides every duration by N (demo and training runs: {@code --time-scale N}).
 */
public final class MunicipalityProfiles {
    /** Where the profiles live, relative to the installation directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("config", "municipalities");

    private static final Set<String> TOP_KEYS = Set.of("id", "name", "source", "response-window",
            "permitted-responses", "ladder", "justification", "justification-redo", "action-plan",
            "action-plan-follow-up", "forward-charges", "reportable-outcomes", "supplier-change-notice");
    private static final Set<String> CITE = Set.of("source", "assumption");
    private static final Set<String> VALUE_KEYS = union(Set.of("value"), CITE);
    private static final Set<String> STEP_KEYS = union(Set.of("id", "after", "condition", "action"), CITE);
    private static final Set<String> JUSTIFICATION_KEYS = union(Set.of("required", "due"), CITE);
    private static final Set<String> ACTION_PLAN_KEYS = union(Set.of("required", "counting", "threshold"), CITE);
    private static final Set<String> CHARGE_KEYS = union(Set.of("amount"), CITE);
    private static final Set<String> NOTICE_KEYS = union(Set.of("days", "to-end-of-month"), CITE);
    private static final String NOT_CONFIGURED = "not configured in this profile: ";
    private static final String RESPONSE_WINDOW_REF = "response-window";

    private final Map<String, RuleProfile> profiles;
    private final int timeScale;

    private MunicipalityProfiles(Map<String, RuleProfile> profiles, int timeScale) {
        this.profiles = profiles;
        this.timeScale = timeScale;
    }

    /** Reads every {@code *.yaml} in {@code directory}; durations divided by {@code timeScale} (1 = real time). */
    public static MunicipalityProfiles load(Path directory, int timeScale) {
        checkTimeScale(timeScale);
        if (!Files.isDirectory(directory)) {
            throw new ConfigException("dispatch.municipalities", "no such directory: " + directory);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException("dispatch.municipalities", "cannot list " + directory + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new ConfigException("dispatch.municipalities", "no *.yaml rule profiles in " + directory);
        }
        Map<String, RuleProfile> profiles = new LinkedHashMap<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(file.getFileName().toString(), "cannot read " + file + ": " + e.getMessage());
            }
            RuleProfile profile = parse(file.getFileName().toString(), text, timeScale);
            profiles.put(profile.id(), profile);
        }
        return new MunicipalityProfiles(profiles, timeScale);
    }

    /** The profiles shipped in {@code config/municipalities}, bundled into the jar. */
    public static final List<String> BUILT_IN = List.of("viborg", "odder", "horsens", "norddjurs");

    /** The built-in profiles ({@link #BUILT_IN}); durations divided by {@code timeScale}. */
    public static MunicipalityProfiles builtIn(int timeScale) {
        checkTimeScale(timeScale);
        Map<String, RuleProfile> profiles = new LinkedHashMap<>();
        for (String id : BUILT_IN) {
            String name = id + ".yaml";
            try (java.io.InputStream in = MunicipalityProfiles.class.getResourceAsStream("/municipalities/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("built-in rule profile missing from the jar: " + name);
                }
                RuleProfile profile = parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), timeScale);
                profiles.put(profile.id(), profile);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read built-in rule profile " + name, e);
            }
        }
        return new MunicipalityProfiles(profiles, timeScale);
    }

    /** Parses and validates one profile; {@code fileName} (e.g. {@code viborg.yaml}) names it in errors. */
    public static RuleProfile parse(String fileName, String yamlText, int timeScale) {
        checkTimeScale(timeScale);
        return new FileParser(fileName).parse(yamlText, timeScale);
    }

    public Optional<RuleProfile> find(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    /** The profile {@code id}; a {@link ConfigException} when there is none (a municipality names a missing file). */
    public RuleProfile get(String id) {
        RuleProfile p = profiles.get(id);
        if (p == null) {
            throw new ConfigException("municipalities", "no rule profile '" + id + "'; known: " + profiles.keySet());
        }
        return p;
    }

    public Collection<RuleProfile> all() {
        return profiles.values();
    }

    public Set<String> ids() {
        return profiles.keySet();
    }

    public int timeScale() {
        return timeScale;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static void checkTimeScale(int timeScale) {
        if (timeScale < 1) {
            throw new ConfigException("time-scale", "must be a whole number of at least 1, got " + timeScale);
        }
    }

    /** Parses one file; every error names the file and the key. */
    private static final class FileParser {
        private final String file;

        FileParser(String file) {
            this.file = file;
        }

        RuleProfile parse(String text, int timeScale) {
            Object root;
            try {
                LoaderOptions options = new LoaderOptions();
                options.setAllowDuplicateKeys(false);
                root = new Yaml(new SafeConstructor(options)).load(text);
            } catch (YAMLException e) {
                throw new ConfigException(file, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (!(root instanceof Map<?, ?> map)) {
                throw new ConfigException(file, "the top level must be a mapping of keys");
            }
            Map<String, Object> top = keys(map, "", TOP_KEYS);

            String id = text(top, "id", true);
            String stem = file.endsWith(".yaml") ? file.substring(0, file.length() - ".yaml".length()) : file;
            if (!id.equals(stem)) {
                throw error("id", "must equal the file name '" + stem + "', got '" + id + "'");
            }
            String name = text(top, "name", true);
            String source = text(top, "source", false);
            Map<String, Citation> citations = new LinkedHashMap<>();

            Duration window = ResponseWindow.DEFAULT_LENGTH;
            if (top.containsKey("response-window")) {
                Map<String, Object> m = cited(top, "response-window", VALUE_KEYS, citations);
                window = duration(m.get("value"), "response-window.value");
            } else {
                citations.put("response-window", Citation.assumption(NOT_CONFIGURED + "the default " + window));
            }
            Set<ResponseKind> responses = EnumSet.allOf(ResponseKind.class);
            if (top.containsKey("permitted-responses")) {
                Map<String, Object> m = cited(top, "permitted-responses", VALUE_KEYS, citations);
                responses = enumSet(ResponseKind.class, m.get("value"), "permitted-responses.value", false);
            } else {
                citations.put("permitted-responses", Citation.assumption(NOT_CONFIGURED + "all four answers"));
            }
            EscalationLadder ladder = top.containsKey("ladder") ? ladder(top.get("ladder"), window)
                    : EscalationLadder.defaultLadder(window);

            boolean justificationRequired = false;
            Duration justificationDue = Duties.DEFAULT_JUSTIFICATION_DUE;
            if (top.containsKey("justification")) {
                Map<String, Object> m = cited(top, "justification", JUSTIFICATION_KEYS, citations);
                justificationRequired = bool(m, "required", "justification.required");
                if (m.containsKey("due")) {
                    justificationDue = duration(m.get("due"), "justification.due");
                }
            } else {
                citations.put("justification", Citation.assumption(NOT_CONFIGURED + "no justification duty"));
            }
            Duration justificationRedo = justificationDue;
            if (top.containsKey("justification-redo")) {
                Map<String, Object> m = cited(top, "justification-redo", VALUE_KEYS, citations);
                justificationRedo = duration(m.get("value"), "justification-redo.value");
            } else {
                citations.put("justification-redo", Citation.assumption(NOT_CONFIGURED
                        + "the same period as the justification"));
            }
            boolean planRequired = false;
            ActionPlanRule.Counting counting = ActionPlanRule.DEFAULT.counting();
            int threshold = ActionPlanRule.DEFAULT.threshold();
            if (top.containsKey("action-plan")) {
                Map<String, Object> m = cited(top, "action-plan", ACTION_PLAN_KEYS, citations);
                planRequired = bool(m, "required", "action-plan.required");
                if (m.containsKey("counting")) {
                    counting = enumValue(ActionPlanRule.Counting.class, m.get("counting"), "action-plan.counting");
                }
                if (m.containsKey("threshold")) {
                    Object t = m.get("threshold");
                    if (!(t instanceof Integer n)) {
                        throw error("action-plan.threshold", "must be a whole number, got '" + t + "'");
                    }
                    threshold = n;
                }
            } else {
                citations.put("action-plan", Citation.assumption(NOT_CONFIGURED + "no action-plan duty"));
            }
            Duration followUp = ActionPlanRule.DEFAULT_FOLLOW_UP;
            if (top.containsKey("action-plan-follow-up")) {
                Map<String, Object> m = cited(top, "action-plan-follow-up", VALUE_KEYS, citations);
                followUp = duration(m.get("value"), "action-plan-follow-up.value");
            } else {
                citations.put("action-plan-follow-up", Citation.assumption(NOT_CONFIGURED + "the default "
                        + followUp));
            }
            Map<ForwardTarget, BigDecimal> charges = top.containsKey("forward-charges")
                    ? charges(top.get("forward-charges"), citations) : Map.of();
            Set<CloseOutcome> reportable = Set.of();
            if (top.containsKey("reportable-outcomes")) {
                Map<String, Object> m = cited(top, "reportable-outcomes", VALUE_KEYS, citations);
                reportable = enumSet(CloseOutcome.class, m.get("value"), "reportable-outcomes.value", true);
            } else {
                citations.put("reportable-outcomes", Citation.assumption(NOT_CONFIGURED + "none"));
            }
            ChangeNotice notice = ChangeNotice.NONE;
            if (top.containsKey("supplier-change-notice")) {
                Map<String, Object> m = cited(top, "supplier-change-notice", NOTICE_KEYS, citations);
                Object days = m.get("days");
                if (!(days instanceof Integer n) || n < 0) {
                    throw error("supplier-change-notice.days", "must be a whole number of days, 0 or more, got '"
                            + days + "'");
                }
                notice = new ChangeNotice(n, m.containsKey("to-end-of-month")
                        && bool(m, "to-end-of-month", "supplier-change-notice.to-end-of-month"));
            } else {
                citations.put("supplier-change-notice", Citation.assumption(NOT_CONFIGURED + "no notice required"));
            }

            Duties duties = new Duties(justificationRequired, justificationDue, justificationRedo, planRequired,
                    new ActionPlanRule(counting, threshold, followUp), charges);
            RuleProfile profile = new RuleProfile(id, name, source, new ResponseWindow(window), ladder, duties,
                    responses, reportable, notice, citations);
            check(profile);
            RuleProfile scaled;
            try {
                scaled = profile.timeScaled(timeScale);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("time-scale", file + ": " + e.getMessage());
            }
            check(scaled);
            return scaled;
        }

        /**
         * The mapping under {@code key}, its keys checked, with its citation recorded under {@code key}: exactly one
         * of {@code source:} and {@code assumption:} is required.
         */
        private Map<String, Object> cited(Map<String, Object> top, String key, Set<String> known,
                                          Map<String, Citation> citations) {
            Object value = top.get(key);
            if (!(value instanceof Map<?, ?> map)) {
                throw error(key, "must be a mapping with the rule and its source: or assumption:, e.g. "
                        + "{value: ..., source: \"002 Viborg §6 ...\"}");
            }
            Map<String, Object> m = keys(map, key + ".", known);
            citations.put(key, citation(m, key));
            return m;
        }

        private Citation citation(Map<String, Object> m, String key) {
            String source = text(m, key + ".source", "source", false);
            String assumption = text(m, key + ".assumption", "assumption", false);
            if (source != null && assumption != null) {
                throw error(key, "has both source: and assumption:; a rule is either in the contract or assumed");
            }
            if (source == null && assumption == null) {
                throw error(key + ".source", "is required: cite the contract clause (source:) or say why the rule"
                        + " is assumed (assumption:)");
            }
            return source != null ? Citation.source(source) : Citation.assumption(assumption);
        }

        private boolean bool(Map<String, Object> m, String key, String path) {
            Object v = m.get(key);
            if (!(v instanceof Boolean b)) {
                throw error(path, "must be true or false, got '" + v + "'");
            }
            return b;
        }

        private <E extends Enum<E>> Set<E> enumSet(Class<E> type, Object value, String key, boolean mayBeEmpty) {
            if (!(value instanceof List<?> list)) {
                throw error(key, "must be a list, e.g. [" + type.getEnumConstants()[0].name() + "]");
            }
            if (list.isEmpty() && !mayBeEmpty) {
                throw error(key, "must name at least one value");
            }
            Set<E> result = EnumSet.noneOf(type);
            for (int i = 0; i < list.size(); i++) {
                if (!result.add(enumValue(type, list.get(i), key + "[" + i + "]"))) {
                    throw error(key + "[" + i + "]", "repeats " + list.get(i));
                }
            }
            return result;
        }

        private void check(RuleProfile profile) {
            List<FieldError> errors = profile.validate();
            if (!errors.isEmpty()) {
                FieldError first = errors.get(0);
                throw error(first.field(), first.message());
            }
        }

        private EscalationLadder ladder(Object value, Duration window) {
            if (value == null) {
                return new EscalationLadder(List.of());
            }
            if (!(value instanceof List<?> list)) {
                throw error("ladder", "must be a list of steps");
            }
            List<EscalationStep> steps = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String p = "ladder[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    throw error(p, "must be a mapping with id, after, condition and action");
                }
                Map<String, Object> step = keys(m, p + ".", STEP_KEYS);
                String id = text(step, p + ".id", "id", true);
                Object after = step.get("after");
                Duration d = RESPONSE_WINDOW_REF.equals(after) ? window : duration(after, p + ".after");
                EscalationStep.Condition condition = enumValue(EscalationStep.Condition.class, step.get("condition"),
                        p + ".condition");
                EscalationStep.Action action = enumValue(EscalationStep.Action.class, step.get("action"),
                        p + ".action");
                steps.add(new EscalationStep(id, d, condition, action, citation(step, p)));
            }
            return new EscalationLadder(steps);
        }

        private Map<ForwardTarget, BigDecimal> charges(Object value, Map<String, Citation> citations) {
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> m)) {
                throw error("forward-charges", "must be a mapping from forward target to an amount in DKK");
            }
            Map<ForwardTarget, BigDecimal> charges = new EnumMap<>(ForwardTarget.class);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = "forward-charges." + e.getKey();
                ForwardTarget target = enumValue(ForwardTarget.class, String.valueOf(e.getKey()), key);
                if (!(e.getValue() instanceof Map<?, ?> entry)) {
                    throw error(key, "must be a mapping {amount: 2500.00, source: \"...\"}");
                }
                Map<String, Object> charge = keys(entry, key + ".", CHARGE_KEYS);
                citations.put(key, citation(charge, key));
                Object v = charge.get("amount");
                if (!(v instanceof Number || v instanceof String)) {
                    throw error(key + ".amount", "must be an amount in DKK such as 2500.00, got '" + v + "'");
                }
                BigDecimal amount;
                try {
                    amount = new BigDecimal(v.toString().strip());
                } catch (NumberFormatException ex) {
                    throw error(key, "must be an amount in DKK such as 2500.00, got '" + v + "'");
                }
                if (amount.signum() < 0) {
                    throw error(key, "must not be negative, got " + amount);
                }
                if (amount.stripTrailingZeros().scale() > 2) {
                    throw error(key, "must have at most two decimals (øre), got " + amount);
                }
                charges.put(target, amount.setScale(2));
            }
            return charges;
        }

        /** The map's entries by string key, refusing keys outside {@code known}. */
        private Map<String, Object> keys(Map<?, ?> map, String prefix, Set<String> known) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!known.contains(key)) {
                    throw error(prefix + key, "unknown key; known keys: "
                            + known.stream().sorted().collect(Collectors.joining(", ")));
                }
                result.put(key, e.getValue());
            }
            return result;
        }

        private String text(Map<String, Object> map, String key, boolean required) {
            return text(map, key, key, required);
        }

        private String text(Map<String, Object> map, String path, String key, boolean required) {
            Object o = map.get(key);
            if (o == null || o.toString().isBlank()) {
                if (required) {
                    throw error(path, "is required");
                }
                return null;
            }
            if (o instanceof Map<?, ?> || o instanceof List<?>) {
                throw error(path, "must be a single value");
            }
            return o.toString().strip();
        }

        private Duration duration(Object o, String key) {
            if (o == null) {
                throw error(key, "is required");
            }
            try {
                Duration d = Duration.parse(String.valueOf(o).strip());
                if (d.isNegative() || d.isZero()) {
                    throw error(key, "must be a positive duration, got '" + o + "'");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw error(key, "must be an ISO-8601 duration such as PT30M or P7D, got '" + o + "'");
            }
        }

        private <E extends Enum<E>> E enumValue(Class<E> type, Object o, String key) {
            String options = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            if (o == null) {
                throw error(key, "is required: one of " + options);
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(String.valueOf(o).strip())) {
                    return e;
                }
            }
            throw error(key, "must be one of " + options + ", got '" + o + "'");
        }

        private ConfigException error(String key, String problem) {
            return new ConfigException(file + ": " + key, problem);
        }

    }
}
