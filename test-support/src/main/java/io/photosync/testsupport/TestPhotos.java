package io.photosync.testsupport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Photos made in the tests, never downloaded: images drawn with random pixels (so each one is new
 * content) by the JDK's ImageIO, EXIF written by Apache Commons Imaging (independent of the
 * metadata-extractor library the service reads it with), and deliberately broken files.
 */
public final class TestPhotos {
    private static final Random RANDOM = new SecureRandom();

    private TestPhotos() {}

    public static byte[] jpeg() {
        return encode(randomImage(), "jpg");
    }

    public static byte[] png() {
        return encode(randomImage(), "png");
    }

    /**
     * A JPEG with camera make and model, {@code DateTimeOriginal} ({@code yyyy:MM:dd HH:mm:ss})
     * and a GPS position.
     */
    public static byte[] jpegWithExif(String make, String model, String dateTimeOriginal, double lat, double lon) {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            TiffOutputDirectory root = exif.getOrCreateRootDirectory();
            root.add(TiffTagConstants.TIFF_TAG_MAKE, make);
            root.add(TiffTagConstants.TIFF_TAG_MODEL, model);
            exif.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, dateTimeOriginal);
            exif.setGpsInDegrees(lon, lat);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(jpeg(), out, exif);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JPEG whose EXIF segment is hostile: a TIFF header whose first directory claims 65535
     * entries and points its next directory back at itself, in a segment far too short for that.
     */
    public static byte[] jpegWithHostileExif() {
        ByteBuffer tiff = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put("II".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        tiff.putShort((short) 0xFFFF);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(0x7FFFFFFF).putInt(0xFFFFFF00);
        tiff.putInt(8);
        return withApp1(jpeg(), concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.array()));
    }

    /** A PNG followed by a chunk that claims two gigabytes it does not have. */
    public static byte[] pngWithLyingChunk() {
        byte[] png = png();
        ByteBuffer chunk = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
        chunk.putInt(0x7FFFFFF0).put("eXIf".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        // insert right after the signature and IHDR (8 + 25 bytes) so the parser meets it early
        return concat(Arrays.copyOfRange(png, 0, 33), chunk.array(), Arrays.copyOfRange(png, 33, png.length));
    }

    /** RIFF/WEBP container header followed by random bytes: recognised by its leading bytes only. */
    public static byte[] webpHeaderOnly() {
        byte[] body = randomBytes(256);
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(body.length + 4)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII));
        return concat(header.array(), body);
    }

    /** An ISO BMFF {@code ftyp} box with the given major brand and compatible brands, then random bytes. */
    public static byte[] isoBmff(String majorBrand, String... compatibleBrands) {
        ByteBuffer ftyp = ByteBuffer.allocate(16 + 4 * compatibleBrands.length).order(ByteOrder.BIG_ENDIAN);
        ftyp.putInt(ftyp.capacity())
                .put("ftyp".getBytes(StandardCharsets.US_ASCII))
                .put(majorBrand.getBytes(StandardCharsets.US_ASCII))
                .putInt(0);
        for (String brand : compatibleBrands) {
            ftyp.put(brand.getBytes(StandardCharsets.US_ASCII));
        }
        return concat(ftyp.array(), randomBytes(256));
    }

    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Inserts an APP1 segment right after the JPEG's start-of-image marker. */
    public static byte[] withApp1(byte[] jpeg, byte[] payload) {
        ByteBuffer segment = ByteBuffer.allocate(4 + payload.length).order(ByteOrder.BIG_ENDIAN);
        segment.put((byte) 0xFF)
                .put((byte) 0xE1)
                .putShort((short) (payload.length + 2))
                .put(payload);
        return concat(Arrays.copyOfRange(jpeg, 0, 2), segment.array(), Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static BufferedImage randomImage() {
        BufferedImage image = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, RANDOM.nextInt(0x1000000));
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
