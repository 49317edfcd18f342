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

    @Test
    void theDevicesAnswerToTheReceiversChallengeIsValid() {
        DigestNonces nonces = DigestNonces.random(Duration.ofMinutes(5));
        String challenge = DigestAuth.challenge("vagtcentral", nonces.issue(NOW), false);

        String authorization = DigestAuth.answer(challenge, "MESSAGE", "sip:alarm@127.0.0.1:5060", "4510001000",
                "s3cret", "c0ffee", 1);

        DigestAuth.Credentials c = DigestAuth.parse(authorization);
        assertEquals("4510001000", c.username());
        assertEquals("auth", c.get("qop"));
        assertEquals("00000001", c.get("nc"));
        assertEquals("c0ffee", c.get("cnonce"));
        assertEquals("MD5", c.get("algorithm"));
        assertEquals(DigestAuth.Verdict.VALID, DigestAuth.verify(c, "MESSAGE", "vagtcentral", "s3cret", nonces, NOW));
        assertEquals(DigestAuth.Verdict.INVALID, DigestAuth.verify(c, "MESSAGE", "vagtcentral", "wrong", nonces,
                NOW));
        assertEquals(DigestAuth.Verdict.INVALID, DigestAuth.verify(c, "OPTIONS", "vagtcentral", "s3cret", nonces,
                NOW), "the response covers the method");
    }

    @Test
    void theAnswerFollowsWhatTheChallengeOffers() {
        // RFC 2617 §3.5's worked example: the same response from the challenge's parameters and the client's cnonce
        String rfc = DigestAuth.answer("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", "GET",
                "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b", 1);
        DigestAuth.Credentials c = DigestAuth.parse(rfc);
        assertEquals("6629fae49393a05397450978507c4ef1", c.get("response"));
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", c.get("opaque"));
        assertNull(c.get("algorithm"), "named only when the challenge named it");

        DigestAuth.Credentials noQop = DigestAuth.parse(DigestAuth.answer("Digest realm=\"r\", nonce=\"n\"",
                "MESSAGE", "sip:a@h", "u", "p", "c", 7));
        assertNull(noQop.get("qop"));
        assertNull(noQop.get("nc"));
        assertEquals(DigestAuth.md5(DigestAuth.md5("u:r:p") + ":n:" + DigestAuth.md5("MESSAGE:sip:a@h")),
                noQop.get("response"));
        assertEquals("0000000a", DigestAuth.parse(DigestAuth.answer("Digest realm=\"r\", nonce=\"n\", qop=auth",
                "MESSAGE", "sip:a@h", "u", "p", "c", 10)).get("nc"));

        assertNull(DigestAuth.answer("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256", "MESSAGE", "sip:a@h",
                "u", "p", "c", 1), "an algorithm it does not implement");
        assertNull(DigestAuth.answer("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"", "MESSAGE", "sip:a@h",
                "u", "p", "c", 1), "only integrity protection offered");
        assertNull(DigestAuth.answer("Digest realm=\"r\"", "MESSAGE", "sip:a@h", "u", "p", "c", 1), "no nonce");
        assertNull(DigestAuth.answer("Basic realm=\"r\"", "MESSAGE", "sip:a@h", "u", "p", "c", 1));
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
