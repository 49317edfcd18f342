package dk.vagtcentral.server.domain;

import static dk.vagtcentral.server.domain.Justifications.JustificationAction.ACCEPT;
import static dk.vagtcentral.server.domain.Justifications.JustificationAction.REJECT;
import static dk.vagtcentral.server.domain.Justifications.JustificationAction.SUBMIT;
import static dk.vagtcentral.server.domain.Justifications.JustificationState.ACCEPTED;
import static dk.vagtcentral.server.domain.Justifications.JustificationState.OPEN;
import static dk.vagtcentral.server.domain.Justifications.JustificationState.REJECTED;
import static dk.vagtcentral.server.domain.Justifications.JustificationState.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.domain.Justifications.JustificationAction;
import dk.vagtcentral.server.domain.Justifications.JustificationState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JustificationsTest {
    static final Instant FORWARDED = Instant.parse("2026-11-23T10:00:00Z");
    static final Duration SEVEN_DAYS = Duration.ofDays(7);

    @Test
    void dueSevenDaysAfterTheForward() {
        assertThat(Justifications.dueAt(FORWARDED, SEVEN_DAYS)).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    }

    @Test
    void dueExactlyAtSevenDaysIsStillInTimeAndOneSecondLaterIsOverdue() {
        Instant due = Justifications.dueAt(FORWARDED, SEVEN_DAYS);
        assertThat(Justifications.isOverdue(due, due.minusSeconds(1))).isFalse();
        assertThat(Justifications.isOverdue(due, due)).isFalse();
        assertThat(Justifications.isOverdue(due, due.plusSeconds(1))).isTrue();
        assertThat(Justifications.isOverdue(due, due.plusNanos(1))).isTrue();

        assertThat(Justifications.submittedInTime(due, FORWARDED)).isTrue();
        assertThat(Justifications.submittedInTime(due, due)).isTrue();
        assertThat(Justifications.submittedInTime(due, due.plusSeconds(1))).isFalse();
    }

    @Test
    void aRejectedJustificationGetsTheRedoPeriodFromTheRejection() {
        Instant rejected = Instant.parse("2026-11-26T14:30:00Z");
        Instant redoDue = Justifications.redoDueAt(rejected, Duration.ofDays(5));
        assertThat(redoDue).isEqualTo(Instant.parse("2026-12-01T14:30:00Z"));
        assertThat(Justifications.isOverdue(redoDue, redoDue)).isFalse();
        assertThat(Justifications.isOverdue(redoDue, redoDue.plusSeconds(1))).isTrue();
    }

    @Test
    void submitFromOpenOrRejectedAcceptAndRejectOnlyFromSubmittedAcceptedIsFinal() {
        Map<JustificationState, Map<JustificationAction, Boolean>> allowed = Map.of(
                OPEN, Map.of(SUBMIT, true, ACCEPT, false, REJECT, false),
                SUBMITTED, Map.of(SUBMIT, false, ACCEPT, true, REJECT, true),
                REJECTED, Map.of(SUBMIT, true, ACCEPT, false, REJECT, false),
                ACCEPTED, Map.of(SUBMIT, false, ACCEPT, false, REJECT, false));
        for (JustificationState state : JustificationState.values()) {
            for (JustificationAction action : JustificationAction.values()) {
                String why = Justifications.whyNot(state, action);
                if (allowed.get(state).get(action)) {
                    assertThat(why).as(state + " " + action).isNull();
                } else {
                    assertThat(why).as(state + " " + action).isNotBlank().endsWith(".");
                }
            }
        }
        assertThat(Justifications.whyNot(ACCEPTED, SUBMIT)).contains("final");
        assertThat(Justifications.whyNot(OPEN, ACCEPT)).contains("Nothing has been submitted");
        assertThat(Justifications.whyNot(SUBMITTED, SUBMIT)).contains("awaits review");
        assertThat(Justifications.whyNot(null, SUBMIT)).isNotNull();
    }

    @Test
    void nextWalksSubmitRejectResubmitAccept() {
        JustificationState s = Justifications.next(OPEN, SUBMIT);
        assertThat(s).isEqualTo(SUBMITTED);
        s = Justifications.next(s, REJECT);
        assertThat(s).isEqualTo(REJECTED);
        s = Justifications.next(s, SUBMIT);
        assertThat(s).isEqualTo(SUBMITTED);
        s = Justifications.next(s, ACCEPT);
        assertThat(s).isEqualTo(ACCEPTED);
        assertThatThrownBy(() -> Justifications.next(ACCEPTED, REJECT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("final");
    }

    @Test
    void redoPeriodDefaultsToTheJustificationDueIsValidatedAndTimeScaled() {
        RuleProfile defaults = RuleProfile.defaults("x", "X Kommune");
        assertThat(defaults.justificationRedo()).isEqualTo(SEVEN_DAYS);

        RuleProfile redo3 = TestProfiles.justifying(defaults, SEVEN_DAYS, Duration.ofDays(3));
        assertThat(redo3.validate()).isEmpty();
        assertThat(redo3.timeScaled(60).justificationRedo()).isEqualTo(Duration.ofHours(1).plusMinutes(12));

        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofDays(-1), null}) {
            RuleProfile p = TestProfiles.justifying(defaults, SEVEN_DAYS, bad);
            assertThat(p.validate()).extracting(FieldError::field).containsExactly("justification-redo");
        }
    }
}
