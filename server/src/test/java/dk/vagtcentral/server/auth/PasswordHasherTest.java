package dk.vagtcentral.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

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
}
