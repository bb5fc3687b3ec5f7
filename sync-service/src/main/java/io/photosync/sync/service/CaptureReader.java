package io.photosync.sync.service;

import io.photosync.sync.model.Capture;
import io.photosync.sync.model.ImageType;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jboss.logging.Logger;

/**
 * Capture time, camera make and model and GPS position from a stored photo, within fixed budgets.
 * <p>
 * Only the EXIF block is looked for, by walking the container's own structure (JPEG segments,
 * PNG and WebP chunks, HEIF boxes) with positional reads; nothing else in the file is read, let
 * alone decoded. Every declared length is checked against what remains of the file (or of the
 * enclosing box) before anything is read, the walk stops after {@link #MAX_STRUCTURES} segments,
 * chunks or boxes, the EXIF block is at most {@link #MAX_EXIF_BYTES}, and compressed PNG text is
 * inflated only when its keyword says it carries EXIF ("Raw profile type exif"), and then only up
 * to {@link #MAX_INFLATED_BYTES}; iCCP and every other compressed chunk are skipped unread. The
 * block is then read by {@link ExifTiff}, which visits three directories and nothing else. So one
 * upload costs at most about 2 MiB of heap here, whatever the file claims.
 * <p>
 * Hostile or broken metadata never fails an upload: the photo is stored and the fields that
 * cannot be read, or hold implausible values, are left out.
 */
@ApplicationScoped
public class CaptureReader {
    private static final Logger LOG = Logger.getLogger(CaptureReader.class);
    static final int MAX_TEXT_LENGTH = 128;
    /** Largest EXIF block read (a JPEG APP1 segment is at most 64 KiB anyway). */
    static final int MAX_EXIF_BYTES = 1 << 20;
    /** Most bytes inflated from one compressed PNG text chunk that says it carries EXIF. */
    static final int MAX_INFLATED_BYTES = 1 << 20;
    /** Most segments, chunks or boxes walked before giving up. */
    static final int MAX_STRUCTURES = 10_000;

    private static final byte[] EXIF_PREFIX = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    /** The EXIF block, or the part of a file it was found in, when the container has one. */
    private record Block(byte[] bytes, int offset, int length) {
        static final Block NONE = new Block(new byte[0], 0, 0);

        /** Without a leading "Exif\0\0" (JPEG style), as some PNG, WebP and HEIF writers add it. */
        Block withoutExifPrefix() {
            if (length >= EXIF_PREFIX.length
                    && Arrays.equals(bytes, offset, offset + EXIF_PREFIX.length, EXIF_PREFIX, 0, EXIF_PREFIX.length)) {
                return new Block(bytes, offset + EXIF_PREFIX.length, length - EXIF_PREFIX.length);
            }
            return this;
        }
    }

    public Capture read(Path file, ImageType type) {
        try (FileChannel channel = FileChannel.open(file)) {
            Block exif = switch (type) {
                case JPEG -> jpegExif(channel);
                case PNG -> pngExif(channel);
                case WEBP -> webpExif(channel);
                case HEIC -> heifExif(channel);
            };
            return ExifTiff.read(exif.bytes(), exif.offset(), exif.length());
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            // Last guard only: the budgets above are meant to make these impossible. An Error from
            // parsing one photo's metadata must not fail the upload or the process.
            LOG.debugf("metadata of %s unreadable: %s", file.getFileName(), e.toString());
            return Capture.NONE;
        }
    }

    /** Printable text of plausible length, or nothing. */
    static String cleanText(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.replaceAll("\\p{Cntrl}", "").strip();
        return text.isEmpty() || text.length() > MAX_TEXT_LENGTH ? null : text;
    }

    // --- JPEG: markers after SOI up to the image data; the first APP1 "Exif\0\0" segment.

