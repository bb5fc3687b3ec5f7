package io.photosync.sync.service;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import io.photosync.sync.model.Capture;
import io.photosync.sync.model.ImageType;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.TimeZone;

/**
 * Capture time, camera make and model and GPS position from a stored photo, via metadata-extractor.
 * <p>
 * Hostile or enormous metadata never fails an upload: the photo is stored and the fields that
 * cannot be read, or hold implausible values, are left out. Two guards keep the parser bounded:
 * JPEG metadata segments are at most 64 KiB by construction, and for PNG, WebP and HEIC the
 * container's declared chunk lengths (top-level boxes for HEIC) are first checked against the real file size, since
 * the parser allocates what a header claims before reading it.
 */
@ApplicationScoped
public class CaptureReader {
    private static final Logger LOG = Logger.getLogger(CaptureReader.class);
    static final int MAX_TEXT_LENGTH = 128;
    private static final Instant EARLIEST_PLAUSIBLE = Instant.parse("1900-01-01T00:00:00Z");

    public Capture read(Path file, ImageType type) {
        try {
            long size = Files.size(file);
            if (!declaredLengthsFit(file, type, size)) {
                LOG.debugf("metadata of %s skipped: a declared length exceeds the file", file.getFileName());
                return Capture.NONE;
            }
            Metadata metadata;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
                metadata = ImageMetadataReader.readMetadata(in, size);
            }
            return fromMetadata(metadata);
        } catch (Exception | StackOverflowError e) {
            LOG.debugf("metadata of %s unreadable: %s", file.getFileName(), e.toString());
            return Capture.NONE;
        }
    }

    static Capture fromMetadata(Metadata metadata) {
        Instant takenAt = null;
        ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        if (exif != null) {
            // Without an offset tag the camera's local time is unknown; it is read as UTC.
            Date original = exif.getDateOriginal(TimeZone.getTimeZone("UTC"));
            if (original != null) {
                Instant at = original.toInstant().truncatedTo(ChronoUnit.MILLIS);
                if (!at.isBefore(EARLIEST_PLAUSIBLE) && at.isBefore(Instant.now().plus(1, ChronoUnit.DAYS))) {
                    takenAt = at;
                }
            }
        }
        String make = null;
        String model = null;
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        if (ifd0 != null) {
            make = cleanText(ifd0.getString(ExifIFD0Directory.TAG_MAKE));
            model = cleanText(ifd0.getString(ExifIFD0Directory.TAG_MODEL));
        }
        Double lat = null;
        Double lon = null;
        GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
        GeoLocation location = gps == null ? null : gps.getGeoLocation();
        if (location != null && !location.isZero()
                && Double.isFinite(location.getLatitude()) && Math.abs(location.getLatitude()) <= 90
                && Double.isFinite(location.getLongitude()) && Math.abs(location.getLongitude()) <= 180) {
            lat = location.getLatitude();
            lon = location.getLongitude();
        }
        return new Capture(takenAt, make, model, lat, lon);
    }

    /** Printable text of plausible length, or nothing. */
    static String cleanText(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.replaceAll("\\p{Cntrl}", "").strip();
        return text.isEmpty() || text.length() > MAX_TEXT_LENGTH ? null : text;
    }

    private static boolean declaredLengthsFit(Path file, ImageType type, long size) throws IOException {
        return switch (type) {
            case JPEG -> true;
            case PNG -> chunksFit(file, size, 8, false);
            case WEBP -> chunksFit(file, size, 12, true);
            case HEIC -> boxesFit(file, size);
        };
    }

    /** PNG chunks (length, type, data, CRC; big-endian) or RIFF chunks (type, length, data, pad; little-endian). */
    private static boolean chunksFit(Path file, long size, long firstChunk, boolean riff) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer header = ByteBuffer.allocate(8);
            long offset = firstChunk;
            while (offset + 8 <= size) {
                header.clear();
                channel.read(header, offset);
                long length = riff
                        ? Integer.toUnsignedLong(header.order(ByteOrder.LITTLE_ENDIAN).getInt(4))
                        : Integer.toUnsignedLong(header.order(ByteOrder.BIG_ENDIAN).getInt(0));
                long next = offset + 8 + length + (riff ? (length & 1) : 4);
                if (next > size) {
                    return false;
                }
                offset = next;
            }
            return true;
        }
    }

    /** ISO BMFF top-level boxes: 32-bit size, or 1 then a 64-bit size, or 0 for "to the end". */
    private static boolean boxesFit(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer header = ByteBuffer.allocate(16);
            long offset = 0;
            while (offset + 8 <= size) {
                header.clear();
                channel.read(header, offset);
                long boxSize = Integer.toUnsignedLong(header.getInt(0));
                if (boxSize == 1) {
                    boxSize = header.getLong(8);
                } else if (boxSize == 0) {
                    return true;
                }
                if (boxSize < 8 || offset + boxSize > size) {
                    return false;
                }
                offset += boxSize;
            }
            return true;
        }
    }
}
