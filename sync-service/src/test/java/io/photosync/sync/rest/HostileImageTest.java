package io.photosync.sync.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.sync.HostileImages;
import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.SignedInDevice;
import io.photosync.testsupport.TestPhotos;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Photos built to exhaust a metadata parser are stored with their capture left empty (201), never
 * a 500 and never more than a few MB of heap. The limits are raised to 16 MiB here so that a
 * ~2 MB PNG can carry a zTXt bomb of 2 GiB of zeros, as in issue 10.
 */
@QuarkusTest
@TestProfile(HostileImageTest.LargerUploads.class)
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostileImageTest {
    public static class LargerUploads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sync.upload.max-bytes", "16777216", "quarkus.http.limits.max-body-size", "17M");
        }
    }

    static final long TWO_GIB = 2L << 30;

    SignedInDevice phone;

    @BeforeEach
    void signIn() {
        phone = SignedInDevice.newAccountAndDevice("phone");
    }

    private Response upload(byte[] content, String name) {
        return phone.request("POST", "/v1/photos")
                .multiPart("file", name, content, "application/octet-stream")
                .post("/v1/photos");
    }

    private static void assertStoredWithoutCapture(Response response, String mediaType) {
        response.then()
                .statusCode(201)
                .body("mediaType", equalTo(mediaType))
                .body("capture.takenAt", nullValue())
                .body("capture.make", nullValue())
                .body("capture.model", nullValue())
                .body("capture.lat", nullValue())
                .body("capture.lon", nullValue());
    }

    /** Bytes allocated by all threads of this JVM (client and service) while {@code upload} runs. */
    private static long allocatedDuring(Runnable upload) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getTotalThreadAllocatedBytes();
        upload.run();
        return threads.getTotalThreadAllocatedBytes() - before;
    }

    @Test
    void aPngWhoseExifTextInflatesToTwoGigabytesIsStoredWithoutCapture() {
        byte[] bomb = HostileImages.pngWithZtxtBomb("Raw profile type exif", TWO_GIB);
        // The same number of bytes without a bomb (random bytes after the PNG's end): what any
        // upload of that size costs the JVM (client's copy of the body, multipart, hashing, JSON,
        // and whatever background threads allocate meanwhile).
        byte[] plain = TestPhotos.concat(TestPhotos.png(), TestPhotos.randomBytes(bomb.length));
        upload(TestPhotos.png(), "warm-up.png").then().statusCode(201);
        long plainAllocated =
                allocatedDuring(() -> upload(plain, "plain.png").then().statusCode(201));
        long bombAllocated = allocatedDuring(() -> assertStoredWithoutCapture(upload(bomb, "bomb.png"), "image/png"));
        System.out.printf(
                "JVM-wide allocation during an upload: %,d-byte PNG with a 2 GiB zTXt bomb %,d bytes;"
                        + " %,d-byte plain PNG %,d bytes%n",
                bomb.length, bombAllocated, plain.length, plainAllocated);
        // Inflating the bomb would allocate gigabytes; reading it within budget costs about 2 MB more than any upload.
        assertTrue(
                bombAllocated < plainAllocated + (16L << 20),
                "bomb " + bombAllocated + " vs plain " + plainAllocated + " bytes allocated");
    }

    @Test
    void aPngWithACommentBombOrAnIccpBombIsStoredWithoutCapture() {
        assertStoredWithoutCapture(
                upload(HostileImages.pngWithZtxtBomb("Comment", TWO_GIB), "comment.png"), "image/png");
        assertStoredWithoutCapture(upload(HostileImages.pngWithIccpBomb(TWO_GIB), "iccp.png"), "image/png");
    }

    @Test
    void aHeicWithABoxDeclaringFourGigabytesIsStoredWithoutCapture() {
        assertStoredWithoutCapture(upload(HostileImages.heicWithTopLevelBoxOf4GiB(), "top.heic"), "image/heic");
        assertStoredWithoutCapture(upload(HostileImages.heicWithNestedBoxOf4GiB(), "nested.heic"), "image/heic");
    }

    @Test
    void aWebpWithChunksLargerThanTheFileIsStoredWithoutCapture() {
        assertStoredWithoutCapture(
                upload(HostileImages.webpWithLyingExifChunk(0xFFFFFFFFL), "lying.webp"), "image/webp");
        byte[] tiff = HostileImages.tiffOf(
                TestPhotos.jpegWithExif("Xiaomi", "2201117TG", "2026:11:20 09:15:30", 31.2304, 121.4737));
        assertStoredWithoutCapture(upload(HostileImages.webpWithImageChunkOf4GiB(tiff), "huge.webp"), "image/webp");
    }

    @Test
    void aJpegWithCyclicExifDirectoriesIsStoredWithoutCapture() {
        assertStoredWithoutCapture(upload(HostileImages.jpegWithCyclicExif(), "cyclic.jpg"), "image/jpeg");
        assertStoredWithoutCapture(upload(TestPhotos.jpegWithHostileExif(), "hostile.jpg"), "image/jpeg");
    }

    @Test
    void aTruncatedJpegIsStoredWithoutCapture() {
        byte[] jpeg = TestPhotos.jpegWithExif("Xiaomi", "2201117TG", "2026:11:20 09:15:30", 31.2304, 121.4737);
        assertStoredWithoutCapture(upload(Arrays.copyOf(jpeg, 40), "cut.jpg"), "image/jpeg");
    }

    @Test
    void realExifInPngHeicAndWebpIsStillRead() {
        byte[] tiff = HostileImages.tiffOf(
                TestPhotos.jpegWithExif("Xiaomi", "2201117TG", "2026:11:20 09:15:30", 31.2304, 121.4737));
        for (Response response : new Response[] {
            upload(HostileImages.pngWithExifChunk(tiff), "exif.png"),
            upload(HostileImages.heicWithExif(tiff), "exif.heic"),
            upload(HostileImages.webpWithExif(tiff), "exif.webp")
        }) {
            response.then()
                    .statusCode(201)
                    .body("capture.make", equalTo("Xiaomi"))
                    .body("capture.model", equalTo("2201117TG"))
                    .body("capture.takenAt", equalTo("2026-11-20T09:15:30Z"));
        }
    }
}
