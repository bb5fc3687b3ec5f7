package io.photosync.sync.rest;

import static io.photosync.sync.TestSupport.sha256;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.photosync.sync.Records;
import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.SignedInDevice;
import io.photosync.testsupport.TestPhotos;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Phone A uploads, phone B (same account) syncs, downloads and deletes: every step is recorded. */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SyncAndRecordsTest {
    static final String CHANGES = "/v1/sync/changes";

    @Inject
    Records records;

    static Response changes(SignedInDevice device, String query) {
        return device.request("GET", CHANGES).get(CHANGES + query);
    }

    static String upload(SignedInDevice device, byte[] content) {
        return device.request("POST", "/v1/photos")
                .multiPart("file", "p.jpg", content, "image/jpeg")
                .post("/v1/photos")
                .then()
                .statusCode(201)
                .extract()
                .path("photoId");
    }

    @Test
    void syncFromASecondDeviceRecordsEachDeliveryOnce() {
        String login = SignedInDevice.newAccount();
        SignedInDevice phoneA = SignedInDevice.signIn(login, "old phone");
        SignedInDevice phoneB = SignedInDevice.signIn(login, "new phone");
        byte[] first = TestPhotos.jpeg();
        byte[] second = TestPhotos.png();
        String firstId = upload(phoneA, first);
        String secondId = upload(phoneA, second);

        Response page = changes(phoneB, "");
        page.then()
                .statusCode(200)
                .body("changes.size()", equalTo(2))
                .body("changes.op", equalTo(List.of("added", "added")))
                .body("changes.photoId", equalTo(List.of(firstId, secondId)))
                .body("changes.sha256", equalTo(List.of(sha256(first), sha256(second))))
                .body("changes.uploadedBy.deviceId", equalTo(List.of(phoneA.id(), phoneA.id())))
                .body("changes[0].uploadedBy.sessionId", equalTo(phoneA.sessionId.toString()))
                .body("nextCursor", notNullValue());

        List<List<Object>> deliveries = records.rows(
                "select photo_id, device_id, session_id, client_ip from photo_delivery "
                        + "where account_id = ? order by change_seq",
                phoneB.accountId);
        assertEquals(
                List.of(
                        List.of(UUID.fromString(firstId), phoneB.id(), phoneB.sessionId, "127.0.0.1"),
                        List.of(UUID.fromString(secondId), phoneB.id(), phoneB.sessionId, "127.0.0.1")),
                deliveries);
        List<JsonNode> delivered = records.outboxEvents(phoneB.accountId, "PHOTO_DELIVERED");
        assertEquals(2, delivered.size());
        assertEquals(phoneB.id(), delivered.get(0).path("deviceId").asText());
        assertEquals(
                phoneB.sessionId.toString(), delivered.get(0).path("sessionId").asText());
        assertEquals(firstId, delivered.get(0).path("photoId").asText());
        assertEquals(sha256(first), delivered.get(0).path("data").path("sha256").asText());
        assertTrue(delivered.get(0).path("data").path("changeSeq").isNumber());
        assertEquals("127.0.0.1", delivered.get(0).path("personal").path("ip").asText());

        // Nothing new after the cursor; the cursor stays put.
        String cursor = page.path("nextCursor");
        changes(phoneB, "?since=" + cursor)
                .then()
                .statusCode(200)
                .body("changes.size()", equalTo(0))
                .body("nextCursor", equalTo(cursor));
        // Syncing again from the start hands the same changes over but records no second delivery.
        changes(phoneB, "").then().statusCode(200).body("changes.size()", equalTo(2));
        assertEquals(2, records.count("photo_delivery", phoneB.accountId));
        // The uploader is not "delivered" its own photos.
        changes(phoneA, "").then().statusCode(200).body("changes.size()", equalTo(2));
        assertEquals(
                0,
                records.rows("select 1 from photo_delivery where device_id = ?", phoneA.id())
                        .size());
    }

    @Test
    void pagesFollowTheCursor() {
        String login = SignedInDevice.newAccount();
        SignedInDevice phoneA = SignedInDevice.signIn(login, "A");
        SignedInDevice phoneB = SignedInDevice.signIn(login, "B");
        String first = upload(phoneA, TestPhotos.jpeg());
        String second = upload(phoneA, TestPhotos.jpeg());

        Response one = changes(phoneB, "?limit=1");
        one.then().statusCode(200).body("changes.photoId", equalTo(List.of(first)));
        assertEquals(1, records.count("photo_delivery", phoneB.accountId), "only what was handed over is delivered");
        Response two = changes(phoneB, "?limit=1&since=" + one.path("nextCursor"));
        two.then().statusCode(200).body("changes.photoId", equalTo(List.of(second)));
        assertEquals(2, records.count("photo_delivery", phoneB.accountId));
    }

    @Test
    void malformedCursorOrLimitIsRefusedAndRecordsNothing() {
        String login = SignedInDevice.newAccount();
        SignedInDevice phoneA = SignedInDevice.signIn(login, "A");
        SignedInDevice phoneB = SignedInDevice.signIn(login, "B");
        upload(phoneA, TestPhotos.jpeg());
        for (String query : new String[] {
            "?since=garbage!",
            "?since=MTI",
            "?since=%27%20or%201%3D1%20--",
            "?limit=0",
            "?limit=100000",
            "?limit=ten",
            "?limit=-1"
        }) {
            changes(phoneB, query).then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(0, records.count("photo_delivery", phoneB.accountId));
        assertEquals(
                0, records.outboxEvents(phoneB.accountId, "PHOTO_DELIVERED").size());
    }

    @Test
    void downloadStreamsTheBytesAndIsRecorded() {
        String login = SignedInDevice.newAccount();
        SignedInDevice phoneA = SignedInDevice.signIn(login, "A");
        SignedInDevice phoneB = SignedInDevice.signIn(login, "B");
        byte[] photo = TestPhotos.png();
        String photoId = upload(phoneA, photo);

        String path = "/v1/photos/" + photoId + "/content";
        Response content = phoneB.request("GET", path).get(path);
        content.then().statusCode(200).contentType("image/png").header("ETag", "\"" + sha256(photo) + "\"");
        assertArrayEquals(photo, content.asByteArray());

        List<List<Object>> downloads = records.rows(
                "select device_id, session_id, client_ip from photo_download " + "where photo_id = ?",
                UUID.fromString(photoId));
        assertEquals(List.of(List.of(phoneB.id(), phoneB.sessionId, "127.0.0.1")), downloads);
        List<JsonNode> events = records.outboxEvents(phoneB.accountId, "PHOTO_DOWNLOADED");
        assertEquals(1, events.size());
        assertEquals(phoneB.id(), events.get(0).path("deviceId").asText());
        assertEquals(sha256(photo), events.get(0).path("data").path("sha256").asText());
    }

    @Test
    void aSessionDownloadingThePhotoAgainWithinTheWindowIsRecordedButLoggedOnce() {
        String login = SignedInDevice.newAccount();
        SignedInDevice phoneA = SignedInDevice.signIn(login, "A");
        SignedInDevice phoneB = SignedInDevice.signIn(login, "B");
        String photoId = upload(phoneA, TestPhotos.png());
        String path = "/v1/photos/" + photoId + "/content";

        for (int i = 0; i < 3; i++) {
            phoneB.request("GET", path).get(path).then().statusCode(200);
        }
        phoneA.request("GET", path).get(path).then().statusCode(200);

        List<List<Object>> downloads = records.rows(
                "select session_id, count(*), count(distinct outbox_event_id) from photo_download "
                        + "where photo_id = ? group by session_id order by count(*)",
                UUID.fromString(photoId));
        assertEquals(
                List.of(List.of(phoneA.sessionId, 1L, 1L), List.of(phoneB.sessionId, 3L, 1L)),
                downloads,
                "every download is a row; the three of one session within the window share one event");
        List<JsonNode> events = records.outboxEvents(phoneB.accountId, "PHOTO_DOWNLOADED");
        assertEquals(
                List.of(phoneB.id(), phoneA.id()),
                events.stream().map(e -> e.path("deviceId").asText()).toList());
    }

    @Test
    void deleteTombstonesAnnouncesAndRecords() throws Exception {
        String login = SignedInDevice.newAccount();
        SignedInDevice phoneA = SignedInDevice.signIn(login, "A");
        SignedInDevice phoneB = SignedInDevice.signIn(login, "B");
        byte[] photo = TestPhotos.jpeg();
        String photoId = upload(phoneA, photo);
        String cursor = changes(phoneB, "").then().statusCode(200).extract().path("nextCursor");

        String path = "/v1/photos/" + photoId;
        phoneB.request("DELETE", path).delete(path).then().statusCode(204);

        changes(phoneA, "?since=" + cursor)
                .then()
                .statusCode(200)
                .body("changes.op", equalTo(List.of("deleted")))
                .body("changes[0].photoId", equalTo(photoId))
                .body("changes[0].deletedBy.deviceId", equalTo(phoneB.id()));
        phoneA.request("GET", path)
                .get(path)
                .then()
                .statusCode(200)
                .body("deletedAt", notNullValue())
                .body("deletedBy.deviceId", equalTo(phoneB.id()))
                .body("uploads.size()", equalTo(1));
        phoneA.request("GET", path + "/content").get(path + "/content").then().statusCode(410);
        List<JsonNode> events = records.outboxEvents(phoneB.accountId, "PHOTO_DELETED");
        assertEquals(1, events.size());
        assertEquals(phoneB.id(), events.get(0).path("deviceId").asText());
        assertArrayEquals(photo, Files.readAllBytes(records.contentFile(sha256(photo))), "bytes kept for provenance");

        // Deleting again changes nothing.
        phoneB.request("DELETE", path).delete(path).then().statusCode(204);
        assertEquals(1, records.outboxEvents(phoneB.accountId, "PHOTO_DELETED").size());
        assertEquals(2, records.count("photo_change", phoneB.accountId));

        // Uploading the same bytes again brings the same photo back, announced as added.
        phoneA.request("POST", "/v1/photos")
                .multiPart("file", "again.jpg", photo, "image/jpeg")
                .post("/v1/photos")
                .then()
                .statusCode(201)
                .body("photoId", equalTo(photoId));
        phoneA.request("GET", path)
                .get(path)
                .then()
                .statusCode(200)
                .body("deletedAt", nullValue())
                .body("uploads.size()", equalTo(2));
        changes(phoneB, "?since=" + cursor)
                .then()
                .statusCode(200)
                .body("changes.op", equalTo(List.of("deleted", "added")));
    }
}
