package io.photosync.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.photosync.testsupport.TestDevice;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/**
 * A simulated phone: its own key (TestDevice), reaching the {@link Services} from {@code ip} through a trusted proxy.
 */
final class Phone {
    final TestDevice device = TestDevice.generate();
    final String name;
    final String model;
    final String ip;
    private final Services services;
    String accessToken;
    String sessionId;

    Phone(Services services, String name, String model, String ip) {
        this.services = services;
        this.name = name;
        this.model = model;
        this.ip = ip;
    }

    String id() {
        return device.id();
    }

    void signIn(String login) {
        String url = services.account.baseUrl() + "/v1/sessions";
        JsonNode tokens = given().header("DPoP", device.proof("POST", url))
                .header("X-Forwarded-For", ip)
                .contentType("application/json")
                .body(Map.of(
                        "login",
                        login,
                        "password",
                        Services.PASSWORD,
                        "device",
                        Map.of("name", name, "model", model, "os", "Android 15", "appVersion", "1.0")))
                .post(url)
                .then()
                .statusCode(201)
                .extract()
                .as(JsonNode.class);
        accessToken = tokens.path("accessToken").asText();
        sessionId = tokens.path("sessionId").asText();
        assertEquals(id(), tokens.path("deviceId").asText());
    }

    String upload(byte[] jpeg) {
        String url = services.sync.baseUrl() + "/v1/photos";
        JsonNode answer = authorized("POST", url)
                .multiPart("file", "IMG.jpg", jpeg, "image/jpeg")
                .post(url)
                .then()
                .statusCode(201)
                .extract()
                .as(JsonNode.class);
        return answer.path("photoId").asText();
    }

    Response call(String method, String url, Object body) {
        RequestSpecification request = authorized(method, url);
        if (body != null) {
            request.contentType("application/json").body(body);
        }
        return request.request(method, url);
    }

    Response askProvenance(String photoId, String deviceId) {
        String url = services.audit.baseUri() + "/v1/provenance/photos/" + photoId;
        RequestSpecification request = authorized("GET", url);
        if (deviceId != null) {
            request.queryParam("device", deviceId);
        }
        return request.get(url);
    }

    private RequestSpecification authorized(String method, String url) {
        return given().header("DPoP", device.proof(method, url, accessToken))
                .header("Authorization", "DPoP " + accessToken)
                .header("X-Forwarded-For", ip);
    }
}
