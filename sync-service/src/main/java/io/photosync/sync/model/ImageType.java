package io.photosync.sync.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The image formats we store, recognised by their leading bytes, never by a name or a declared type. */
public enum ImageType {
    JPEG("image/jpeg"),
    PNG("image/png"),
    HEIC("image/heic"),
    WEBP("image/webp");

    /** Enough leading bytes to recognise every format, including a HEIF {@code ftyp} box. */
    public static final int HEAD_LENGTH = 64;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Set<String> HEIC_BRANDS =
            Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs");
    private static final Set<String> HEIF_GENERIC_BRANDS = Set.of("mif1", "msf1");

    private final String mediaType;

    ImageType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<ImageType> detect(byte[] head, int length) {
        if (length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (length >= PNG_SIGNATURE.length
                && Arrays.equals(head, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            return Optional.of(PNG);
        }
        if (length >= 12
                && ascii(head, 0, 4).equals("RIFF")
                && ascii(head, 8, 4).equals("WEBP")) {
            return Optional.of(WEBP);
        }
        if (isHeic(head, length)) {
            return Optional.of(HEIC);
        }
        return Optional.empty();
    }

    /** ISO BMFF: a leading {@code ftyp} box whose major or a compatible brand is a HEVC-coded HEIF brand. */
    private static boolean isHeic(byte[] head, int length) {
        if (length < 16 || !ascii(head, 4, 4).equals("ftyp")) {
            return false;
        }
        int boxSize = ((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        if (boxSize < 16) {
            return false;
        }
        String major = ascii(head, 8, 4);
        if (HEIC_BRANDS.contains(major)) {
            return true;
        }
        if (!HEIF_GENERIC_BRANDS.contains(major)) {
            return false;
        }
        int end = Math.min(boxSize, length);
        for (int offset = 16; offset + 4 <= end; offset += 4) {
            if (HEIC_BRANDS.contains(ascii(head, offset, 4))) {
                return true;
            }
        }
        return false;
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
