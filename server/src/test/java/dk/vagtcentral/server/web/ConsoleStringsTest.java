package dk.vagtcentral.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.domain.AlarmState;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.Handling;
import dk.vagtcentral.server.domain.InboxKind;
import dk.vagtcentral.server.domain.ResponseKind;
import dk.vagtcentral.server.domain.SupplierKind;
import dk.vagtcentral.server.domain.TimelineEvent;
import dk.vagtcentral.server.domain.UnroutableReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's string catalogue (web/console/strings.js) is whole: Danish and English have the same keys, every key
 * the page and its script ask for is there, and every value of the enums the console shows has its words, so no
 * enum name reaches the screen when the server grows a new one.
 */
class ConsoleStringsTest {
    static final Path WEB = Path.of("src/main/resources/web/console");
    static final Pattern KEY = Pattern.compile("'([A-Za-z0-9_.\\-]+)':");

    static Set<String> keys(String block) {
        Set<String> out = new TreeSet<>();
        Matcher m = KEY.matcher(block);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String read(String file) throws Exception {
        return Files.readString(WEB.resolve(file));
    }

    static Set<String> danish() throws Exception {
        String all = read("strings.js");
        return keys(all.substring(all.indexOf("  da: {"), all.indexOf("  en: {")));
    }

    static Set<String> english() throws Exception {
        String all = read("strings.js");
        return keys(all.substring(all.indexOf("  en: {")));
    }

    @Test
    void danishAndEnglishHaveTheSameKeys() throws Exception {
        assertThat(danish()).hasSizeGreaterThan(300);
        assertThat(english()).isEqualTo(danish());
    }

    @Test
    void everyKeyThePageAndItsScriptAskForIsThere() throws Exception {
        Set<String> used = new TreeSet<>();
        Matcher html = Pattern.compile("data-i18n(?:-aria-label)?=\"([^\"]+)\"").matcher(read("index.html"));
        while (html.find()) {
            used.add(html.group(1));
        }
        Matcher js = Pattern.compile("\\bt\\('([A-Za-z0-9_.\\-]+)'").matcher(read("console.js"));
        while (js.find()) {
            used.add(js.group(1));
        }
        assertThat(used).hasSizeGreaterThan(100);
        Set<String> da = danish();
        for (String key : used) {
            if (key.endsWith(".")) {
                // a prefix the script completes (t('live.' + state)): some keys must start with it
                assertThat(da).as(key).anyMatch(k -> k.startsWith(key));
            } else {
                assertThat(da).as(key).contains(key);
            }
        }
    }

    @Test
    void everyEnumValueTheConsoleShowsHasItsWords() throws Exception {
        Set<String> da = danish();
        assertThat(da).containsAll(prefixed("inbox.kind", InboxKind.values()));
        assertThat(da).containsAll(prefixed("state", AlarmState.values()));
        assertThat(da).containsAll(prefixed("state", "OPEN", "SUBMITTED", "ACCEPTED", "REJECTED", "REQUIRED",
                "APPROVED", "CONFIRMED", "DISMISSED", "RESOLVED"));
        assertThat(da).containsAll(prefixed("timeline", TimelineEvent.Kind.values()));
        assertThat(da).containsAll(prefixed("timeline", "JUSTIFICATION_SUBMITTED", "JUSTIFICATION_ACCEPTED",
                "JUSTIFICATION_REJECTED", "ACTION_PLAN_SUBMITTED", "ACTION_PLAN_APPROVED", "ACTION_PLAN_REJECTED",
                "BREACH_CONFIRMED", "BREACH_DISMISSED"));
        assertThat(da).containsAll(prefixed("category", EventCategory.values()));
        assertThat(da).containsAll(prefixed("handling", Handling.values()));
        assertThat(da).containsAll(prefixed("response", ResponseKind.values()));
        assertThat(da).containsAll(prefixed("target", ForwardTarget.values()));
        assertThat(da).containsAll(prefixed("supplierKind", SupplierKind.values()));
        assertThat(da).containsAll(prefixed("unroutable", UnroutableReason.values()));
        assertThat(da).containsAll(prefixed("plan.ruleText", "CALENDAR_MONTH", "ROLLING_30_DAYS"));
    }

    static List<String> prefixed(String prefix, Object... values) {
        return Stream.of(values).map(v -> prefix + "." + (v instanceof Enum<?> e ? e.name() : v)).toList();
    }

    @Test
    void theCatalogueIsTheOnlyPlaceWithWords() throws Exception {
        // the script builds its texts from the catalogue: no Danish letters in it outside comments
        String js = read("console.js").replaceAll("(?m)^\\s*(//|/\\*|\\*).*$", "");
        assertThat(js).doesNotContainPattern("[æøåÆØÅ]");
        assertThat(Arrays.stream(read("index.html").split("\n")).filter(l -> l.contains("<html"))).singleElement()
                .asString().contains("lang=\"da\"");
    }
}
