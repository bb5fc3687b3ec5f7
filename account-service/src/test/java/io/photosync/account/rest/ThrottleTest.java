package io.photosync.account.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Five failed sign-ins for one login within 15 minutes, then 429 with Retry-After, without looking at the password. */
@QuarkusTest
class ThrottleTest {
    @Inject
    Rows rows;

    @BeforeEach
    void setUp() {
        rows.forgetLocalSignInFailures();
    }

    @Test
    void aLoginIsThrottledAfterFiveFailures() {
        String login = Api.newLogin();
        Api.createAccount(login);
        for (int i = 0; i < 5; i++) {
            Api.signIn(TestDevice.generate(), Api.signInBody(login, "wrong password " + i, "p"), Map.of())
                    .then()
                    .statusCode(401);
        }
        String before = rows.writeFingerprint();
        Response throttled = Api.signIn(TestDevice.generate(), Api.signInBody(login, Api.PASSWORD, "p"), Map.of());
        throttled
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:photosync:problem:too-many-sign-in-attempts"));
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertTrue(retryAfter > 800 && retryAfter <= 901, "Retry-After " + retryAfter);
        assertEquals(before, rows.writeFingerprint(), "a throttled attempt is not counted and checks nothing");

        // Other logins from the same address still work (the per-address limit is 20).
        Api.Signed other = Api.newAccountSignedIn();
        other.get("/v1/me/sessions").then().statusCode(200);
    }

    @Test
    void aSuccessfulSignInClearsTheLoginsFailures() {
        String login = Api.newLogin();
        Api.createAccount(login);
        for (int i = 0; i < 4; i++) {
            Api.signIn(TestDevice.generate(), Api.signInBody(login, "wrong password " + i, "p"), Map.of())
                    .then()
                    .statusCode(401);
        }
        Api.signedIn(login, TestDevice.generate(), Map.of());
        assertEquals(0, rows.count("select count(*) from sign_in_failure where login = ?", login));
    }
}
