package io.photosync.account;

import static io.restassured.RestAssured.given;

import io.photosync.testsupport.TestDevice;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test-side client of account-service: what a phone app does, with Nimbus-made proofs. */
public final class Api {
    public static final String PASSWORD = "correct horse battery";

    private Api() {}

    public static String url(String path) {
        return RestAssured.baseURI + ":" + RestAssured.port + path;
    }

    public static String newLogin() {
        return "user-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static String createAccount(String login) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", PASSWORD, "displayName", "Test " + login))
                .post("/v1/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("accountId");
    }

    public static Map<String, Object> signInBody(String login, String password, String deviceName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", login);
        body.put("password", password);
        body.put("device", Map.of("name", deviceName, "model", "Pixel 9", "os", "Android 16", "appVersion", "1.4.2"));
        return body;
    }

    /** POST /v1/sessions with a fresh proof from {@code device}; extra headers (e.g. X-Forwarded-For) optional. */
    public static Response signIn(TestDevice device, Map<String, Object> body, Map<String, String> headers) {
        return given().contentType(ContentType.JSON)
                .headers(headers)
                .header("DPoP", device.proof("POST", url("/v1/sessions")))
                .body(body)
                .post("/v1/sessions");
    }

    /** A signed-in device: its tokens and session. */
    public record Signed(
            TestDevice device, String accessToken, String refreshToken, String sessionId, String accountLogin) {
        public RequestSpecification as(String method, String path) {
            return given().header("Authorization", "DPoP " + accessToken)
                    .header("DPoP", device.proof(method, url(path), accessToken));
        }

        public Response get(String path) {
            return as("GET", path).get(path);
        }

        public Response delete(String path) {
            return as("DELETE", path).delete(path);
        }
    }

    public static Signed signedIn(String login, TestDevice device, Map<String, String> headers) {
        Response r = signIn(
                device, signInBody(login, PASSWORD, "phone " + device.id().substring(0, 6)), headers);
        r.then().statusCode(201);
        return new Signed(device, r.path("accessToken"), r.path("refreshToken"), r.path("sessionId"), login);
    }

    public static Signed newAccountSignedIn() {
        String login = newLogin();
        createAccount(login);
        return signedIn(login, TestDevice.generate(), Map.of());
    }

    public static Response refresh(TestDevice device, String refreshToken) {
        return refresh(device.proof("POST", url("/v1/sessions/refresh")), refreshToken);
    }

    /** A refresh with the DPoP proof given (one made for {@code POST /v1/sessions/refresh}). */
    public static Response refresh(String proof, String refreshToken) {
        return given().contentType(ContentType.JSON)
                .header("DPoP", proof)
                .body(Map.of("refreshToken", refreshToken))
                .post("/v1/sessions/refresh");
    }
}
