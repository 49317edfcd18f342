package dk.vagtcentral.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.domain.ActionPlanRule;
import dk.vagtcentral.server.domain.AlarmState;
import dk.vagtcentral.server.domain.EscalationLadder;
import dk.vagtcentral.server.domain.EscalationStep;
import dk.vagtcentral.server.domain.ForwardTarget;
import dk.vagtcentral.server.domain.LadderRun;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.domain.SupplierKind;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MunicipalityProfilesTest {
    /** Tests run with the working directory server/. */
    static final Path REAL = Path.of("..", "config", "municipalities");
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    static final String VALID = """
            id: viborg
            name: Viborg Kommune
            response-window: PT30M
            ladder:
              - id: renotify-backup
                after: PT3M
                condition: NOT_ACKNOWLEDGED
                action: RENOTIFY_BACKUP
              - id: forward
                after: response-window
                condition: NOT_RESPONDED
                action: FORWARD_MUNICIPAL
            """;

    @TempDir
    Path dir;

    @Test
    void theFourShippedProfilesLoad() {
        MunicipalityProfiles profiles = MunicipalityProfiles.load(REAL, 1);
        assertThat(profiles.ids()).containsExactly("horsens", "norddjurs", "odder", "viborg");
        assertThat(profiles.timeScale()).isEqualTo(1);
        for (RuleProfile p : profiles.all()) {
            assertThat(p.responseWindow().length()).as(p.id()).isEqualTo(Duration.ofMinutes(30));
            assertThat(p.justificationDue()).as(p.id()).isEqualTo(Duration.ofDays(7));
            assertThat(p.justificationRedo()).as(p.id()).isEqualTo(Duration.ofDays(7));
            assertThat(p.actionPlan().followUp()).as(p.id()).isEqualTo(Duration.ofDays(90));
            assertThat(p.source()).as(p.id()).isNotBlank();
            assertThat(p.validate()).as(p.id()).isEmpty();
        }
    }

    @Test
    void viborgForwardsAfterTenMinutesUnacknowledgedOrAtTheWindowAndThenToFireAndRescue() {
        RuleProfile viborg = MunicipalityProfiles.load(REAL, 1).get("viborg");
        assertThat(viborg.name()).isEqualTo("Viborg Kommune");
        assertThat(viborg.ladder().steps()).extracting(EscalationStep::after, EscalationStep::condition,
                EscalationStep::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(3), EscalationStep.Condition.NOT_ACKNOWLEDGED,
                        EscalationStep.Action.RENOTIFY_BACKUP),
                org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(10), EscalationStep.Condition.NOT_ACKNOWLEDGED,
                        EscalationStep.Action.FORWARD_MUNICIPAL),
                org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(30), EscalationStep.Condition.NOT_RESPONDED,
                        EscalationStep.Action.FORWARD_MUNICIPAL),
                org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(10),
                        EscalationStep.Condition.MUNICIPAL_NOT_ACKNOWLEDGED, EscalationStep.Action.FORWARD_FIRE));
        assertThat(viborg.actionPlan()).isEqualTo(new ActionPlanRule(ActionPlanRule.Counting.ROLLING_30_DAYS, 2));
        assertThat(viborg.forwardCharges()).isEmpty();
    }

    @Test
    void odderCountsActionPlansPerCalendarMonthAndChargesFireAndRescueCallOuts() {
        RuleProfile odder = MunicipalityProfiles.load(REAL, 1).get("odder");
        assertThat(odder.actionPlan()).isEqualTo(new ActionPlanRule(ActionPlanRule.Counting.CALENDAR_MONTH, 2));
        assertThat(odder.forwardCharges()).containsOnlyKeys(ForwardTarget.FIRE_AND_RESCUE);
        assertThat(odder.chargeFor(ForwardTarget.FIRE_AND_RESCUE)).isEqualTo(new BigDecimal("2500.00"));
        assertThat(odder.ladder().reachesFireAndRescue()).isTrue();
    }

    @Test
    void horsensLadderNeverReachesFireAndRescue() {
        RuleProfile horsens = MunicipalityProfiles.load(REAL, 1).get("horsens");
        assertThat(horsens.ladder().reachesFireAndRescue()).isFalse();
        assertThat(horsens.forwardCharges()).containsOnlyKeys(ForwardTarget.MUNICIPAL_HOME_CARE);

        LadderRun.Result run = LadderRun.nobodyAnswers(horsens.ladder(), T0, SupplierKind.PRIVATE_CARE);
        assertThat(run.states()).doesNotContain(AlarmState.FORWARDED_FIRE).contains(AlarmState.FORWARDED_MUNICIPAL);
        assertThat(run.status().state()).isEqualTo(AlarmState.FORWARDED_MUNICIPAL);
        assertThat(run.status().holder()).isEqualTo(SupplierKind.MUNICIPAL_HOME_CARE);
    }

    @Test
    void viborgWithNobodyAnsweringEndsWithFireAndRescue() {
        RuleProfile viborg = MunicipalityProfiles.load(REAL, 1).get("viborg");
        LadderRun.Result run = LadderRun.nobodyAnswers(viborg.ladder(), T0, SupplierKind.PRIVATE_CARE);
        assertThat(run.status().state()).isEqualTo(AlarmState.FORWARDED_FIRE);
        assertThat(run.timeline().get(run.timeline().size() - 1).at()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
    }

    @Test
    void norddjursUsesTheDefaultLadder() {
        RuleProfile norddjurs = MunicipalityProfiles.load(REAL, 1).get("norddjurs");
        assertThat(norddjurs.ladder()).isEqualTo(EscalationLadder.defaultLadder(Duration.ofMinutes(30)));
        assertThat(norddjurs.actionPlan()).isEqualTo(ActionPlanRule.DEFAULT);
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
    }

    @Test
    void timeScaleMustBeAtLeastOne() {
        assertThatThrownBy(() -> MunicipalityProfiles.load(REAL, 0)).isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("time-scale");
    }

    @Test
    void omittedKeysTakeTheDefaults() {
        RuleProfile p = MunicipalityProfiles.parse("x.yaml", "id: x\nname: X Kommune\n", 1);
        assertThat(p).isEqualTo(new RuleProfile("x", "X Kommune", null, p.responseWindow(), p.ladder(),
                Duration.ofDays(7), ActionPlanRule.DEFAULT, java.util.Map.of()));
        assertThat(p.responseWindow().length()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.ladder()).isEqualTo(EscalationLadder.defaultLadder(Duration.ofMinutes(30)));
        assertThat(MunicipalityProfiles.parse("viborg.yaml", VALID, 1).ladder().steps().get(1).after())
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void justificationRedoAndFollowUpAreReadAndDefaultToJustificationDueAnd90Days() {
        RuleProfile explicit = MunicipalityProfiles.parse("viborg.yaml", VALID + "justification-due: P5D\n"
                + "justification-redo: P3D\naction-plan:\n  counting: CALENDAR_MONTH\n  follow-up: P60D\n", 1);
        assertThat(explicit.justificationDue()).isEqualTo(Duration.ofDays(5));
        assertThat(explicit.justificationRedo()).isEqualTo(Duration.ofDays(3));
        assertThat(explicit.actionPlan()).isEqualTo(
                new ActionPlanRule(ActionPlanRule.Counting.CALENDAR_MONTH, 2, Duration.ofDays(60)));

        RuleProfile omitted = MunicipalityProfiles.parse("viborg.yaml", VALID + "justification-due: P5D\n"
                + "action-plan:\n  threshold: 3\n", 1);
        assertThat(omitted.justificationRedo()).isEqualTo(Duration.ofDays(5));
        assertThat(omitted.actionPlan().followUp()).isEqualTo(ActionPlanRule.DEFAULT_FOLLOW_UP)
                .isEqualTo(Duration.ofDays(90));

        RuleProfile bare = MunicipalityProfiles.parse("x.yaml", "id: x\nname: X Kommune\n", 1);
        assertThat(bare.justificationRedo()).isEqualTo(Duration.ofDays(7));
        assertThat(bare.actionPlan().followUp()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void badProfilesNameTheFileAndTheKey() {
        assertBad(VALID.replace("after: response-window", "after: 30 minutes"), "viborg.yaml: ladder[1].after",
                "ISO-8601");
        assertBad(VALID.replace("response-window: PT30M", "response-window: PT0S"), "viborg.yaml: response-window",
                "positive");
        assertBad(VALID + "respons-window: PT30M\n", "viborg.yaml: respons-window", "unknown key");
        assertBad(VALID.replace("    action: RENOTIFY_BACKUP", "    action: RENOTIFY_BACKUP\n    when: x"),
                "viborg.yaml: ladder[0].when", "unknown key");
        assertBad(VALID.replace("action: FORWARD_MUNICIPAL", "action: FORWARD_POLICE"), "viborg.yaml: ladder[1].action",
                "FORWARD_FIRE");
        assertBad(VALID.replace("    condition: NOT_RESPONDED\n", ""), "viborg.yaml: ladder[1].condition", "required");
        assertBad(VALID.replace("id: forward", "id: renotify-backup"), "viborg.yaml: ladder[1].id", "repeats");
        assertBad(VALID.replace("id: viborg", "id: odder"), "viborg.yaml: id", "file name");
        assertBad(VALID.replace("name: Viborg Kommune", "name: \" \""), "viborg.yaml: name", "required");
        assertBad(VALID + "action-plan:\n  threshold: 0\n", "viborg.yaml: action-plan.threshold", "at least 1");
        assertBad(VALID + "action-plan:\n  counting: WEEKLY\n", "viborg.yaml: action-plan.counting", "CALENDAR_MONTH");
        assertBad(VALID + "justification-due: 7 days\n", "viborg.yaml: justification-due", "ISO-8601");
        assertBad(VALID + "justification-redo: P0D\n", "viborg.yaml: justification-redo", "positive");
        assertBad(VALID + "justification-redo: a week\n", "viborg.yaml: justification-redo", "ISO-8601");
        assertBad(VALID + "justification-redo:\n", "viborg.yaml: justification-redo", "required");
        assertBad(VALID + "action-plan:\n  follow-up: 90 days\n", "viborg.yaml: action-plan.follow-up", "ISO-8601");
        assertBad(VALID + "action-plan:\n  follow-up: -P1D\n", "viborg.yaml: action-plan.follow-up", "positive");
        assertBad(VALID + "action-plan:\n  followup: P90D\n", "viborg.yaml: action-plan.followup", "follow-up");
        assertBad(VALID + "justification-redo: P7D\njustification_redo: P7D\n", "viborg.yaml: justification_redo",
                "justification-redo");
        assertBad(VALID + "forward-charges:\n  POLICE: 10\n", "viborg.yaml: forward-charges.POLICE", "FIRE_AND_RESCUE");
        assertBad(VALID + "forward-charges:\n  FIRE_AND_RESCUE: -1\n", "viborg.yaml: forward-charges.FIRE_AND_RESCUE",
                "negative");
        assertBad(VALID + "forward-charges:\n  FIRE_AND_RESCUE: 10.005\n",
                "viborg.yaml: forward-charges.FIRE_AND_RESCUE", "two decimals");
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
                + "    condition: NOT_ACKNOWLEDGED\n    action: RENOTIFY_BACKUP\n");
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
