package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /v1/sessions: the sign-in record, and every way a proof can be wrong (each refused, nothing written). */
@QuarkusTest
class SignInTest {
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
    void signInBindsTheSessionToTheProofKeyAndRecordsIt() {
        TestDevice device = TestDevice.generate();
        Map<String, Object> body = Api.signInBody(login, Api.PASSWORD, "Ann's phone");
        body.put("location", Map.of("lat", 31.2304, "lon", 121.4737, "accuracyMeters", 35.0));
        Response r = given().contentType(ContentType.JSON)
                .header("User-Agent", "PhotoSync/1.4.2 (Android 16)")
                .header("X-Forwarded-For", "203.0.113.9") // not from a trusted proxy: ignored
                .header("DPoP", device.proof("POST", Api.url("/v1/sessions")))
                .body(body)
                .post("/v1/sessions");
        r.then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("DPoP"))
                .body("expiresIn", equalTo(300))
                .body("deviceId", equalTo(device.id()))
                .body("refreshToken", notNullValue());
        Api.Signed signed =
                new Api.Signed(device, r.path("accessToken"), r.path("refreshToken"), r.path("sessionId"), login);

        signed.get("/v1/me/sessions")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].sessionId", equalTo(signed.sessionId()))
                .body("[0].device.id", equalTo(device.id()))
                .body("[0].device.name", equalTo("Ann's phone"))
                .body("[0].device.model", equalTo("Pixel 9"))
                .body("[0].device.selfReported", equalTo(true))
                .body("[0].ip", equalTo("127.0.0.1"))
                .body("[0].location.source", equalTo("none"))
                .body("[0].location.reason", equalTo("private address"))
                .body("[0].reportedLocation.lat", equalTo(31.2304f))
                .body("[0].reportedLocation.accuracyMeters", equalTo(35.0f))
                .body("[0].reportedLocation.selfReported", equalTo(true))
                .body("[0].userAgent", equalTo("PhotoSync/1.4.2 (Android 16)"))
                .body("[0].authMethod", equalTo("password+dpop"))
                .body("[0].current", equalTo(true))
                .body("[0].status", equalTo("active"))
                .body("[0].createdAt", notNullValue())
                .body("[0].expiresAt", notNullValue());
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'SIGN_IN' and event->>'sessionId' = ?",
                        signed.sessionId()));
        assertEquals(
                "true",
                rows.string(
                        "select event->'data'->>'deviceFirstSeen' from outbox where event_type = 'SIGN_IN' and"
                                + " event->>'sessionId' = ?",
                        signed.sessionId()));
        assertEquals(
                "Ann's phone",
                rows.string(
                        "select event->'personal'->>'deviceName' from outbox where event_type = 'SIGN_IN' and"
                                + " event->>'sessionId' = ?",
                        signed.sessionId()));
    }

    @Test
    void unknownLoginAndWrongPasswordLookTheSameAndAreRecorded() {
        String before = rows.writeFingerprint();
        Response wrongPassword =
                Api.signIn(TestDevice.generate(), Api.signInBody(login, "not the password", "p"), Map.of());
        String unknown = Api.newLogin();
        Response unknownLogin = Api.signIn(TestDevice.generate(), Api.signInBody(unknown, Api.PASSWORD, "p"), Map.of());
        wrongPassword.then().statusCode(401).contentType("application/problem+json");
        unknownLogin.then().statusCode(401).contentType("application/problem+json");
        assertEquals(wrongPassword.asString(), unknownLogin.asString());

        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'SIGN_IN_FAILED' and event->'data'->>'reason'"
                                + " = 'unknown_login' and event->'personal'->>'login' = ?",
                        unknown));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox o join account a on a.id::text = o.event->>'accountId' where"
                            + " o.event_type = 'SIGN_IN_FAILED' and o.event->'data'->>'reason' = 'wrong_password' and"
                            + " a.login = ? and o.event->'personal'->>'login' is null",
                        login));
        assertEquals(2, rows.count("select count(*) from sign_in_failure where login in (?, ?)", login, unknown));
        // No session, device or token for either.
        assertEquals(before.split("/")[0], rows.writeFingerprint().split("/")[0]);
        assertEquals(before.split("/")[1], rows.writeFingerprint().split("/")[1]);
    }

    @Test
    void withoutAProofIs401() {
        String before = rows.writeFingerprint();
        Response r = given().contentType(ContentType.JSON)
                .body(Api.signInBody(login, Api.PASSWORD, "p"))
                .post("/v1/sessions");
        assertProofRefused(r, "missing DPoP proof", before);
    }

    @Test
    void twoProofsAre401() {
        TestDevice device = TestDevice.generate();
        String before = rows.writeFingerprint();
        Response r = given().contentType(ContentType.JSON)
                .header("DPoP", device.proof("POST", Api.url("/v1/sessions")))
                .header("DPoP", device.proof("POST", Api.url("/v1/sessions")))
                .body(Api.signInBody(login, Api.PASSWORD, "p"))
                .post("/v1/sessions");
        assertProofRefused(r, "DPoP proof", before);
    }

    @Test
    void wrongHtmIs401() {
        assertRefusedWithProof(TestDevice.generate().proof("GET", Api.url("/v1/sessions")), "htm");
    }

    @Test
    void wrongHtuIs401() {
        assertRefusedWithProof(TestDevice.generate().proof("POST", Api.url("/v1/sessions/refresh")), "htu");
    }

    @Test
    void htuOfAnotherHostIs401() {
        assertRefusedWithProof(TestDevice.generate().proof("POST", "https://evil.example/v1/sessions"), "htu");
    }

    @Test
    void staleIatIs401() {
        assertRefusedWithProof(
                TestDevice.generate()
                        .proof(
                                "POST",
                                Api.url("/v1/sessions"),
                                null,
                                null,
                                Instant.now().minusSeconds(120)),
                "iat");
    }

    @Test
    void reusedJtiIs401() {
        TestDevice device = TestDevice.generate();
        String proof = device.proof("POST", Api.url("/v1/sessions"));
        given().contentType(ContentType.JSON)
                .header("DPoP", proof)
                .body(Api.signInBody(login, Api.PASSWORD, "p"))
                .post("/v1/sessions")
                .then()
                .statusCode(201);
        assertRefusedWithProof(proof, "jti replay");
    }

    @Test
    void algNoneIs401() {
        String unsigned = new PlainJWT(TestDevice.claims("POST", Api.url("/v1/sessions"), null, null, Instant.now())
                        .build())
                .serialize();
        assertRefusedWithProof(unsigned, "signed JWT");
    }

    @Test
    void hs256Is401() throws Exception {
        TestDevice device = TestDevice.generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(device.key().toPublicJWK())
                        .build(),
                TestDevice.claims("POST", Api.url("/v1/sessions"), null, null, Instant.now())
                        .build());
        jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        assertRefusedWithProof(jwt.serialize(), "alg must be ES256");
    }

    @Test
    void jwkWithThePrivateKeyIs401() throws Exception {
        TestDevice device = TestDevice.generate();
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":"
                + device.key().toJSONString() + "}";
        String input = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(TestDevice.claims("POST", Api.url("/v1/sessions"), null, null, Instant.now())
                        .build()
                        .toString()
                        .getBytes(StandardCharsets.UTF_8));
        Base64URL signature = new ECDSASigner(device.key())
                .sign(new JWSHeader(JWSAlgorithm.ES256), input.getBytes(StandardCharsets.US_ASCII));
        assertRefusedWithProof(input + "." + signature, "Non-public key");
    }

    @Test
    void signatureByAnotherKeyIs401() {
        TestDevice victim = TestDevice.generate();
        TestDevice thief = TestDevice.generate();
        String proof = thief.sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(victim.key().toPublicJWK())
                        .build(),
                TestDevice.claims("POST", Api.url("/v1/sessions"), null, null, Instant.now())
                        .build());
        assertRefusedWithProof(proof, "signature");
    }

    @Test
    void missingDeviceIs400AndNothingWritten() {
        String before = rows.writeFingerprint();
        given().contentType(ContentType.JSON)
                .header("DPoP", TestDevice.generate().proof("POST", Api.url("/v1/sessions")))
                .body(Map.of("login", login, "password", Api.PASSWORD))
                .post("/v1/sessions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("device"));
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void badReportedLocationIs400() {
        Map<String, Object> body = Api.signInBody(login, Api.PASSWORD, "p");
        body.put("location", Map.of("lat", 123.0, "lon", 0.0));
        String before = rows.writeFingerprint();
        given().contentType(ContentType.JSON)
                .header("DPoP", TestDevice.generate().proof("POST", Api.url("/v1/sessions")))
                .body(body)
                .post("/v1/sessions")
                .then()
                .statusCode(400)
                .body("detail", containsString("lat"));
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void malformedJsonIs400() {
        String before = rows.writeFingerprint();
        given().contentType(ContentType.JSON)
                .header("DPoP", TestDevice.generate().proof("POST", Api.url("/v1/sessions")))
                .body("{\"login\": ")
                .post("/v1/sessions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void sameDeviceTwiceIsNotANewDevice() {
        TestDevice device = TestDevice.generate();
        Api.signedIn(login, device, Map.of());
        Api.Signed second = Api.signedIn(login, device, Map.of());
        assertEquals(
                "false",
                rows.string(
                        "select event->'data'->>'deviceFirstSeen' from outbox where event_type = 'SIGN_IN' and"
                                + " event->>'sessionId' = ?",
                        second.sessionId()));
        second.get("/v1/me/devices")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].deviceId", equalTo(device.id()))
                .body("[0].activeSessions", equalTo(2))
                .body("[0].selfReported", equalTo(true))
                .body("[0].revokedAt", nullValue());
        assertEquals(1, rows.count("select count(*) from device where device_id = ?", device.id()));
    }

    private void assertRefusedWithProof(String proof, String reason) {
        String before = rows.writeFingerprint();
        Response r = given().contentType(ContentType.JSON)
                .header("DPoP", proof)
                .body(Api.signInBody(login, Api.PASSWORD, "p"))
                .post("/v1/sessions");
        assertProofRefused(r, reason, before);
    }

    private void assertProofRefused(Response r, String reason, String fingerprintBefore) {
        r.then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("DPoP"))
                .header("WWW-Authenticate", containsString("error=\"invalid_dpop_proof\""))
                .body("detail", containsString(reason));
        assertEquals(fingerprintBefore, rows.writeFingerprint(), "a refused proof writes nothing");
    }
}
