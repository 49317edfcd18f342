package dk.vagtcentral.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aUsernameIsThrottledAfterItsFailuresUntilTheOldestLeavesTheWindow() {
        LoginThrottle throttle = new LoginThrottle(3, 100, Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfter("anna", "127.0.0.1", T0.plusSeconds(i))).isZero();
            throttle.failed("anna", "127.0.0.1", T0.plusSeconds(i));
        }
        assertThat(throttle.retryAfter("anna", "127.0.0.1", T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(290));
        assertThat(throttle.retryAfter("anna", "127.0.0.1", T0.plusSeconds(300))).isZero();
    }

    @Test
    void aFloodOfNewNamesAndAddressesKeepsTheMemoryBoundedAndTheThrottleWorking() {
        LoginThrottle throttle = new LoginThrottle(3, 3, Duration.ofMinutes(5));
        for (int i = 0; i < LoginThrottle.MAX_KEYS; i++) {
            Instant at = T0.plusMillis(i / 100); // all within the window: nothing expires on its own
            throttle.failed("user" + i, "127.1." + (i / 250) + "." + (i % 250), at);
            assertThat(throttle.tracked()).isLessThanOrEqualTo(LoginThrottle.MAX_KEYS + 1_000);
        }

        Instant later = T0.plusSeconds(60);
        for (int i = 0; i < 3; i++) {
            throttle.failed("anna", "127.0.0.9", later);
        }
        assertThat(throttle.retryAfter("anna", "127.0.0.9", later)).as("still throttles").isPositive();
    }
}
