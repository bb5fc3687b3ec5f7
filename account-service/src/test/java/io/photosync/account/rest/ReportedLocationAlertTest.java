package io.photosync.account.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.account.Api;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without an IP location (a private address here) the self-reported locations are compared. */
@QuarkusTest
class ReportedLocationAlertTest {

    @Test
    void farApartReportedLocationsRaiseAnAlertLabelledSelfReported() {
        String login = Api.newLogin();
        Api.createAccount(login);
        Map<String, Object> hangzhou = Api.signInBody(login, Api.PASSWORD, "home phone");
        hangzhou.put("location", Map.of("lat", 30.2741, "lon", 120.1551, "accuracyMeters", 20.0));
        Response first = Api.signIn(TestDevice.generate(), hangzhou, Map.of());
        first.then().statusCode(201);
        Api.Signed home = new Api.Signed(
                null, first.path("accessToken"), first.path("refreshToken"), first.path("sessionId"), login);

        TestDevice stranger = TestDevice.generate();
        Map<String, Object> london = Api.signInBody(login, Api.PASSWORD, "stranger");
        london.put("location", Map.of("lat", 51.5072, "lon", -0.1276));
        Api.signIn(stranger, london, Map.of()).then().statusCode(201);

        Api.Signed strangerSigned = Api.signedIn(login, stranger, Map.of());
        var alerts = strangerSigned
                .get("/v1/me/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> types = alerts.getList("type");
        assertTrue(types.contains("CONCURRENT_SESSIONS_FAR_APART"), types.toString());
        assertTrue(types.contains("NEW_DEVICE_SIGN_IN"), types.toString());
        assertEquals(
                "self-reported",
                alerts.getString("find { it.type == 'CONCURRENT_SESSIONS_FAR_APART' }.details.location.source"));
        assertEquals(
                home.sessionId(),
                alerts.getString("find { it.type == 'CONCURRENT_SESSIONS_FAR_APART' }.relatedSessionId"));
    }
}
