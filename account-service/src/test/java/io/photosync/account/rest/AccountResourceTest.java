package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {
    @Inject
    Rows rows;

    @Test
    void createsAnAccountWithAnArgon2idHashAndAnEvent() {
        String login = Api.newLogin();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("login", login.toUpperCase(), "password", Api.PASSWORD, "displayName", "Ann"))
                .post("/v1/accounts")
                .then()
                .statusCode(201)
                .body("accountId", notNullValue())
                .extract()
                .path("accountId");
        String hash = rows.string("select password_hash from account where id = ?", UUID.fromString(id));
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertEquals(
                login,
                rows.string("select login from account where id = ?", UUID.fromString(id)),
                "login is lower-cased");
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'ACCOUNT_CREATED' and event->>'accountId' = ?",
                        id));
        assertEquals(
                login,
                rows.string(
                        "select event->'personal'->>'login' from outbox where event_type = 'ACCOUNT_CREATED' and"
                                + " event->>'accountId' = ?",
                        id));
    }

    @Test
    void aTakenLoginIs409EvenInAnotherCase() {
        String login = Api.newLogin();
        Api.createAccount(login);
        String before = rows.writeFingerprint();
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "login",
                        " " + login.toUpperCase() + " ",
                        "password",
                        "another good password",
                        "displayName",
                        "B"))
                .post("/v1/accounts")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:photosync:problem:login-taken"));
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void weakPasswordsAre400() {
        String login = Api.newLogin();
        String before = rows.writeFingerprint();
        for (String weak : new String[] {"short1!", "aaaaaaaaaaaaaa", "abcabcabcabc", "my" + login + "!x"}) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("login", login, "password", weak, "displayName", "W"))
                    .post("/v1/accounts")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:photosync:problem:weak-password"));
        }
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void missingFieldsAre400() {
        String before = rows.writeFingerprint();
        given().contentType(ContentType.JSON)
                .body(Map.of("login", Api.newLogin(), "password", Api.PASSWORD))
                .post("/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("displayName"));
        given().contentType(ContentType.JSON)
                .post("/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void malformedJsonIs400() {
        String before = rows.writeFingerprint();
        given().contentType(ContentType.JSON)
                .body("{\"login\": \"abc\", \"password\": ")
                .post("/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body("[1, 2]")
                .post("/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void oversizedBodyIs413() {
        String before = rows.writeFingerprint();
        String huge = "x".repeat(70 * 1024);
        given().contentType(ContentType.JSON)
                .body("{\"login\":\"" + Api.newLogin() + "\",\"password\":\"" + huge + "\",\"displayName\":\"d\"}")
                .post("/v1/accounts")
                .then()
                .statusCode(413);
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void badLoginIs400() {
        given().contentType(ContentType.JSON)
                .body(Map.of("login", "a b", "password", Api.PASSWORD, "displayName", "x"))
                .post("/v1/accounts")
                .then()
                .statusCode(400)
                .body("detail", containsString("login"));
    }
}
