package io.photosync.sync.rest;

import static io.photosync.testsupport.RawHttp.assertCleanProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.RawHttp;
import io.photosync.testsupport.SignedInDevice;
import io.photosync.testsupport.TestPhotos;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Request targets {@link java.net.URI} refuses, over a raw socket, and a disk the service cannot write to. */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostileRequestTest {
    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    Path uploads;

    @Test
    void requestTargetsThatAreNotUrisAnswerA400ProblemOnPublicAndDpopProtectedPaths() throws Exception {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        for (String path : List.of("/q/health/ready", "/v1/photos", "/v1/sync/changes")) {
            for (String ending : RawHttp.MALFORMED_TARGET_ENDINGS) {
                RawHttp.Answer answer = RawHttp.send(
                        RestAssured.port,
                        "GET",
                        path + ending,
                        "Authorization: DPoP " + phone.accessToken,
                        "DPoP: " + phone.key.proof("GET", SignedInDevice.serviceUrl(path), phone.accessToken));
                assertCleanProblem(answer, 400, path + ending);
                assertTrue(answer.body().contains("malformed-request-target"), answer.body());
            }
        }
        phone.request("GET", "/v1/sync/changes").get("/v1/sync/changes").then().statusCode(200);
    }

    @Test
    void anUploadDirectoryThatCannotBeWrittenIsA500ThatSaysSoWithoutThePath() throws Exception {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        Path moved = uploads.resolveSibling("incoming-moved-away");
        Files.move(uploads, moved);
        Files.writeString(
                uploads, "a file where the upload directory should be"); // even root cannot create files in it
        try {
            phone.request("POST", "/v1/photos")
                    .multiPart("file", "a.jpg", TestPhotos.jpeg(), "image/jpeg")
                    .post("/v1/photos")
                    .then()
                    .statusCode(500)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:photosync:problem:local-storage-failed"))
                    .body("detail", not(containsString("incoming")));
        } finally {
            Files.delete(uploads);
            Files.move(moved, uploads);
        }
        phone.request("POST", "/v1/photos")
                .multiPart("file", "a.jpg", TestPhotos.jpeg(), "image/jpeg")
                .post("/v1/photos")
                .then()
                .statusCode(201);
    }
}
