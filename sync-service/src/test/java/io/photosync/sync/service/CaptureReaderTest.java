package io.photosync.sync.service;

import io.photosync.testsupport.TestPhotos;
import io.photosync.sync.model.Capture;
import io.photosync.sync.model.ImageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CaptureReaderTest {
    @TempDir
    Path dir;

    private Capture read(byte[] content, ImageType type) throws IOException {
        Path file = Files.write(dir.resolve("photo-" + System.nanoTime()), content);
        return new CaptureReader().read(file, type);
    }

    @Test
    void readsExifWrittenByCommonsImaging() throws IOException {
        Capture capture = read(TestPhotos.jpegWithExif("Xiaomi", "2201117TG", "2026:11:20 09:15:30", 31.2304, 121.4737),
                ImageType.JPEG);
        assertEquals("Xiaomi", capture.make());
        assertEquals("2201117TG", capture.model());
        assertEquals(Instant.parse("2026-11-20T09:15:30Z"), capture.takenAt());
        assertEquals(31.2304, capture.lat(), 1e-6);
        assertEquals(121.4737, capture.lon(), 1e-6);
    }

    @Test
    void southernAndWesternPositionsKeepTheirSign() throws IOException {
        Capture capture = read(TestPhotos.jpegWithExif("Google", "Pixel 9", "2025:01:02 03:04:05", -33.8688, -70.6483),
                ImageType.JPEG);
        assertEquals(-33.8688, capture.lat(), 1e-6);
        assertEquals(-70.6483, capture.lon(), 1e-6);
    }

    @Test
    void enormousTextFieldsAndImplausibleDatesAreLeftOut() throws IOException {
        Capture capture = read(TestPhotos.jpegWithExif("X".repeat(30_000), "Model\u0007 A", "1066:10:14 09:00:00", 10, 20),
                ImageType.JPEG);
        assertNull(capture.make());
        assertEquals("Model A", capture.model());
        assertNull(capture.takenAt());
        assertEquals(10, capture.lat(), 1e-6);
    }

    @Test
    void hostileMetadataYieldsNothingInsteadOfFailing() throws IOException {
        assertEquals(Capture.NONE, read(TestPhotos.jpegWithHostileExif(), ImageType.JPEG));
        assertEquals(Capture.NONE, read(TestPhotos.pngWithLyingChunk(), ImageType.PNG));
        assertEquals(Capture.NONE, read(TestPhotos.webpHeaderOnly(), ImageType.WEBP));
        assertEquals(Capture.NONE, read(TestPhotos.isoBmff("heic", "heic"), ImageType.HEIC));
    }

    @Test
    void photosWithoutExifHaveNoCapture() throws IOException {
        assertEquals(Capture.NONE, read(TestPhotos.jpeg(), ImageType.JPEG));
        assertEquals(Capture.NONE, read(TestPhotos.png(), ImageType.PNG));
    }
}
