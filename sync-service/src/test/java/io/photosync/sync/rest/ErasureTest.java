package io.photosync.sync.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.sync.Records;
import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.SignedInDevice;
import io.photosync.testsupport.TestPhotos;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * An account erased at account-service loses its photos here too, learnt from the revocation feed (docs/PRIVACY.md
 * "Erasure").
 */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ErasureTest {
    private static final Map<String, Long> NOTHING =
            Map.of("photo", 0L, "photo_upload", 0L, "photo_change", 0L, "photo_delivery", 0L, "photo_download", 0L);

    @Inject
    Records records;

    private static byte[] uniquePhoto() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return TestPhotos.jpegWithExif(
                "Acme", "Erasable 1", "2026:11:20 09:30:00", random.nextDouble(-80, 80), random.nextDouble(-170, 170));
    }

    private static String upload(SignedInDevice phone, byte[] bytes) {
        return phone.request("POST", "/v1/photos")
                .multiPart("file", "p.jpg", bytes, "image/jpeg")
                .post("/v1/photos")
                .then()
                .statusCode(201)
                .extract()
                .path("sha256");
    }

    @Test
    void anErasedAccountsPhotosRowsAndOwnBytesGoWhileAnotherAccountsCopyOfTheSameBytesStays() throws Exception {
        SignedInDevice alice = SignedInDevice.newAccountAndDevice("alice's phone");
        SignedInDevice bob = SignedInDevice.newAccountAndDevice("bob's phone");
        byte[] shared = uniquePhoto();
        String own = upload(alice, uniquePhoto());
        String sharedSha = upload(alice, shared);
        assertEquals(sharedSha, upload(bob, shared));
        String ownPhotoId = (String) records.rows("select id::text from photo where sha256 = ?", own)
                .get(0)
                .get(0);
        SignedInDevice tablet = SignedInDevice.signIn(alice.login, "alice's tablet");
        tablet.request("GET", "/v1/sync/changes")
                .get("/v1/sync/changes")
                .then()
                .statusCode(200)
                .body("changes.size()", equalTo(2));
        String content = "/v1/photos/" + ownPhotoId + "/content";
        tablet.request("GET", content).get(content).then().statusCode(200);
        assertTrue(records.count("photo_download", alice.accountId) > 0
                && records.count("photo_delivery", alice.accountId) > 0);
        Map<String, Long> bobBefore = records.everything(bob.accountId);

        alice.eraseAccount();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (records.count("photo", alice.accountId) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Map<String, Long> left = records.everything(alice.accountId);
        assertEquals(
                NOTHING,
                Map.of(
                        "photo",
                        left.get("photo"),
                        "photo_upload",
                        left.get("photo_upload"),
                        "photo_change",
                        left.get("photo_change"),
                        "photo_delivery",
                        left.get("photo_delivery"),
                        "photo_download",
                        left.get("photo_download")));
        // the outbox keeps every event (uploads, deliveries, the download) without any personal value
        assertTrue(left.get("outbox") >= 4, "outbox rows " + left.get("outbox"));
        assertEquals(
                0,
                records.rows(
                                "select 1 from outbox where event->>'accountId' = ? and coalesce(event->'personal',"
                                        + " '{}') <> '{}'",
                                alice.accountId.toString())
                        .size());
        assertFalse(Files.exists(records.contentFile(own)), "the erased account's own bytes are deleted");
        assertTrue(Files.exists(records.contentFile(sharedSha)), "bytes another account has stay");
        tablet.request("GET", content).get(content).then().statusCode(401);

        assertEquals(bobBefore, records.everything(bob.accountId));
        bob.request("GET", "/v1/sync/changes")
                .get("/v1/sync/changes")
                .then()
                .statusCode(200)
                .body("changes.size()", equalTo(1));
    }
}
