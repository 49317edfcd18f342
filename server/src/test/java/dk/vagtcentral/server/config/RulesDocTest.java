package dk.vagtcentral.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.domain.Citation;
import dk.vagtcentral.server.domain.EscalationStep;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.RuleProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/rules.md} true: the rules of the four shipped profiles, with the clause or assumption each one
 * cites, rendered from the profiles themselves. When a profile changes, the test fails and writes the new page to
 * {@code target/rules.md}; run with {@code -Drules.doc.write=true} to write it to {@code docs/} instead.
 */
class RulesDocTest {
    static final Path DOC = Path.of("..", "docs", "rules.md");
    static final List<String> ORDER = List.of("viborg", "odder", "horsens", "norddjurs");

    @Test
    void theRulesPageIsRenderedFromTheProfiles() throws Exception {
        String expected = render(MunicipalityProfiles.load(MunicipalityProfilesTest.REAL, 1));
        if (Boolean.getBoolean("rules.doc.write")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "rules.md"), expected, StandardCharsets.UTF_8);
        }
        assertThat(actual).as("docs/rules.md is out of date: the rendered page is in server/target/rules.md "
                + "(or run this test with -Drules.doc.write=true)").isEqualTo(expected);
    }

    static String render(MunicipalityProfiles profiles) {
        StringBuilder sb = new StringBuilder();
        sb.append("# The rules per municipality\n\n")
                .append("Rendered from `config/municipalities/*.yaml` by `RulesDocTest` (it fails when this page and ")
                .append("the profiles disagree). Every rule cites the clause of the municipality's contract in ")
                .append("`shared/seeds/` it comes from (**source**), or says why it is there although no contract ")
                .append("states it (**assumption**). A step that forwards a call before its response window ends ")
                .append("needs a source; none of these profiles has one. Durations are real time; ")
                .append("`--time-scale N` divides them for demos.\n\n");
        sb.append("## At a glance\n\n| rule | ");
        ORDER.forEach(id -> sb.append(profiles.get(id).name()).append(" | "));
        sb.append("\n|---|").append("---|".repeat(ORDER.size())).append('\n');
        row(sb, "response window", profiles, p -> duration(p.responseWindow().length()));
        row(sb, "permitted answers", profiles, p -> p.permittedResponses().stream().map(Enum::name).sorted()
                .collect(Collectors.joining(", ")));
        row(sb, "ladder", profiles, p -> p.ladder().steps().stream().map(RulesDocTest::step)
                .collect(Collectors.joining("; ")));
        row(sb, "written justification", profiles, p -> p.duties().justificationRequired()
                ? "within " + duration(p.justificationDue()) : "no");
        row(sb, "action plan", profiles, p -> p.duties().actionPlanRequired()
                ? p.actionPlan().threshold() + " failures " + (p.actionPlan().counting().name().equals("CALENDAR_MONTH")
                ? "in a calendar month" : "within 30 days") : "no");
        row(sb, "charges", profiles, p -> p.forwardCharges().isEmpty() ? "none" : p.forwardCharges().entrySet()
                .stream().map(e -> e.getValue().toPlainString() + " DKK per forward to " + target(e.getKey()))
                .collect(Collectors.joining("; ")));
        row(sb, "reportable outcomes", profiles, p -> p.reportableOutcomes().isEmpty() ? "none"
                : p.reportableOutcomes().stream().map(Enum::name).sorted().collect(Collectors.joining(", ")));
        row(sb, "notice to switch supplier", profiles, p -> p.supplierChangeNotice().days() == 0 ? "none"
                : p.supplierChangeNotice().days() + " days" + (p.supplierChangeNotice().toEndOfMonth()
                ? " to the end of a month" : ""));
        for (String id : ORDER) {
            RuleProfile p = profiles.get(id);
            sb.append("\n## ").append(p.name()).append(" (`").append(id).append("`, ").append(p.source())
                    .append(")\n\n| rule | value | where it comes from |\n|---|---|---|\n");
            cited(sb, "response window", duration(p.responseWindow().length()), p.citation("response-window"));
            cited(sb, "permitted answers", p.permittedResponses().stream().map(Enum::name).sorted()
                    .collect(Collectors.joining(", ")), p.citation("permitted-responses"));
            for (EscalationStep s : p.ladder().steps()) {
                cited(sb, "ladder: " + s.id(), step(s), s.citation());
            }
            cited(sb, "written justification", p.duties().justificationRequired()
                    ? "within " + duration(p.justificationDue()) : "not required", p.citation("justification"));
            cited(sb, "new version after a rejection", "within " + duration(p.justificationRedo()),
                    p.citation("justification-redo"));
            cited(sb, "action plan", p.duties().actionPlanRequired() ? p.actionPlan().threshold() + " failures, "
                    + p.actionPlan().counting() : "not required", p.citation("action-plan"));
            cited(sb, "follow-up after an approved plan", duration(p.actionPlan().followUp()),
                    p.citation("action-plan-follow-up"));
            for (Map.Entry<ForwardTarget, java.math.BigDecimal> e : p.forwardCharges().entrySet()) {
                cited(sb, "charge: forward to " + target(e.getKey()), e.getValue().toPlainString() + " DKK",
                        p.citation("forward-charges." + e.getKey()));
            }
            cited(sb, "reportable outcomes", p.reportableOutcomes().isEmpty() ? "none" : p.reportableOutcomes()
                    .stream().map(Enum::name).sorted().collect(Collectors.joining(", ")),
                    p.citation("reportable-outcomes"));
            cited(sb, "notice to switch supplier", p.supplierChangeNotice().days() == 0 ? "none"
                    : p.supplierChangeNotice().days() + " days" + (p.supplierChangeNotice().toEndOfMonth()
                    ? " to the end of a month" : ""), p.citation("supplier-change-notice"));
        }
        return sb.toString().replace(" | \n", " |\n");
    }

    private static void row(StringBuilder sb, String rule, MunicipalityProfiles profiles,
                            java.util.function.Function<RuleProfile, String> value) {
        sb.append("| ").append(rule).append(" | ");
        ORDER.forEach(id -> sb.append(cell(value.apply(profiles.get(id)))).append(" | "));
        sb.append('\n');
    }

    private static void cited(StringBuilder sb, String rule, String value, Citation citation) {
        sb.append("| ").append(rule).append(" | ").append(cell(value)).append(" | ")
                .append(citation == null ? "" : (citation.isSource() ? "**source** " : "**assumption** ")
                        + cell(citation.text())).append(" |\n");
    }

    private static String step(EscalationStep s) {
        String when = s.condition() == EscalationStep.Condition.MUNICIPAL_NOT_ACKNOWLEDGED
                ? duration(s.after()) + " after the forward, if municipal home care has not taken it"
                : duration(s.after()) + (s.condition() == EscalationStep.Condition.NOT_RESPONDED
                ? ", if not answered" : ", if not taken");
        String what = switch (s.action()) {
            case RENOTIFY_BACKUP -> "re-notify the backup";
            case WARN_SUPERVISORS -> "warn the supervisors";
            case FORWARD_MUNICIPAL -> "forward to municipal home care";
            case FORWARD_FIRE -> "forward to fire-and-rescue";
        };
        return what + " (" + when + ")";
    }

    private static String target(ForwardTarget t) {
        return t == ForwardTarget.FIRE_AND_RESCUE ? "fire-and-rescue" : "municipal home care";
    }

    private static String duration(Duration d) {
        if (d.toDaysPart() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + " days";
        }
        return d.toMinutes() + " min";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ").replaceAll(" {2,}", " ");
    }
}
