package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 10: self-reported text with control, format or bidi characters is refused with 400, nothing written. */
@QuarkusTest
class UnprintableTextTest {
    @Inject
    Rows rows;

    String login;

    @BeforeEach
    void setUp() {
        rows.forgetLocalSignInFailures();
        login = Api.newLogin();
        Api.createAccount(login);
    }

    private static Map<String, Object> body(String login, Map<String, String> device) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", login);
        body.put("password", Api.PASSWORD);
        body.put("device", device);
        return body;
    }

    @Test
    void aDeviceNameWithTerminalEscapesIsRefusedNamingTheCharacter() {
        String before = rows.writeFingerprint();
        Api.signIn(TestDevice.generate(), Api.signInBody(login, Api.PASSWORD, "phone\u001b[2A\u001b[2Kfake"), Map.of())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("device.name contains the unprintable character U+001B at position 5"));
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void aBidiOverrideOrZeroWidthCharacterInAnyDeviceFieldIsRefused() {
        String before = rows.writeFingerprint();
        for (Map.Entry<String, String> hostile : Map.of(
                        "model", "Pixel\u202e9", "os", "Android\u200b16", "appVersion", "1.0\u2028x")
                .entrySet()) {
            Map<String, String> device = new LinkedHashMap<>(
                    Map.of("name", "phone", "model", "Pixel 9", "os", "Android 16", "appVersion", "1.0"));
            device.put(hostile.getKey(), hostile.getValue());
            Api.signIn(TestDevice.generate(), body(login, device), Map.of())
                    .then()
                    .statusCode(400)
                    .body(
                            "detail",
                            containsString("device." + hostile.getKey() + " contains the unprintable character"));
        }
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void aDisplayNameWithABidiOverrideIsRefusedAtSignUp() {
        given().contentType(ContentType.JSON)
                .body(Map.of("login", Api.newLogin(), "password", Api.PASSWORD, "displayName", "Alice\u202egnp.exe"))
                .post("/v1/accounts")
                .then()
                .statusCode(400)
                .body("detail", containsString("displayName contains the unprintable character U+202E"));
    }

    @Test
    void namesInAnyScriptWithAccentsAndEmojiAreAccepted() {
        Api.signIn(TestDevice.generate(), Api.signInBody(login, Api.PASSWORD, "Zoë's 手机 📱"), Map.of())
                .then()
                .statusCode(201);
    }
}
