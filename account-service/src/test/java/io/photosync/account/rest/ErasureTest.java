package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DELETE /v1/me: the owner erases the account (docs/PRIVACY.md "Erasure"). */
@QuarkusTest
class ErasureTest {
    @Inject
    Rows rows;

    private static Response erase(Api.Signed phone, String password) {
        return phone.as("DELETE", "/v1/me")
                .contentType(ContentType.JSON)
                .body(Map.of("password", password))
                .delete("/v1/me");
    }

    @Test
    void erasingWithThePasswordEndsEverySessionErasesEveryPersonalValueAndKeepsTheNonPersonalFacts() {
        rows.forgetLocalSignInFailures();
        Api.Signed phone = Api.newAccountSignedIn();
        Api.Signed tablet = Api.signedIn(phone.accountLogin(), TestDevice.generate(), Map.of());
        UUID account = UUID.fromString(rows.accountIdOf(phone.sessionId()));
        Api.signIn(TestDevice.generate(), Api.signInBody(phone.accountLogin(), "not the password", "guess"), Map.of())
                .then()
                .statusCode(401);
        // one event as if the relay had sent it already: its personal values go too, the leaf is the log's
        rows.execute(
                "update outbox set submitted_at = now(), log_index = 0 where event_type = 'ACCOUNT_CREATED' and"
                        + " event->>'accountId' = ?",
                account.toString());
        assertTrue(
                rows.count("select count(*) from alert where account_id = ?", account) > 0,
                "the tablet's sign-in raised an alert");
        assertEquals(1, rows.count("select count(*) from sign_in_failure where login = ?", phone.accountLogin()));
        long eventsBefore = rows.count("select count(*) from outbox where event->>'accountId' = ?", account.toString());
        long cursor = given().get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("nextCursor");

        erase(phone, Api.PASSWORD).then().statusCode(204);

        phone.get("/v1/me/sessions").then().statusCode(401).header("WWW-Authenticate", containsString("invalid_token"));
        tablet.get("/v1/me/sessions").then().statusCode(401);
        Api.refresh(tablet.device(), tablet.refreshToken()).then().statusCode(401);
        erase(phone, Api.PASSWORD).then().statusCode(401);

        assertEquals(
                1,
                rows.count(
                        "select count(*) from account where id = ? and login is null and password_hash is null"
                                + " and display_name is null and erased_at is not null",
                        account));
        assertEquals(
                2,
                rows.count(
                        "select count(*) from device where account_id = ? and coalesce(name, model, os, app_version)"
                                + " is null",
                        account));
        assertEquals(
                2,
                rows.count(
                        "select count(*) from device_session where account_id = ? and coalesce(client_ip, user_agent,"
                            + " ip_city, ip_region, ip_country, ip_source, ip_no_location_reason, device_name,"
                            + " device_model, device_os, device_app_version, last_seen_ip) is null and"
                            + " coalesce(ip_lat, ip_lon, reported_lat, reported_lon, reported_accuracy_m) is null and"
                            + " revoked_reason = 'account_erased'",
                        account));
        assertEquals(0, rows.count("select count(*) from alert where account_id = ?", account));
        assertEquals(
                0,
                rows.count(
                        "select count(*) from refresh_token t join device_session s on s.id = t.session_id where"
                                + " s.account_id = ?",
                        account));
        assertEquals(
                0,
                rows.count("select count(*) from sign_in_failure where login = ?", phone.accountLogin()),
                rows.string(
                        "select string_agg(failed_at::text || client_ip, ',') from sign_in_failure where login = ?",
                        phone.accountLogin()));
        assertEquals(
                0,
                rows.count(
                        "select count(*) from outbox where event->>'accountId' = ? and coalesce(event -> 'personal',"
                                + " '{}') <> '{}'",
                        account.toString()));
        String everything = rows.string(
                "select string_agg(event::text, ' ') from outbox where event->>'accountId' = ?", account.toString());
        assertTrue(
                !everything.contains(phone.accountLogin())
                        && !everything.contains("Pixel 9")
                        && !everything.contains("127.0.0.1"),
                everything);

        // Nothing acknowledged or pending is lost: every event is still there, with its non-personal facts,
        // followed by one SESSION_REVOKED per live session and the ACCOUNT_ERASED event itself.
        assertEquals(
                eventsBefore + 3,
                rows.count("select count(*) from outbox where event->>'accountId' = ?", account.toString()));
        assertEquals(
                2,
                rows.count(
                        "select count(*) from outbox where event_type = 'SIGN_IN' and event->>'accountId' = ?"
                                + " and event->'data'->>'authMethod' is not null",
                        account.toString()));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'ACCOUNT_ERASED' and event->>'accountId' = ?"
                            + " and coalesce(event->'data', '{}') = '{}' and coalesce(event->'personal', '{}') = '{}'"
                            + " and event->>'sessionId' is null",
                        account.toString()));
        assertEquals(
                2,
                rows.count(
                        "select count(*) from outbox where event_type = 'SESSION_REVOKED' and event->>'accountId' = ?"
                                + " and event->'data'->>'reason' = 'account_erased'",
                        account.toString()));

        JsonPath feed = given().queryParam("since", cursor)
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of(account.toString(), account.toString()),
                feed.getList("revocations.findAll { it.sessionId in ['" + phone.sessionId() + "', '"
                        + tablet.sessionId() + "'] }.erasedAccountId"));
        // A poller that starts afresh still learns of the erasure.
        List<String> erasedAtStart = given().get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("revocations.erasedAccountId");
        assertTrue(erasedAtStart.contains(account.toString()));
        // the login is no one's now
        Api.signIn(TestDevice.generate(), Api.signInBody(phone.accountLogin(), Api.PASSWORD, "again"), Map.of())
                .then()
                .statusCode(401);
    }

    @Test
    void aWrongPasswordIsRefusedWith403AndErasesNothing() {
        rows.forgetLocalSignInFailures();
        Api.Signed phone = Api.newAccountSignedIn();
        UUID account = UUID.fromString(rows.accountIdOf(phone.sessionId()));
        long events = rows.count("select count(*) from outbox where event->>'accountId' = ?", account.toString());

        erase(phone, "not the password")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("detail", containsString("password"));
        phone.as("DELETE", "/v1/me")
                .contentType(ContentType.JSON)
                .body("{}")
                .delete("/v1/me")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("password"));

        phone.get("/v1/me/sessions").then().statusCode(200).body("size()", equalTo(1));
        assertEquals(
                phone.accountLogin(),
                rows.string("select login from account where id = ? and erased_at is null", account));
        assertEquals(
                events, rows.count("select count(*) from outbox where event->>'accountId' = ?", account.toString()));
        assertEquals(
                0,
                rows.count(
                        "select count(*) from device_session where account_id = ? and revoked_at is not null",
                        account));
    }

    @Test
    void aFreedLoginCanBeSignedUpAgainAndTheNewAccountSeesNothingOfTheOldOne() {
        rows.forgetLocalSignInFailures();
        Api.Signed old = Api.newAccountSignedIn();
        Api.signedIn(old.accountLogin(), TestDevice.generate(), Map.of());
        String oldAccount = rows.accountIdOf(old.sessionId());
        erase(old, Api.PASSWORD).then().statusCode(204);

        String newAccount = Api.createAccount(old.accountLogin());
        assertNotEquals(oldAccount, newAccount);
        Api.Signed fresh = Api.signedIn(old.accountLogin(), TestDevice.generate(), Map.of());
        assertEquals(newAccount, rows.accountIdOf(fresh.sessionId()));
        fresh.get("/v1/me/sessions")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].sessionId", equalTo(fresh.sessionId()));
        fresh.get("/v1/me/devices").then().statusCode(200).body("size()", equalTo(1));
        fresh.get("/v1/me/alerts").then().statusCode(200).body("size()", equalTo(0));
        assertNull(rows.string("select login from account where id = ?", UUID.fromString(oldAccount)));
    }
}
