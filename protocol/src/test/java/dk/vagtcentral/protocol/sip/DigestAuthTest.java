package dk.vagtcentral.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestAuthTest {
    static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

    @Test
    void theResponseMatchesTheWorkedExampleOfRfc2617() {
        // RFC 2617 §3.5: the published request and its expected response
        DigestAuth.Credentials c = DigestAuth.parse("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, nc=00000001, "
                + "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        assertEquals("Mufasa", c.username());
        assertEquals("6629fae49393a05397450978507c4ef1", DigestAuth.response(c, "GET", "Circle Of Life"));
    }

    @Test
    void aDeviceAnsweringTheChallengeWithItsPasswordIsValidAndOnlyThen() {
        DigestNonces nonces = DigestNonces.random(Duration.ofMinutes(5));
        String nonce = nonces.issue(NOW);
        DigestAuth.Credentials good = answer("4510001000", "vagtcentral", nonce, "s3cret", "auth");
        assertEquals(DigestAuth.Verdict.VALID, DigestAuth.verify(good, "MESSAGE", "vagtcentral", "s3cret", nonces,
                NOW.plusSeconds(1)));
        assertEquals(DigestAuth.Verdict.INVALID, DigestAuth.verify(good, "MESSAGE", "vagtcentral", "other", nonces,
                NOW.plusSeconds(1)));
        assertEquals(DigestAuth.Verdict.INVALID, DigestAuth.verify(good, "MESSAGE", "another-realm", "s3cret",
                nonces, NOW.plusSeconds(1)));
        DigestAuth.Credentials noQop = answer("4510001000", "vagtcentral", nonce, "s3cret", null);
        assertEquals(DigestAuth.Verdict.VALID, DigestAuth.verify(noQop, "MESSAGE", "vagtcentral", "s3cret", nonces,
                NOW));
    }

    @Test
    void anOldNonceIsStaleAndAForeignOneInvalid() {
        DigestNonces nonces = DigestNonces.random(Duration.ofMinutes(5));
        DigestNonces other = DigestNonces.random(Duration.ofMinutes(5));
        String nonce = nonces.issue(NOW);
        assertEquals(DigestNonces.Check.VALID, nonces.check(nonce, NOW.plusSeconds(299)));
        assertEquals(DigestNonces.Check.STALE, nonces.check(nonce, NOW.plusSeconds(300)));
        assertEquals(DigestNonces.Check.INVALID, other.check(nonce, NOW));
        assertEquals(DigestNonces.Check.INVALID, nonces.check("not-a-nonce", NOW));
        DigestAuth.Credentials late = answer("u", "r", nonce, "p", "auth");
        assertEquals(DigestAuth.Verdict.STALE, DigestAuth.verify(late, "MESSAGE", "r", "p", nonces,
                NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void otherSchemesAndBrokenQuotesAreNotCredentials() {
        assertNull(DigestAuth.parse("Basic dXNlcjpwYXNz"));
        assertNull(DigestAuth.parse("Digest username=\"unterminated"));
        assertEquals(DigestAuth.Verdict.INVALID, DigestAuth.verify(null, "MESSAGE", "r", "p",
                DigestNonces.random(Duration.ofMinutes(1)), NOW));
    }

    /** What a device computes from a challenge, built independently from the RFC's formulas. */
    static DigestAuth.Credentials answer(String user, String realm, String nonce, String password, String qop) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("username", user);
        p.put("realm", realm);
        p.put("nonce", nonce);
        p.put("uri", "sip:alarm@127.0.0.1");
        String ha1 = DigestAuth.md5(user + ":" + realm + ":" + password);
        String ha2 = DigestAuth.md5("MESSAGE:sip:alarm@127.0.0.1");
        if (qop != null) {
            p.put("qop", qop);
            p.put("nc", "00000001");
            p.put("cnonce", "c0ffee");
            p.put("response", DigestAuth.md5(ha1 + ":" + nonce + ":00000001:c0ffee:" + qop + ":" + ha2));
        } else {
            p.put("response", DigestAuth.md5(ha1 + ":" + nonce + ":" + ha2));
        }
        return new DigestAuth.Credentials(p);
    }
}
