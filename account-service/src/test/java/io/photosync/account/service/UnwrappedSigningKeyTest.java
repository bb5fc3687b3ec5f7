package io.photosync.account.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The test profile configures a wrapping key, so a key row stored in clear is what someone with write access to the
 * database would plant to have tokens signed with a key they know: it is never signed with nor published, and
 * readiness is DOWN naming it until the row is gone.
 */
@QuarkusTest
class UnwrappedSigningKeyTest {
    private static final String PLANTED = "planted-plain-key";

    @Inject
    SigningKeys keys;

    @Inject
    Rows rows;

    @AfterEach
    void removeThePlantedRow() {
        rows.execute("delete from signing_key where kid = ?", PLANTED);
        keys.reload();
    }

    @Test
    void aPlainKeyRowUnderAWrappingKeyIsNeverUsedAndReadinessNamesIt() throws Exception {
        Api.newAccountSignedIn(); // a usable wrapped key exists
        String plain = new ECKeyGenerator(Curve.P_256)
                .keyID(PLANTED)
                .algorithm(JWSAlgorithm.ES256)
                .generate()
                .toJSONString();
        // the newest activated key: it would be the one signing, were it accepted
        rows.execute(
                "insert into signing_key (kid, private_jwk, created_at, activates_at) values (?, ?, ?, ?)",
                PLANTED,
                plain,
                Timestamp.from(Instant.now()),
                Timestamp.from(Instant.now()));
        keys.reload();

        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body(containsString("signing key " + PLANTED + " is stored unwrapped"));
        Api.Signed signed = Api.newAccountSignedIn();
        assertNotEquals(
                PLANTED, SignedJWT.parse(signed.accessToken()).getHeader().getKeyID());
        assertNull(JWKSet.parse(
                        given().get("/v1/keys").then().statusCode(200).extract().asString())
                .getKeyByKeyId(PLANTED));

        removeThePlantedRow();
        given().get("/q/health/ready").then().statusCode(200);
    }
}
