package io.photosync.sync.rest;

import static io.photosync.sync.TestSupport.sha256;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PhotoUploadTest {
    @Inject
    Records records;

    static Response upload(SignedInDevice device, byte[] content, String fileName) {
        return device.request("POST", "/v1/photos")
                .multiPart("file", fileName, content, "image/jpeg")
                .post("/v1/photos");
    }

    @Test
    void uploadIsAttributedToTheDeviceThatProvedIt() throws Exception {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("Xiaomi phone");
        byte[] photo = TestPhotos.jpegWithExif("Xiaomi", "2201117TG", "2026:11:20 09:15:30", 31.2304, 121.4737);

        // Claims in the body and a forged X-Forwarded-For from an untrusted peer are ignored.
        Response response = phone.request("POST", "/v1/photos")
                .header("X-Forwarded-For", "203.0.113.99")
                .multiPart("file", "IMG_0001.jpg", photo, "image/jpeg")
                .multiPart("clientRef", "gallery/IMG_0001")
                .multiPart("deviceId", "someone-else")
                .multiPart("sessionId", UUID.randomUUID().toString())
                .post("/v1/photos");

        response.then()
                .statusCode(201)
                .header("Location", endsWith("/v1/photos/" + response.path("photoId")))
                .body("sha256", equalTo(sha256(photo)))
                .body("bytes", equalTo(photo.length))
                .body("mediaType", equalTo("image/jpeg"))
                .body("uploadedBy.deviceId", equalTo(phone.id()))
                .body("uploadedBy.sessionId", equalTo(phone.sessionId.toString()))
                .body("capture.make", equalTo("Xiaomi"))
                .body("capture.model", equalTo("2201117TG"))
                .body("capture.takenAt", equalTo("2026-11-20T09:15:30Z"))
                .body("log.status", equalTo("pending"))
                .body("log.index", nullValue());
        assertEquals(31.2304, response.jsonPath().getDouble("capture.lat"), 1e-6);
        assertEquals(121.4737, response.jsonPath().getDouble("capture.lon"), 1e-6);
        UUID photoId = UUID.fromString(response.path("photoId"));
        String uploadedAt = response.path("uploadedAt");

        List<List<Object>> uploads = records.rows(
                "select device_id, session_id, client_ip, client_ref, new_photo, account_id "
                        + "from photo_upload where photo_id = ?",
                photoId);
        assertEquals(
                List.of(List.of(phone.id(), phone.sessionId, "127.0.0.1", "gallery/IMG_0001", true, phone.accountId)),
                uploads);

        assertArrayEquals(photo, Files.readAllBytes(records.contentFile(sha256(photo))), "stored under its SHA-256");

        List<JsonNode> events = records.outboxEvents(phone.accountId, "PHOTO_UPLOADED");
        assertEquals(1, events.size());
        JsonNode event = events.get(0);
        assertEquals("sync-service", event.path("source").asText());
        assertEquals(phone.id(), event.path("deviceId").asText());
        assertEquals(phone.sessionId.toString(), event.path("sessionId").asText());
        assertEquals(photoId.toString(), event.path("photoId").asText());
        assertEquals(uploadedAt, event.path("occurredAt").asText());
        assertEquals(sha256(photo), event.path("data").path("sha256").asText());
        assertEquals(photo.length, event.path("data").path("bytes").asInt());
        assertEquals("Xiaomi", event.path("data").path("captureMake").asText());
        assertEquals(
                "2026-11-20T09:15:30Z",
                event.path("data").path("captureTakenAt").asText());
        assertTrue(event.path("data").path("newPhoto").asBoolean());
        assertEquals("127.0.0.1", event.path("personal").path("ip").asText());
        assertEquals(31.2304, event.path("personal").path("captureLat").asDouble(), 1e-6);
        assertFalse(event.path("data").has("captureLat"), "a position is personal: never in clear data");

        phone.request("GET", "/v1/photos/" + photoId)
                .get("/v1/photos/" + photoId)
                .then()
                .statusCode(200)
                .body("uploads.size()", equalTo(1))
                .body("uploads[0].uploadedBy.deviceId", equalTo(phone.id()))
                .body("uploads[0].ip", equalTo("127.0.0.1"))
                .body("uploads[0].log.status", equalTo("pending"));
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("sync_uploads_total{outcome=\"created\"}"));
    }

    @Test
    void logIndexIsReadFromTheOutboxRowOnceTheRelayStoredIt() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        Response first = upload(phone, TestPhotos.jpeg(), "a.jpg");
        UUID photoId = UUID.fromString(first.path("photoId"));
        // What the relay does once the log acknowledged the event.
        records.execute(
                "update outbox set submitted_at = now(), log_index = 4711 where id = "
                        + "(select outbox_event_id from photo_upload where photo_id = ?)",
                photoId);

        phone.request("GET", "/v1/photos/" + photoId)
                .get("/v1/photos/" + photoId)
                .then()
                .statusCode(200)
                .body("uploads[0].log.status", equalTo("logged"))
                .body("uploads[0].log.index", equalTo(4711));
    }

    @Test
    void sameBytesAgainKeepThePhotoAndAddASecondUploadRecord() {
        String login = SignedInDevice.newAccount();
        SignedInDevice phoneA = SignedInDevice.signIn(login, "phone A");
        SignedInDevice phoneB = SignedInDevice.signIn(login, "phone B");
        byte[] photo = TestPhotos.png();

        Response first = upload(phoneA, photo, "first.png");
        first.then().statusCode(201).body("mediaType", equalTo("image/png"));
        Response second = upload(phoneB, photo, "renamed.jpg");
        second.then()
                .statusCode(200)
                .body("photoId", equalTo(first.path("photoId")))
                .body("uploadedBy.deviceId", equalTo(phoneB.id()))
                .body("uploadedBy.sessionId", equalTo(phoneB.sessionId.toString()));

        String photoId = first.path("photoId");
        phoneA.request("GET", "/v1/photos/" + photoId)
                .get("/v1/photos/" + photoId)
                .then()
                .statusCode(200)
                .body("uploads.size()", equalTo(2))
                .body("uploads.uploadedBy.deviceId", equalTo(List.of(phoneA.id(), phoneB.id())))
                .body("uploads.newPhoto", equalTo(List.of(true, false)));
        assertEquals(1, records.count("photo", phoneA.accountId));
        assertEquals(1, records.count("photo_change", phoneA.accountId), "a repeat is no new change to sync");
        List<JsonNode> events = records.outboxEvents(phoneA.accountId, "PHOTO_UPLOADED");
        assertEquals(
                List.of(phoneA.id(), phoneB.id()),
                events.stream().map(e -> e.path("deviceId").asText()).toList());
        assertFalse(events.get(1).path("data").path("newPhoto").asBoolean());
    }

    @Test
    void theSameBytesOnAnotherAccountAreThatAccountsOwnPhoto() {
        SignedInDevice alice = SignedInDevice.newAccountAndDevice("alice");
        SignedInDevice bob = SignedInDevice.newAccountAndDevice("bob");
        byte[] photo = TestPhotos.jpeg();
        Response mine = upload(alice, photo, "x.jpg");
        Response theirs = upload(bob, photo, "x.jpg");
        mine.then().statusCode(201);
        theirs.then().statusCode(201);
        assertFalse(mine.path("photoId").equals(theirs.path("photoId")));
    }

    @Test
    void concurrentIdenticalUploadsGiveOnePhotoAndOneRecordEach() throws Exception {
        String login = SignedInDevice.newAccount();
        List<SignedInDevice> phones = List.of(
                SignedInDevice.signIn(login, "phone 1"),
                SignedInDevice.signIn(login, "phone 2"),
                SignedInDevice.signIn(login, "phone 3"),
                SignedInDevice.signIn(login, "phone 4"));
        byte[] photo = TestPhotos.jpeg();
        ExecutorService pool = Executors.newFixedThreadPool(phones.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (SignedInDevice phone : phones) {
                Callable<Response> send = () -> {
                    start.await();
                    return upload(phone, photo, "same.jpg");
                };
                answers.add(pool.submit(send));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            Set<String> photoIds = new HashSet<>();
            for (Future<Response> answer : answers) {
                statuses.add(answer.get().statusCode());
                photoIds.add(answer.get().path("photoId"));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "exactly one created it: " + statuses);
            assertEquals(
                    phones.size() - 1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(1, photoIds.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, records.count("photo", phones.get(0).accountId));
        assertEquals(phones.size(), records.count("photo_upload", phones.get(0).accountId));
        assertEquals(
                phones.size(),
                records.outboxEvents(phones.get(0).accountId, "PHOTO_UPLOADED").size());
        Set<String> uploaders = new HashSet<>();
        records.rows("select device_id from photo_upload where account_id = ?", phones.get(0).accountId)
                .forEach(row -> uploaders.add((String) row.get(0)));
        assertEquals(
                Set.of(
                        phones.get(0).id(),
                        phones.get(1).id(),
                        phones.get(2).id(),
                        phones.get(3).id()),
                uploaders);
    }

    @Test
    void everySupportedTypeIsRecognisedByContentNotName() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        upload(phone, TestPhotos.png(), "looks-like.jpg")
                .then()
                .statusCode(201)
                .body("mediaType", equalTo("image/png"));
        upload(phone, TestPhotos.webpHeaderOnly(), "x.bin")
                .then()
                .statusCode(201)
                .body("mediaType", equalTo("image/webp"));
        upload(phone, TestPhotos.isoBmff("heic", "mif1", "heic"), "x.txt")
                .then()
                .statusCode(201)
                .body("mediaType", equalTo("image/heic"));
    }

    @Test
    void hostileOrEnormousExifIsIgnoredAndThePhotoKept() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        upload(phone, TestPhotos.jpegWithHostileExif(), "hostile.jpg")
                .then()
                .statusCode(201)
                .body("capture.make", nullValue())
                .body("capture.takenAt", nullValue());
        upload(phone, TestPhotos.jpegWithExif("M".repeat(40_000), "Model", "2026:01:01 00:00:00", 1, 2), "huge.jpg")
                .then()
                .statusCode(201)
                .body("capture.make", nullValue())
                .body("capture.model", equalTo("Model"));
        upload(phone, TestPhotos.pngWithLyingChunk(), "lying.png")
                .then()
                .statusCode(201)
                .body("mediaType", equalTo("image/png"))
                .body("capture.lat", nullValue());
    }
}
