package io.photosync.cli.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** make-photo's EXIF read back with metadata-extractor, an independent reader. */
class MakePhotoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theJpegCarriesMakeModelTimeAndGpsAsAPhoneCameraWrites() throws Exception {
        Path photo = dir.resolve("shots/one.jpg");
        int exit = new CommandLine(new MakePhotoCommand())
                .execute(
                        photo.toString(),
                        "--make",
                        "Xiaomi",
                        "--model",
                        "Xiaomi 13",
                        "--taken-at",
                        "2026-11-20T09:15:00+08:00",
                        "--lat",
                        "30.2741",
                        "--lon",
                        "120.1551");

        assertEquals(0, exit);
        Metadata metadata = ImageMetadataReader.readMetadata(photo.toFile());
        ExifIFD0Directory camera = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        assertEquals("Xiaomi", camera.getString(ExifIFD0Directory.TAG_MAKE));
        assertEquals("Xiaomi 13", camera.getString(ExifIFD0Directory.TAG_MODEL));
        ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        assertEquals("2026:11:20 09:15:00", exif.getString(ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL));
        assertEquals("+08:00", exif.getString(ExifSubIFDDirectory.TAG_TIME_ZONE_ORIGINAL));
        assertEquals(
                java.time.Instant.parse("2026-11-20T01:15:00Z"),
                exif.getDateOriginal().toInstant(),
                "the offset places the time");
        GeoLocation where = metadata.getFirstDirectoryOfType(GpsDirectory.class).getGeoLocation();
        assertNotNull(where);
        assertEquals(30.2741, where.getLatitude(), 1e-4);
        assertEquals(120.1551, where.getLongitude(), 1e-4);
        assertEquals(160, metadata.getFirstDirectoryOfType(JpegDirectory.class).getImageWidth());
    }

    @Test
    void differentShotsHaveDifferentBytesAndTheSameShotTheSameBytes() throws Exception {
        Path a = dir.resolve("a.jpg");
        Path b = dir.resolve("b.jpg");
        Path again = dir.resolve("a-again.jpg");
        make(a, "2026-11-20T01:15:00Z");
        make(b, "2026-11-20T01:16:00Z");
        make(again, "2026-11-20T01:15:00Z");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(again));
    }

    @Test
    void impossibleCoordinatesAreRefused() {
        CommandLine cli = new CommandLine(new MakePhotoCommand());
        cli.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(
                DeviceCommandBase.LOCAL_ERROR,
                cli.execute(
                        dir.resolve("x.jpg").toString(),
                        "--make",
                        "X",
                        "--model",
                        "Y",
                        "--taken-at",
                        "2026-11-20T01:15:00Z",
                        "--lat",
                        "91",
                        "--lon",
                        "0"));
        assertFalse(Files.exists(dir.resolve("x.jpg")));
    }

    private static void make(Path out, String takenAt) {
        assertEquals(
                0,
                new CommandLine(new MakePhotoCommand())
                        .execute(
                                out.toString(),
                                "--make",
                                "Xiaomi",
                                "--model",
                                "Xiaomi 13",
                                "--taken-at",
                                takenAt,
                                "--lat",
                                "30.2741",
                                "--lon",
                                "120.1551"));
    }
}
