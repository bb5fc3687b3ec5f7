package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.account.TrustedProxyProfile;
import io.photosync.testsupport.TestDevice;
import io.photosync.testsupport.TestGeoIp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * account-service behind a trusted proxy (127.0.0.1): the forwarded client address gives the IP
 * location from the test GeoIP database, alerts compare locations, the per-address throttle
 * counts the forwarded address, and the DPoP htu is the URL the client addressed at the proxy.
 */
@QuarkusTest
@TestProfile(TrustedProxyProfile.class)
class BehindTrustedProxyTest {
    @Inject
    Rows rows;

    private static Map<String, String> from(String ip) {
        return Map.of("X-Forwarded-For", ip);
    }

    @Test
    void theForwardedAddressIsLocatedInTheConfiguredDatabase() {
        String login = Api.newLogin();
        Api.createAccount(login);
        Api.Signed signed = Api.signedIn(login, TestDevice.generate(), from(TestGeoIp.BEIJING_IP));
        signed.as("GET", "/v1/me/sessions")
                .header("X-Forwarded-For", TestGeoIp.BEIJING_IP)
                .get("/v1/me/sessions")
                .then()
                .statusCode(200)
                .body("[0].ip", equalTo(TestGeoIp.BEIJING_IP))
                .body("[0].location.city", equalTo("Beijing"))
                .body("[0].location.region", equalTo("Beijing"))
                .body("[0].location.country", equalTo("CN"))
                .body("[0].location.lat", equalTo(39.9042f))
                .body("[0].location.lon", equalTo(116.4074f))
                .body("[0].location.source", startsWith("GeoIP2-City"))
                .body("[0].lastSeenIp", equalTo(TestGeoIp.BEIJING_IP));
        assertEquals(
                "Beijing",
                rows.string(
                        "select event->'personal'->>'ipCity' from outbox where event_type = 'SIGN_IN' and"
                                + " event->>'sessionId' = ?",
                        signed.sessionId()));
    }

    @Test
    void anAddressOutsideTheDatabaseHasNoLocationAndSaysWhy() {
        String login = Api.newLogin();
        Api.createAccount(login);
        Api.Signed signed = Api.signedIn(login, TestDevice.generate(), from("8.8.8.8"));
        assertEquals(
                "8.8.8.8",
                rows.string("select client_ip from device_session where id = ?", UUID.fromString(signed.sessionId())));
        assertEquals(
                "none",
                rows.string("select ip_source from device_session where id = ?", UUID.fromString(signed.sessionId())));
        assertTrue(rows.string(
                        "select ip_no_location_reason from device_session where id = ?",
                        UUID.fromString(signed.sessionId()))
                .startsWith("address not in GeoIP2-City"));
        Api.Signed privately = Api.signedIn(login, TestDevice.generate(), from("10.1.2.3"));
        assertEquals(
                "private address",
                rows.string(
                        "select ip_no_location_reason from device_session where id = ?",
                        UUID.fromString(privately.sessionId())));
    }

    @Test
    void aSecondDeviceFarAwayRaisesNewDeviceNewLocationAndFarApart() {
        String login = Api.newLogin();
        Api.createAccount(login);
        Api.Signed beijing = Api.signedIn(login, TestDevice.generate(), from(TestGeoIp.BEIJING_IP));
        beijing.get("/v1/me/alerts")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0)); // first device, first place: nothing to compare

        Api.Signed london = Api.signedIn(login, TestDevice.generate(), from(TestGeoIp.LONDON_IP));
        JsonPath alerts =
                beijing.get("/v1/me/alerts").then().statusCode(200).extract().jsonPath();
        List<String> types = alerts.getList("type");
        assertTrue(
                types.containsAll(List.of("NEW_DEVICE_SIGN_IN", "NEW_LOCATION", "CONCURRENT_SESSIONS_FAR_APART")),
                types.toString());
        Map<String, Object> farApart = alerts.getMap("find { it.type == 'CONCURRENT_SESSIONS_FAR_APART' }");
        assertEquals(london.sessionId(), farApart.get("sessionId"));
        assertEquals(beijing.sessionId(), farApart.get("relatedSessionId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) farApart.get("details");
        int km = ((Number) details.get("distanceKm")).intValue();
        assertTrue(km > 8000 && km < 8300, "Beijing-London is about 8,140 km, got " + km);
        assertEquals(
                "London, GB",
                alerts.getString("find { it.type == 'NEW_LOCATION' }.details.summary")
                        .replace("Sign-in from a new location: ", ""));
        assertEquals(
                3,
                rows.count(
                        "select count(*) from outbox where event_type = 'ALERT_RAISED' and event->>'sessionId' = ?",
                        london.sessionId()));
    }

    @Test
    void nearbySessionsAreNotFarApartAndAKnownPlaceIsNotNew() {
        String login = Api.newLogin();
        Api.createAccount(login);
        Api.Signed shanghai = Api.signedIn(login, TestDevice.generate(), from(TestGeoIp.SHANGHAI_IP));
        Api.signedIn(login, TestDevice.generate(), from(TestGeoIp.HANGZHOU_IP)); // about 165 km away
        Api.signedIn(login, shanghai.device(), from("198.51.100.99")); // Shanghai again, known device
        List<String> types = shanghai.get("/v1/me/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("type");
        assertEquals(
                List.of("NEW_LOCATION", "NEW_DEVICE_SIGN_IN"),
                types.stream().sorted(java.util.Comparator.reverseOrder()).toList(),
                "Hangzhou is new (device and city); nothing is far apart; Shanghai again is neither");
    }

    @Test
    void thePerAddressThrottleCountsTheForwardedAddress() {
        String attacker = "198.51.100." + (1 + new java.util.Random().nextInt(250));
        rows.execute("delete from sign_in_failure where client_ip = ?", attacker);
        for (int i = 0; i < 20; i++) {
            Api.signIn(TestDevice.generate(), Api.signInBody(Api.newLogin(), "wrong password", "p"), from(attacker))
                    .then()
                    .statusCode(401);
        }
        Api.signIn(TestDevice.generate(), Api.signInBody(Api.newLogin(), "wrong password", "p"), from(attacker))
                .then()
                .statusCode(429);
        // Another address is not affected.
        String login = Api.newLogin();
        Api.createAccount(login);
        Api.signedIn(login, TestDevice.generate(), from("203.0.113.77"));
    }

    @Test
    void theProofNamesTheUrlTheClientAddressedAtTheProxy() {
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
                .statusCode(201);
        // The internal URL is not what the client signed for.
        given().contentType(ContentType.JSON)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "account.photosync.example")
                .header("DPoP", device.proof("POST", Api.url("/v1/sessions")))
                .body(Api.signInBody(login, Api.PASSWORD, "p"))
                .post("/v1/sessions")
                .then()
                .statusCode(401)
                .body("detail", org.hamcrest.Matchers.containsString("htu"));
    }
}
