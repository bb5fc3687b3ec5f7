package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Remote sign-out, device revocation and the revocation feed other services poll. */
@QuarkusTest
class MeResourceTest {
    @Inject
    Rows rows;

    @Test
    void signingAnotherSessionOutStopsItAtOnceAndFeedsTheRevocation() {
        Api.Signed phone = Api.newAccountSignedIn();
        Api.Signed tablet = Api.signedIn(phone.accountLogin(), TestDevice.generate(), Map.of());
        long cursor = given().get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("nextCursor");

        phone.get("/v1/me/sessions")
                .then()
                .statusCode(200)
                .body("size()", equalTo(2))
                .body("find { it.sessionId == '" + tablet.sessionId() + "' }.current", equalTo(false));
        phone.delete("/v1/me/sessions/" + tablet.sessionId()).then().statusCode(204);

        tablet.get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"))
                .body("detail", containsString("signed out"));
        Api.refresh(tablet.device(), tablet.refreshToken()).then().statusCode(401);
        phone.get("/v1/me/sessions")
                .then()
                .statusCode(200)
                .body("find { it.sessionId == '" + tablet.sessionId() + "' }.status", equalTo("revoked"))
                .body("find { it.sessionId == '" + tablet.sessionId() + "' }.revokedBy", equalTo("user"))
                .body("find { it.sessionId == '" + phone.sessionId() + "' }.status", equalTo("active"));

        var feed = given().queryParam("since", cursor)
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(feed.getList("revocations.sessionId").contains(tablet.sessionId()));
        long next = feed.getLong("nextCursor");
        assertTrue(next > cursor);
        given().queryParam("since", next)
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .body("revocations.sessionId", not(hasItem(tablet.sessionId())))
                .body("nextCursor", equalTo((int) next));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'SESSION_REVOKED' and event->>'sessionId' = ? "
                                + "and event->'data'->>'revokedBy' = 'user'",
                        tablet.sessionId()));
    }

    @Test
    void theFeedIsInRevocationOrder() {
        Api.Signed a = Api.newAccountSignedIn();
        Api.Signed b = Api.signedIn(a.accountLogin(), TestDevice.generate(), Map.of());
        Api.Signed c = Api.signedIn(a.accountLogin(), TestDevice.generate(), Map.of());
        long cursor = given().get("/v1/revocations").then().extract().jsonPath().getLong("nextCursor");
        a.delete("/v1/me/sessions/" + c.sessionId()).then().statusCode(204);
        a.delete("/v1/me/sessions/" + b.sessionId()).then().statusCode(204);
        List<String> ids = given().queryParam("since", cursor)
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("revocations.sessionId");
        assertEquals(
                List.of(c.sessionId(), b.sessionId()),
                ids.stream()
                        .filter(id -> id.equals(b.sessionId()) || id.equals(c.sessionId()))
                        .toList());
        given().queryParam("since", cursor)
                .queryParam("limit", 1)
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .body("revocations.size()", equalTo(1))
                .body("more", equalTo(true));
    }

    @Test
    void aSignedPageIsAJwsByATokenKeyOverThePageEchoingSinceAndNonce() throws Exception {
        Api.Signed a = Api.newAccountSignedIn();
        Api.Signed b = Api.signedIn(a.accountLogin(), TestDevice.generate(), Map.of());
        long cursor = given().get("/v1/revocations").then().extract().jsonPath().getLong("nextCursor");
        a.delete("/v1/me/sessions/" + b.sessionId()).then().statusCode(204);

        String nonce = "n0nce-" + UUID.randomUUID().toString().replace("-", "");
        String body = given().accept("application/jwt")
                .queryParam("since", cursor)
                .queryParam("nonce", nonce)
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .contentType("application/jwt")
                .extract()
                .asString();
        JWSObject page = JWSObject.parse(body);
        assertEquals(JWSAlgorithm.ES256, page.getHeader().getAlgorithm());
        assertEquals("revocations+jwt", page.getHeader().getType().getType());
        ECKey key = (ECKey) JWKSet.parse(
                        given().get("/v1/keys").then().statusCode(200).extract().asString())
                .getKeyByKeyId(page.getHeader().getKeyID());
        assertTrue(page.verify(new ECDSAVerifier(key)), "signed by a key of the published set");
        JsonPath feed = new JsonPath(page.getPayload().toString());
        assertTrue(feed.getList("revocations.sessionId").contains(b.sessionId()));
        assertEquals(cursor, feed.getLong("since"));
        assertEquals(nonce, feed.getString("nonce"));
        assertEquals(false, feed.getBoolean("more"));
        assertTrue(feed.getLong("nextCursor") > cursor);
    }

    @Test
    void badFeedParametersAre400() {
        given().queryParam("since", "abc")
                .get("/v1/revocations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("since", -1).get("/v1/revocations").then().statusCode(400);
        given().queryParam("limit", 0).get("/v1/revocations").then().statusCode(400);
        given().queryParam("nonce", "short")
                .get("/v1/revocations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void revokingADeviceEndsAllItsSessions() {
        Api.Signed phone = Api.newAccountSignedIn();
        TestDevice tablet = TestDevice.generate();
        Api.Signed tablet1 = Api.signedIn(phone.accountLogin(), tablet, Map.of());
        Api.Signed tablet2 = Api.signedIn(phone.accountLogin(), tablet, Map.of());

        phone.delete("/v1/me/devices/" + tablet.id()).then().statusCode(204);
        tablet1.get("/v1/me/devices").then().statusCode(401);
        tablet2.get("/v1/me/devices").then().statusCode(401);
        phone.get("/v1/me/devices")
                .then()
                .statusCode(200)
                .body("find { it.deviceId == '" + tablet.id() + "' }.status", equalTo("revoked"))
                .body("find { it.deviceId == '" + tablet.id() + "' }.activeSessions", equalTo(0))
                .body("find { it.deviceId == '" + phone.device().id() + "' }.current", equalTo(true));
        assertEquals(
                2,
                rows.count(
                        "select count(*) from device_session where device_id = ? and revoked_reason = 'device_revoked'",
                        tablet.id()));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'DEVICE_REVOKED' and event->>'deviceId' = ?",
                        tablet.id()));
    }

    @Test
    void anotherAccountsSessionOrDeviceIs404AndUntouched() {
        Api.Signed mine = Api.newAccountSignedIn();
        Api.Signed theirs = Api.newAccountSignedIn();
        mine.delete("/v1/me/sessions/" + theirs.sessionId())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        mine.delete("/v1/me/devices/" + theirs.device().id()).then().statusCode(404);
        mine.delete("/v1/me/sessions/not-a-uuid").then().statusCode(400);
        theirs.get("/v1/me/sessions").then().statusCode(200);
        assertEquals(
                null,
                rows.string("select revoked_at from device_session where id = ?", UUID.fromString(theirs.sessionId())));
    }

    @Test
    void signingOutOwnSessionWorksAndThenItIsRefused() {
        Api.Signed me = Api.newAccountSignedIn();
        me.delete("/v1/me/sessions/" + me.sessionId()).then().statusCode(204);
        me.get("/v1/me/sessions").then().statusCode(401);
    }
}
