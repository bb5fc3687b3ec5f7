package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import io.photosync.account.Api;
import io.photosync.account.NonceRequiredProfile;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * With account.dpop.nonce-required: a proof without the server's nonce gets use_dpop_nonce and a nonce to retry with.
 */
@QuarkusTest
@TestProfile(NonceRequiredProfile.class)
class NonceRequiredTest {

    @Test
    void signInWithoutNonceIsAskedToRetryWithOne() {
        String login = Api.newLogin();
        Api.createAccount(login);
        TestDevice device = TestDevice.generate();
        Response first = Api.signIn(device, Api.signInBody(login, Api.PASSWORD, "p"), java.util.Map.of());
        first.then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"use_dpop_nonce\""))
                .header("DPoP-Nonce", notNullValue());
        String nonce = first.header("DPoP-Nonce");

        Response second = given().contentType(ContentType.JSON)
                .header("DPoP", device.proof("POST", Api.url("/v1/sessions"), null, nonce, Instant.now()))
                .body(Api.signInBody(login, Api.PASSWORD, "p"))
                .post("/v1/sessions");
        second.then().statusCode(201).header("DPoP-Nonce", notNullValue());
        String token = second.path("accessToken");

        given().header("Authorization", "DPoP " + token)
                .header("DPoP", device.proof("GET", Api.url("/v1/me/sessions"), token))
                .get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("use_dpop_nonce"));
        given().header("Authorization", "DPoP " + token)
                .header(
                        "DPoP",
                        device.proof(
                                "GET", Api.url("/v1/me/sessions"), token, second.header("DPoP-Nonce"), Instant.now()))
                .get("/v1/me/sessions")
                .then()
                .statusCode(200);
    }

    @Test
    void aForgedNonceIsRefused() {
        String login = Api.newLogin();
        Api.createAccount(login);
        TestDevice device = TestDevice.generate();
        given().contentType(ContentType.JSON)
                .header(
                        "DPoP",
                        device.proof(
                                "POST",
                                Api.url("/v1/sessions"),
                                null,
                                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                Instant.now()))
                .body(Api.signInBody(login, Api.PASSWORD, "p"))
                .post("/v1/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("use_dpop_nonce"));
    }
}
