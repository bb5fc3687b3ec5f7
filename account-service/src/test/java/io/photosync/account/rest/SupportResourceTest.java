package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.photosync.account.Api;
import io.photosync.account.LogContract;
import io.photosync.account.Rows;
import io.photosync.account.SupportApi;
import io.photosync.common.source.SourceTokenSigner;
import io.photosync.testsupport.TestDevice;
import io.photosync.testsupport.TestSourceKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The support API as audit-service calls it (docs/SUPPORT.md): what agents read, the sign-outs they do, and what is
 * refused.
 */
@QuarkusTest
class SupportResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Rows rows;

    @Test
    void anOverviewShowsWhatTheOwnerSeesAndNothingOfAnotherAccount() {
        Api.Signed phone = Api.newAccountSignedIn();
        Api.Signed tablet = Api.signedIn(phone.accountLogin(), TestDevice.generate(), Map.of());
        Api.Signed stranger = Api.newAccountSignedIn();
        String account = rows.accountIdOf(phone.sessionId());

        // each owner call marks the owner's session as seen, so each view is compared right after the owner read it
        for (String view : List.of("sessions", "devices", "alerts")) {
            List<Map<String, Object>> owners = phone.get("/v1/me/" + view)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            JsonPath overview = SupportApi.overview(account, SupportApi.call(UUID.randomUUID()))
                    .then()
                    .statusCode(200)
                    .contentType("application/json")
                    .extract()
                    .jsonPath();
            assertFalse(owners.isEmpty(), view);
            assertEquals(
                    notCurrent(owners), overview.getList(view), view + ": as the owner sees them, no one's current");
        }
        JsonPath overview = SupportApi.overview(account, SupportApi.call(UUID.randomUUID()))
                .then()
                .extract()
                .jsonPath();
        assertEquals(List.of(tablet.sessionId(), phone.sessionId()), overview.getList("sessions.sessionId"));
        assertEquals(List.of("NEW_DEVICE_SIGN_IN"), overview.getList("alerts.type"));
        assertFalse(
                overview.getList("devices.deviceId").contains(stranger.device().id()));
    }

    @Test
    void tokensNotMadeByAuditServiceForThisCallAndBodyAreRefusedAndChangeNothing() throws Exception {
        Api.Signed phone = Api.newAccountSignedIn();
        Api.Signed tablet = Api.signedIn(phone.accountLogin(), TestDevice.generate(), Map.of());
        String account = rows.accountIdOf(phone.sessionId());
        Map<String, Object> call = SupportApi.call(UUID.randomUUID());
        byte[] signOutTablet = SupportApi.bytes(SupportApi.with(call, "sessionId", tablet.sessionId()));
        byte[] signOutPhone = SupportApi.bytes(SupportApi.with(call, "sessionId", phone.sessionId()));
        String rogueKey = new ECKeyGenerator(Curve.P_256)
                .keyID(TestSourceKeys.AUDIT_SERVICE)
                .generate()
                .toJSONString();
        String before = rows.writeFingerprint();

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(
                "another key named audit-service",
                new SourceTokenSigner(TestSourceKeys.AUDIT_SERVICE, rogueKey, "account-service")
                        .authorization(signOutTablet));
        refused.put(
                "a token for the log (aud audit-service)",
                new SourceTokenSigner(TestSourceKeys.AUDIT_SERVICE, TestSourceKeys.AUDIT_SERVICE_PRIVATE_JWK)
                        .authorization(signOutTablet));
        refused.put(
                "a source of the log",
                new SourceTokenSigner(
                                TestSourceKeys.ACCOUNT_SERVICE,
                                TestSourceKeys.ACCOUNT_SERVICE_PRIVATE_JWK,
                                "account-service")
                        .authorization(signOutTablet));
        refused.put("a body changed after signing", SupportApi.AUDIT_SERVICE.authorization(signOutPhone));
        refused.put("the owner's own token", "DPoP " + tablet.accessToken());
        refused.put("no token", null);
        refused.forEach((what, authorization) -> SupportApi.post("sign-outs", account, authorization, signOutTablet)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Source")
                .body("type", equalTo("urn:photosync:problem:source-unauthenticated")));

        byte[] overview = SupportApi.bytes(call);
        String once = SupportApi.AUDIT_SERVICE.authorization(overview);
        SupportApi.post("overview", account, once, overview).then().statusCode(200);
        SupportApi.post("overview", account, once, overview)
                .then()
                .statusCode(401)
                .body("detail", containsString("already been used"));

        assertEquals(before, rows.writeFingerprint());
        tablet.get("/v1/me/sessions").then().statusCode(200);
    }

    @Test
    void anExpiredGrantIs403AndSignsNothingOut() {
        Api.Signed phone = Api.newAccountSignedIn();
        String account = rows.accountIdOf(phone.sessionId());
        Map<String, Object> expired = SupportApi.with(
                SupportApi.call(UUID.randomUUID()),
                "grantExpiresAt",
                Instant.now().minusSeconds(1).toString());
        String before = rows.writeFingerprint();

        SupportApi.signOut(account, SupportApi.with(expired, "sessionId", phone.sessionId()))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:photosync:problem:grant-expired"));
        SupportApi.overview(account, expired)
                .then()
                .statusCode(403)
                .body("type", equalTo("urn:photosync:problem:grant-expired"));

        assertEquals(before, rows.writeFingerprint());
        phone.get("/v1/me/sessions").then().statusCode(200);
    }

    @Test
    void malformedCallsAre400NamingTheFieldAndWriteNothing() {
        Api.Signed phone = Api.newAccountSignedIn();
        String account = rows.accountIdOf(phone.sessionId());
        Map<String, Object> call = SupportApi.with(SupportApi.call(UUID.randomUUID()), "sessionId", phone.sessionId());
        Map<String, Object> noStaff = new HashMap<>(call);
        noStaff.remove("staffId");
        Map<String, Object> noTarget = new HashMap<>(call);
        noTarget.remove("sessionId");

        List<Bad> bad = List.of(
                new Bad("caseId", SupportApi.with(call, "caseId", "case-7")),
                new Bad("grantId", SupportApi.with(call, "grantId", "1-2-3-4-5")),
                new Bad("staffId", noStaff),
                new Bad("staffId", SupportApi.with(call, "staffId", "S 1001")),
                new Bad("staffId", SupportApi.with(call, "staffId", "S-" + "1".repeat(31))),
                new Bad("grantExpiresAt", SupportApi.with(call, "grantExpiresAt", "2099-01-01 10:00")),
                new Bad("sessionId", SupportApi.with(call, "sessionId", "../../me")),
                new Bad("deviceId", SupportApi.with(noTarget, "deviceId", "not-a-thumbprint")),
                new Bad(
                        "exactly one of sessionId and deviceId",
                        SupportApi.with(call, "deviceId", phone.device().id())),
                new Bad("exactly one of sessionId and deviceId", noTarget));
        String before = rows.writeFingerprint();

        for (Bad b : bad) {
            SupportApi.signOut(account, b.body())
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString(b.named()));
        }
        SupportApi.overview(account, call)
                .then()
                .statusCode(400)
                .body("detail", containsString("no sessionId or deviceId"));
        for (String body : List.of("{\"caseId\":", "null", "")) {
            SupportApi.signed("sign-outs", account, body.getBytes(StandardCharsets.UTF_8))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }

        assertEquals(before, rows.writeFingerprint());
        phone.get("/v1/me/sessions").then().statusCode(200);
    }

    @Test
    void anAgentsSessionSignOutEndsItAtOnceAndTheOwnerSeesUnderWhichCase() throws Exception {
        Api.Signed phone = Api.newAccountSignedIn();
        Api.Signed tablet = Api.signedIn(phone.accountLogin(), TestDevice.generate(), Map.of());
        UUID caseId = UUID.randomUUID();
        long cursor = given().get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("nextCursor");

        SupportApi.signOut(
                        rows.accountIdOf(phone.sessionId()),
                        SupportApi.with(SupportApi.call(caseId), "sessionId", tablet.sessionId()))
                .then()
                .statusCode(204);

        tablet.get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
        Api.refresh(tablet.device(), tablet.refreshToken()).then().statusCode(401);
        String revoked = "find { it.sessionId == '" + tablet.sessionId() + "' }.";
        phone.get("/v1/me/sessions")
                .then()
                .statusCode(200)
                .body(revoked + "status", equalTo("revoked"))
                .body(revoked + "revokedBy", equalTo("agent"))
                .body(revoked + "revokedReason", equalTo("signed_out_by_agent"))
                .body(revoked + "caseId", equalTo(caseId.toString()))
                .body("find { it.sessionId == '" + phone.sessionId() + "' }.status", equalTo("active"))
                .body("find { it.sessionId == '" + phone.sessionId() + "' }.caseId", nullValue());
        assertTrue(given().queryParam("since", cursor)
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("revocations.sessionId")
                .contains(tablet.sessionId()));

        JsonNode event = JSON.readTree(rows.string(
                "select event::text from outbox where event_type = 'SESSION_REVOKED' and event->>'sessionId' = ?",
                tablet.sessionId()));
        assertEquals("agent", event.path("data").path("revokedBy").asText());
        assertEquals(caseId.toString(), event.path("data").path("caseId").asText());
        assertNull(LogContract.violation(event), () -> "the log would refuse " + LogContract.violation(event));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'SESSION_REVOKED' and event->>'sessionId' = ?",
                        tablet.sessionId()));
    }

    @Test
    void anAgentsDeviceSignOutEndsAllItsSessionsUnderTheCase() {
        Api.Signed phone = Api.newAccountSignedIn();
        TestDevice tablet = TestDevice.generate();
        Api.Signed tablet1 = Api.signedIn(phone.accountLogin(), tablet, Map.of());
        Api.Signed tablet2 = Api.signedIn(phone.accountLogin(), tablet, Map.of());
        UUID caseId = UUID.randomUUID();
        long cursor = given().get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("nextCursor");

        SupportApi.signOut(
                        rows.accountIdOf(phone.sessionId()),
                        SupportApi.with(SupportApi.call(caseId), "deviceId", tablet.id()))
                .then()
                .statusCode(204);

        tablet1.get("/v1/me/devices").then().statusCode(401);
        tablet2.get("/v1/me/devices").then().statusCode(401);
        String device = "find { it.deviceId == '" + tablet.id() + "' }.";
        phone.get("/v1/me/devices")
                .then()
                .statusCode(200)
                .body(device + "status", equalTo("revoked"))
                .body(device + "revokedBy", equalTo("agent"))
                .body(device + "caseId", equalTo(caseId.toString()))
                .body(device + "activeSessions", equalTo(0));
        phone.get("/v1/me/sessions")
                .then()
                .statusCode(200)
                .body(
                        "findAll { it.caseId == '" + caseId + "' && it.revokedBy == 'agent' }.sessionId",
                        equalTo(List.of(tablet2.sessionId(), tablet1.sessionId())));
        List<String> fed = given().queryParam("since", cursor)
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("revocations.sessionId");
        assertTrue(fed.containsAll(List.of(tablet1.sessionId(), tablet2.sessionId())), fed.toString());
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'DEVICE_REVOKED' and event->>'deviceId' = ? "
                                + "and event->'data'->>'revokedBy' = 'agent' and event->'data'->>'caseId' = ?",
                        tablet.id(),
                        caseId.toString()));
        assertEquals(
                2,
                rows.count(
                        "select count(*) from outbox where event_type = 'SESSION_REVOKED' and event->>'deviceId' = ? "
                                + "and event->'data'->>'revokedBy' = 'agent' and event->'data'->>'caseId' = ?",
                        tablet.id(),
                        caseId.toString()));
    }

    @Test
    void anotherAccountsSessionOrDeviceAndAnUnknownAccountAre404AndUntouched() {
        Api.Signed mine = Api.newAccountSignedIn();
        Api.Signed theirs = Api.newAccountSignedIn();
        String account = rows.accountIdOf(mine.sessionId());
        Map<String, Object> call = SupportApi.call(UUID.randomUUID());
        String before = rows.writeFingerprint();

        SupportApi.signOut(account, SupportApi.with(call, "sessionId", theirs.sessionId()))
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        SupportApi.signOut(
                        account,
                        SupportApi.with(call, "deviceId", theirs.device().id()))
                .then()
                .statusCode(404);
        SupportApi.overview(UUID.randomUUID().toString(), call).then().statusCode(404);
        SupportApi.overview("not-an-account", call).then().statusCode(404);

        assertEquals(before, rows.writeFingerprint());
        theirs.get("/v1/me/sessions").then().statusCode(200);
    }

    private record Bad(String named, Map<String, Object> body) {}

    private static List<Map<String, Object>> notCurrent(List<Map<String, Object>> views) {
        return views.stream()
                .map(v -> {
                    Map<String, Object> copy = new LinkedHashMap<>(v);
                    copy.computeIfPresent("current", (k, current) -> false);
                    return copy;
                })
                .toList();
    }
}
