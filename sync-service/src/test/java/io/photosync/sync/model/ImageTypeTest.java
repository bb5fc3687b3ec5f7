package io.photosync.sync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.photosync.testsupport.TestPhotos;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageTypeTest {

    private static Optional<ImageType> detect(byte[] content) {
        byte[] head = Arrays.copyOf(content, ImageType.HEAD_LENGTH);
        return ImageType.detect(head, Math.min(content.length, ImageType.HEAD_LENGTH));
    }

    @Test
    void recognisesImagesWrittenByImageIo() {
        assertEquals(Optional.of(ImageType.JPEG), detect(TestPhotos.jpeg()));
        assertEquals(Optional.of(ImageType.PNG), detect(TestPhotos.png()));
    }

    @Test
    void recognisesWebpAndHeicContainers() {
        assertEquals(Optional.of(ImageType.WEBP), detect(TestPhotos.webpHeaderOnly()));
        assertEquals(Optional.of(ImageType.HEIC), detect(TestPhotos.isoBmff("heic", "mif1", "heic")));
        assertEquals(Optional.of(ImageType.HEIC), detect(TestPhotos.isoBmff("mif1", "mif1", "heic")));
    }

    @Test
    void refusesWhatOnlyClaimsToBeAnImage() {
        assertEquals(
                Optional.empty(),
                detect("this is not a JPEG, whatever the name says".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), detect(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertEquals(Optional.empty(), detect(TestPhotos.isoBmff("avif", "mif1", "avif")));
        assertEquals(Optional.empty(), detect(TestPhotos.isoBmff("mif1", "mif1", "avif")));
        assertEquals(Optional.empty(), detect(TestPhotos.isoBmff("isom", "mp41")));
        assertEquals(Optional.empty(), detect(new byte[0]));
    }
}
