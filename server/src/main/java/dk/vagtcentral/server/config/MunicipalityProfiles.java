package dk.vagtcentral.server.config;

import dk.vagtcentral.server.domain.ActionPlanRule;
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
 * <pre>
 * id: viborg                       # required, equal to the file name
 * name: Viborg Kommune             # required
 * source: "002 Viborg §6"          # optional: the contract the rules come from
 * response-window: PT30M           # optional, default PT30M
 * ladder:                          # optional, default: the default ladder (municipal, then fire-and-rescue)
 *   - id: renotify-backup          # unique within the ladder
 *     after: PT3M                  # ISO-8601 duration, or "response-window"
 *     condition: NOT_ACKNOWLEDGED  # NOT_ACKNOWLEDGED | NOT_RESPONDED | MUNICIPAL_NOT_ACKNOWLEDGED
 *     action: RENOTIFY_BACKUP      # RENOTIFY_BACKUP | FORWARD_MUNICIPAL | FORWARD_FIRE
 * justification-due: P7D           # optional, default P7D
 * justification-redo: P7D          # optional, default = justification-due: time for a new version after rejection
 * action-plan:                     # optional
 *   counting: ROLLING_30_DAYS      # ROLLING_30_DAYS | CALENDAR_MONTH, default ROLLING_30_DAYS
 *   threshold: 2                   # whole number >= 1, default 2
 *   follow-up: P90D                # optional, default P90D: after plan approval, a forward is a breach candidate
 * forward-charges:                 # optional: DKK charged to the supplier per forward, by target
 *   FIRE_AND_RESCUE: 2500.00       # MUNICIPAL_HOME_CARE | FIRE_AND_RESCUE; at most two decimals
 * </pre>
 * Steps on {@code MUNICIPAL_NOT_ACKNOWLEDGED} count from the hand-over to municipal home care, all others from
 * receipt. A time scale N divides every duration by N (demo and training runs: {@code --time-scale N}).
 */
public final class MunicipalityProfiles {
    /** Where the profiles live, relative to the installation directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("config", "municipalities");

    private static final Set<String> TOP_KEYS = Set.of("id", "name", "source", "response-window", "ladder",
            "justification-due", "justification-redo", "action-plan", "forward-charges");
    private static final Set<String> STEP_KEYS = Set.of("id", "after", "condition", "action");
    private static final Set<String> ACTION_PLAN_KEYS = Set.of("counting", "threshold", "follow-up");
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
                root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
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
            Duration window = top.containsKey("response-window") ? duration(top.get("response-window"),
                    "response-window") : ResponseWindow.DEFAULT_LENGTH;
            EscalationLadder ladder = top.containsKey("ladder") ? ladder(top.get("ladder"), window)
                    : EscalationLadder.defaultLadder(window);
            Duration justificationDue = top.containsKey("justification-due")
                    ? duration(top.get("justification-due"), "justification-due")
                    : RuleProfile.DEFAULT_JUSTIFICATION_DUE;
            Duration justificationRedo = top.containsKey("justification-redo")
                    ? duration(top.get("justification-redo"), "justification-redo")
                    : justificationDue;
            ActionPlanRule actionPlan = top.containsKey("action-plan") ? actionPlan(top.get("action-plan"))
                    : ActionPlanRule.DEFAULT;
            Map<ForwardTarget, BigDecimal> charges = top.containsKey("forward-charges")
                    ? charges(top.get("forward-charges")) : Map.of();

            RuleProfile profile = new RuleProfile(id, name, source, new ResponseWindow(window), ladder,
                    justificationDue, actionPlan, charges, justificationRedo);
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

        private void check(RuleProfile profile) {
            List<FieldError> errors = profile.validate();
            if (!errors.isEmpty()) {
                FieldError first = errors.get(0);
                throw error(kebab(first.field()), first.message());
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
                steps.add(new EscalationStep(id, d, condition, action));
            }
            return new EscalationLadder(steps);
        }

        private ActionPlanRule actionPlan(Object value) {
            if (!(value instanceof Map<?, ?> m)) {
                throw error("action-plan", "must be a mapping with counting, threshold and follow-up");
            }
            Map<String, Object> plan = keys(m, "action-plan.", ACTION_PLAN_KEYS);
            ActionPlanRule.Counting counting = plan.containsKey("counting")
                    ? enumValue(ActionPlanRule.Counting.class, plan.get("counting"), "action-plan.counting")
                    : ActionPlanRule.DEFAULT.counting();
            int threshold = ActionPlanRule.DEFAULT.threshold();
            if (plan.containsKey("threshold")) {
                Object t = plan.get("threshold");
                if (!(t instanceof Integer n)) {
                    throw error("action-plan.threshold", "must be a whole number, got '" + t + "'");
                }
                threshold = n;
            }
            Duration followUp = plan.containsKey("follow-up")
                    ? duration(plan.get("follow-up"), "action-plan.follow-up")
                    : ActionPlanRule.DEFAULT_FOLLOW_UP;
            return new ActionPlanRule(counting, threshold, followUp);
        }

        private Map<ForwardTarget, BigDecimal> charges(Object value) {
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
                Object v = e.getValue();
                if (!(v instanceof Number || v instanceof String)) {
                    throw error(key, "must be an amount in DKK such as 2500.00, got '" + v + "'");
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

        /** {@code actionPlan.threshold} → {@code action-plan.threshold}; enum names are left alone. */
        private static String kebab(String field) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(field.charAt(i - 1))) {
                    sb.append('-').append(Character.toLowerCase(c));
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }
}
