package io.photosync.sync.rest;

import static io.photosync.testsupport.SignedInDevice.serviceUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import io.photosync.sync.Records;
import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.SignedInDevice;
import io.photosync.testsupport.TestDevice;
import io.photosync.testsupport.TestPhotos;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only a live session's token together with a fresh proof by that session's device key gets in. */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DeviceAuthenticationTest {
    static final String CHANGES = "/v1/sync/changes";

    @Inject
    Records records;

    private static void assertRefused(Response response) {
        response.then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("DPoP"));
    }

    @Test
    void aSignedInDeviceGetsIn() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        phone.request("GET", CHANGES).get(CHANGES).then().statusCode(200).body("changes.size()", equalTo(0));
    }

    @Test
    void noTokenIsRefused() {
        Response response = given().get(CHANGES);
        assertRefused(response);
        response.then().header("WWW-Authenticate", equalTo("DPoP algs=\"ES256\""));
    }

    @Test
    void aBoundTokenUsedAsBearerIsRefused() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        Response bearer =
                given().header("Authorization", "Bearer " + phone.accessToken).get(CHANGES);
        assertRefused(bearer);
        bearer.then().header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        assertRefused(given().header("Authorization", "Bearer " + phone.accessToken)
                .header("DPoP", phone.key.proof("GET", serviceUrl(CHANGES), phone.accessToken))
                .get(CHANGES));
    }

    @Test
    void aTokenWithoutProofIsRefused() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        assertRefused(
                given().header("Authorization", "DPoP " + phone.accessToken).get(CHANGES));
    }

    @Test
    void deviceAsTokenWithDeviceBsProofIsRefused() {
        String login = SignedInDevice.newAccount();
        SignedInDevice phoneA = SignedInDevice.signIn(login, "phone A");
        SignedInDevice phoneB = SignedInDevice.signIn(login, "phone B");
        // B signs a proof over A's token (correct ath), but A's token is bound to A's key: the token is refused for
        // its key binding (invalid_token, as when quarkus-oidc made this check).
        Response other = given().header("Authorization", "DPoP " + phoneA.accessToken)
                .header("DPoP", phoneB.key.proof("GET", serviceUrl(CHANGES), phoneA.accessToken))
                .get(CHANGES);
        assertRefused(other);
        other.then()
                .header(
                        "WWW-Authenticate",
                        equalTo("DPoP algs=\"ES256\", error=\"invalid_token\", error_description=\"the access token"
                                + " was refused (signature, issuer, audience, expiry or key binding)\""))
                .body("type", containsString("invalid-token"));
        // A stolen token with a thief's own key: same.
        TestDevice thief = TestDevice.generate();
        Response upload = given().header("Authorization", "DPoP " + phoneA.accessToken)
                .header("DPoP", thief.proof("POST", serviceUrl("/v1/photos"), phoneA.accessToken))
                .multiPart("file", "x.jpg", TestPhotos.jpeg(), "image/jpeg")
                .post("/v1/photos");
        assertRefused(upload);
        assertEquals(0, records.count("photo_upload", phoneA.accountId));
    }

    @Test
    void aReplayedProofIsRefused() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        String proof = phone.key.proof("GET", serviceUrl(CHANGES), phone.accessToken);
        given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", proof)
                .get(CHANGES)
                .then()
                .statusCode(200);
        Response replay = given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", proof)
                .get(CHANGES);
        assertRefused(replay);
        replay.then()
                .header("WWW-Authenticate", containsString("invalid_dpop_proof"))
                .body("detail", containsString("already been used"));
    }

    @Test
    void aStaleOrFutureProofIsRefused() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        for (Instant issuedAt :
                new Instant[] {Instant.now().minusSeconds(300), Instant.now().plusSeconds(300)}) {
            Response response = given().header("Authorization", "DPoP " + phone.accessToken)
                    .header("DPoP", phone.key.proof("GET", serviceUrl(CHANGES), phone.accessToken, null, issuedAt))
                    .get(CHANGES);
            assertRefused(response);
            response.then().body("detail", containsString("iat"));
        }
    }

    @Test
    void aProofForAnotherRequestIsRefused() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        assertRefused(given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", phone.key.proof("POST", serviceUrl(CHANGES), phone.accessToken))
                .get(CHANGES));
        assertRefused(given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", phone.key.proof("GET", serviceUrl("/v1/photos"), phone.accessToken))
                .get(CHANGES));
        assertRefused(given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", phone.key.proof("GET", serviceUrl(CHANGES), "another-token"))
                .get(CHANGES));
    }

    @Test
    void aProofNotSignedByTheKeyItCarriesIsRefused() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        TestDevice other = TestDevice.generate();
        // Header names the phone's public key, signature made by another key.
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt"))
                .jwk(phone.key.key().toPublicJWK())
                .build();
        JWTClaimsSet claims = TestDevice.claims("GET", serviceUrl(CHANGES), phone.accessToken, null, Instant.now())
                .build();
        String forged = other.sign(header, claims);
        Response response = given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", forged)
                .get(CHANGES);
        assertRefused(response);
        response.then()
                .header("WWW-Authenticate", containsString("error=\"invalid_dpop_proof\""))
                .body("detail", containsString("signature is invalid"));
        // The same claims (same jti) signed by the phone itself get in: the forgery did not use up the phone's jti.
        given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", phone.key.sign(header, claims))
                .get(CHANGES)
                .then()
                .statusCode(200);
    }

    /** RFC 9449 section 4.3, check 9: htu is compared after normalization (scheme and host case, default port). */
    @Test
    void aProofWhoseHtuDiffersOnlyInCaseGetsIn() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        String url = serviceUrl(CHANGES);
        String shouted = url.substring(0, url.indexOf("/v1/")).toUpperCase(Locale.ROOT) + CHANGES;
        given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", phone.key.proof("GET", shouted, phone.accessToken))
                .get(CHANGES)
                .then()
                .statusCode(200);
    }

    /** Issue 10: proofs that are not ES256 signed JWTs with a public P-256 jwk are a 401 problem, never a 500. */
    @Test
    void aMalformedOrUnsignedProofIsRefusedWith401() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        String claims = b64(TestDevice.claims("GET", serviceUrl(CHANGES), phone.accessToken, null, Instant.now())
                .build()
                .toString());
        String jwk = phone.key.key().toPublicJWK().toJSONString();
        String privateJwk = phone.key.key().toJSONString();
        for (String header : List.of(
                "{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + jwk + "}",
                "{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\",\"jwk\":" + jwk + "}",
                "{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":" + jwk + "}",
                "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + privateJwk + "}",
                "not json")) {
            for (String proof :
                    List.of(b64(header) + "." + claims + ".", b64(header) + "." + claims + "." + b64("sig"))) {
                assertRefused(given().header("Authorization", "DPoP " + phone.accessToken)
                        .header("DPoP", proof)
                        .get(CHANGES));
            }
        }
        for (String proof : List.of("..", "a.b", "", "x.y.z")) {
            assertRefused(given().header("Authorization", "DPoP " + phone.accessToken)
                    .header("DPoP", proof)
                    .get(CHANGES));
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRevokedSessionIsRefusedWithinFiveSeconds() throws InterruptedException {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        phone.request("GET", CHANGES).get(CHANGES).then().statusCode(200);

        phone.signOut();
        Instant signedOut = Instant.now();
        int status = 200;
        while (status == 200 && Duration.between(signedOut, Instant.now()).toMillis() < 5_000) {
            Thread.sleep(100);
            status = phone.request("GET", CHANGES).get(CHANGES).statusCode();
        }
        Duration took = Duration.between(signedOut, Instant.now());
        assertEquals(401, status, "still accepted " + took.toMillis() + " ms after sign-out");
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, took.toString());
        Response refused = phone.request("GET", CHANGES).get(CHANGES);
        assertRefused(refused);
        refused.then().body("detail", containsString("revoked"));

        // Nothing can be written with it either.
        assertRefused(phone.request("POST", "/v1/photos")
                .multiPart("file", "x.jpg", TestPhotos.jpeg(), "image/jpeg")
                .post("/v1/photos"));
        assertEquals(
                Map.of(
                        "photo",
                        0L,
                        "photo_upload",
                        0L,
                        "photo_change",
                        0L,
                        "photo_delivery",
                        0L,
                        "photo_download",
                        0L,
                        "outbox",
                        0L),
                records.everything(phone.accountId));
    }
}
