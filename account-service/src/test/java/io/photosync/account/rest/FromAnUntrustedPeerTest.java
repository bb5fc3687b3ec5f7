package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.account.UntrustedPeerProfile;
import io.photosync.testsupport.TestDevice;
import io.photosync.testsupport.TestGeoIp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: with forwarding on, a peer that is not a configured proxy cannot choose its recorded IP and
 * place with X-Forwarded-For, nor the URL its DPoP proof is checked against with X-Forwarded-Host/-Proto.
 */
@QuarkusTest
@TestProfile(UntrustedPeerProfile.class)
class FromAnUntrustedPeerTest {
    @Inject
    Rows rows;

    @Test
    void aForwardedForHeaderFromAnUntrustedPeerIsIgnored() {
        String login = Api.newLogin();
        Api.createAccount(login);
        Api.Signed signed = Api.signedIn(login, TestDevice.generate(), Map.of("X-Forwarded-For", TestGeoIp.BEIJING_IP));
        UUID session = UUID.fromString(signed.sessionId());
        assertEquals("127.0.0.1", rows.string("select client_ip from device_session where id = ?", session));
        assertEquals(
                "127.0.0.1",
                rows.string(
                        "select event->'personal'->>'ip' from outbox where event_type = 'SIGN_IN' and"
                                + " event->>'sessionId' = ?",
                        signed.sessionId()));
    }

    @Test
    void aForwardedHostFromAnUntrustedPeerDoesNotChangeTheCheckedHtu() {
        String login = Api.newLogin();
        Api.createAccount(login);
        TestDevice device = TestDevice.generate();
        given().contentType(ContentType.JSON)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "account.photosync.example")
                .header("DPoP", device.proof("POST", "https://account.photosync.example/v1/sessions"))
                .body(Api.signInBody(login, Api.PASSWORD, "p"))
                .post("/v1/sessions")
                .then()
                .statusCode(401)
                .body("detail", containsString("htu"));
        given().contentType(ContentType.JSON)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "account.photosync.example")
                .header("DPoP", device.proof("POST", Api.url("/v1/sessions")))
                .body(Api.signInBody(login, Api.PASSWORD, "p"))
                .post("/v1/sessions")
                .then()
                .statusCode(201);
    }
}
