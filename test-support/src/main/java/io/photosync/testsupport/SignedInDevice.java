package io.photosync.testsupport;

import static io.restassured.RestAssured.given;

import com.nimbusds.jwt.JWTParser;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A phone signed in at the real account-service: its Nimbus key ({@link TestDevice}), the
 * DPoP-bound access token and session account-service issued, and DPoP-authenticated requests.
 */
public final class SignedInDevice {
    static final String PASSWORD = "correct horse battery staple 42";

    public final TestDevice key;
    public final UUID accountId;
    public final String login;
    public final UUID sessionId;
    public final String accessToken;

    private SignedInDevice(TestDevice key, UUID accountId, String login, UUID sessionId, String accessToken) {
        this.key = key;
        this.accountId = accountId;
        this.login = login;
        this.sessionId = sessionId;
        this.accessToken = accessToken;
    }

    /** The account-service that {@link AccountServiceResource} started for the service under test. */
    public static String accountUrl() {
        return ConfigProvider.getConfig().getValue(AccountServiceResource.ACCOUNT_URL, String.class);
    }

    /** A new account; answers its login. */
    public static String newAccount() {
        String login = "user-" + UUID.randomUUID();
        given().baseUri(accountUrl())
                .contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", PASSWORD, "displayName", "Test " + login))
                .post("/v1/accounts")
                .then()
                .statusCode(201);
        return login;
    }

    /** A new device with a new key signs in to the account. */
    public static SignedInDevice signIn(String login, String deviceName) {
        TestDevice key = TestDevice.generate();
        String url = accountUrl() + "/v1/sessions";
        Response response = given().baseUri(accountUrl())
                .contentType(ContentType.JSON)
                .header("DPoP", key.proof("POST", url))
                .body(Map.of(
                        "login",
                        login,
                        "password",
                        PASSWORD,
                        "device",
                        Map.of("name", deviceName, "model", "Test phone", "os", "TestOS 1", "appVersion", "1.0")))
                .post("/v1/sessions");
        response.then().statusCode(201);
        if (!key.id().equals(response.path("deviceId"))) {
            throw new AssertionError("account-service did not bind the session to the proof key");
        }
        String accessToken = response.path("accessToken");
        UUID accountId = UUID.fromString(subject(accessToken));
        return new SignedInDevice(key, accountId, login, UUID.fromString(response.path("sessionId")), accessToken);
    }

    /** A new account with one signed-in device. */
    public static SignedInDevice newAccountAndDevice(String deviceName) {
        return signIn(newAccount(), deviceName);
    }

    public String id() {
        return key.id();
    }

    /** The URL of a path of the service under test as the client addresses it (also the proof's {@code htu}). */
    public static String serviceUrl(String path) {
        return "http://localhost:" + RestAssured.port + path;
    }

    /**
     * A request to the service under test with this device's token and a fresh proof for {@code method} and {@code
     * path}.
     */
    public RequestSpecification request(String method, String path) {
        return given().header("Authorization", "DPoP " + accessToken)
                .header("DPoP", key.proof(method, serviceUrl(path), accessToken));
    }

    /** Signs this session out at account-service (remote sign-out by the device itself). */
    public void signOut() {
        String url = accountUrl() + "/v1/me/sessions/" + sessionId;
        given().baseUri(accountUrl())
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", key.proof("DELETE", url, accessToken))
                .delete("/v1/me/sessions/" + sessionId)
                .then()
                .statusCode(204);
    }

    /** Erases the whole account at account-service ({@code DELETE /v1/me} with the password). */
    public void eraseAccount() {
        String url = accountUrl() + "/v1/me";
        given().baseUri(accountUrl())
                .contentType(ContentType.JSON)
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", key.proof("DELETE", url, accessToken))
                .body(Map.of("password", PASSWORD))
                .delete("/v1/me")
                .then()
                .statusCode(204);
    }

    private static String subject(String token) {
        try {
            return JWTParser.parse(token).getJWTClaimsSet().getSubject();
        } catch (ParseException e) {
            throw new IllegalStateException("account-service issued an unparsable token", e);
        }
    }
}
