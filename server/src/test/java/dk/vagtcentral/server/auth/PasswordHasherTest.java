package dk.vagtcentral.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    @Test
    void hashesAreSaltedSlowAndVerifiable() {
        String a = PasswordHasher.hash("correct horse battery");
        String b = PasswordHasher.hash("correct horse battery");
        assertThat(a).startsWith("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$").isNotEqualTo(b);
        assertThat(PasswordHasher.ITERATIONS).isGreaterThanOrEqualTo(210_000);
        String[] parts = a.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(java.util.Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(PasswordHasher.verify("correct horse battery", a)).isTrue();
        assertThat(PasswordHasher.verify("correct horse batterz", a)).isFalse();
        assertThat(PasswordHasher.verify("", a)).isFalse();
        assertThat(PasswordHasher.verify("correct horse battery", "plain")).isFalse();
        assertThat(PasswordHasher.verify("correct horse battery", "pbkdf2-sha256$x$y$z")).isFalse();
        assertThat(PasswordHasher.verify(null, a)).isFalse();
    }

    @Test
    void tokensAreRandomAndStoredOnlyAsTheirSha256() {
        String t = PasswordHasher.randomToken(32);
        assertThat(t).hasSize(43).isNotEqualTo(PasswordHasher.randomToken(32));
        assertThat(PasswordHasher.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void throttleCountsPerUsernameAndPerAddressAndASuccessClearsTheUsername() {
        LoginThrottle t = new LoginThrottle(3, 4, Duration.ofMinutes(15));
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        t.failed("anna", "10.0.0.1", now);
        t.failed("anna", "10.0.0.1", now);
        assertThat(t.retryAfter("anna", "10.0.0.1", now)).isZero();
        t.succeeded("anna");
        t.failed("anna", "10.0.0.1", now);
        t.failed("anna", "10.0.0.1", now.plusSeconds(60));
        assertThat(t.retryAfter("anna", "10.0.0.5", now)).isZero();
        t.failed("anna", "10.0.0.2", now.plusSeconds(120));
        // three within the window for anna: refused until the first leaves it
        assertThat(t.retryAfter("anna", "10.0.0.9", now.plusSeconds(120))).isEqualTo(Duration.ofMinutes(13));
        assertThat(t.retryAfter("anna", "10.0.0.9", now.plusSeconds(15 * 60 + 1))).isZero();
        // 10.0.0.1 has four failures: every username is refused from it
        assertThat(t.retryAfter("bo", "10.0.0.1", now.plusSeconds(120))).isPositive();
        assertThat(t.retryAfter("bo", "10.0.0.3", now.plusSeconds(120))).isZero();
    }
}
