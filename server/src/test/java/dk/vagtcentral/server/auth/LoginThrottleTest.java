package dk.vagtcentral.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aPairWaitsOnceItsFreeFailuresAreUsedAndTheWaitDoublesUpToTheCap() {
        LoginThrottle throttle = new LoginThrottle(3, 1000, Duration.ofMinutes(15), Duration.ofSeconds(10));
        Instant t = T0;
        for (int i = 0; i < 2; i++) {
            throttle.failed("anna", "10.0.0.1", t);
            assertThat(throttle.retryAfter("anna", "10.0.0.1", t)).as("free failure %d", i + 1).isZero();
        }
        Duration[] expected = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(10)};
        for (Duration wait : expected) {
            throttle.failed("anna", "10.0.0.1", t);
            assertThat(throttle.retryAfter("anna", "10.0.0.1", t)).isEqualTo(wait);
            assertThat(throttle.retryAfter("anna", "10.0.0.1", t.plus(wait).minusMillis(1))).isPositive();
            t = t.plus(wait);
            assertThat(throttle.retryAfter("anna", "10.0.0.1", t)).as("may try again after %s", wait).isZero();
        }
    }

    @Test
    void aGuesserElsewhereDoesNotLockTheUserOutAndASuccessClearsOnlyItsOwnPair() {
        LoginThrottle throttle = new LoginThrottle(3, 1000, Duration.ofMinutes(15), Duration.ofMinutes(5));
        for (int i = 0; i < 20; i++) {
            throttle.failed("anna", "203.0.113.66", T0.plusSeconds(i));
        }
        Instant now = T0.plusSeconds(20);
        assertThat(throttle.retryAfter("anna", "203.0.113.66", now)).isEqualTo(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(throttle.retryAfter("anna", "10.0.0.1", now)).as("anna at her desk").isZero();
        throttle.succeeded("anna", "10.0.0.1", T0);
        assertThat(throttle.retryAfter("anna", "203.0.113.66", now)).as("still waits").isPositive();
        throttle.failed("anna", "10.0.0.1", now);
        throttle.failed("anna", "10.0.0.1", now);
        throttle.succeeded("anna", "10.0.0.1", T0);
        throttle.failed("anna", "10.0.0.1", now);
        throttle.failed("anna", "10.0.0.1", now);
        assertThat(throttle.retryAfter("anna", "10.0.0.1", now)).as("a success starts the pair afresh").isZero();
    }

    @Test
    void aPairIsForgottenAWindowAfterItsLastFailure() {
        LoginThrottle throttle = new LoginThrottle(2, 1000, Duration.ofMinutes(15), Duration.ofHours(1));
        for (int i = 0; i < 12; i++) {
            throttle.failed("anna", "10.0.0.1", T0);
        }
        assertThat(throttle.retryAfter("anna", "10.0.0.1", T0.plus(Duration.ofMinutes(14)))).isPositive();
        Instant later = T0.plus(Duration.ofMinutes(15));
        assertThat(throttle.retryAfter("anna", "10.0.0.1", later)).isZero();
        throttle.failed("anna", "10.0.0.1", later);
        assertThat(throttle.retryAfter("anna", "10.0.0.1", later)).as("counts from one again").isZero();
    }

    @Test
    void anAddressSprayingManyUsernamesIsRefusedUntilItsOldestFailureLeavesTheWindow() {
        LoginThrottle throttle = new LoginThrottle(5, 4, Duration.ofMinutes(15), Duration.ofMinutes(5));
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.retryAfter("user" + i, "10.0.0.1", T0.plusSeconds(i))).isZero();
            throttle.failed("user" + i, "10.0.0.1", T0.plusSeconds(i));
        }
        assertThat(throttle.retryAfter("bo", "10.0.0.1", T0.plusSeconds(60))).isEqualTo(Duration.ofMinutes(14));
        assertThat(throttle.retryAfter("bo", "10.0.0.2", T0.plusSeconds(60))).isZero();
        throttle.succeeded("user0", "10.0.0.1", T0.plusSeconds(30));
        assertThat(throttle.retryAfter("bo", "10.0.0.1", T0.plusSeconds(60))).as("a success does not launder")
                .isPositive();
        assertThat(throttle.retryAfter("bo", "10.0.0.1", T0.plus(Duration.ofMinutes(15)))).isZero();
    }

    @Test
    void attemptsSentInParallelAreCountedWhenTheyBeginSoTheyCannotAllSlipThrough() {
        LoginThrottle throttle = new LoginThrottle(3, 1000, Duration.ofMinutes(15), Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.begin("anna", "203.0.113.7", T0)).as("attempt %d", i + 1).isZero();
        }
        assertThat(throttle.begin("anna", "203.0.113.7", T0)).as("the fourth, before any has failed").isPositive();
        assertThat(throttle.begin("anna", "10.0.0.1", T0)).as("another address").isZero();
    }

    @Test
    void successfulLoginsDoNotCountAgainstTheirAddress() {
        LoginThrottle throttle = new LoginThrottle(3, 2, Duration.ofMinutes(15), Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) {
            Instant at = T0.plusSeconds(i);
            assertThat(throttle.begin("user" + i, "10.0.0.1", at)).as("login %d from the office", i).isZero();
            throttle.succeeded("user" + i, "10.0.0.1", at);
        }
        assertThat(throttle.begin("x", "10.0.0.1", T0.plusSeconds(20))).isZero();
        assertThat(throttle.begin("y", "10.0.0.1", T0.plusSeconds(21))).isZero();
        assertThat(throttle.begin("z", "10.0.0.1", T0.plusSeconds(22))).as("two failures: the address waits")
                .isPositive();
    }

    @Test
    void aFloodOfNewNamesAndAddressesKeepsTheMemoryBoundedAndTheThrottleWorking() {
        LoginThrottle throttle = new LoginThrottle(3, 3, Duration.ofMinutes(5), Duration.ofMinutes(5));
        for (int i = 0; i < LoginThrottle.MAX_KEYS + 10_000; i++) {
            Instant at = T0.plusMillis(i / 100); // all within the window: nothing expires on its own
            throttle.failed("user" + i, "127.1." + (i / 250) + "." + (i % 250), at);
            assertThat(throttle.tracked()).isLessThanOrEqualTo(2 * (LoginThrottle.MAX_KEYS + 1));
        }

        Instant later = T0.plusSeconds(60);
        for (int i = 0; i < 3; i++) {
            throttle.failed("anna", "127.0.0.9", later);
        }
        assertThat(throttle.retryAfter("anna", "127.0.0.9", later)).as("still throttles").isPositive();
    }
}
