package io.photosync.account.service;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SigningKeyRotationTest {
    @Inject
    SigningKeys keys;
    @Inject
    Rows rows;

    @Test
    void afterRotationTheNewKeySignsAndThePreviousStillVerifies() throws Exception {
        Api.Signed before = Api.newAccountSignedIn();
        String oldKid = SignedJWT.parse(before.accessToken()).getHeader().getKeyID();

        String newKid = keys.rotateNow();
        assertNotEquals(oldKid, newKid);

        Api.Signed after = Api.signedIn(before.accountLogin(), io.photosync.testsupport.TestDevice.generate(), Map.of());
        assertEquals(newKid, SignedJWT.parse(after.accessToken()).getHeader().getKeyID());
        JWKSet jwks = JWKSet.parse(given().get("/v1/keys").then().statusCode(200).extract().asString());
        assertNotNull(jwks.getKeyByKeyId(oldKid), "previous key still published");
        assertNotNull(jwks.getKeyByKeyId(newKid), "current key published");
        before.get("/v1/me/sessions").then().statusCode(200);
        after.get("/v1/me/sessions").then().statusCode(200);
    }

    @Test
    void keysSurviveARestart() throws Exception {
        Api.Signed signed = Api.newAccountSignedIn();
        String kid = SignedJWT.parse(signed.accessToken()).getHeader().getKeyID();
        String jwksBefore = given().get("/v1/keys").then().extract().asString();
        assertEquals(1, rows.count("select count(*) from signing_key where kid = ?", kid), "the key is in the database");

        keys.reload(); // forget everything held in memory, read the database again
        assertEquals(jwksBefore, given().get("/v1/keys").then().extract().asString());
        assertEquals(kid, keys.signingKey().getKeyID());
        signed.get("/v1/me/sessions").then().statusCode(200);
        List<String> kids = JWKSet.parse(jwksBefore).getKeys().stream().map(k -> k.getKeyID()).toList();
        assertTrue(kids.contains(kid));
    }

    @Test
    void maintenanceDoesNotRotateBeforeItIsDue() {
        String kid = keys.signingKey().getKeyID();
        keys.maintain();
        assertEquals(kid, keys.signingKey().getKeyID());
    }
}
