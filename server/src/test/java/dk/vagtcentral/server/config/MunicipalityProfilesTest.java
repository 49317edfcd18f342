package dk.vagtcentral.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.assertj.core.api.Assertions.tuple;

import dk.vagtcentral.server.domain.ActionPlanRule;
import dk.vagtcentral.server.domain.ChangeNotice;
import dk.vagtcentral.server.domain.Citation;
import dk.vagtcentral.server.domain.CloseOutcome;
import dk.vagtcentral.server.domain.Duties;
import dk.vagtcentral.server.domain.EscalationLadder;
import dk.vagtcentral.server.domain.EscalationStep;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.ResponseKind;
import dk.vagtcentral.server.domain.RuleProfile;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MunicipalityProfilesTest {
    /** Tests run with the working directory server/. */
    static final Path REAL = Path.of("..", "config", "municipalities");
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    static final String VALID = """
            id: viborg
            name: Viborg Kommune
            response-window:
              value: PT30M
              source: "002 Viborg §6"
            ladder:
              - id: renotify-backup
                after: PT3M
                condition: NOT_ACKNOWLEDGED
                action: RENOTIFY_BACKUP
                assumption: "operational"
              - id: forward
                after: response-window
                condition: NOT_RESPONDED
                action: FORWARD_MUNICIPAL
                source: "003 Odder §4.11"
            """;

    @TempDir
    Path dir;

    @Test
    void theFourShippedProfilesLoadWithEveryRuleCited() {
        MunicipalityProfiles profiles = MunicipalityProfiles.load(REAL, 1);
        assertThat(profiles.ids()).containsExactly("horsens", "norddjurs", "odder", "viborg");
        assertThat(profiles.timeScale()).isEqualTo(1);
        for (RuleProfile p : profiles.all()) {
            assertThat(p.responseWindow().length()).as(p.id()).isEqualTo(Duration.ofMinutes(30));
            assertThat(p.actionPlan().followUp()).as(p.id()).isEqualTo(Duration.ofDays(90));
            assertThat(p.source()).as(p.id()).isNotBlank();
            assertThat(p.validate()).as(p.id()).isEmpty();
            assertThat(p.citations()).as(p.id()).containsKeys(RuleProfile.CITED_RULES.toArray(String[]::new));
            assertThat(p.ladder().steps()).as(p.id()).allSatisfy(step -> assertThat(step.citation()).isNotNull());
            // rule 14: no shipped profile forwards before the window has ended
            assertThat(p.ladder().steps()).as(p.id())
                    .filteredOn(step -> step.action().forwards()
                            && step.reference() == EscalationStep.Reference.ALARM_RECEIVED)
                    .allSatisfy(step -> assertThat(step.after()).isEqualTo(p.responseWindow().length()));
        }
    }

    @Test
    void viborgAndOdderDemandJustificationsAndPlansHorsensChargesNorddjursNothing() {
        MunicipalityProfiles profiles = MunicipalityProfiles.load(REAL, 1);
        RuleProfile viborg = profiles.get("viborg");
        RuleProfile odder = profiles.get("odder");
        RuleProfile horsens = profiles.get("horsens");
        RuleProfile norddjurs = profiles.get("norddjurs");
        assertThat(List.of(viborg, odder)).allSatisfy(p -> {
            assertThat(p.duties().justificationRequired()).as(p.id()).isTrue();
            assertThat(p.duties().actionPlanRequired()).as(p.id()).isTrue();
            assertThat(p.justificationDue()).as(p.id()).isEqualTo(Duration.ofDays(7));
            assertThat(p.citation("justification").isSource()).as(p.id()).isTrue();
            assertThat(p.citation("action-plan").isSource()).as(p.id()).isTrue();
        });
        assertThat(viborg.actionPlan()).isEqualTo(new ActionPlanRule(ActionPlanRule.Counting.ROLLING_30_DAYS, 2));
        assertThat(odder.actionPlan()).isEqualTo(new ActionPlanRule(ActionPlanRule.Counting.CALENDAR_MONTH, 2));
        assertThat(List.of(horsens, norddjurs)).allSatisfy(p -> {
            assertThat(p.duties().justificationRequired()).as(p.id()).isFalse();
            assertThat(p.duties().actionPlanRequired()).as(p.id()).isFalse();
        });
        assertThat(viborg.forwardCharges()).isEmpty();
        assertThat(norddjurs.forwardCharges()).isEmpty();
        assertThat(odder.forwardCharges()).containsOnlyKeys(ForwardTarget.FIRE_AND_RESCUE);
        assertThat(odder.chargeFor(ForwardTarget.FIRE_AND_RESCUE)).isEqualTo(new BigDecimal("2500.00"));
        assertThat(odder.citation("forward-charges.FIRE_AND_RESCUE").text()).contains("§4.11", "udrykning");
        assertThat(horsens.forwardCharges()).containsOnlyKeys(ForwardTarget.MUNICIPAL_HOME_CARE);
        assertThat(horsens.citation("forward-charges.MUNICIPAL_HOME_CARE").text()).contains("§4.3");
    }

    @Test
    void permittedAnswersAreEachContractsOwn() {
        MunicipalityProfiles profiles = MunicipalityProfiles.load(REAL, 1);
        assertThat(profiles.get("viborg").permittedResponses()).containsExactlyInAnyOrder(ResponseKind.values());
        assertThat(profiles.get("odder").permittedResponses()).containsExactlyInAnyOrder(ResponseKind.HELP_SENT,
                ResponseKind.NURSE_REQUESTED, ResponseKind.EMERGENCY_112);
        assertThat(profiles.get("horsens").permittedResponses()).containsExactlyInAnyOrder(ResponseKind.HELP_SENT,
                ResponseKind.DOCTOR_CONTACTED, ResponseKind.EMERGENCY_112);
        assertThat(profiles.get("norddjurs").permittedResponses()).containsExactlyInAnyOrder(ResponseKind.values());
        assertThat(profiles.get("norddjurs").citation("permitted-responses").isSource()).isFalse();
    }

    @Test
    void noticePeriodsAndReportableOutcomesAreRead() {
        MunicipalityProfiles profiles = MunicipalityProfiles.load(REAL, 60);
        assertThat(profiles.get("viborg").supplierChangeNotice()).isEqualTo(new ChangeNotice(30, true));
        assertThat(profiles.get("odder").supplierChangeNotice()).isEqualTo(new ChangeNotice(14, false));
        assertThat(profiles.get("horsens").supplierChangeNotice()).isEqualTo(new ChangeNotice(14, false));
        assertThat(profiles.get("norddjurs").supplierChangeNotice()).isEqualTo(ChangeNotice.NONE);
        assertThat(profiles.get("odder").reportableOutcomes()).containsExactlyInAnyOrder(CloseOutcome.INJURED,
                CloseOutcome.ADMITTED, CloseOutcome.DECEASED);
        assertThat(profiles.get("norddjurs").reportableOutcomes()).isEmpty();
    }

    @Test
    void theLaddersEscalateWhenTheWindowEndsAndEarlierStepsOnlyWarn() {
        RuleProfile viborg = MunicipalityProfiles.load(REAL, 1).get("viborg");
        assertThat(viborg.ladder().steps()).extracting(EscalationStep::after, EscalationStep::condition,
                EscalationStep::action).containsExactly(
                tuple(Duration.ofMinutes(3), EscalationStep.Condition.NOT_ACKNOWLEDGED,
                        EscalationStep.Action.RENOTIFY_BACKUP),
                tuple(Duration.ofMinutes(10), EscalationStep.Condition.NOT_ACKNOWLEDGED,
                        EscalationStep.Action.WARN_SUPERVISORS),
                tuple(Duration.ofMinutes(30), EscalationStep.Condition.NOT_RESPONDED,
                        EscalationStep.Action.FORWARD_MUNICIPAL),
                tuple(Duration.ofMinutes(10), EscalationStep.Condition.MUNICIPAL_NOT_ACKNOWLEDGED,
                        EscalationStep.Action.FORWARD_FIRE));
        RuleProfile horsens = MunicipalityProfiles.load(REAL, 1).get("horsens");
        assertThat(horsens.ladder().reachesFireAndRescue()).isFalse();
        assertThat(MunicipalityProfiles.load(REAL, 1).get("odder").ladder().reachesFireAndRescue()).isTrue();
    }

    @Test
    void norddjursUsesTheDefaultLadder() {
        RuleProfile norddjurs = MunicipalityProfiles.load(REAL, 1).get("norddjurs");
        assertThat(norddjurs.ladder().steps()).extracting(EscalationStep::id, EscalationStep::after)
                .containsExactlyElementsOf(EscalationLadder.defaultLadder(Duration.ofMinutes(30)).steps().stream()
                        .map(s -> tuple(s.id(), s.after())).toList());
    }

    @Test
    void timeScaleDividesEveryDuration() {
        MunicipalityProfiles scaled = MunicipalityProfiles.load(REAL, 60);
        RuleProfile viborg = scaled.get("viborg");
        assertThat(scaled.timeScale()).isEqualTo(60);
        assertThat(viborg.responseWindow().length()).isEqualTo(Duration.ofSeconds(30));
        assertThat(viborg.ladder().steps()).extracting(EscalationStep::after).containsExactly(
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));
        assertThat(viborg.justificationDue()).isEqualTo(Duration.ofHours(2).plusMinutes(48));
        assertThat(viborg.actionPlan().threshold()).isEqualTo(2);
        assertThat(viborg.justificationRedo()).isEqualTo(Duration.ofHours(2).plusMinutes(48));
        assertThat(viborg.actionPlan().followUp()).isEqualTo(Duration.ofHours(36));
        assertThat(viborg.actionPlan().counting()).isEqualTo(ActionPlanRule.Counting.ROLLING_30_DAYS);
        assertThat(viborg.supplierChangeNotice().days()).as("a calendar rule is not scaled").isEqualTo(30);
    }

    @Test
    void timeScaleMustBeAtLeastOne() {
        assertThatThrownBy(() -> MunicipalityProfiles.load(REAL, 0)).isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("time-scale");
    }

    @Test
    void omittedRulesTakeTheirDefaultsCitedAsNotConfiguredWithDutiesOff() {
        RuleProfile p = MunicipalityProfiles.parse("x.yaml", "id: x\nname: X Kommune\n", 1);
        assertThat(p.responseWindow().length()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.ladder()).isEqualTo(EscalationLadder.defaultLadder(Duration.ofMinutes(30)));
        assertThat(p.duties()).isEqualTo(Duties.NONE);
        assertThat(p.permittedResponses()).containsExactlyInAnyOrder(ResponseKind.values());
        assertThat(p.validate()).isEmpty();
        assertThat(p.citation("justification").text()).startsWith("not configured");
        assertThat(MunicipalityProfiles.parse("viborg.yaml", VALID, 1).ladder().steps().get(1).after())
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void dutiesAreReadWithTheirCitations() {
        RuleProfile explicit = MunicipalityProfiles.parse("viborg.yaml", VALID + """
                justification: {required: true, due: P5D, source: "002 Viborg §6"}
                justification-redo: {value: P3D, assumption: "set by the municipality"}
                action-plan: {required: true, counting: CALENDAR_MONTH, threshold: 3, source: "003 Odder §4.11"}
                action-plan-follow-up: {value: P60D, assumption: "set by the municipality"}
                forward-charges:
                  FIRE_AND_RESCUE: {amount: 10.5, source: "003 Odder §4.11"}
                """, 1);
        assertThat(explicit.duties()).isEqualTo(new Duties(true, Duration.ofDays(5), Duration.ofDays(3), true,
                new ActionPlanRule(ActionPlanRule.Counting.CALENDAR_MONTH, 3, Duration.ofDays(60)),
                java.util.Map.of(ForwardTarget.FIRE_AND_RESCUE, new BigDecimal("10.50"))));
        assertThat(explicit.citation("justification")).isEqualTo(Citation.source("002 Viborg §6"));
        assertThat(explicit.citation("justification-redo")).isEqualTo(Citation.assumption("set by the municipality"));
        assertThat(explicit.citation("forward-charges.FIRE_AND_RESCUE").isSource()).isTrue();

        RuleProfile redoOmitted = MunicipalityProfiles.parse("viborg.yaml", VALID
                + "justification: {required: true, due: P5D, source: x}\n", 1);
        assertThat(redoOmitted.justificationRedo()).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void aRuleWithoutSourceOrAssumptionIsRefused() {
        assertBad(VALID.replace("  source: \"002 Viborg §6\"\n", ""), "viborg.yaml: response-window.source",
                "cite the contract clause");
        assertBad(VALID.replace("    assumption: \"operational\"\n", ""), "viborg.yaml: ladder[0].source",
                "required");
        assertBad(VALID + "justification: {required: true, due: P7D}\n", "viborg.yaml: justification.source",
                "required");
        assertBad(VALID + "justification: {required: true, source: a, assumption: b}\n", "viborg.yaml: justification",
                "both");
        assertBad(VALID + "forward-charges:\n  FIRE_AND_RESCUE: {amount: 10}\n",
                "viborg.yaml: forward-charges.FIRE_AND_RESCUE.source", "required");
        assertBad(VALID.replace("response-window:\n  value: PT30M\n  source: \"002 Viborg §6\"\n",
                "response-window: PT30M\n"), "viborg.yaml: response-window", "mapping");
        assertBad(VALID + "response-window: {value: PT20M, source: x}\n", "viborg.yaml", "not valid YAML");
    }

    @Test
    void aForwardBeforeTheWindowEndsNeedsAContractClauseNotAnAssumption() {
        String early = VALID.replace("""
                  - id: forward
                    after: response-window
                    condition: NOT_RESPONDED
                    action: FORWARD_MUNICIPAL
                    source: "003 Odder §4.11"
                """, """
                  - id: forward
                    after: PT10M
                    condition: NOT_ACKNOWLEDGED
                    action: FORWARD_MUNICIPAL
                    assumption: "we think 10 minutes is enough"
                """);
        assertBad(early, "viborg.yaml: ladder[1].source", "before the response window");
        RuleProfile cited = MunicipalityProfiles.parse("viborg.yaml", early.replace(
                "assumption: \"we think 10 minutes is enough\"", "source: \"a clause that says so\""), 1);
        assertThat(cited.ladder().steps().get(1).after()).isEqualTo(Duration.ofMinutes(10));
        // a warning before the window is fine on an assumption
        RuleProfile warn = MunicipalityProfiles.parse("viborg.yaml", early.replace("action: FORWARD_MUNICIPAL",
                "action: WARN_SUPERVISORS"), 1);
        assertThat(warn.ladder().steps().get(1).action()).isEqualTo(EscalationStep.Action.WARN_SUPERVISORS);
    }

    @Test
    void badProfilesNameTheFileAndTheKey() {
        assertBad(VALID.replace("after: response-window", "after: 30 minutes"), "viborg.yaml: ladder[1].after",
                "ISO-8601");
        assertBad(VALID.replace("value: PT30M", "value: PT0S"), "viborg.yaml: response-window.value", "positive");
        assertBad(VALID + "respons-window: PT30M\n", "viborg.yaml: respons-window", "unknown key");
        assertBad(VALID.replace("    action: RENOTIFY_BACKUP", "    action: RENOTIFY_BACKUP\n    when: x"),
                "viborg.yaml: ladder[0].when", "unknown key");
        assertBad(VALID.replace("action: FORWARD_MUNICIPAL", "action: FORWARD_POLICE"), "viborg.yaml: ladder[1].action",
                "FORWARD_FIRE");
        assertBad(VALID.replace("    condition: NOT_RESPONDED\n", ""), "viborg.yaml: ladder[1].condition", "required");
        assertBad(VALID.replace("id: forward", "id: renotify-backup"), "viborg.yaml: ladder[1].id", "repeats");
        assertBad(VALID.replace("id: viborg", "id: odder"), "viborg.yaml: id", "file name");
        assertBad(VALID.replace("name: Viborg Kommune", "name: \" \""), "viborg.yaml: name", "required");
        assertBad(VALID + "action-plan: {required: true, threshold: 0, source: x}\n",
                "viborg.yaml: action-plan.threshold", "at least 1");
        assertBad(VALID + "action-plan: {required: true, counting: WEEKLY, source: x}\n",
                "viborg.yaml: action-plan.counting", "CALENDAR_MONTH");
        assertBad(VALID + "action-plan: {required: yes please, source: x}\n", "viborg.yaml: action-plan.required",
                "true or false");
        assertBad(VALID + "justification: {required: true, due: 7 days, source: x}\n", "viborg.yaml: justification.due",
                "ISO-8601");
        assertBad(VALID + "justification-redo: {value: P0D, assumption: x}\n", "viborg.yaml: justification-redo.value",
                "positive");
        assertBad(VALID + "justification-redo: P7D\n", "viborg.yaml: justification-redo", "mapping");
        assertBad(VALID + "action-plan-follow-up: {value: -P1D, assumption: x}\n",
                "viborg.yaml: action-plan-follow-up.value", "positive");
        assertBad(VALID + "action-plan: {required: true, followup: P90D, source: x}\n",
                "viborg.yaml: action-plan.followup", "threshold");
        assertBad(VALID + "forward-charges:\n  POLICE: {amount: 10, source: x}\n", "viborg.yaml: forward-charges.POLICE",
                "FIRE_AND_RESCUE");
        assertBad(VALID + "forward-charges:\n  FIRE_AND_RESCUE: {amount: -1, source: x}\n",
                "viborg.yaml: forward-charges.FIRE_AND_RESCUE", "negative");
        assertBad(VALID + "forward-charges:\n  FIRE_AND_RESCUE: {amount: 10.005, source: x}\n",
                "viborg.yaml: forward-charges.FIRE_AND_RESCUE", "two decimals");
        assertBad(VALID + "permitted-responses: {value: [HELP_SENT, PRAYER], source: x}\n",
                "viborg.yaml: permitted-responses.value[1]", "EMERGENCY_112");
        assertBad(VALID + "permitted-responses: {value: [], source: x}\n", "viborg.yaml: permitted-responses.value",
                "at least one");
        assertBad(VALID + "reportable-outcomes: {value: [INJURED, INJURED], source: x}\n",
                "viborg.yaml: reportable-outcomes.value[1]", "repeats");
        assertBad(VALID + "supplier-change-notice: {days: -1, source: x}\n", "viborg.yaml: supplier-change-notice.days",
                "0 or more");
        assertBad("ladder: [1, 2\n", "viborg.yaml", "not valid YAML");
        assertBad("- a\n- b\n", "viborg.yaml", "mapping");
    }

    @Test
    void theMessageReadsFileKeyProblem() {
        assertThatThrownBy(() -> MunicipalityProfiles.parse("viborg.yaml",
                VALID.replace("after: response-window", "after: 10m"), 1))
                .hasMessage("viborg.yaml: ladder[1].after: must be an ISO-8601 duration such as PT30M or P7D, got '10m'");
    }

    @Test
    void aBadFileInTheDirectoryIsNamedAndAMissingDirectoryIsAnError() throws Exception {
        Files.writeString(dir.resolve("viborg.yaml"), VALID);
        Files.writeString(dir.resolve("odder.yaml"), "id: odder\nname: Odder\nladder:\n  - id: x\n    after: PT-3M\n"
                + "    condition: NOT_ACKNOWLEDGED\n    action: RENOTIFY_BACKUP\n    assumption: y\n");
        assertThatThrownBy(() -> MunicipalityProfiles.load(dir, 1)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("odder.yaml: ladder[0].after: must be a positive duration");
        assertThatThrownBy(() -> MunicipalityProfiles.load(dir.resolve("nope"), 1))
                .hasMessageContaining("no such directory");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> MunicipalityProfiles.load(empty, 1)).hasMessageContaining("no *.yaml");
    }

    @Test
    void anUnknownProfileIdIsAConfigError() {
        assertThatThrownBy(() -> MunicipalityProfiles.load(REAL, 1).get("aarhus")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("aarhus");
        assertThat(MunicipalityProfiles.load(REAL, 1).find("aarhus")).isEmpty();
    }

    private static void assertBad(String yaml, String key, String messagePart) {
        assertThatThrownBy(() -> MunicipalityProfiles.parse("viborg.yaml", yaml, 1))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    assertThat(((ConfigException) e).key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(key + ": ").contains(messagePart);
                });
    }
}
