package dk.vagtcentral.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the Prometheus alert rules name only metrics the server exports: a rename in the code
 * that is not carried into config/ fails here instead of leaving an empty panel or an alert that never fires.
 */
class DashboardQueriesTest {
    static final Path DASHBOARD = config("grafana/vagtcentral-dashboard.json");
    static final Path ALERTS = config("prometheus/vagtcentral-alerts.yaml");
    /** Series that Prometheus (up) and the blackbox exporter (probe_success) make, not the server. */
    static final Set<String> NOT_OURS = Set.of("up", "probe_success");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private static Path config(String file) {
        Path here = Path.of("..", "config", file); // Maven runs the tests in server/
        return Files.exists(here) ? here : Path.of("config", file);
    }

    /** The metric names a PromQL expression (or a Grafana label_values() query) reads. */
    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher lv = LABEL_VALUES.matcher(expr);
        if (lv.find()) {
            names.add(lv.group(1)); // label_values(metric{...}, label): the label is not a metric
            return names;
        }
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // strings, with the label matchers' values
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " "); // range selectors and subqueries
        s = GROUPING.matcher(s).replaceAll(" ");
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String token = m.group();
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            boolean function = after < s.length() && s.charAt(after) == '(';
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1)); // 1e3, 5m
            if (!function && !number && !KEYWORDS.contains(token.toLowerCase()) && !token.startsWith("$")) {
                names.add(token);
            }
        }
        return names;
    }

    @Test
    void theExtractorFindsMetricsAndNothingElse() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, instance) (rate(a_seconds_bucket{job=~\"$job\","
                + " kind=~\"X|Y\"}[$__rate_interval]))) > 5")).containsExactly("a_seconds_bucket");
        assertThat(metricNames("b == 0 and on (instance) sum without (x) (c_total offset 5m) > 1e3"))
                .containsExactly("b", "c_total");
        assertThat(metricNames("label_values(d_info{job=~\"$job\"}, instance)")).containsExactly("d_info");
    }

    /** Every expression in the dashboard: the panels' targets and the variables' queries. */
    static List<String> dashboardExpressions() throws Exception {
        JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
        List<String> out = new ArrayList<>();
        collect(dashboard.getJsonArray("panels"), out);
        for (Object v : dashboard.getJsonObject("templating").getJsonArray("list")) {
            JsonObject variable = (JsonObject) v;
            if ("query".equals(variable.getString("type"))) {
                Object q = variable.getValue("query");
                out.add(q instanceof JsonObject o ? o.getString("query") : String.valueOf(q));
            }
        }
        return out;
    }

    private static void collect(Object node, List<String> out) {
        if (node instanceof JsonObject o) {
            o.forEach(e -> {
                if (e.getKey().equals("expr") && e.getValue() instanceof String expr) {
                    out.add(expr);
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (node instanceof JsonArray a) {
            a.forEach(x -> collect(x, out));
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> alertExpressions() throws Exception {
        Map<String, Object> rules = new Yaml().load(Files.readString(ALERTS));
        List<String> out = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                out.add(String.valueOf(rule.get("expr")));
            }
        }
        return out;
    }

    @Test
    void dashboardAndAlertsNameOnlyExportedMetrics(@TempDir Path dataDir) throws Exception {
        Set<String> wanted = new TreeSet<>();
        List<String> dashboard = dashboardExpressions();
        List<String> alerts = alertExpressions();
        assertThat(dashboard).as("dashboard queries").hasSizeGreaterThan(20);
        assertThat(alerts).as("alert rules").hasSizeGreaterThan(10);
        dashboard.forEach(e -> wanted.addAll(metricNames(e)));
        alerts.forEach(e -> wanted.addAll(metricNames(e)));
        wanted.removeAll(NOT_OURS);

        // a town with a supplier, rules 600 times faster: an unanswered call climbs the whole ladder in seconds,
        // so the meters registered on first use (escalations, inbox, routing) are there to be scraped
        try (TestServer first = TestServer.start(dataDir, Map.of())) {
            TestTown.create(first.baseUrl(), null);
        }
        // started again on the town: the duty-coverage gauges per supplier come from the check at startup
        try (TestServer server = TestServer.start(dataDir, Map.of("dispatch.time-scale", 600))) {
            TestTown.send(server, 1, TestTown.account(0), "QA001");
            TestTown.send(server, 2, "1005", "QA001"); // bound to nobody: unroutable
            Set<String> missing = new TreeSet<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Set<String> exported = new Scrape(server.get("/metrics").body()).names();
                missing.clear();
                missing.addAll(wanted);
                missing.removeAll(exported);
                assertThat(missing).as("metrics the dashboard or the alert rules use that /metrics does not export")
                        .isEmpty();
            });
        }
    }
}
