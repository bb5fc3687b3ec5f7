package io.photosync.sync;

import io.photosync.testsupport.TestPhotos;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Images built to hurt a metadata parser, made in the test (nothing downloaded): decompression
 * bombs in PNG text and ICC chunks, HEIF boxes declaring gigabytes, EXIF directories that point
 * at each other, cut files; and well-formed PNG/HEIF files carrying EXIF, to show the same paths
 * still read real metadata.
 */
public final class HostileImages {
    private static final byte[] EXIF_PREFIX = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private HostileImages() {}

    private static final java.util.Map<Long, byte[]> DEFLATED_ZEROS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A zlib stream of {@code zeros} zero bytes, deflated piece by piece (never held inflated); made once per size. */
    public static byte[] deflatedZeros(long zeros) {
        return DEFLATED_ZEROS
                .computeIfAbsent(zeros, HostileImages::deflateZeros)
                .clone();
    }

    private static byte[] deflateZeros(long zeros) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] input = new byte[1 << 20];
        byte[] buffer = new byte[64 * 1024];
        long left = zeros;
        while (left > 0) {
            int n = (int) Math.min(input.length, left);
            deflater.setInput(input, 0, n);
            left -= n;
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    public static byte[] deflated(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** A PNG chunk: length, type, data, CRC over type and data. */
    public static byte[] pngChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length).order(ByteOrder.BIG_ENDIAN);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        chunk.putInt(data.length).put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }

    /** A real PNG with {@code chunk} inserted right after its IHDR (signature 8 + IHDR 25 bytes). */
    public static byte[] pngWith(byte[] chunk) {
        byte[] png = TestPhotos.png();
        return TestPhotos.concat(Arrays.copyOfRange(png, 0, 33), chunk, Arrays.copyOfRange(png, 33, png.length));
    }

    /** A zTXt chunk whose text inflates to {@code zeros} zero bytes. */
    public static byte[] pngWithZtxtBomb(String keyword, long zeros) {
        return pngWith(
                pngChunk("zTXt", TestPhotos.concat(latin1(keyword + "\0"), new byte[] {0}, deflatedZeros(zeros))));
    }

    /** An iCCP chunk (ICC colour profile) whose profile inflates to {@code zeros} zero bytes. */
    public static byte[] pngWithIccpBomb(long zeros) {
        return pngWith(
                pngChunk("iCCP", TestPhotos.concat(latin1("ICC profile\0"), new byte[] {0}, deflatedZeros(zeros))));
    }

    /** A PNG with an eXIf chunk holding {@code tiff}. */
    public static byte[] pngWithExifChunk(byte[] tiff) {
        return pngWith(pngChunk("eXIf", tiff));
    }

    /** A PNG with EXIF as ImageMagick writes it: zTXt "Raw profile type exif", hex of "Exif\0\0" + TIFF. */
    public static byte[] pngWithRawProfileExif(byte[] tiff) {
        byte[] exif = TestPhotos.concat(EXIF_PREFIX, tiff);
        String hex = HexFormat.of().formatHex(exif).replaceAll("(.{72})", "$1\n");
        byte[] text = latin1("\nexif\n" + String.format("%8d", exif.length) + "\n" + hex + "\n");
        return pngWith(
                pngChunk("zTXt", TestPhotos.concat(latin1("Raw profile type exif\0"), new byte[] {0}, deflated(text))));
    }

    /** The TIFF block of the first APP1 Exif segment of a JPEG. */
    public static byte[] tiffOf(byte[] jpeg) {
        int offset = 2;
        while (offset + 4 <= jpeg.length) {
            int marker = jpeg[offset + 1] & 0xFF;
            int length = ((jpeg[offset + 2] & 0xFF) << 8) | (jpeg[offset + 3] & 0xFF);
            if (marker == 0xE1 && Arrays.equals(jpeg, offset + 4, offset + 10, EXIF_PREFIX, 0, 6)) {
                return Arrays.copyOfRange(jpeg, offset + 10, offset + 2 + length);
            }
            offset += 2 + length;
        }
        throw new IllegalArgumentException("no EXIF segment");
    }

    /**
     * A JPEG whose EXIF block has an IFD0 of 5,000 distinct tags, each claiming 60,000 bytes of
     * the segment (all overlapping), whose next-IFD, Exif-IFD and GPS-IFD pointers all point back
     * at IFD0, and a second directory chain that loops between two offsets. A parser that keeps
     * every tag's value, or follows pointers, allocates hundreds of megabytes from 64 KiB.
     */
    public static byte[] jpegWithCyclicExif() {
        int entries = 5_000;
        ByteBuffer tiff = ByteBuffer.allocate(65_000).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put(latin1("II")).putShort((short) 42).putInt(8);
        tiff.putShort((short) (entries + 3));
        tiff.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(8); // Exif IFD -> IFD0
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(8); // GPS IFD -> IFD0
        tiff.putShort((short) 0x014A).putShort((short) 4).putInt(2).putInt(8); // SubIFDs -> IFD0, IFD0
        for (int i = 0; i < entries; i++) {
            tiff.putShort((short) (0x2000 + i))
                    .putShort((short) 7)
                    .putInt(60_000)
                    .putInt(8);
        }
        tiff.putInt(8); // next IFD: IFD0 again
        return TestPhotos.withApp1(TestPhotos.jpeg(), TestPhotos.concat(EXIF_PREFIX, tiff.array()));
    }

    /** An ISO BMFF box. */
    public static byte[] box(String type, byte[]... content) {
        byte[] body = TestPhotos.concat(content);
        return TestPhotos.concat(
                ByteBuffer.allocate(8).putInt(8 + body.length).put(latin1(type)).array(), body);
    }

    private static byte[] ftypHeic() {
        return box("ftyp", latin1("heic"), new byte[4], latin1("mif1heic"));
    }

    /** A HEIC whose top-level meta box declares 4 GiB (64-bit size) in a file of a few hundred bytes. */
    public static byte[] heicWithTopLevelBoxOf4GiB() {
        byte[] header = ByteBuffer.allocate(16)
                .putInt(1)
                .put(latin1("meta"))
                .putLong(4L << 30)
                .array();
        return TestPhotos.concat(ftypHeic(), header, new byte[4], TestPhotos.randomBytes(256));
    }

    /** A HEIC whose meta box is fine but holds an iinf box declaring 0xFFFFFFF0 bytes. */
    public static byte[] heicWithNestedBoxOf4GiB() {
        byte[] iinf = ByteBuffer.allocate(16)
                .putInt(0xFFFFFFF0)
                .put(latin1("iinf"))
                .putInt(0)
                .putShort((short) 1)
                .array();
        return TestPhotos.concat(ftypHeic(), box("meta", new byte[4], iinf), TestPhotos.randomBytes(256));
    }

    /**
     * A HEIC laid out as phones write it: ftyp, meta (iinf naming item 1 of type Exif, iloc giving
     * its offset and length in the file), mdat holding the Exif item (4-byte TIFF header offset,
     * "Exif\0\0", the TIFF block). No image data: the service never decodes pixels.
     */
    public static byte[] heicWithExif(byte[] tiff) {
        byte[] item = TestPhotos.concat(ByteBuffer.allocate(4).putInt(6).array(), EXIF_PREFIX, tiff);
        byte[] infe = box(
                "infe",
                new byte[] {2, 0, 0, 0},
                ByteBuffer.allocate(8)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .put(latin1("Exif"))
                        .array(),
                new byte[] {0});
        byte[] iinf = box(
                "iinf", new byte[4], ByteBuffer.allocate(2).putShort((short) 1).array(), infe);
        byte[] ftyp = ftypHeic();
        // iloc v0: offset_size 4, length_size 4, base_offset_size 0; one item, one extent
        int ilocLength = 8 + 4 + 2 + 2 + 2 + 2 + 2 + 4 + 4;
        int metaLength = 8 + 4 + iinf.length + ilocLength;
        int mdatData = ftyp.length + metaLength + 8;
        byte[] iloc = box(
                "iloc",
                new byte[4],
                new byte[] {0x44, 0x00},
                ByteBuffer.allocate(2 + 2 + 2 + 2 + 4 + 4)
                        .putShort((short) 1)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .putShort((short) 1)
                        .putInt(mdatData)
                        .putInt(item.length)
                        .array());
        byte[] meta = box("meta", new byte[4], iinf, iloc);
        if (meta.length != metaLength) {
            throw new IllegalStateException("meta layout: " + meta.length + " != " + metaLength);
        }
        return TestPhotos.concat(ftyp, meta, box("mdat", item));
    }

    /** A RIFF chunk of a WebP: type, little-endian size, data, a pad byte when the size is odd. */
    public static byte[] webpChunk(String type, byte[] data) {
        byte[] header = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(latin1(type))
                .putInt(data.length)
                .array();
        return TestPhotos.concat(header, data, new byte[data.length & 1]);
    }

    /** A WebP file: "RIFF", the size of what follows, "WEBP", the chunks. */
    public static byte[] webp(byte[]... chunks) {
        byte[] body = TestPhotos.concat(chunks);
        return TestPhotos.concat(
                latin1("RIFF"),
                ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(4 + body.length)
                        .array(),
                latin1("WEBP"),
                body);
    }

    /** One lossless (VP8L) pixel, as the smallest WebP files carry it: signature 0x2f, 1x1, then the coded pixel. */
    private static final byte[] VP8L_ONE_PIXEL = {
        0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, (byte) 0x88, (byte) 0x88, (byte) 0xfe, 0x07
    };

    /**
     * An extended WebP as cameras and converters write it: VP8X (EXIF flag set, canvas 1x1), the VP8L image, then an
     * EXIF chunk holding the TIFF block (RIFF WebP container spec: no "Exif\0\0" prefix).
     */
    public static byte[] webpWithExif(byte[] tiff) {
        byte[] vp8x = {0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        return webp(webpChunk("VP8X", vp8x), webpChunk("VP8L", VP8L_ONE_PIXEL), webpChunk("EXIF", tiff));
    }

    /** A WebP whose EXIF chunk declares {@code declared} bytes (as an unsigned 32-bit size) but holds a few hundred. */
    public static byte[] webpWithLyingExifChunk(long declared) {
        byte[] header = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(latin1("EXIF"))
                .putInt((int) declared)
                .array();
        return webp(webpChunk("VP8L", VP8L_ONE_PIXEL), header, TestPhotos.randomBytes(256));
    }

    /** A WebP whose image chunk declares nearly 4 GiB, in front of an EXIF chunk that is never reached. */
    public static byte[] webpWithImageChunkOf4GiB(byte[] tiff) {
        byte[] header = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(latin1("VP8L"))
                .putInt(0xFFFFFFF0)
                .array();
        return webp(header, VP8L_ONE_PIXEL, webpChunk("EXIF", tiff));
    }

    public static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
