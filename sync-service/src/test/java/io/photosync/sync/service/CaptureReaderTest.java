package io.photosync.sync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.sync.HostileImages;
import io.photosync.sync.model.Capture;
import io.photosync.sync.model.ImageType;
import io.photosync.testsupport.TestPhotos;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {
    @TempDir
    Path dir;

    private Capture read(byte[] content, ImageType type) throws IOException {
        Path file = Files.write(dir.resolve("photo-" + System.nanoTime()), content);
        return new CaptureReader().read(file, type);
    }

    @Test
    void readsExifWrittenByCommonsImaging() throws IOException {
        Capture capture = read(
                TestPhotos.jpegWithExif("Xiaomi", "2201117TG", "2026:11:20 09:15:30", 31.2304, 121.4737),
                ImageType.JPEG);
        assertEquals("Xiaomi", capture.make());
        assertEquals("2201117TG", capture.model());
        assertEquals(Instant.parse("2026-11-20T09:15:30Z"), capture.takenAt());
        assertEquals(31.2304, capture.lat(), 1e-6);
        assertEquals(121.4737, capture.lon(), 1e-6);
    }

    @Test
    void southernAndWesternPositionsKeepTheirSign() throws IOException {
        Capture capture = read(
                TestPhotos.jpegWithExif("Google", "Pixel 9", "2025:01:02 03:04:05", -33.8688, -70.6483),
                ImageType.JPEG);
        assertEquals(-33.8688, capture.lat(), 1e-6);
        assertEquals(-70.6483, capture.lon(), 1e-6);
    }

    @Test
    void enormousTextFieldsAndImplausibleDatesAreLeftOut() throws IOException {
        Capture capture = read(
                TestPhotos.jpegWithExif("X".repeat(30_000), "Model\u0007 A", "1066:10:14 09:00:00", 10, 20),
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

    private static final byte[] XIAOMI_TIFF = HostileImages.tiffOf(
            TestPhotos.jpegWithExif("Xiaomi", "2201117TG", "2026:11:20 09:15:30", 31.2304, 121.4737));

    private static void assertXiaomi(Capture capture) {
        assertEquals("Xiaomi", capture.make());
        assertEquals("2201117TG", capture.model());
        assertEquals(Instant.parse("2026-11-20T09:15:30Z"), capture.takenAt());
        assertEquals(31.2304, capture.lat(), 1e-6);
        assertEquals(121.4737, capture.lon(), 1e-6);
    }

    @Test
    void readsExifFromAPngExifChunk() throws IOException {
        assertXiaomi(read(HostileImages.pngWithExifChunk(XIAOMI_TIFF), ImageType.PNG));
    }

    @Test
    void readsExifFromAPngRawProfileTextAsImageMagickWritesIt() throws IOException {
        assertXiaomi(read(HostileImages.pngWithRawProfileExif(XIAOMI_TIFF), ImageType.PNG));
    }

    @Test
    void readsExifFromAHeicExifItem() throws IOException {
        assertXiaomi(read(HostileImages.heicWithExif(XIAOMI_TIFF), ImageType.HEIC));
    }

    @Test
    void readsExifFromAWebpExifChunk() throws IOException {
        assertXiaomi(read(HostileImages.webpWithExif(XIAOMI_TIFF), ImageType.WEBP));
    }

    @Test
    void aWebpWhoseChunksDeclareMoreThanTheFileHoldsYieldsNothingWithinTheBudget() throws IOException {
        for (long declared : new long[] {0xFFFFFFFFL, (1L << 20) + 1, 300}) {
            long allocated =
                    allocatedReading(HostileImages.webpWithLyingExifChunk(declared), ImageType.WEBP, Capture.NONE);
            assertTrue(allocated < 256 * 1024, declared + ": " + allocated + " bytes");
        }
        long image =
                allocatedReading(HostileImages.webpWithImageChunkOf4GiB(XIAOMI_TIFF), ImageType.WEBP, Capture.NONE);
        assertTrue(image < 256 * 1024, image + " bytes");
    }

    @Test
    void honoursTheOffsetAndSubsecondsOfTheCaptureTime() {
        assertEquals(
                Instant.parse("2026-11-20T01:15:30.250Z"), ExifTiff.takenAt("2026:11:20 09:15:30", "+08:00", "25"));
        assertNull(ExifTiff.takenAt("2026:13:40 09:15:30", null, null));
        assertNull(ExifTiff.takenAt("    :  :     :  :  ", null, null));
    }

    /** Bytes allocated by this thread while reading: the budget of one upload's metadata. */
    private long allocatedReading(byte[] content, ImageType type, Capture expected) throws IOException {
        Path file = Files.write(dir.resolve("photo-" + System.nanoTime()), content);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CaptureReader reader = new CaptureReader();
        reader.read(file, type); // warm up class loading
        long before = threads.getCurrentThreadAllocatedBytes();
        Capture capture = reader.read(file, type);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(expected, capture);
        System.out.printf("CaptureReader allocated %,d bytes for a %,d-byte %s%n", allocated, content.length, type);
        return allocated;
    }

    @Test
    void decompressionBombsAndLyingBoxesCostAFewMegabytesAtMost() throws IOException {
        long budget = 4L << 20;
        // 2 GiB of zeros in a zTXt that claims to be the EXIF profile: inflated up to the 1 MiB cap only.
        long bomb = allocatedReading(
                HostileImages.pngWithZtxtBomb("Raw profile type exif", 2L << 30), ImageType.PNG, Capture.NONE);
        assertTrue(bomb < budget, bomb + " bytes");
        // The same under another keyword, and an iCCP bomb: never inflated at all.
        long comment =
                allocatedReading(HostileImages.pngWithZtxtBomb("Comment", 2L << 30), ImageType.PNG, Capture.NONE);
        assertTrue(comment < 256 * 1024, comment + " bytes");
        long iccp = allocatedReading(HostileImages.pngWithIccpBomb(2L << 30), ImageType.PNG, Capture.NONE);
        assertTrue(iccp < 256 * 1024, iccp + " bytes");
        long heic = allocatedReading(HostileImages.heicWithTopLevelBoxOf4GiB(), ImageType.HEIC, Capture.NONE);
        assertTrue(heic < 256 * 1024, heic + " bytes");
        long nested = allocatedReading(HostileImages.heicWithNestedBoxOf4GiB(), ImageType.HEIC, Capture.NONE);
        assertTrue(nested < 256 * 1024, nested + " bytes");
        long cyclic = allocatedReading(HostileImages.jpegWithCyclicExif(), ImageType.JPEG, Capture.NONE);
        assertTrue(cyclic < 1 << 20, cyclic + " bytes");
    }

    @Test
    void truncatedFilesYieldWhatWasReadableOrNothing() throws IOException {
        byte[] jpeg = TestPhotos.jpegWithExif("Xiaomi", "2201117TG", "2026:11:20 09:15:30", 31.2304, 121.4737);
        byte[] tiff = HostileImages.tiffOf(jpeg);
        int exifEnd = 0; // where the APP1 Exif segment ends
        for (int i = 0; i + tiff.length <= jpeg.length && exifEnd == 0; i++) {
            if (java.util.Arrays.equals(jpeg, i, i + tiff.length, tiff, 0, tiff.length)) {
                exifEnd = i + tiff.length;
            }
        }
        for (int length : new int[] {3, 4, 6, 20, 100, exifEnd - 1}) {
            assertEquals(Capture.NONE, read(java.util.Arrays.copyOf(jpeg, length), ImageType.JPEG), "cut at " + length);
        }
        // Cut after the EXIF segment, in the image data: the metadata itself is whole and is read.
        assertXiaomi(read(java.util.Arrays.copyOf(jpeg, exifEnd + 10), ImageType.JPEG));
        byte[] heic = HostileImages.heicWithExif(XIAOMI_TIFF);
        assertEquals(Capture.NONE, read(java.util.Arrays.copyOf(heic, heic.length - 10), ImageType.HEIC));
        byte[] png = HostileImages.pngWithExifChunk(XIAOMI_TIFF);
        assertEquals(Capture.NONE, read(java.util.Arrays.copyOf(png, 60), ImageType.PNG));
    }
}