    private static Block jpegExif(FileChannel channel) throws IOException {
        long size = channel.size();
        long offset = 2;
        ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN);
        for (int walked = 0; walked < MAX_STRUCTURES && offset + 4 <= size; walked++) {
            readFully(channel, header.clear(), offset);
            if ((header.get(0) & 0xFF) != 0xFF) {
                return Block.NONE;
            }
            int marker = header.get(1) & 0xFF;
            if (marker == 0xFF) {
                offset++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                offset += 2; // no length
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return Block.NONE; // image data or end: no metadata segments follow
            }
            int length = Short.toUnsignedInt(header.getShort(2));
            if (length < 2 || offset + 2 + length > size) {
                return Block.NONE;
            }
            if (marker == 0xE1 && length - 2 >= EXIF_PREFIX.length) {
                byte[] segment = read(channel, offset + 4, length - 2);
                if (Arrays.equals(segment, 0, EXIF_PREFIX.length, EXIF_PREFIX, 0, EXIF_PREFIX.length)) {
                    return new Block(segment, EXIF_PREFIX.length, segment.length - EXIF_PREFIX.length);
                }
            }
            offset += 2 + length;
        }
        return Block.NONE;
    }

    // --- PNG: chunks up to IEND; eXIf, or a text chunk whose keyword says it is a raw EXIF profile.

    private static Block pngExif(FileChannel channel) throws IOException {
        long size = channel.size();
        long offset = 8;
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        for (int walked = 0; walked < MAX_STRUCTURES && offset + 12 <= size; walked++) {
            readFully(channel, header.clear(), offset);
            long length = Integer.toUnsignedLong(header.getInt(0));
            String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
            long data = offset + 8;
            if (data + length + 4 > size) {
                return Block.NONE; // a chunk that claims more than the file has: stop here
            }
            switch (type) {
                case "eXIf" -> {
                    return length <= MAX_EXIF_BYTES
                            ? whole(read(channel, data, (int) length)).withoutExifPrefix()
                            : Block.NONE;
                }
                case "tEXt", "zTXt", "iTXt" -> {
                    Block exif = rawProfile(channel, type, data, length);
                    if (exif != null) {
                        return exif;
                    }
                }
                case "IEND" -> {
                    return Block.NONE;
                }
                default -> {
                    // iCCP, IDAT and everything else: skipped without reading
                }
            }
            offset = data + length + 4;
        }
        return Block.NONE;
    }

    /**
     * ImageMagick and exiftool keep EXIF in a text chunk with keyword "Raw profile type exif" (or
     * "APP1"): a line feed, the name, the decimal length, then the bytes in hex. Any other keyword
     * is not read further; the text is inflated only for these keywords and only up to the cap.
     * Answers null when the chunk is not such a profile.
     */
    private static Block rawProfile(FileChannel channel, String type, long data, long length) throws IOException {
        byte[] head = read(channel, data, (int) Math.min(length, 80 + 5 + 80 + 80));
        int keywordEnd = indexOf(head, 0, (byte) 0);
        if (keywordEnd < 0) {
            return null;
        }
        String keyword = new String(head, 0, keywordEnd, StandardCharsets.ISO_8859_1);
        if (!keyword.equalsIgnoreCase("Raw profile type exif") && !keyword.equalsIgnoreCase("Raw profile type APP1")) {
            return null;
        }
        long textStart;
        boolean compressed;
        switch (type) {
            case "tEXt" -> {
                textStart = keywordEnd + 1;
                compressed = false;
            }
            case "zTXt" -> {
                textStart = keywordEnd + 2; // compression method byte
                compressed = true;
            }
            default -> { // iTXt: compression flag, method, language tag\0, translated keyword\0
                if (keywordEnd + 2 >= head.length) {
                    return Block.NONE;
                }
                compressed = head[keywordEnd + 1] != 0;
                int language = indexOf(head, keywordEnd + 3, (byte) 0);
                int translated = language < 0 ? -1 : indexOf(head, language + 1, (byte) 0);
                if (translated < 0) {
                    return Block.NONE;
                }
                textStart = translated + 1;
            }
        }
        if (textStart > length) {
            return Block.NONE;
        }
        byte[] text = compressed
                ? inflateCapped(channel, data + textStart, length - textStart)
                : (length - textStart <= MAX_INFLATED_BYTES
                        ? read(channel, data + textStart, (int) (length - textStart))
                        : null);
        if (text == null) {
            return Block.NONE;
        }
        byte[] exif = decodeRawProfile(text);
        return exif == null ? Block.NONE : whole(exif).withoutExifPrefix();
    }

    /** Inflates a zlib stream from the file in 64 KiB pieces; null as soon as it would exceed the cap. */
    private static byte[] inflateCapped(FileChannel channel, long offset, long length) throws IOException {
        Inflater inflater = new Inflater();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] input = new byte[64 * 1024];
            byte[] output = new byte[64 * 1024];
            long position = offset;
            long end = offset + length;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (position >= end) {
                        return null; // truncated stream
                    }
                    int n = (int) Math.min(input.length, end - position);
                    readFully(channel, ByteBuffer.wrap(input, 0, n), position);
                    position += n;
                    inflater.setInput(input, 0, n);
                }
                int produced = inflater.inflate(output);
                if (produced == 0 && inflater.needsDictionary()) {
                    return null;
                }
                if (out.size() + produced > MAX_INFLATED_BYTES) {
                    return null; // a bomb, or just too much text: not inflated further
                }
                out.write(output, 0, produced);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    /**
     * "\nexif\n      1234\n4578696600004d4d…": a name line, the declared length, then that many
     * bytes in hex (whitespace between digits allowed). Decoded in place, no copies of the text.
     */
    static byte[] decodeRawProfile(byte[] text) {
        int i = 0;
        while (i < text.length && isSpace(text[i])) {
            i++;
        }
        while (i < text.length && text[i] != '\n') {
            i++; // the profile name
        }
        while (i < text.length && isSpace(text[i])) {
            i++;
        }
        long declared = 0;
        int digits = 0;
        while (i < text.length && text[i] >= '0' && text[i] <= '9' && digits < 9) {
            declared = declared * 10 + (text[i++] - '0');
            digits++;
        }
        if (digits == 0 || declared > MAX_EXIF_BYTES) {
            return null;
        }
        byte[] bytes = new byte[(int) declared];
        int high = -1;
        int n = 0;
        for (; i < text.length && n < bytes.length; i++) {
            if (isSpace(text[i])) {
                continue;
            }
            int nibble = Character.digit(text[i], 16);
            if (nibble < 0) {
                return null;
            }
            if (high < 0) {
                high = nibble;
            } else {
                bytes[n++] = (byte) ((high << 4) | nibble);
                high = -1;
            }
        }
        return n == bytes.length ? bytes : null;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    // --- WebP: RIFF chunks after "WEBP"; the EXIF chunk.

    private static Block webpExif(FileChannel channel) throws IOException {
        long size = channel.size();
        long offset = 12;
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int walked = 0; walked < MAX_STRUCTURES && offset + 8 <= size; walked++) {
            readFully(channel, header.clear(), offset);
            String type = new String(header.array(), 0, 4, StandardCharsets.ISO_8859_1);
            long length = Integer.toUnsignedLong(header.getInt(4));
            if (offset + 8 + length > size) {
                return Block.NONE;
            }
            if (type.equals("EXIF")) {
                return length <= MAX_EXIF_BYTES
                        ? whole(read(channel, offset + 8, (int) length)).withoutExifPrefix()
                        : Block.NONE;
            }
            offset += 8 + length + (length & 1);
        }
        return Block.NONE;
    }

    // --- HEIF: the top-level meta box (at most MAX_EXIF_BYTES), its iinf names the Exif item, its
    // iloc says where the item's bytes are; every box must fit inside its parent.

    private static Block heifExif(FileChannel channel) throws IOException {
        long size = channel.size();
        long offset = 0;
        ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        for (int walked = 0; walked < MAX_STRUCTURES && offset + 8 <= size; walked++) {
            header.clear().limit((int) Math.min(16, size - offset));
            readFully(channel, header, offset);
            long boxSize = Integer.toUnsignedLong(header.getInt(0));
            String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
            int headerLength = 8;
            if (boxSize == 1) {
                if (header.limit() < 16) {
                    return Block.NONE;
                }
                boxSize = header.getLong(8);
                headerLength = 16;
            } else if (boxSize == 0) {
                boxSize = size - offset;
            }
            if (boxSize < headerLength || boxSize > size - offset) {
                return Block.NONE; // a box may not declare more than remains of the file
            }
            if (type.equals("meta")) {
                if (boxSize > MAX_EXIF_BYTES) {
                    return Block.NONE;
                }
                byte[] meta = read(channel, offset + headerLength, (int) (boxSize - headerLength));
                return exifItem(channel, ByteBuffer.wrap(meta).order(ByteOrder.BIG_ENDIAN));
            }
            offset += boxSize;
        }
        return Block.NONE;
    }

    /** Inside meta (a full box: version and flags first). */
    private static Block exifItem(FileChannel channel, ByteBuffer meta) throws IOException {
        if (meta.limit() < 4) {
            return Block.NONE;
        }
        ByteBuffer iinf = null;
        ByteBuffer iloc = null;
        ByteBuffer idat = null;
        int position = 4;
        for (int walked = 0; walked < MAX_STRUCTURES && position + 8 <= meta.limit(); walked++) {
            long boxSize = Integer.toUnsignedLong(meta.getInt(position));
            String type = fourCc(meta, position + 4);
            int headerLength = 8;
            if (boxSize == 1) {
                if (position + 16 > meta.limit()) {
                    return Block.NONE;
                }
                boxSize = meta.getLong(position + 8);
                headerLength = 16;
            } else if (boxSize == 0) {
                boxSize = meta.limit() - position;
            }
            if (boxSize < headerLength || boxSize > meta.limit() - position) {
                return Block.NONE;
            }
            ByteBuffer body = meta.slice(position + headerLength, (int) boxSize - headerLength)
                    .order(ByteOrder.BIG_ENDIAN);
            switch (type) {
                case "iinf" -> iinf = body;
                case "iloc" -> iloc = body;
                case "idat" -> idat = body;
                default -> {}
            }
            position += (int) boxSize;
        }
        if (iinf == null || iloc == null) {
            return Block.NONE;
        }
        long itemId = exifItemId(iinf);
        if (itemId < 0) {
            return Block.NONE;
        }
        return itemBytes(channel, iloc, idat, itemId);
    }

    /** The id of the first item of type "Exif" in iinf, or -1. */
    private static long exifItemId(ByteBuffer iinf) {
        if (iinf.limit() < 6) {
            return -1;
        }
        int version = iinf.get(0) & 0xFF;
        int position = version == 0 ? 6 : 8;
        for (int walked = 0; walked < MAX_STRUCTURES && position + 8 <= iinf.limit(); walked++) {
            long boxSize = Integer.toUnsignedLong(iinf.getInt(position));
            if (boxSize < 8 || boxSize > iinf.limit() - position) {
                return -1;
            }
            if (fourCc(iinf, position + 4).equals("infe") && boxSize >= 8 + 4 + 8) {
                int infeVersion = iinf.get(position + 8) & 0xFF;
                int at = position + 12;
                if (infeVersion == 2 && at + 8 <= position + boxSize) {
                    if (fourCc(iinf, at + 4).equals("Exif")) {
                        return Short.toUnsignedInt(iinf.getShort(at));
                    }
                } else if (infeVersion == 3 && at + 10 <= position + boxSize) {
                    if (fourCc(iinf, at + 6).equals("Exif")) {
                        return Integer.toUnsignedLong(iinf.getInt(at));
                    }
                }
            }
            position += (int) boxSize;
        }
        return -1;
    }

    /**
     * The Exif item's bytes by its iloc entry (one extent, in the file or in idat): a 4-byte
     * offset to the TIFF header, then the block.
     */
    private static Block itemBytes(FileChannel channel, ByteBuffer iloc, ByteBuffer idat, long itemId)
            throws IOException {
        Fields in = new Fields(iloc);
        int version = (int) in.take(1);
        in.take(3);
        int sizes = (int) in.take(1);
        int offsetSize = sizes >> 4;
        int lengthSize = sizes & 0xF;
        int sizes2 = (int) in.take(1);
        int baseOffsetSize = sizes2 >> 4;
        int indexSize = version == 1 || version == 2 ? sizes2 & 0xF : 0;
        long items = in.take(version < 2 ? 2 : 4);
        for (long i = 0; i < Math.min(items, MAX_STRUCTURES) && in.ok(); i++) {
            long id = in.take(version < 2 ? 2 : 4);
            int constructionMethod = version == 1 || version == 2 ? (int) (in.take(2) & 0xF) : 0;
            in.take(2); // data reference index
            long baseOffset = in.take(baseOffsetSize);
            long extents = in.take(2);
            long extentOffset = 0;
            long extentLength = 0;
            for (long e = 0; e < Math.min(extents, MAX_STRUCTURES) && in.ok(); e++) {
                in.take(indexSize);
                long o = in.take(offsetSize);
                long l = in.take(lengthSize);
                if (e == 0) {
                    extentOffset = o;
                    extentLength = l;
                }
            }
            if (!in.ok()) {
                return Block.NONE;
            }
            if (id != itemId) {
                continue;
            }
            if (extents != 1
                    || extentLength < 4
                    || extentLength > MAX_EXIF_BYTES
                    || baseOffset < 0
                    || extentOffset < 0) {
                return Block.NONE;
            }
            byte[] item;
            if (constructionMethod == 0) {
                long start = baseOffset + extentOffset;
                if (start < 0 || start + extentLength > channel.size()) {
                    return Block.NONE;
                }
                item = read(channel, start, (int) extentLength);
            } else if (constructionMethod == 1 && idat != null) {
                long start = baseOffset + extentOffset;
                if (start < 0 || start + extentLength > idat.limit()) {
                    return Block.NONE;
                }
                item = new byte[(int) extentLength];
                idat.get((int) start, item);
            } else {
                return Block.NONE;
            }
            long tiffOffset = 4 + Integer.toUnsignedLong(ByteBuffer.wrap(item).getInt(0));
            if (tiffOffset > item.length) {
                return Block.NONE;
            }
            return new Block(item, (int) tiffOffset, item.length - (int) tiffOffset).withoutExifPrefix();
        }
        return Block.NONE;
    }

    /** Big-endian unsigned fields of 0, 1, 2, 4 or 8 bytes; once a read runs past the end, ok() is false. */
    private static final class Fields {
        private final ByteBuffer buffer;
        private int position;
        private boolean ok = true;

        Fields(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        long take(int bytes) {
            if (!ok || bytes == 0) {
                return 0;
            }
            if (!(bytes == 1 || bytes == 2 || bytes == 3 || bytes == 4 || bytes == 8)
                    || position + bytes > buffer.limit()) {
                ok = false;
                return 0;
            }
            long value = 0;
            for (int i = 0; i < bytes; i++) {
                value = (value << 8) | (buffer.get(position + i) & 0xFF);
            }
            position += bytes;
            return value;
        }

        boolean ok() {
            return ok;
        }
    }

    private static String fourCc(ByteBuffer buffer, int at) {
        if (at + 4 > buffer.limit()) {
            return "";
        }
        byte[] bytes = new byte[4];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static Block whole(byte[] bytes) {
        return new Block(bytes, 0, bytes.length);
    }

    private static int indexOf(byte[] bytes, int from, byte value) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        readFully(channel, ByteBuffer.wrap(bytes), offset);
        return bytes;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        long position = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new EOFException("file ends before a declared length");
            }
            position += n;
        }
    }
}
