package io.photosync.account.rest;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.account.ShortSessionProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An access token never outlives its session: issued at sign-in or refresh, it expires at the session's end at the
 * latest.
 */
@QuarkusTest
@TestProfile(ShortSessionProfile.class)
class SessionEndTest {
    @Inject
    Rows rows;

    private Instant sessionEnd(String sessionId) {
        return OffsetDateTime.parse(rows.string(
                        "select to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                                + " from device_session where id = ?",
                        UUID.fromString(sessionId)))
                .toInstant();
    }

    private static Instant expiry(String accessToken) throws Exception {
        return SignedJWT.parse(accessToken)
                .getJWTClaimsSet()
                .getExpirationTime()
                .toInstant();
    }

    @Test
    void tokensFromSignInAndRefreshExpireWithTheSessionAndNothingWorksAfterIt() throws Exception {
        Api.Signed signed = Api.newAccountSignedIn();
        Instant end = sessionEnd(signed.sessionId());
        // JWT times are whole seconds, cut down.
        Instant endSecond = Instant.ofEpochSecond(end.getEpochSecond());
        assertEquals(
                endSecond,
                expiry(signed.accessToken()),
                "the sign-in's token expires with the session, not 5 minutes later");

        Thread.sleep(2000);
        Response refreshed = Api.refresh(signed.device(), signed.refreshToken());
        refreshed.then().statusCode(200);
        assertEquals(
                endSecond,
                expiry(refreshed.path("accessToken")),
                "a refreshed token does not extend the session either");
        long expiresIn = ((Number) refreshed.path("expiresIn")).longValue();
        assertTrue(expiresIn <= ShortSessionProfile.SESSION_SECONDS - 2, "expiresIn " + expiresIn);
        Api.Signed renewed = new Api.Signed(
                signed.device(),
                refreshed.path("accessToken"),
                refreshed.path("refreshToken"),
                signed.sessionId(),
                signed.accountLogin());
        renewed.get("/v1/me/sessions").then().statusCode(200);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), end).toMillis()) + 1000);
        renewed.get("/v1/me/sessions").then().statusCode(401);
        Api.refresh(signed.device(), renewed.refreshToken())
                .then()
                .statusCode(401)
                .body("detail", containsString("expired"));
    }
}
