package io.photosync.sync.rest;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.photosync.sync.Records;
import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.SignedInDevice;
import io.photosync.testsupport.TestPhotos;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Another account's photo is indistinguishable from one that does not exist; malformed ids are refused cleanly. */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class IsolationTest {
    @Inject
    Records records;

    @Test
    void anotherAccountsPhotoAnswers404Everywhere() {
        SignedInDevice alice = SignedInDevice.newAccountAndDevice("alice's phone");
        SignedInDevice mallory = SignedInDevice.newAccountAndDevice("mallory's phone");
        String photoId = alice.request("POST", "/v1/photos")
                .multiPart("file", "a.jpg", TestPhotos.jpeg(), "image/jpeg")
                .post("/v1/photos")
                .then()
                .statusCode(201)
                .extract()
                .path("photoId");
        String unknownId = UUID.randomUUID().toString();

        for (String id : List.of(photoId, unknownId)) {
            String path = "/v1/photos/" + id;
            Response metadata = mallory.request("GET", path).get(path);
            Response content = mallory.request("GET", path + "/content").get(path + "/content");
            Response delete = mallory.request("DELETE", path).delete(path);
            for (Response response : List.of(metadata, content, delete)) {
                response.then()
                        .statusCode(404)
                        .contentType("application/problem+json")
                        .body("detail", equalTo("no such photo"));
            }
        }
        mallory.request("GET", "/v1/sync/changes")
                .get("/v1/sync/changes")
                .then()
                .statusCode(200)
                .body("changes.size()", equalTo(0));

        assertNull(records.rows("select deleted_at from photo where id = ?", UUID.fromString(photoId))
                .get(0)
                .get(0));
        assertEquals(
                Map.of(
                        "photo",
                        0L,
                        "photo_upload",
                        0L,
                        "photo_change",
                        0L,
                        "photo_delivery",
                        0L,
                        "photo_download",
                        0L,
                        "outbox",
                        0L),
                records.everything(mallory.accountId));
        assertEquals(0, records.count("photo_download", alice.accountId));
    }

    @Test
    void idsThatAreNotIdsAreRefusedCleanly() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        List<String> hostile = List.of(
                "not-a-uuid",
                "1-1-1-1-1",
                "%27%20OR%201%3D1%20--",
                "..%2F..%2Fetc%2Fpasswd",
                "%2e%2e",
                "00000000-0000-0000-0000-00000000000g",
                "x".repeat(300),
                "%00");
        for (String id : hostile) {
            for (String suffix : List.of("", "/content")) {
                String path = "/v1/photos/" + id + suffix;
                Response response =
                        phone.request("GET", path).urlEncodingEnabled(false).get(path);
                response.then().statusCode(anyOf(equalTo(400), equalTo(404)));
                assertEquals("application/problem+json", response.contentType(), path);
            }
            String path = "/v1/photos/" + id;
            phone.request("DELETE", path)
                    .urlEncodingEnabled(false)
                    .delete(path)
                    .then()
                    .statusCode(anyOf(equalTo(400), equalTo(404)));
        }
        assertEquals(
                Map.of(
                        "photo",
                        0L,
                        "photo_upload",
                        0L,
                        "photo_change",
                        0L,
                        "photo_delivery",
                        0L,
                        "photo_download",
                        0L,
                        "outbox",
                        0L),
                records.everything(phone.accountId));
    }
}
