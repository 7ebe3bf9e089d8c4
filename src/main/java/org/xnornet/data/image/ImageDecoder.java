package org.xnornet.data.image;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image file bytes into RGB or grey {@link DecodedImage}s with the JDK's ImageIO, covering the
 * cases ImageNet contains and ImageIO alone gets wrong: CMYK and YCCK JPEGs (read as raw components and
 * converted by {@link JpegColor}), a PNG named {@code .JPEG} (the format is sniffed from the magic bytes,
 * never from the name), and truncated files, which ImageIO would return half grey with only a warning:
 * here any pixel-data warning rejects the file. Thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {
    private static final long MAX_SAMPLES = Integer.MAX_VALUE - 8;
    /** Images up to this many pixels (2048 x 2048) are decoded whatever their file size. */
    private static final long ALWAYS_PLAUSIBLE = 1L << 22;

    private ImageDecoder() {
    }

    /**
     * Decodes JPEG (including CMYK, YCCK and grey JPEGs), PNG (grey, RGB, RGBA, palette, 16-bit), GIF, BMP
     * and anything else an installed ImageIO reader recognises. Output is 3-channel RGB unless the image is
     * grey (then 1 channel); alpha is dropped.
     *
     * @param source names the bytes in error messages (a path or a row key)
     * @throws BadImageException if the bytes are empty, of no known format, truncated or corrupt
     */
    public static DecodedImage decode(byte[] bytes, String source) throws BadImageException {
        if (bytes == null || bytes.length == 0) {
            throw new BadImageException(source, "empty file");
        }
        String format = sniff(bytes);
        if (format == null) {
            return decodeUnknown(bytes, source);
        }
        if (format.equals("BMP")) {
            checkEmbeddedBmp(bytes, source);
        }
        if (!format.equals("JPEG")) {
            return read(reader(format), bytes, source, format, null);
        }
        JpegHeader header = JpegHeader.scan(bytes, source);
        int n = header.components();
        if (n != 1 && n != 3 && n != 4) {
            throw new BadImageException(source, "unsupported JPEG with " + n + " components");
        }
        if (n == 4) {
            return read(reader(format), bytes, source, format, header);
        }
        try {
            return read(reader(format), bytes, source, format, null);
        } catch (BadImageException e) {
            if (!(e.getCause() instanceof IIOException)) {
                throw e;
            }
            try {
                return read(reader(format), bytes, source, format, header);
            } catch (BadImageException ignored) {
                throw e;
            }
        }
    }

    /** The format named by the first bytes, or null if it is none of the four ImageNet-relevant ones. */
    static String sniff(byte[] b) {
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return "JPEG";
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "PNG";
        }
        if (startsWith(b, 'G', 'I', 'F', '8')) {
            return "GIF";
        }
        return startsWith(b, 'B', 'M') ? "BMP" : null;
    }

    /**
     * A BMP may wrap a JPEG or PNG (compression 4 or 5), and the JDK's BMP reader allocates the wrapped image's
     * declared size (biSizeImage) before reading it: a size beyond the file's end is rejected here instead.
     */
    private static void checkEmbeddedBmp(byte[] b, String source) throws BadImageException {
        if (b.length < 38 || littleEndianInt(b, 14) < 40) {
            return;
        }
        int compression = littleEndianInt(b, 30);
        long size = littleEndianInt(b, 34) & 0xffffffffL;
        if ((compression == 4 || compression == 5) && size > b.length) {
            throw new BadImageException(source, "truncated BMP (its embedded " + (compression == 4 ? "JPEG" : "PNG")
                    + " claims " + size + " bytes but the file has " + b.length + ")");
        }
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    /**
     * The JDK's TIFF reader scales odd bit depths through a table of 2^bits entries per band, so a corrupt
     * BitsPerSample of 30 would allocate 4 GB: depths other than 1 to 16, 32 and 64 bits are rejected.
     */
    private static void checkTiffDepth(ImageReader reader, String source) throws IOException, BadImageException {
        TIFFField bits = TIFFDirectory.createFromMetadata(reader.getImageMetadata(0))
                .getTIFFField(BaselineTIFFTagSet.TAG_BITS_PER_SAMPLE);
        for (int i = 0; bits != null && i < bits.getCount(); i++) {
            int depth = bits.getAsInt(i);
            if (depth > 16 && depth != 32 && depth != 64) {
                throw new BadImageException(source, "unsupported TIFF (" + depth + " bits per sample)");
            }
        }
    }

    private static DecodedImage decodeUnknown(byte[] bytes, String source) throws BadImageException {
        try (ImageInputStream in = stream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            while (readers.hasNext()) {
                ImageReader r = readers.next();
                String[] names = r.getOriginatingProvider().getFormatNames();
                // WBMP has no magic number, so its reader claims many non-images.
                if (!Arrays.asList(names).contains("wbmp")) {
                    return read(r, bytes, source, names[0].toUpperCase(Locale.ROOT), null);
                }
                r.dispose();
            }
        } catch (IOException e) {
            throw new BadImageException(source, "unreadable (" + e.getMessage() + ")", e);
        }
        String start = bytes.length == 1 ? hex(bytes[0]) : hex(bytes[0]) + " " + hex(bytes[1]);
        throw new BadImageException(source, "not a JPEG/PNG/GIF/BMP (starts with " + start + ")");
    }

    /** Reads image 0; with a JPEG header given, reads the raw components and converts them itself. */
    private static DecodedImage read(ImageReader reader, byte[] bytes, String source, String format,
            JpegHeader raw) throws BadImageException {
        Warnings warnings = new Warnings();
        try (ImageInputStream in = stream(bytes)) {
            reader.addIIOReadWarningListener(warnings);
            reader.setInput(in, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels * 3 > MAX_SAMPLES) {
                throw new BadImageException(source, "too large (" + reader.getWidth(0) + "x" + reader.getHeight(0)
                        + ")");
            }
            if (pixels > Math.max(ALWAYS_PLAUSIBLE, bytes.length * maxPixelsPerByte(format))) {
                throw new BadImageException(source, "corrupt " + format + " (its header claims " + reader.getWidth(0)
                        + "x" + reader.getHeight(0) + " pixels, more than " + bytes.length + " bytes can encode)");
            }
            if (format.startsWith("TIF")) {
                checkTiffDepth(reader, source);
            }
            DecodedImage image = raw != null ? JpegColor.toImage(reader.readRaster(0, null), raw)
                    : Pixels.of(reader.read(0));
            warnings.check(source, format);
            return image;
        } catch (IOException | RuntimeException e) {
            warnings.check(source, format);
            throw new BadImageException(source, describe(format, e), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * At most how many pixels one byte of a format can encode, with a margin: a JPEG spends at least one bit
     * on each 8x8 block of luma (512 pixels a byte), deflate tops out near 1032:1 and a 1-bit PNG packs 8
     * pixels a byte (8256), GIF's 12-bit LZW codes stand for at most 4096 pixels each. A header that claims
     * more is corrupt, and is rejected before ImageIO allocates the raster it claims.
     */
    private static long maxPixelsPerByte(String format) {
        return switch (format) {
            case "JPEG" -> 2048;
            case "PNG" -> 8448;
            case "GIF" -> 4096;
            default -> 16384;
        };
    }

    private static String describe(String format, Exception e) {
        Throwable root = e;
        boolean eof = false;
        while (root.getCause() != null) {
            eof |= root instanceof EOFException;
            root = root.getCause();
        }
        eof |= root instanceof EOFException;
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null) {
            detail += ": " + root.getMessage();
        }
        return (eof ? "truncated " : "corrupt ") + format + " (" + detail + ")";
    }

    private static ImageReader reader(String format) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        if (!it.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO reader for " + format);
        }
        return it.next();
    }

    private static ImageInputStream stream(byte[] bytes) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte b) {
        return String.format("0x%02x", b & 0xff);
    }
}
