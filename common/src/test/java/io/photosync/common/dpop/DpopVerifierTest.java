package io.photosync.common.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.testsupport.TestDevice;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Proofs made by Nimbus (test-support's TestDevice), checked by our verifier. */
class DpopVerifierTest {
    private static final String URL = "https://account.example/v1/me/sessions";
    private static final URI REQUEST_URI = URI.create(URL);
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final JtiReplayStore memoryStore = (key, forgetAfter) -> seen.add(key);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final DpopVerifier verifier = new DpopVerifier(WINDOW, memoryStore, Optional.empty(), clock);
    private final TestDevice device = TestDevice.generate();

    @Test
    void acceptsAWellFormedProofAndNamesTheDeviceByItsThumbprint() throws Exception {
        DpopProof proof = verifier.verify(device.proof("GET", URL, null, null, NOW), "GET", REQUEST_URI, null, null);
        assertEquals(device.id(), proof.jkt());
        assertEquals(device.key().toPublicJWK(), proof.key());
    }

    @Test
    void acceptsAProofBoundToTheTokenItAccompanies() throws Exception {
        String token = "eyJ.token.value";
        DpopProof proof =
                verifier.verify(device.proof("GET", URL, token, null, NOW), "GET", REQUEST_URI, token, device.id());
        assertEquals(device.id(), proof.jkt());
    }

    @Test
    void comparesHtuWithoutQueryDefaultPortOrHostCase() throws Exception {
        verifier.verify(
                device.proof("GET", "HTTPS://Account.Example:443/v1/me/sessions", null, null, NOW),
                "GET",
                URI.create(URL + "?page=2"),
                null,
                null);
    }

    @Test
    void refusesWrongMethod() {
        assertRefused("htm", device.proof("POST", URL, null, null, NOW), "GET", null, null);
    }

    @Test
    void refusesWrongUri() {
        assertRefused(
                "htu",
                device.proof("GET", "https://account.example/v1/me/devices", null, null, NOW),
                "GET",
                null,
                null);
        assertRefused(
                "htu", device.proof("GET", "https://evil.example/v1/me/sessions", null, null, NOW), "GET", null, null);
        assertRefused(
                "htu",
                device.proof("GET", "http://account.example/v1/me/sessions", null, null, NOW),
                "GET",
                null,
                null);
    }

    @Test
    void refusesStaleAndFutureIat() {
        assertRefused("iat", device.proof("GET", URL, null, null, NOW.minusSeconds(61)), "GET", null, null);
        assertRefused("iat", device.proof("GET", URL, null, null, NOW.plusSeconds(61)), "GET", null, null);
    }

    @Test
    void refusesAReusedJtiButNotAProofRefusedForAnotherReason() throws Exception {
        JWTClaimsSet claims = TestDevice.claims("GET", URL, null, null, NOW).build();
        String proof = device.sign(dpopHeader(device.key()), claims);
        // A refused proof (wrong method) must not use up its jti ...
        assertRefused("htm", proof, "DELETE", null, null);
        verifier.verify(proof, "GET", REQUEST_URI, null, null);
        // ... but an accepted one does.
        assertRefused("already been used", proof, "GET", null, null);
    }

    @Test
    void anUnspentProofUsesUpItsJtiOnlyWhenSpentInTheStoreGiven() throws Exception {
        String proof = device.proof("POST", URL, null, null, NOW);
        DpopProof checked = verifier.verifyUnspent(proof, "POST", REQUEST_URI, null, null);
        assertEquals(device.id(), checked.jkt());
        assertTrue(seen.isEmpty(), "verifyUnspent records nothing");
        Set<String> callersStore = ConcurrentHashMap.newKeySet();
        verifier.spend(checked, (key, forgetAfter) -> callersStore.add(key));
        assertEquals(Set.of(device.id() + ":" + checked.jti()), callersStore);
        DpopException replay = assertThrows(
                DpopException.class, () -> verifier.spend(checked, (key, forgetAfter) -> callersStore.add(key)));
        assertEquals(DpopException.INVALID_DPOP_PROOF, replay.error());
        assertTrue(replay.getMessage().contains("already been used"));
    }

    @Test
    void checkingRecordsNothingAndSpendingUsesTheJtiOnce() throws Exception {
        String token = "eyJ.token.value";
        String proof = device.proof("GET", URL, token, null, NOW);
        DpopVerifier.Checked checked = DpopVerifier.check(proof, "GET", REQUEST_URI, token, null);
        assertEquals(device.id(), checked.jkt());
        DpopVerifier.check(proof, "GET", REQUEST_URI, token, device.id());
        assertTrue(seen.isEmpty(), "check records no jti");
        assertEquals(device.id(), verifier.spend(checked).jkt());
        DpopException replay = assertThrows(DpopException.class, () -> verifier.spend(checked));
        assertTrue(replay.getMessage().contains("already been used"), replay.getMessage());
        // What needs no state is refused by check already: signature, request, ath and key binding.
        TestDevice other = TestDevice.generate();
        assertThrows(
                DpopException.class,
                () -> DpopVerifier.check(
                        other.sign(
                                dpopHeader(device.key()),
                                TestDevice.claims("GET", URL, token, null, NOW).build()),
                        "GET",
                        REQUEST_URI,
                        token,
                        null));
        assertThrows(
                DpopException.class,
                () -> DpopVerifier.check(
                        other.proof("GET", URL, token, null, NOW), "GET", REQUEST_URI, token, device.id()));
        assertThrows(DpopException.class, () -> DpopVerifier.check(proof, "POST", REQUEST_URI, token, null));
        assertThrows(DpopException.class, () -> DpopVerifier.check(proof, "GET", REQUEST_URI, "other", null));
        // ... and what needs the clock by spend.
        DpopVerifier.Checked stale = DpopVerifier.check(
                device.proof("GET", URL, token, null, NOW.minusSeconds(61)), "GET", REQUEST_URI, token, null);
        DpopException late = assertThrows(DpopException.class, () -> verifier.spend(stale));
        assertTrue(late.getMessage().contains("iat"), late.getMessage());
        assertEquals(1, seen.size());
    }

    @Test
    void theSameJtiFromAnotherKeyIsAnotherProof() throws Exception {
        JWTClaimsSet claims = TestDevice.claims("GET", URL, null, null, NOW).build();
        TestDevice other = TestDevice.generate();
        verifier.verify(device.sign(dpopHeader(device.key()), claims), "GET", REQUEST_URI, null, null);
        verifier.verify(other.sign(dpopHeader(other.key()), claims), "GET", REQUEST_URI, null, null);
    }

    @Test
    void refusesAlgNone() {
        String unsigned =
                new PlainJWT(TestDevice.claims("GET", URL, null, null, NOW).build()).serialize();
        assertRefused("signed JWT", unsigned, "GET", null, null);
    }

    @Test
    void refusesHs256() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(device.key().toPublicJWK())
                        .build(),
                TestDevice.claims("GET", URL, null, null, NOW).build());
        jwt.sign(new MACSigner(secret));
        assertRefused("alg must be ES256", jwt.serialize(), "GET", null, null);
    }

    @Test
    void refusesAJwkCarryingThePrivateKey() throws Exception {
        // Nimbus will not build such a header, so it is written by hand and signed with the same key.
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":"
                + device.key().toJSONString() + "}";
        String signingInput = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(TestDevice.claims("GET", URL, null, null, NOW)
                        .build()
                        .toString()
                        .getBytes(StandardCharsets.UTF_8));
        Base64URL signature = new ECDSASigner(device.key())
                .sign(new JWSHeader(JWSAlgorithm.ES256), signingInput.getBytes(StandardCharsets.US_ASCII));
        assertRefused("Non-public key", signingInput + "." + signature, "GET", null, null);
    }

    @Test
    void refusesWrongTyp() {
        String proof = device.sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(JOSEObjectType.JWT)
                        .jwk(device.key().toPublicJWK())
                        .build(),
                TestDevice.claims("GET", URL, null, null, NOW).build());
        assertRefused("typ", proof, "GET", null, null);
    }

    @Test
    void refusesAnotherCurve() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES384)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(p384.toPublicJWK())
                        .build(),
                TestDevice.claims("GET", URL, null, null, NOW).build());
        jwt.sign(new ECDSASigner(p384));
        assertRefused("ES256", jwt.serialize(), "GET", null, null);
    }

    @Test
    void refusesASignatureByAnotherKeyThanTheJwk() {
        TestDevice thief = TestDevice.generate();
        // The header shows the victim's public key, the signature is the thief's.
        String proof = thief.sign(
                dpopHeader(device.key()),
                TestDevice.claims("GET", URL, null, null, NOW).build());
        assertRefused("signature", proof, "GET", null, null);
    }

    @Test
    void refusesAProofFromAnotherKeyThanTheTokenIsBoundTo() {
        TestDevice other = TestDevice.generate();
        String token = "eyJ.token.value";
        assertRefused("bound", other.proof("GET", URL, token, null, NOW), "GET", token, device.id());
    }

    @Test
    void checksAth() {
        String token = "eyJ.token.value";
        assertRefused("ath missing", device.proof("GET", URL, null, null, NOW), "GET", token, device.id());
        assertRefused(
                "ath does not match", device.proof("GET", URL, "another.token", null, NOW), "GET", token, device.id());
        assertRefused("no access token", device.proof("GET", URL, token, null, NOW), "GET", null, null);
    }

    @Test
    void refusesSeveralProofsAndGarbage() {
        String proof = device.proof("GET", URL, null, null, NOW);
        assertRefused("exactly one", proof + "," + proof, "GET", null, null);
        assertRefused("exactly one", "x".repeat(DpopVerifier.MAX_PROOF_LENGTH + 1), "GET", null, null);
        assertRefused("signed JWT", "not-a-jwt", "GET", null, null);
        assertRefused("missing", null, "GET", null, null);
    }

    @Test
    void demandsAFreshServerNonceWhenConfigured() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        DpopNonces nonces = new DpopNonces(secret, Duration.ofMinutes(5), clock);
        DpopVerifier demanding = new DpopVerifier(WINDOW, memoryStore, Optional.of(nonces), clock);

        DpopException missing = assertThrows(
                DpopException.class,
                () -> demanding.verify(device.proof("GET", URL, null, null, NOW), "GET", REQUEST_URI, null, null));
        assertEquals(DpopException.USE_DPOP_NONCE, missing.error());

        DpopNonces otherSecret = new DpopNonces(new byte[32], Duration.ofMinutes(5), clock);
        DpopException forged = assertThrows(
                DpopException.class,
                () -> demanding.verify(
                        device.proof("GET", URL, null, otherSecret.current(), NOW), "GET", REQUEST_URI, null, null));
        assertEquals(DpopException.USE_DPOP_NONCE, forged.error());

        demanding.verify(device.proof("GET", URL, null, nonces.current(), NOW), "GET", REQUEST_URI, null, null);
    }

    @Test
    void noncesStayValidForOneMoreSlotOnly() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Duration slot = Duration.ofMinutes(5);
        String issued = new DpopNonces(secret, slot, clock).current();
        assertTrue(new DpopNonces(secret, slot, Clock.offset(clock, slot)).isValid(issued));
        assertEquals(false, new DpopNonces(secret, slot, Clock.offset(clock, slot.multipliedBy(2))).isValid(issued));
    }

    @Test
    void refusesProofsThatAreNotCompactJwsOfJsonObjects() throws Exception {
        String payload = Base64URL.encode(
                        TestDevice.claims("GET", URL, null, null, NOW).build().toString())
                .toString();
        String sixtyFourBytes = Base64URL.encode(new byte[64]).toString();
        assertRefused("three non-empty", "..", "GET", null, null);
        assertRefused("three non-empty", "." + payload + ".", "GET", null, null);
        assertRefused("three non-empty", "a.b.c.d", "GET", null, null);
        assertRefused(
                "signed JWT", Base64URL.encode("[1,2]") + "." + payload + "." + sixtyFourBytes, "GET", null, null);
        assertRefused(
                "signed JWT",
                Base64URL.encode("typ=dpop+jwt") + "." + payload + "." + sixtyFourBytes,
                "GET",
                null,
                null);
        String header = Base64URL.encode(dpopHeader(device.key()).toString()).toString();
        assertRefused(
                "signed JWT", header + "." + Base64URL.encode("not json") + "." + sixtyFourBytes, "GET", null, null);
        assertRefused("64 bytes", header + "." + payload + "." + Base64URL.encode(new byte[3]), "GET", null, null);
    }

    @Test
    void theStatelessCheckTellsABadProofFromAGoodOne() throws Exception {
        String token = "eyJ.token.value";
        DpopVerifier.check(device.proof("GET", URL, token, null, NOW), "GET", REQUEST_URI, token, null);
        DpopVerifier.check(
                device.proof("GET", URL, token, null, NOW.minusSeconds(3600)), "GET", REQUEST_URI, token, null);
        TestDevice thief = TestDevice.generate();
        String forged = thief.sign(
                dpopHeader(device.key()),
                TestDevice.claims("GET", URL, token, null, NOW).build());
        assertThrows(DpopException.class, () -> DpopVerifier.check(forged, "GET", REQUEST_URI, token, null));
        assertThrows(
                DpopException.class,
                () -> DpopVerifier.check(device.proof("POST", URL, token, null, NOW), "GET", REQUEST_URI, token, null));
        assertThrows(
                DpopException.class,
                () -> DpopVerifier.check(
                        device.proof("GET", URL, "other", null, NOW), "GET", REQUEST_URI, token, null));
    }

    @Test
    void aDescriptionWithLineBreaksOrQuotesStaysOneHeaderValue() {
        String challenge = DpopException.invalid("bad\r\nSet-Cookie: x=\"1\" \\ \u00e9" + "x".repeat(500))
                .challenge();
        assertTrue(challenge.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), challenge);
        assertTrue(challenge.length() < 300, challenge);
        assertTrue(
                challenge.startsWith(
                        "DPoP algs=\"ES256\", error=\"invalid_dpop_proof\", error_description=\"bad??Set-Cookie: x='1'"
                                + " ? ?x"),
                challenge);
    }

    @Test
    void challengeNamesTheError() {
        DpopException e = DpopException.invalid("iat is \"old\"");
        assertEquals(
                "DPoP algs=\"ES256\", error=\"invalid_dpop_proof\", error_description=\"iat is 'old'\"", e.challenge());
    }

    private static JWSHeader dpopHeader(ECKey key) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK())
                .build();
    }

    private void assertRefused(String reasonPart, String proof, String method, String token, String jkt) {
        DpopException e =
                assertThrows(DpopException.class, () -> verifier.verify(proof, method, REQUEST_URI, token, jkt));
        assertEquals(DpopException.INVALID_DPOP_PROOF, e.error());
        assertTrue(e.getMessage().contains(reasonPart), () -> "expected '" + reasonPart + "' in: " + e.getMessage());
    }
}
