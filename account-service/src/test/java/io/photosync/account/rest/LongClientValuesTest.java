package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.account.Api;
import io.photosync.account.LogContract;
import io.photosync.account.Rows;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: what a client sends too long can no longer keep its own sign-in out of the log. The event carries the
 * value truncated with a visible marker, within the log's limits; the session record keeps it whole.
 */
@QuarkusTest
class LongClientValuesTest {
    private static final String MARKER = "…[truncated, 3000 chars]";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Rows rows;

    String login;

    @BeforeEach
    void setUp() {
        rows.forgetLocalSignInFailures();
        login = Api.newLogin();
        Api.createAccount(login);
    }

    @Test
    void aSignInWithAThreeThousandCharacterUserAgentSucceedsAndItsEventCarriesTheTruncatedValue() throws Exception {
        String userAgent = "Mozilla/5.0 (attacker) " + "A".repeat(3000 - 23);
        assertEquals(3000, userAgent.length());
        TestDevice device = TestDevice.generate();
        Response r = given().contentType(ContentType.JSON)
                .header("User-Agent", userAgent)
                .header("DPoP", device.proof("POST", Api.url("/v1/sessions")))
                .body(Api.signInBody(login, Api.PASSWORD, "Mallory's phone"))
                .post("/v1/sessions");
        r.then().statusCode(201);
        String sessionId = r.path("sessionId");

        JsonNode event = JSON.readTree(rows.string(
                "select event::text from outbox where event_type = 'SIGN_IN' and event->>'sessionId' = ?", sessionId));
        String logged = event.path("personal").path("userAgent").asText();
        assertEquals(2048, logged.length(), "exactly the log's limit");
        assertTrue(logged.endsWith(MARKER), logged.substring(2000));
        assertEquals(userAgent.substring(0, 2048 - MARKER.length()), logged.substring(0, 2048 - MARKER.length()));
        assertEquals(
                "Mallory's phone", event.path("personal").path("deviceName").asText());
        assertEquals("127.0.0.1", event.path("personal").path("ip").asText());
        assertNull(LogContract.violation(event), () -> "the log would refuse " + LogContract.violation(event));
        assertTrue(
                LogContract.MILLIS_UTC
                        .matcher(event.path("occurredAt").asText())
                        .matches(),
                event.path("occurredAt").asText());

        // the account's own record of the session keeps the whole value
        String accessToken = r.path("accessToken");
        new Api.Signed(device, accessToken, r.path("refreshToken"), sessionId, login)
                .get("/v1/me/sessions")
                .then()
                .statusCode(200)
                .body("[0].userAgent", equalTo(userAgent));
    }

    @Test
    void aThreeThousandCharacterDeviceNameIsRefusedByTheApiBeforeAnythingIsWritten() {
        String before = rows.writeFingerprint();
        TestDevice device = TestDevice.generate();
        Api.signIn(device, Api.signInBody(login, Api.PASSWORD, "N".repeat(3000)), Map.of())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("device.name is longer than 100 characters"));
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void aFailedSignInWithAThreeThousandCharacterLoginIsRecordedWithTheLoginTruncated() throws Exception {
        String unknown = "u" + "x".repeat(2999);
        TestDevice device = TestDevice.generate();
        Api.signIn(device, Api.signInBody(unknown, Api.PASSWORD, "phone"), Map.of())
                .then()
                .statusCode(401);
        String prefix = unknown.substring(0, 100);
        JsonNode event = JSON.readTree(rows.string(
                "select event::text from outbox where event_type = 'SIGN_IN_FAILED'"
                        + " and starts_with(event->'personal'->>'login', ?) order by seq desc limit 1",
                prefix));
        String logged = event.path("personal").path("login").asText();
        assertEquals(2048, logged.length());
        assertTrue(logged.endsWith(MARKER));
        assertEquals("unknown_login", event.path("data").path("reason").asText());
        assertNull(LogContract.violation(event), () -> "the log would refuse " + LogContract.violation(event));
    }
}
