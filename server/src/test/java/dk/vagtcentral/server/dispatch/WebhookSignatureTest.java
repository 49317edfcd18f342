package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.dispatch.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    static final String SECRET = "whsec_q1Zk0m4b3pVtJ7QmYt2H3eW9sX5nRr8cLdA6fGhKiOo";
    static final byte[] BODY = "{\"version\":1,\"event\":\"alarm.new\",\"alarm\":{\"id\":42}}"
            .getBytes(StandardCharsets.UTF_8);
    static final long TS = 1_780_000_000L;
    static final Instant NOW = Instant.ofEpochSecond(TS + 30);
    static final Duration TOLERANCE = WebhookSignature.DEFAULT_TOLERANCE;

    @Test
    void theSignatureIsTheHexHmacSha256OfTimestampDotBodyKeyedWithTheWholeSecret() throws Exception {
        // computed independently, the way docs/webhooks.md tells a receiver to
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((TS + "." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : expected) {
            hex.append(String.format("%02x", b));
        }
        assertThat(WebhookSignature.sign(SECRET, TS, BODY)).isEqualTo(hex.toString()).hasSize(64);
        assertThat(WebhookSignature.header(List.of(SECRET), TS, BODY)).isEqualTo("v1=" + hex);
    }

    @Test
    void aGenuineFreshDeliveryVerifies() {
        String header = WebhookSignature.header(List.of(SECRET), TS, BODY);
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), BODY, header, NOW, TOLERANCE))
                .isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, header, NOW, TOLERANCE)).isTrue();
    }

    @Test
    void aTamperedBodyTimestampOrSignatureFails() {
        String header = WebhookSignature.header(List.of(SECRET), TS, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("42", "43")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), tampered, header, NOW, TOLERANCE))
                .isEqualTo(Verdict.MISMATCH);
        // a replay with a fresh timestamp but the old signature
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS + 1), BODY, header, NOW, TOLERANCE))
                .isEqualTo(Verdict.MISMATCH);
        String flipped = header.substring(0, header.length() - 1) + (header.endsWith("0") ? "1" : "0");
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), BODY, flipped, NOW, TOLERANCE))
                .isEqualTo(Verdict.MISMATCH);
        assertThat(WebhookSignature.check("whsec_another", Long.toString(TS), BODY, header, NOW, TOLERANCE))
                .isEqualTo(Verdict.MISMATCH);
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), BODY, header.toUpperCase(), NOW, TOLERANCE))
                .as("the version tag is exact").isEqualTo(Verdict.NO_SIGNATURE);
    }

    @Test
    void aTimestampOutsideTheToleranceFailsEitherWayEvenWhenTheSignatureIsRight() {
        String header = WebhookSignature.header(List.of(SECRET), TS, BODY);
        Instant signedAt = Instant.ofEpochSecond(TS);
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), BODY, header, signedAt.plus(TOLERANCE),
                TOLERANCE)).isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), BODY, header,
                signedAt.plus(TOLERANCE).plusSeconds(1), TOLERANCE)).isEqualTo(Verdict.OUTSIDE_TOLERANCE);
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), BODY, header,
                signedAt.minus(TOLERANCE).minusSeconds(1), TOLERANCE)).isEqualTo(Verdict.OUTSIDE_TOLERANCE);
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, header, signedAt.plusSeconds(3600),
                TOLERANCE)).isFalse();
    }

    @Test
    void anyOfSeveralSignaturesMayMatchAndUnknownVersionsAreIgnored() {
        String rotated = "whsec_new-secret-after-rotation";
        String both = WebhookSignature.header(List.of(rotated, SECRET), TS, BODY);
        assertThat(both).matches("v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, both, NOW, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(rotated, Long.toString(TS), BODY, both, NOW, TOLERANCE)).isTrue();
        String withFuture = "v2=abcdef, " + both.replace(",", " , ");
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, withFuture, NOW, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), BODY, "v2=abcdef", NOW, TOLERANCE))
                .isEqualTo(Verdict.NO_SIGNATURE);
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        String header = WebhookSignature.header(List.of(SECRET), TS, BODY);
        assertThat(WebhookSignature.check(SECRET, null, BODY, header, NOW, TOLERANCE))
                .isEqualTo(Verdict.BAD_TIMESTAMP);
        for (String ts : List.of("", "abc", "-1", "1.5", "1780000000000000")) {
            assertThat(WebhookSignature.check(SECRET, ts, BODY, header, NOW, TOLERANCE)).as(ts)
                    .isEqualTo(Verdict.BAD_TIMESTAMP);
        }
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), BODY, null, NOW, TOLERANCE))
                .isEqualTo(Verdict.NO_SIGNATURE);
        assertThat(WebhookSignature.check(SECRET, Long.toString(TS), BODY, "", NOW, TOLERANCE))
                .isEqualTo(Verdict.NO_SIGNATURE);
        assertThatThrownBy(() -> WebhookSignature.sign("", TS, BODY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignature.header(List.of(), TS, BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
