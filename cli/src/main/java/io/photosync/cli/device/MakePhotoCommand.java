package io.photosync.cli.device;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoAscii;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code make-photo}: a small JPEG as a phone camera would write it, with EXIF make, model,
 * time taken and GPS position, for the demo's simulated phones.
 */
@Command(
        name = "make-photo",
        description = "Write a small JPEG with camera EXIF (make, model, time taken, GPS), as a phone camera would.")
public final class MakePhotoCommand extends DeviceCommandBase {
    /** EXIF 2.31 OffsetTimeOriginal: the UTC offset of DateTimeOriginal (commons-imaging names no constant for it). */
    static final TagInfoAscii OFFSET_TIME_ORIGINAL =
            new TagInfoAscii("OffsetTimeOriginal", 0x9011, 7, TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);

    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    @Parameters(paramLabel = "OUT.jpg")
    Path out;

    @Option(names = "--make", required = true, description = "camera maker, e.g. Xiaomi")
    String make;

    @Option(names = "--model", required = true, description = "camera model, e.g. \"Xiaomi 13\"")
    String model;

    @Option(
            names = "--taken-at",
            required = true,
            paramLabel = "TIME",
            description = "RFC 3339 time with offset, e.g. 2026-11-20T09:15:00+08:00")
    OffsetDateTime takenAt;

    @Option(names = "--lat", required = true, description = "GPS latitude in degrees (south negative)")
    double lat;

    @Option(names = "--lon", required = true, description = "GPS longitude in degrees (west negative)")
    double lon;

    @Override
    protected int execute() throws IOException {
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
            throw new CliFailure("--lat must be within ±90 and --lon within ±180");
        }
        byte[] jpeg = withExif(picture(Objects.hash(make, model, takenAt, lat, lon)));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, jpeg);
        out().printf(
                        "%s: %d bytes; EXIF make %s, model %s, taken %s, GPS %s, %s%n",
                        out, jpeg.length, make, model, takenAt, lat, lon);
        return 0;
    }

    /** A 160×120 gradient whose colours depend on {@code seed}, so each photo's pixels differ. */
    private static byte[] picture(int seed) throws IOException {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setPaint(
                    new GradientPaint(0, 0, new Color(seed & 0xFFFFFF), 160, 120, new Color(~seed & 0xFFFFFF)));
            graphics.fillRect(0, 0, 160, 120);
            graphics.setColor(new Color((seed >>> 8) & 0xFFFFFF));
            graphics.fillOval(40 + Math.floorMod(seed, 60), 20, 50, 50);
        } finally {
            graphics.dispose();
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "jpg", jpeg)) {
            throw new CliFailure("this Java runtime cannot write JPEG");
        }
        return jpeg.toByteArray();
    }

    private byte[] withExif(byte[] jpeg) throws IOException {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            TiffOutputDirectory root = exif.getOrCreateRootDirectory();
            root.add(TiffTagConstants.TIFF_TAG_MAKE, make);
            root.add(TiffTagConstants.TIFF_TAG_MODEL, model);
            TiffOutputDirectory exifDirectory = exif.getOrCreateExifDirectory();
            exifDirectory.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, EXIF_TIME.format(takenAt));
            exifDirectory.add(
                    OFFSET_TIME_ORIGINAL,
                    takenAt.getOffset().getId().equals("Z")
                            ? "+00:00"
                            : takenAt.getOffset().getId());
            exif.setGpsInDegrees(lon, lat);
            ByteArrayOutputStream withExif = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(jpeg, withExif, exif);
            return withExif.toByteArray();
        } catch (ImagingException e) {
            throw new CliFailure("cannot write the EXIF: " + e.getMessage(), e);
        }
    }
}
