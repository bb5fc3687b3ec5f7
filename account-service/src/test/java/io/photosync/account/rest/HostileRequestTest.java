package io.photosync.account.rest;

import static io.photosync.testsupport.RawHttp.assertCleanProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.testsupport.RawHttp;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client sends that no well-behaved one does, over a raw socket: each is a 4xx problem body that names
 * nothing of the server, and writes nothing.
 */
@QuarkusTest
class HostileRequestTest {
    @Inject
    Rows rows;

    @Test
    void requestTargetsThatAreNotUrisAnswerA400ProblemOnPublicAndDpopProtectedPaths() throws Exception {
        Api.Signed signed = Api.newAccountSignedIn();
        String before = rows.writeFingerprint();
        for (String path : List.of("/v1/keys", "/v1/accounts", "/v1/me/sessions")) {
            for (String ending : RawHttp.MALFORMED_TARGET_ENDINGS) {
                RawHttp.Answer answer = RawHttp.send(
                        RestAssured.port,
                        "GET",
                        path + ending,
                        "Authorization: DPoP " + signed.accessToken(),
                        "DPoP: " + signed.device().proof("GET", Api.url(path), signed.accessToken()));
                assertCleanProblem(answer, 400, path + ending);
                assertTrue(answer.body().contains("malformed-request-target"), answer.body());
            }
        }
        assertEquals(before, rows.writeFingerprint(), "nothing written");
        signed.get("/v1/me/sessions").then().statusCode(200); // and the service still serves well-formed requests
    }

    @Test
    void aBodyOverTheHttpLimitAnswers413AsAProblem() throws Exception {
        byte[] body = ("{\"login\":\"" + "a".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertCleanProblem(
                RawHttp.send(RestAssured.port, "POST", "/v1/accounts", body, "Content-Type: application/json"),
                413,
                "70 KiB account body");
    }

    @Test
    void jsonOfTheWrongShapeNamesTheFieldAndNoJavaType() throws Exception {
        String login = Api.newLogin();
        String before = rows.writeFingerprint();
        expectMalformed(
                "/v1/accounts",
                "{\"login\":\"" + login + "\",\"password\":[1],\"displayName\":\"x\"}",
                "field `password` must be a string");
        expectMalformed(
                "/v1/accounts",
                "{\"login\":{\"a\":1},\"password\":\"correct horse battery\"}",
                "field `login` must be a string");
        expectMalformed("/v1/accounts", "[\"" + login + "\"]", "the body must be an object");
        expectMalformed("/v1/accounts", "{\"login\":", "not well-formed JSON");
        expectMalformed("/v1/accounts", "{\"login\":\"" + login + "\" \"password\":\"x\"}", "not well-formed JSON");
        String proof = TestDevice.generate().proof("POST", Api.url("/v1/sessions"));
        RawHttp.Answer location = RawHttp.send(
                RestAssured.port,
                "POST",
                "/v1/sessions",
                ("{\"login\":\"" + login
                                + "\",\"password\":\"x\",\"device\":{\"name\":\"p\"},\"location\":{\"lat\":\"north\",\"lon\":1}}")
                        .getBytes(StandardCharsets.UTF_8),
                "Content-Type: application/json",
                "DPoP: " + proof);
        assertCleanProblem(location, 400, "location.lat a string");
        assertTrue(location.body().contains("field `location.lat` must be a number"), location.body());
        assertEquals(before, rows.writeFingerprint(), "nothing written");
    }

    private static void expectMalformed(String path, String json, String detail) throws Exception {
        RawHttp.Answer answer = RawHttp.send(
                RestAssured.port,
                "POST",
                path,
                json.getBytes(StandardCharsets.UTF_8),
                "Content-Type: application/json");
        assertCleanProblem(answer, 400, json);
        assertTrue(answer.body().contains(detail), json + " -> " + answer.body());
    }
}
