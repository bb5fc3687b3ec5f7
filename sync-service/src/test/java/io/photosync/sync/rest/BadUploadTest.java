package io.photosync.sync.rest;

import static io.photosync.sync.TestSupport.sha256;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.photosync.sync.Records;
import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.SignedInDevice;
import io.photosync.testsupport.TestPhotos;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refused upload answers a clear 4xx problem and leaves nothing behind: no row, no event, no file. */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BadUploadTest {
    private static final Map<String, Long> NOTHING = Map.of(
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
            0L);

    @Inject
    Records records;

    SignedInDevice phone;

    @BeforeEach
    void signIn() {
        phone = SignedInDevice.newAccountAndDevice("phone");
    }

    private void assertRefusedLeavingNothing(int status, String detailPart, Supplier<Response> request) {
        Set<String> filesBefore = records.storedFiles();
        Response response = request.get();
        response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("detail", containsString(detailPart));
        assertEquals(NOTHING, records.everything(phone.accountId));
        assertEquals(filesBefore, records.storedFiles(), "no file may stay behind");
    }

    private Response upload(byte[] content, String fileName, String contentType) {
        return phone.request("POST", "/v1/photos")
                .multiPart("file", fileName, content, contentType)
                .post("/v1/photos");
    }

    @Test
    void zeroByteFile() {
        assertRefusedLeavingNothing(400, "empty", () -> upload(new byte[0], "empty.jpg", "image/jpeg"));
    }

    @Test
    void fileThatClaimsToBeJpegButIsNot() {
        byte[] text = "GIF89a? no: just text pretending to be a photo".getBytes(StandardCharsets.US_ASCII);
        assertRefusedLeavingNothing(415, "not a JPEG", () -> upload(text, "holiday.jpg", "image/jpeg"));
        assertFalse(records.contentFile(sha256(text)).toFile().exists());
    }

    @Test
    void otherImageFormatsAreRefused() {
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertRefusedLeavingNothing(415, "not a JPEG", () -> upload(gif, "a.gif", "image/gif"));
        assertRefusedLeavingNothing(
                415, "not a JPEG", () -> upload(TestPhotos.isoBmff("avif", "avif"), "a.heic", "image/heic"));
    }

    @Test
    void fileAboveTheLimit() {
        // The test profile limits files to 1 MiB (sync.upload.max-bytes) and bodies to 2 MiB.
        byte[] large = TestPhotos.concat(TestPhotos.jpeg(), TestPhotos.randomBytes(1_200_000));
        assertRefusedLeavingNothing(413, "at most 1048576", () -> upload(large, "large.jpg", "image/jpeg"));
    }

    @Test
    void bodyFarAboveTheLimitIsCutOffByTheHttpLayer() throws InterruptedException {
        byte[] huge = TestPhotos.concat(TestPhotos.jpeg(), TestPhotos.randomBytes(3_000_000));
        Set<String> filesBefore = records.storedFiles();
        upload(huge, "huge.jpg", "image/jpeg").then().statusCode(413);
        assertEquals(NOTHING, records.everything(phone.accountId));
        // The server answers 413 while it is still closing the part it had started to write; the
        // partial file is deleted when the request ends, a moment after the answer.
        Instant deadline = Instant.now().plusSeconds(5);
        while (!filesBefore.equals(records.storedFiles()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertEquals(filesBefore, records.storedFiles());
    }

    @Test
    void truncatedMultipart() {
        String boundary = "----photosync-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.jpg\"\r\n"
                        + "Content-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] jpeg = TestPhotos.jpeg();
        byte[] cut = TestPhotos.concat(head, Arrays.copyOf(jpeg, jpeg.length / 2));
        assertRefusedLeavingNothing(
                400,
                "",
                () -> phone.request("POST", "/v1/photos")
                        .contentType("multipart/form-data; boundary=" + boundary)
                        .body(cut)
                        .post("/v1/photos"));
    }

    @Test
    void noFilePart() {
        assertRefusedLeavingNothing(
                400,
                "exactly one",
                () -> phone.request("POST", "/v1/photos")
                        .multiPart("clientRef", "nothing attached")
                        .post("/v1/photos"));
    }

    @Test
    void filePartWithoutFilename() {
        assertRefusedLeavingNothing(
                400,
                "",
                () -> phone.request("POST", "/v1/photos")
                        .multiPart("file", "just a text field")
                        .post("/v1/photos"));
    }

    @Test
    void overlongClientRefField() {
        Set<String> filesBefore = records.storedFiles();
        phone.request("POST", "/v1/photos")
                .multiPart("file", "a.jpg", TestPhotos.jpeg(), "image/jpeg")
                .multiPart("clientRef", "r".repeat(50_000))
                .post("/v1/photos")
                .then()
                .statusCode(anyOf(equalTo(400), equalTo(413)));
        assertEquals(NOTHING, records.everything(phone.accountId));
        assertEquals(filesBefore, records.storedFiles());
    }

    @Test
    void twoFileParts() {
        assertRefusedLeavingNothing(
                400,
                "exactly one",
                () -> phone.request("POST", "/v1/photos")
                        .multiPart("file", "a.jpg", TestPhotos.jpeg(), "image/jpeg")
                        .multiPart("file", "b.jpg", TestPhotos.jpeg(), "image/jpeg")
                        .post("/v1/photos"));
    }

    @Test
    void clientRefTooLongOrWithControlCharacters() {
        assertRefusedLeavingNothing(
                400,
                "clientRef",
                () -> phone.request("POST", "/v1/photos")
                        .multiPart("file", "a.jpg", TestPhotos.jpeg(), "image/jpeg")
                        .multiPart("clientRef", "r".repeat(201))
                        .post("/v1/photos"));
        assertRefusedLeavingNothing(
                400,
                "clientRef",
                () -> phone.request("POST", "/v1/photos")
                        .multiPart("file", "a.jpg", TestPhotos.jpeg(), "image/jpeg")
                        .multiPart("clientRef", "line\nbreak")
                        .post("/v1/photos"));
    }

    @Test
    void notMultipartAtAll() {
        assertRefusedLeavingNothing(
                415,
                "",
                () -> phone.request("POST", "/v1/photos")
                        .contentType("application/json")
                        .body("{\"file\":\"AAAA\"}")
                        .post("/v1/photos"));
        assertRefusedLeavingNothing(
                415,
                "",
                () -> phone.request("POST", "/v1/photos")
                        .contentType("image/jpeg")
                        .body(TestPhotos.jpeg())
                        .post("/v1/photos"));
    }
}
