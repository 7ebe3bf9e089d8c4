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
            long samples = (long) reader.getWidth(0) * reader.getHeight(0) * 3;
            if (samples > MAX_SAMPLES) {
                throw new BadImageException(source, "too large (" + reader.getWidth(0) + "x" + reader.getHeight(0)
                        + ")");
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
