package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Access tokens as other services see them (discovery, JWKS, Nimbus) and how /v1/me checks them. */
@QuarkusTest
class AccessTokenTest {
    @Inject
    Rows rows;

    /** What a refused request must leave as it was: the session's last-seen record and every table's rows. */
    private String untouched(Api.Signed signed) {
        return rows.string(
                        "select last_seen_at::text || last_seen_ip from device_session where id = ?",
                        UUID.fromString(signed.sessionId()))
                + rows.writeFingerprint();
    }

    @Test
    void discoveryPointsAtTheJwksAndAnnouncesDpop() {
        given().get("/.well-known/openid-configuration")
                .then()
                .statusCode(200)
                .body("issuer", equalTo("http://localhost:8081"))
                .body("jwks_uri", equalTo("http://localhost:8081/v1/keys"))
                .body("token_endpoint", equalTo("http://localhost:8081/v1/sessions"))
                .body("dpop_signing_alg_values_supported", equalTo(List.of("ES256")));
    }

    @Test
    void theTokenCarriesTheContractClaimsAndVerifiesAgainstTheJwks() throws Exception {
        Api.Signed signed = Api.newAccountSignedIn();
        SignedJWT jwt = SignedJWT.parse(signed.accessToken());
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        assertNotNull(jwt.getHeader().getKeyID());

        JWKSet jwks = JWKSet.parse(
                given().get("/v1/keys").then().statusCode(200).extract().asString());
        ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the signing key is published");
        assertFalse(key.isPrivate(), "the JWKS holds public keys only");
        assertTrue(jwt.verify(new ECDSAVerifier(key)));

        var claims = jwt.getJWTClaimsSet();
        assertEquals("http://localhost:8081", claims.getIssuer());
        assertEquals(List.of("photosync"), claims.getAudience());
        assertEquals(signed.sessionId(), claims.getStringClaim("sid"));
        assertEquals(signed.device().id(), claims.getStringClaim("did"));
        assertEquals(Map.of("jkt", signed.device().id()), claims.getJSONObjectClaim("cnf"));
        assertEquals(List.of("user"), claims.getStringListClaim("groups"));
        assertNotNull(claims.getJWTID());
        assertNotNull(claims.getSubject());
        long lifetime = Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant())
                .toSeconds();
        assertTrue(lifetime > 0 && lifetime <= 300, "lifetime " + lifetime);
    }

    @Test
    void aBoundTokenPresentedAsBearerIsRefused() {
        Api.Signed signed = Api.newAccountSignedIn();
        String before = untouched(signed);
        given().header("Authorization", "Bearer " + signed.accessToken())
                .get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("DPoP"))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        // Bearer plus a valid proof does not help either.
        given().header("Authorization", "Bearer " + signed.accessToken())
                .header("DPoP", signed.device().proof("GET", Api.url("/v1/me/sessions"), signed.accessToken()))
                .get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        assertEquals(before, untouched(signed));
    }

    @Test
    void aTokenOfDeviceAWithAProofOfDeviceBIsRefused() {
        Api.Signed a = Api.newAccountSignedIn();
        TestDevice b = TestDevice.generate();
        String before = untouched(a);
        given().header("Authorization", "DPoP " + a.accessToken())
                .header("DPoP", b.proof("GET", Api.url("/v1/me/sessions"), a.accessToken()))
                .get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_dpop_proof\""))
                .body("detail", containsString("bound"));
        assertEquals(before, untouched(a));
    }

    @Test
    void aProofForAnotherTokenIsRefused() {
        Api.Signed a = Api.newAccountSignedIn();
        Api.Signed other = Api.newAccountSignedIn();
        given().header("Authorization", "DPoP " + a.accessToken())
                .header("DPoP", a.device().proof("GET", Api.url("/v1/me/sessions"), other.accessToken()))
                .get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_dpop_proof\""))
                .body("detail", containsString("ath"));
    }

    @Test
    void aProofForAnotherEndpointIsRefused() {
        Api.Signed a = Api.newAccountSignedIn();
        given().header("Authorization", "DPoP " + a.accessToken())
                .header("DPoP", a.device().proof("GET", Api.url("/v1/me/devices"), a.accessToken()))
                .get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .body("detail", containsString("htu"));
    }

    @Test
    void aProofCannotBeReplayed() {
        Api.Signed a = Api.newAccountSignedIn();
        String proof = a.device().proof("GET", Api.url("/v1/me/sessions"), a.accessToken());
        given().header("Authorization", "DPoP " + a.accessToken())
                .header("DPoP", proof)
                .get("/v1/me/sessions")
                .then()
                .statusCode(200);
        given().header("Authorization", "DPoP " + a.accessToken())
                .header("DPoP", proof)
                .get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .body("detail", containsString("jti"));
    }

    @Test
    void aTamperedTokenIsRefused() {
        Api.Signed a = Api.newAccountSignedIn();
        Api.Signed b = Api.newAccountSignedIn();
        String[] parts = a.accessToken().split("\\.");
        String forged = parts[0] + "." + b.accessToken().split("\\.")[1] + "." + parts[2];
        given().header("Authorization", "DPoP " + forged)
                .header("DPoP", b.device().proof("GET", Api.url("/v1/me/sessions"), forged))
                .get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
    }

    @Test
    void noAuthorizationIs401WithAChallenge() {
        Response r = given().get("/v1/me/sessions");
        r.then().statusCode(401).header("WWW-Authenticate", containsString("DPoP"));
    }

    @Test
    void theOpenApiDocumentListsTheEndpoints() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.keySet()", hasItem("/v1/sessions"))
                .body("paths.keySet()", hasItem("/v1/me/sessions"));
    }

    @Test
    void metricsAndHealthAreUp() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("signing-key"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
