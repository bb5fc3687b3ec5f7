package io.photosync.audit.http;

import static io.photosync.testsupport.RawHttp.assertCleanProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.audit.TestEvents;
import io.photosync.testsupport.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request targets {@link java.net.URI} refuses, over a raw socket, and submissions of the wrong JSON shape. */
@QuarkusTest
class HostileRequestTest {

    @Test
    void requestTargetsThatAreNotUrisAnswerA400ProblemOnPublicAndDpopProtectedPaths() throws Exception {
        for (String path : List.of(
                "/v1/log/checkpoint", "/v1/log/proofs/inclusion", "/v1/me/access-log", "/v1/provenance/photos/x")) {
            for (String ending : RawHttp.MALFORMED_TARGET_ENDINGS) {
                RawHttp.Answer answer = RawHttp.send(
                        RestAssured.port,
                        "GET",
                        path + ending,
                        "Authorization: DPoP eyJhbGciOiJFUzI1NiJ9.e30.c2ln",
                        "DPoP: eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
                assertCleanProblem(answer, 400, path + ending);
                assertTrue(answer.body().contains("malformed-request-target"), answer.body());
            }
        }
        RestAssured.given().get("/v1/log/checkpoint").then().statusCode(200);
    }

    @Test
    void aSubmissionOfTheWrongJsonShapeNamesTheFieldAndNoJavaType() {
        for (Map.Entry<String, String> wrong : Map.of(
                        "{\"events\":{\"id\":1}}", "events",
                        "{\"events\":[{\"id\":[1]}]}", "id",
                        "{\"events\":[", "not well-formed JSON at line 1")
                .entrySet()) {
            TestEvents.submit(TestEvents.ACCOUNT, wrong.getKey())
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("detail", containsString(wrong.getValue()))
                    .body("detail", not(containsString("java.")))
                    .body("detail", not(containsString("com.fasterxml")))
                    .body("detail", not(containsString("io.photosync")));
        }
    }
}
