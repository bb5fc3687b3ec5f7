package io.photosync.sync.service;

import io.photosync.sync.model.Capture;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The few EXIF fields the suite uses, read from a TIFF block (the payload of a JPEG APP1 "Exif"
 * segment, a PNG eXIf chunk, a WebP EXIF chunk or a HEIF Exif item): {@code Make} and
 * {@code Model} from IFD0, {@code DateTimeOriginal} (with {@code OffsetTimeOriginal} and
 * {@code SubSecTimeOriginal}) from the Exif IFD, and the position from the GPS IFD.
 * <p>
 * Bounded by construction: exactly three directories are visited (IFD0 and the two it points to),
 * never a chain of next-IFD offsets or any other sub-IFD, so cyclic or endless directory chains
 * cost nothing; every offset is checked against the block before it is read; a text value is read
 * only when it is at most {@link #MAX_TEXT_BYTES} long. Beyond the block itself a read allocates a
 * few hundred bytes at most, whatever the block claims.
 */
final class ExifTiff {
    static final int MAX_TEXT_BYTES = 512;

    private static final int TAG_MAKE = 0x010F;
    private static final int TAG_MODEL = 0x0110;
    private static final int TAG_EXIF_IFD = 0x8769;
    private static final int TAG_GPS_IFD = 0x8825;
    private static final int TAG_DATETIME_ORIGINAL = 0x9003;
    private static final int TAG_OFFSET_TIME_ORIGINAL = 0x9011;
    private static final int TAG_SUBSEC_TIME_ORIGINAL = 0x9291;
    private static final int TAG_GPS_LATITUDE_REF = 1;
    private static final int TAG_GPS_LATITUDE = 2;
    private static final int TAG_GPS_LONGITUDE_REF = 3;
    private static final int TAG_GPS_LONGITUDE = 4;

    private static final int TYPE_ASCII = 2;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int TYPE_RATIONAL = 5;
    private static final int TYPE_UNDEFINED = 7;
    private static final int TYPE_IFD = 13;

    private static final DateTimeFormatter[] DATE_FORMATS = {
        DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss"),
        DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss"),
        DateTimeFormatter.ofPattern("uuuu:MM:dd'T'HH:mm:ss"),
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"),
    };
    private static final Instant EARLIEST_PLAUSIBLE = Instant.parse("1900-01-01T00:00:00Z");

    private final ByteBuffer tiff;

    private ExifTiff(ByteBuffer tiff) {
        this.tiff = tiff;
    }

    /** The capture fields in a TIFF block; whatever cannot be read is left out. */
    static Capture read(byte[] block, int offset, int length) {
        if (length < 8) {
            return Capture.NONE;
        }
        ByteBuffer buffer = ByteBuffer.wrap(block, offset, length).slice();
        if (buffer.get(0) == 'I' && buffer.get(1) == 'I') {
            buffer.order(ByteOrder.LITTLE_ENDIAN);
        } else if (buffer.get(0) == 'M' && buffer.get(1) == 'M') {
            buffer.order(ByteOrder.BIG_ENDIAN);
        } else {
            return Capture.NONE;
        }
        if (Short.toUnsignedInt(buffer.getShort(2)) != 42) {
            return Capture.NONE;
        }
        return new ExifTiff(buffer).capture(Integer.toUnsignedLong(buffer.getInt(4)));
    }

    private Capture capture(long ifd0) {
        Entry make = find(ifd0, TAG_MAKE);
        Entry model = find(ifd0, TAG_MODEL);
        long exifIfd = pointer(find(ifd0, TAG_EXIF_IFD));
        long gpsIfd = pointer(find(ifd0, TAG_GPS_IFD));

        Instant takenAt = null;
        if (exifIfd >= 0) {
            takenAt = takenAt(
                    text(find(exifIfd, TAG_DATETIME_ORIGINAL)),
                    text(find(exifIfd, TAG_OFFSET_TIME_ORIGINAL)),
                    text(find(exifIfd, TAG_SUBSEC_TIME_ORIGINAL)));
        }
        Double lat = null;
        Double lon = null;
        if (gpsIfd >= 0) {
            Double latitude =
                    degrees(find(gpsIfd, TAG_GPS_LATITUDE), text(find(gpsIfd, TAG_GPS_LATITUDE_REF)), "N", "S");
            Double longitude =
                    degrees(find(gpsIfd, TAG_GPS_LONGITUDE), text(find(gpsIfd, TAG_GPS_LONGITUDE_REF)), "E", "W");
            if (latitude != null
                    && longitude != null
                    && Math.abs(latitude) <= 90
                    && Math.abs(longitude) <= 180
                    && !(latitude == 0 && longitude == 0)) {
                lat = latitude;
                lon = longitude;
            }
        }
        return new Capture(
                takenAt, CaptureReader.cleanText(text(make)), CaptureReader.cleanText(text(model)), lat, lon);
    }

    /** One directory entry: type, count and where its value is (inline or at an offset). */
    private record Entry(int type, long count, int valueOffset) {}

    /** The first entry with {@code tag} in the directory at {@code ifd}, or null; reads nothing else. */
    private Entry find(long ifd, int tag) {
        if (ifd < 8 || ifd + 2 > tiff.limit()) {
            return null;
        }
        int at = (int) ifd;
        int entries = Short.toUnsignedInt(tiff.getShort(at));
        for (int i = 0; i < entries; i++) {
            int entry = at + 2 + 12 * i;
            if (entry + 12 > tiff.limit()) {
                return null;
            }
            if (Short.toUnsignedInt(tiff.getShort(entry)) != tag) {
                continue;
            }
            int type = Short.toUnsignedInt(tiff.getShort(entry + 2));
            long count = Integer.toUnsignedLong(tiff.getInt(entry + 4));
            long size = count * typeSize(type);
            long valueOffset = size <= 4 ? entry + 8 : Integer.toUnsignedLong(tiff.getInt(entry + 8));
            if (typeSize(type) == 0 || valueOffset + size > tiff.limit()) {
                return null;
            }
            return new Entry(type, count, (int) valueOffset);
        }
        return null;
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 1, TYPE_ASCII, 6, TYPE_UNDEFINED -> 1;
            case TYPE_SHORT, 8 -> 2;
            case TYPE_LONG, 9, 11, TYPE_IFD -> 4;
            case TYPE_RATIONAL, 10, 12 -> 8;
            default -> 0;
        };
    }

    /** A directory offset (LONG or IFD), or -1. */
    private long pointer(Entry entry) {
        if (entry == null || entry.count() != 1 || !(entry.type() == TYPE_LONG || entry.type() == TYPE_IFD)) {
            return -1;
        }
        return Integer.toUnsignedLong(tiff.getInt(entry.valueOffset()));
    }

    /** An ASCII (or UNDEFINED) value up to its first NUL, or null when absent or longer than MAX_TEXT_BYTES. */
    private String text(Entry entry) {
        if (entry == null
                || !(entry.type() == TYPE_ASCII || entry.type() == TYPE_UNDEFINED)
                || entry.count() > MAX_TEXT_BYTES) {
            return null;
        }
        byte[] bytes = new byte[(int) entry.count()];
        tiff.get(entry.valueOffset(), bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Three RATIONALs (degrees, minutes, seconds) and a reference letter, as signed decimal degrees. */
    private Double degrees(Entry entry, String ref, String positive, String negative) {
        if (entry == null || entry.type() != TYPE_RATIONAL || entry.count() != 3 || ref == null) {
            return null;
        }
        double value = 0;
        double[] scale = {1, 60, 3600};
        for (int i = 0; i < 3; i++) {
            long numerator = Integer.toUnsignedLong(tiff.getInt(entry.valueOffset() + 8 * i));
            long denominator = Integer.toUnsignedLong(tiff.getInt(entry.valueOffset() + 8 * i + 4));
            if (denominator == 0) {
                return null;
            }
            value += (double) numerator / denominator / scale[i];
        }
        String letter = ref.strip();
        if (!Double.isFinite(value) || !(letter.equals(positive) || letter.equals(negative))) {
            return null;
        }
        return letter.equals(negative) ? -value : value;
    }

    /**
     * {@code DateTimeOriginal} at {@code OffsetTimeOriginal} (UTC without one), with its
     * {@code SubSecTimeOriginal} to the millisecond; only between 1900 and tomorrow.
     */
    static Instant takenAt(String dateTime, String offset, String subSeconds) {
        if (dateTime == null) {
            return null;
        }
        LocalDateTime local = null;
        String text = dateTime.strip();
        for (DateTimeFormatter format : DATE_FORMATS) {
            try {
                local = LocalDateTime.parse(text, format);
                break;
            } catch (DateTimeParseException e) {
                // next format
            }
        }
        if (local == null) {
            return null;
        }
        ZoneOffset zone = ZoneOffset.UTC;
        if (offset != null && offset.strip().matches("[+-]\\d{2}:\\d{2}")) {
            try {
                zone = ZoneOffset.of(offset.strip());
            } catch (java.time.DateTimeException e) {
                // out of range: UTC
            }
        }
        Instant at = local.toInstant(zone);
        if (subSeconds != null && subSeconds.strip().matches("\\d{1,9}")) {
            String digits = (subSeconds.strip() + "000").substring(0, 3);
            at = at.plusMillis(Integer.parseInt(digits));
        }
        at = at.truncatedTo(ChronoUnit.MILLIS);
        if (at.isBefore(EARLIEST_PLAUSIBLE) || !at.isBefore(Instant.now().plus(1, ChronoUnit.DAYS))) {
            return null;
        }
        return at;
    }
}
