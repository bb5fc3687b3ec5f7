package io.photosync.cli.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DpopProofsTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private final ECKey key = DeviceNewCommand.generateKey();
    private final DpopProofs proofs = new DpopProofs(key, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void deviceIdIsTheRfc7638ThumbprintAsNimbusAndAByHandComputationAgree() throws Exception {
        // RFC 7638 section 3.2: the required members in lexicographic order, no whitespace.
        String canonical =
                "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + key.getX() + "\",\"y\":\"" + key.getY() + "\"}";
        String byHand = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));

        assertEquals(byHand, DpopProofs.deviceId(key));
        assertEquals(key.computeThumbprint().toString(), DpopProofs.deviceId(key));
    }

    @Test
    void aProofWithATokenVerifiesWithNimbusAndCarriesHtmHtuAthIatJti() throws Exception {
        String token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
        SignedJWT proof = SignedJWT.parse(proofs.proof(
                "GET", URI.create("http://localhost:8083/v1/provenance/photos/p-1?device=abc#frag"), token, null));

        assertEquals(new JOSEObjectType("dpop+jwt"), proof.getHeader().getType());
        assertEquals(JWSAlgorithm.ES256, proof.getHeader().getAlgorithm());
        ECKey headerKey = (ECKey) proof.getHeader().getJWK();
        assertFalse(headerKey.isPrivate(), "the proof must never carry the private key");
        assertEquals(DpopProofs.deviceId(key), headerKey.computeThumbprint().toString());
        assertTrue(
                proof.verify(new ECDSAVerifier(key.toECPublicKey())),
                "signature checks with Nimbus against the device's public key");

        JWTClaimsSet claims = proof.getJWTClaimsSet();
        assertEquals("GET", claims.getStringClaim("htm"));
        assertEquals(
                "http://localhost:8083/v1/provenance/photos/p-1",
                claims.getStringClaim("htu"),
                "no query, no fragment (RFC 9449 4.2)");
        String expectedAth = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expectedAth, claims.getStringClaim("ath"));
        assertEquals(NOW, claims.getIssueTime().toInstant());
        assertTrue(claims.getJWTID().length() >= 16);
        assertNull(claims.getClaim("nonce"));
    }

    @Test
    void aSignInProofHasNoAthAndCarriesTheServerNonce() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(
                        proofs.proof("POST", URI.create("http://localhost:8081/v1/sessions"), null, "n-123"))
                .getJWTClaimsSet();
        assertEquals("POST", claims.getStringClaim("htm"));
        assertEquals("http://localhost:8081/v1/sessions", claims.getStringClaim("htu"));
        assertNull(claims.getClaim("ath"));
        assertEquals("n-123", claims.getStringClaim("nonce"));
    }

    @Test
    void everyProofHasItsOwnJti() throws Exception {
        URI target = URI.create("http://localhost:8082/v1/sync/changes");
        String first = SignedJWT.parse(proofs.proof("GET", target, "t", null))
                .getJWTClaimsSet()
                .getJWTID();
        String second = SignedJWT.parse(proofs.proof("GET", target, "t", null))
                .getJWTClaimsSet()
                .getJWTID();
        assertNotEquals(first, second);
    }

    @Test
    void theProofHeaderJwkHasExactlyThePublicMembers() throws Exception {
        String header = new String(
                Base64.getUrlDecoder()
                        .decode(proofs.proof("GET", URI.create("http://h/x"), null, null)
                                .split("\\.")[0]),
                StandardCharsets.UTF_8);
        JsonNode jwk = Json.MAPPER.readTree(header).get("jwk");
        assertEquals("EC", jwk.get("kty").asText());
        assertEquals("P-256", jwk.get("crv").asText());
        assertFalse(jwk.has("d"));
    }
}
