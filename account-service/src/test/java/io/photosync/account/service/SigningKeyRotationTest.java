package io.photosync.account.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SigningKeyRotationTest {
    @Inject
    SigningKeys keys;

    @Inject
    Rows rows;

    /**
     * ScheduledKeyRotationTest (fast rotation) may leave an upcoming key behind; with the default period there is none.
     */
    @BeforeEach
    void forgetUpcomingKeysOfFastRotationTests() {
        rows.execute("delete from signing_key where activates_at > now()");
        keys.reload();
    }

    @Test
    void afterRotationTheNewKeySignsAndThePreviousStillVerifies() throws Exception {
        Api.Signed before = Api.newAccountSignedIn();
        String oldKid = SignedJWT.parse(before.accessToken()).getHeader().getKeyID();

        String newKid = keys.rotateNow();
        assertNotEquals(oldKid, newKid);
        assertTrue(
                rows.string("select private_jwk from signing_key where kid = ?", newKid)
                        .startsWith("A256GCM:"),
                "the private key is stored encrypted (the test profile sets account.keys.wrapping-key)");

        Api.Signed after =
                Api.signedIn(before.accountLogin(), io.photosync.testsupport.TestDevice.generate(), Map.of());
        assertEquals(newKid, SignedJWT.parse(after.accessToken()).getHeader().getKeyID());
        JWKSet jwks = JWKSet.parse(
                given().get("/v1/keys").then().statusCode(200).extract().asString());
        assertNotNull(jwks.getKeyByKeyId(oldKid), "previous key still published");
        assertNotNull(jwks.getKeyByKeyId(newKid), "current key published");
        before.get("/v1/me/sessions").then().statusCode(200);
        after.get("/v1/me/sessions").then().statusCode(200);
    }

    @Test
    void keysSurviveARestart() throws Exception {
        Api.Signed signed = Api.newAccountSignedIn();
        String kid = SignedJWT.parse(signed.accessToken()).getHeader().getKeyID();
        assertEquals(
                1, rows.count("select count(*) from signing_key where kid = ?", kid), "the key is in the database");

        keys.reload(); // forget everything held in memory, read the database again
        List<String> published =
                JWKSet.parse(given().get("/v1/keys")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString())
                        .getKeys()
                        .stream()
                        .map(k -> k.getKeyID())
                        .toList();
        assertTrue(published.contains(kid), "the key that signed the token is still published");
        assertEquals(
                rows.string("select kid from signing_key where activates_at <= now() order by activates_at desc,"
                        + " created_at desc limit 1"),
                keys.signingKey().getKeyID(),
                "the newest activated key in the database signs");
        signed.get("/v1/me/sessions").then().statusCode(200);
    }

    @Test
    void maintenanceDoesNotCreateAKeyBeforeRotationIsDue() {
        String newest = rows.string("select kid from signing_key order by created_at desc limit 1");
        keys.maintain();
        assertEquals(newest, rows.string("select kid from signing_key order by created_at desc limit 1"));
    }
}
